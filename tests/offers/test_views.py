import datetime as dt
import re

from django.urls import reverse

import pytest

from participatienet.accounts.models import AuditEntry
from participatienet.offers.models import Offer
from tests import factories
from tests.offers.factories import newcomer_feedback, offer_form_data

pytestmark = pytest.mark.django_db


def _login(client, world, persona):
    client.force_login(world.users[persona])
    return client


# --- Creating and changing -------------------------------------------------------------------


def test_a_partner_creates_a_draft_offer_of_its_organisation(world, client):
    _login(client, world, "partner_contact")
    response = client.post(reverse("offers:create"), offer_form_data(world.gent_club))
    offer = Offer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == offer.get_absolute_url()
    assert offer.status == "draft"
    assert offer.organisation == world.gent_club and offer.region == world.gent
    assert offer.capacity == 8 and offer.themes_mask == (1 << 2) | (1 << 7)
    assert AuditEntry.objects.filter(action="offer.created", actor=world.users["partner_contact"])


def test_bad_input_answers_400_and_writes_nothing(world, client):
    _login(client, world, "coordinator")
    data = offer_form_data(world.gent_club, capacity="0", latitude="48.8", longitude="2.3")
    response = client.post(reverse("offers:create"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="error-summary"' in page
    assert 'href="#id_capacity"' in page and 'href="#id_latitude"' in page
    assert Offer.objects.count() == 0
    assert not AuditEntry.objects.filter(action="offer.created").exists()


def test_choosing_the_organisation_redraws_the_form_without_saving(world, client):
    _login(client, world, "coordinator")
    data = {"organisation": world.gent_club.pk, "refresh": "1", "title": "Half klaar"}
    response = client.post(reverse("offers:create"), data)
    assert response.status_code == 200
    page = response.content.decode()
    contact = world.gent_club.contact_points.get()
    assert f'<option value="{contact.pk}"' in page
    assert 'class="error-summary"' not in page
    assert Offer.objects.count() == 0


def test_the_create_page_starts_from_the_organisation_in_the_address(world, client):
    _login(client, world, "coordinator")
    response = client.get(reverse("offers:create"), {"organisation": world.gent_club.pk})
    page = response.content.decode()
    assert f'<option value="{world.gent_club.pk}" selected>' in page
    contact = world.gent_club.contact_points.get()
    assert f'<option value="{contact.pk}"' in page


def test_a_partner_edits_its_offer(world, client):
    offer = factories.OfferFactory(organisation=world.gent_club, status="draft")
    _login(client, world, "partner_contact")
    url = reverse("offers:update", kwargs={"pk": offer.pk})
    assert client.get(url).status_code == 200
    data = offer_form_data(world.gent_club, title="Nieuwe titel", capacity="5")
    response = client.post(url, data)
    assert response.status_code == 302
    offer.refresh_from_db()
    assert (offer.title, offer.capacity) == ("Nieuwe titel", 5)
    entry = AuditEntry.objects.get(action="offer.changed")
    assert {"title", "capacity"} <= set(entry.fields)


def test_editing_with_bad_input_changes_nothing(world, client):
    offer = factories.OfferFactory(organisation=world.gent_club, status="draft", capacity=2)
    _login(client, world, "partner_contact")
    url = reverse("offers:update", kwargs={"pk": offer.pk})
    data = offer_form_data(
        world.gent_club, capacity="3", start_date="2026-06-01", end_date="2026-05-01"
    )
    response = client.post(url, data)
    assert response.status_code == 400
    offer.refresh_from_db()
    assert offer.capacity == 2
    assert not AuditEntry.objects.filter(action="offer.changed").exists()


def test_a_partner_cannot_edit_another_organisations_offer(world, client):
    other = factories.OrganisationFactory(region=world.gent)
    active = factories.OfferFactory(organisation=other)
    draft = factories.OfferFactory(organisation=other, status="draft")
    _login(client, world, "partner_contact")
    assert client.get(reverse("offers:update", kwargs={"pk": active.pk})).status_code == 403
    assert client.get(reverse("offers:update", kwargs={"pk": draft.pk})).status_code == 404
    data = offer_form_data(other, title="Overgenomen")
    assert client.post(reverse("offers:update", kwargs={"pk": active.pk}), data).status_code == 403
    active.refresh_from_db()
    assert active.title != "Overgenomen"


def test_an_archived_offer_cannot_be_edited(world, client):
    offer = factories.OfferFactory(organisation=world.gent_club, status="archived")
    _login(client, world, "coordinator")
    response = client.get(reverse("offers:update", kwargs={"pk": offer.pk}))
    assert response.status_code == 302
    assert response["Location"] == offer.get_absolute_url()


# --- The offer page ------------------------------------------------------------------------------


def test_the_offer_page_shows_free_places(world, client):
    offer = factories.OfferFactory(organisation=world.gent_club, capacity=3)
    factories.ParticipationFactory(offer=offer, status="active")
    factories.ParticipationFactory(offer=offer, status="referred")
    factories.ParticipationFactory(offer=offer, status="declined")
    _login(client, world, "counsellor")
    page = client.get(offer.get_absolute_url()).content.decode()
    assert re.search(r'id="free-places">1<', page)


def test_the_offer_page_audits_the_read_of_the_contact_person(world, client):
    offer = factories.OfferFactory(organisation=world.gent_club)
    _login(client, world, "counsellor")
    client.get(offer.get_absolute_url())
    assert AuditEntry.objects.filter(
        action="contactpoint.viewed",
        object_id=str(offer.contact_id),
        actor=world.users["counsellor"],
    ).exists()


@pytest.mark.parametrize(
    ("status", "persona", "buttons"),
    [
        ("draft", "partner_contact", {"submit", "archive"}),
        ("draft", "coordinator", {"submit", "archive"}),
        ("submitted", "partner_contact", {"archive"}),
        ("submitted", "coordinator", {"validate", "send_back", "archive"}),
        ("validated", "partner_contact", {"activate", "archive"}),
        ("active", "partner_contact", {"pause", "archive"}),
        ("active", "counsellor", set()),
        ("active", "coordinator_other", set()),
        ("paused", "coordinator", {"activate", "archive"}),
        ("archived", "coordinator", set()),
    ],
)
def test_the_offer_page_offers_the_actions_the_user_may_take(
    world, client, status, persona, buttons
):
    offer = factories.OfferFactory(organisation=world.gent_club, status=status)
    _login(client, world, persona)
    page = client.get(offer.get_absolute_url()).content.decode()
    assert set(re.findall(r'id="action-(\w+)"', page)) == buttons


def test_the_offer_page_shows_the_coordinators_remarks(world, client):
    offer = factories.OfferFactory(
        organisation=world.gent_club, status="draft", validation_remarks="Vermeld het adres."
    )
    _login(client, world, "partner_contact")
    page = client.get(offer.get_absolute_url()).content.decode()
    assert 'id="validation-remarks"' in page and "Vermeld het adres." in page


def test_a_coordinator_validates_with_remarks(world, client):
    offer = factories.OfferFactory(organisation=world.gent_club, status="submitted")
    _login(client, world, "coordinator")
    url = reverse("offers:transition", kwargs={"pk": offer.pk})
    response = client.post(url, {"action": "validate", "remarks": "Goed beschreven."})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == "validated" and offer.validation_remarks == "Goed beschreven."
    assert offer.validated_by == world.users["coordinator"]


def test_sending_back_without_remarks_answers_400_and_changes_nothing(world, client):
    offer = factories.OfferFactory(organisation=world.gent_club, status="submitted")
    _login(client, world, "coordinator")
    url = reverse("offers:transition", kwargs={"pk": offer.pk})
    response = client.post(url, {"action": "send_back", "remarks": " "})
    assert response.status_code == 400
    assert Offer.objects.get(pk=offer.pk).status == "submitted"


def test_an_unknown_action_answers_400(world, client):
    offer = factories.OfferFactory(organisation=world.gent_club, status="draft")
    _login(client, world, "coordinator")
    url = reverse("offers:transition", kwargs={"pk": offer.pk})
    assert client.post(url, {"action": "publish"}).status_code == 400
    assert Offer.objects.get(pk=offer.pk).status == "draft"


def test_submitting_without_the_criteria_answers_409(world, client):
    offer = factories.OfferFactory(
        organisation=world.gent_club, status="draft", attests_dutch_context=False
    )
    _login(client, world, "partner_contact")
    url = reverse("offers:transition", kwargs={"pk": offer.pk})
    assert client.post(url, {"action": "submit"}).status_code == 409
    assert Offer.objects.get(pk=offer.pk).status == "draft"


def test_a_partner_cannot_validate_its_own_offer(world, client):
    offer = factories.OfferFactory(organisation=world.gent_club, status="submitted")
    _login(client, world, "partner_contact")
    url = reverse("offers:transition", kwargs={"pk": offer.pk})
    assert client.post(url, {"action": "validate"}).status_code == 403
    assert Offer.objects.get(pk=offer.pk).status == "submitted"


# --- Feedback aggregates -------------------------------------------------------------------------


def test_feedback_averages_appear_only_from_three_answers(world, client):
    offer = factories.OfferFactory(organisation=world.gent_club, capacity=10)
    newcomer_feedback(offer, 4, 5)
    _login(client, world, "coordinator")
    page = client.get(offer.get_absolute_url()).content.decode()
    assert 'class="muted feedback-too-few"' in page
    assert 'data-question="felt_welcome"' not in page
    newcomer_feedback(offer, 3)
    page = client.get(offer.get_absolute_url()).content.decode()
    assert 'class="muted feedback-too-few"' not in page
    score = re.search(r'data-question="felt_welcome".*?class="bar-value">([^<]+)<', page, re.S)
    assert score.group(1) in ("4,0", "4.0")


def test_the_organisation_page_shows_the_feedback_of_all_its_offers(world, client):
    first = factories.OfferFactory(organisation=world.gent_club, capacity=10)
    second = factories.OfferFactory(organisation=world.gent_club, capacity=10)
    newcomer_feedback(first, 2, 4)
    newcomer_feedback(second, 3)
    _login(client, world, "coordinator")
    url = reverse("network:organisation_detail", kwargs={"pk": world.gent_club.pk})
    page = client.get(url).content.decode()
    score = re.search(r'data-question="practised_dutch".*?class="bar-value">([^<]+)<', page, re.S)
    assert score.group(1) in ("3,0", "3.0")


# --- The flyer -----------------------------------------------------------------------------------


def test_the_flyer_holds_no_personal_data(world, client):
    offer = factories.OfferFactory(organisation=world.gent_club, address="Kerkstraat 1")
    _login(client, world, "counsellor")
    response = client.get(reverse("offers:flyer", kwargs={"pk": offer.pk}))
    assert response.status_code == 200
    page = response.content.decode()
    flyer = page[page.index('<article class="flyer"') : page.index("</article>")]
    assert offer.title in flyer and "Kerkstraat 1" in flyer
    assert offer.contact.email not in page
    assert offer.contact.name not in page
    assert 'lang="nl"' in flyer


def test_the_flyer_is_in_dutch_even_for_an_english_user(world, client):
    offer = factories.OfferFactory(organisation=world.gent_club)
    _login(client, world, "counsellor")
    client.cookies["django_language"] = "en"
    page = client.get(reverse("offers:flyer", kwargs={"pk": offer.pk})).content.decode()
    assert '<article class="flyer" lang="nl"' in page


# --- Query budgets -------------------------------------------------------------------------------


def test_the_offer_page_runs_a_bounded_number_of_queries(
    world, client, django_assert_max_num_queries
):
    offer = factories.OfferFactory(
        organisation=world.gent_club, capacity=50, is_location_flexible=True
    )
    offer.municipalities_served.set(world.gent.municipalities.all())
    for _ in range(5):
        factories.ParticipationFactory(offer=offer, status="active")
    newcomer_feedback(offer, 3, 4, 5, 5)
    _login(client, world, "coordinator")
    with django_assert_max_num_queries(14):
        response = client.get(offer.get_absolute_url())
    assert response.status_code == 200


def test_the_flyer_runs_a_bounded_number_of_queries(world, client, django_assert_max_num_queries):
    offer = factories.OfferFactory(organisation=world.gent_club)
    _login(client, world, "counsellor")
    with django_assert_max_num_queries(10):
        client.get(reverse("offers:flyer", kwargs={"pk": offer.pk}))


def test_the_offer_form_runs_a_bounded_number_of_queries(
    world, client, django_assert_max_num_queries
):
    offer = factories.OfferFactory(organisation=world.gent_club, status="draft")
    for _ in range(10):
        factories.ContactPointFactory(organisation=world.gent_club)
    _login(client, world, "coordinator")
    with django_assert_max_num_queries(12):
        client.get(reverse("offers:update", kwargs={"pk": offer.pk}))
    with django_assert_max_num_queries(14):
        client.get(reverse("offers:create"))


def test_the_edit_page_neither_asks_for_the_organisation_nor_offers_to_refresh_it(world, client):
    offer = factories.OfferFactory(
        organisation=world.gent_club, status="draft", start_date=dt.date(2026, 6, 1)
    )
    _login(client, world, "partner_contact")
    page = client.get(reverse("offers:update", kwargs={"pk": offer.pk})).content.decode()
    assert 'name="refresh"' not in page
    assert 'name="organisation"' not in page
    # The browser's date picker reads ISO dates only.
    assert 'value="2026-06-01"' in page
