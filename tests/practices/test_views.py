import re

from django.urls import reverse

import pytest

from participatienet.accounts.models import AuditEntry
from participatienet.accounts.scope import SESSION_KEY
from participatienet.practices.choices import PracticeStatus, PracticeTheme
from participatienet.practices.models import Practice, PracticeInterest, PracticeLink
from tests import factories
from tests.practices.factories import (
    PracticeFactory,
    PracticeInterestFactory,
    PracticeLinkFactory,
    practice_form_data,
)

pytestmark = pytest.mark.django_db

LIBRARY = reverse("practices:library")


def _found(client, **params):
    response = client.get(LIBRARY, params)
    assert response.status_code == 200, response.content.decode()[:2000]
    return {int(pk) for pk in re.findall(r'id="practice-(\d+)"', response.content.decode())}


def _as(client, world, persona):
    client.force_login(world.users[persona])
    return client


# --- The library ---------------------------------------------------------------------------------


def test_search_ignores_case_and_accents_and_needs_every_word(world, client):
    cafe = PracticeFactory(title="Partnercafé in de Kempen", region=world.kempen)
    crepe = PracticeFactory(title="Samen koken", what="Wij bakken CAFE-crêpes met de buren.")
    other = PracticeFactory(title="Fietsbuddy's")
    _as(client, world, "counsellor")
    assert _found(client, q="cafe") == {cafe.pk, crepe.pk}
    assert _found(client, q="CAFÉ kempen") == {cafe.pk}
    assert _found(client, q="crepes") == {crepe.pk}
    assert other.pk not in _found(client, q="café")


def test_search_finds_the_region_and_the_contact(world, client):
    practice = PracticeFactory(region=world.kempen, contact_name="Griet Vandenbussche")
    _as(client, world, "partner_contact")
    assert _found(client, q="kempen") == {practice.pk}
    assert _found(client, q="vandenbussche") == {practice.pk}


def test_filters_by_region_and_theme(world, client):
    both = PracticeFactory(
        region=world.gent,
        main_theme=PracticeTheme.BUDDY,
        themes_mask=1 << PracticeTheme.BUDDY | 1 << PracticeTheme.LEISURE,
    )
    buddy_kempen = PracticeFactory(region=world.kempen, main_theme=PracticeTheme.BUDDY)
    work = PracticeFactory(region=world.gent, main_theme=PracticeTheme.WORK)
    _as(client, world, "viewer")
    assert _found(client, theme=PracticeTheme.BUDDY) == {both.pk, buddy_kempen.pk}
    assert _found(client, theme=PracticeTheme.LEISURE) == {both.pk}
    assert _found(client, region=world.gent.pk) == {both.pk, work.pk}
    assert _found(client, region=world.gent.pk, theme=PracticeTheme.BUDDY) == {both.pk}


def test_with_interest_from_my_region(world, client):
    wanted = PracticeFactory(region=world.gent)
    PracticeInterestFactory(practice=wanted, region=world.kempen)
    wanted_elsewhere = PracticeFactory(region=world.gent)
    PracticeInterestFactory(practice=wanted_elsewhere, region=factories.region("limburg"))
    PracticeFactory(region=world.gent)
    _as(client, world, "coordinator_other")
    assert _found(client, interest="on") == {wanted.pk}
    page = client.get(LIBRARY).content.decode()
    assert page.count('data-interest-here="1"') == 1
    assert f'id="practice-{wanted.pk}" data-interest="1"' in page


def test_the_interest_filter_is_left_out_without_a_region(world, client):
    PracticeFactory()
    _as(client, world, "programme_admin")
    response = client.get(LIBRARY, {"interest": "on"})
    assert response.status_code == 200
    assert 'name="interest"' not in response.content.decode()


def test_sorted_by_most_interest(world, client):
    quiet = PracticeFactory(title="A stil", region=world.gent)
    popular = PracticeFactory(title="Z populair", region=world.gent)
    PracticeInterestFactory(practice=popular, region=world.kempen)
    _as(client, world, "counsellor")
    page = client.get(LIBRARY, {"sort": "interest"}).content.decode()
    assert page.index(f'id="practice-{popular.pk}"') < page.index(f'id="practice-{quiet.pk}"')


def test_drafts_and_archived_practices_are_hidden_from_others(world, client):
    published = PracticeFactory(region=world.gent)
    draft = PracticeFactory(region=world.gent, status=PracticeStatus.DRAFT)
    archived = PracticeFactory(region=world.gent, status=PracticeStatus.ARCHIVED, published_at=None)
    kempen_draft = PracticeFactory(region=world.kempen, status=PracticeStatus.DRAFT)
    _as(client, world, "coordinator_other")
    assert _found(client, status="all") == {published.pk, kempen_draft.pk}
    for practice in (draft, archived):
        assert client.get(practice.get_absolute_url()).status_code == 404
    _as(client, world, "counsellor")
    assert _found(client) == {published.pk}
    assert _found(client, status="draft") == {published.pk}  # the status filter is not theirs
    _as(client, world, "coordinator")
    assert _found(client) == {published.pk}
    assert _found(client, status="all") == {published.pk, draft.pk, archived.pk}
    assert _found(client, status="draft") == {draft.pk}


def test_a_bad_filter_answers_400_with_no_results(world, client):
    PracticeFactory()
    _as(client, world, "counsellor")
    response = client.get(LIBRARY, {"theme": "99"})
    assert response.status_code == 400
    assert 'id="practice-' not in response.content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_the_library_runs_a_bounded_number_of_queries(
    world, client, django_assert_max_num_queries, count
):
    for index in range(count):
        practice = PracticeFactory(
            region=world.gent if index % 2 else world.kempen,
            themes_mask=0b111,
        )
        PracticeInterestFactory(practice=practice, region=factories.region("limburg"))
        PracticeLinkFactory(practice=practice)
    _as(client, world, "coordinator")
    with django_assert_max_num_queries(9):
        response = client.get(LIBRARY, {"sort": "interest", "interest": "on"})
    assert response.status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(LIBRARY, {"q": "praktijk"}).status_code == 200


# --- One practice --------------------------------------------------------------------------------


def test_the_owner_region_sees_who_wants_to_try_it(world, client):
    practice = PracticeFactory(region=world.gent)
    interest = PracticeInterestFactory(
        practice=practice,
        region=world.kempen,
        user=world.users["coordinator_other"],
        note="Graag in mei",
    )
    _as(client, world, "coordinator")
    page = client.get(practice.get_absolute_url()).content.decode()
    assert f'id="interest-{interest.pk}"' in page
    assert "coord-kempen@test.be" in page
    assert "Graag in mei" in page
    _as(client, world, "counsellor")
    page = client.get(practice.get_absolute_url()).content.decode()
    assert f'id="interest-{interest.pk}"' not in page
    assert "coord-kempen@test.be" not in page
    assert 'data-regions="1"' in page  # the regions, without people or notes


def test_the_detail_page_records_that_the_contact_point_was_read(world, client):
    contact = world.gent_club.contact_points.first()
    practice = PracticeFactory(
        region=world.gent, contact=contact, contact_name="", contact_email=""
    )
    _as(client, world, "viewer")
    response = client.get(practice.get_absolute_url())
    assert response.status_code == 200
    assert contact.email in response.content.decode()
    assert AuditEntry.objects.filter(
        action="contactpoint.viewed", object_id=str(contact.pk)
    ).exists()


def test_only_coordinators_of_other_regions_get_the_interest_button(world, client):
    practice = PracticeFactory(region=world.gent)
    for persona, shown in [
        ("coordinator_other", True),
        ("coordinator", False),
        ("counsellor", False),
        ("programme_admin", False),
        ("partner_contact", False),
    ]:
        _as(client, world, persona)
        page = client.get(practice.get_absolute_url()).content.decode()
        assert ('id="mark-interest"' in page) is shown, persona


@pytest.mark.parametrize("interests", [0, 12])
def test_the_detail_page_runs_a_bounded_number_of_queries(
    world, client, django_assert_max_num_queries, interests
):
    practice = PracticeFactory(
        region=world.gent,
        contact=world.gent_club.contact_points.first(),
        contact_name="",
        contact_email="",
    )
    for _ in range(3):
        PracticeLinkFactory(practice=practice)
    slugs = [r for r in ("kempen", "limburg", "westhoek", "brussel", "antwerpen", "midwest")]
    for slug in slugs[: interests // 2]:
        PracticeInterestFactory(
            practice=practice,
            region=factories.region(slug),
            user=factories.user_with_role("coordinator", region_slug=slug),
        )
    for persona in ("coordinator", "coordinator_other"):
        _as(client, world, persona)
        with django_assert_max_num_queries(12):
            assert client.get(practice.get_absolute_url()).status_code == 200


# --- We want to try this -------------------------------------------------------------------------


def _mark(client, practice, **data):
    return client.post(reverse("practices:interest_mark", kwargs={"pk": practice.pk}), data)


def _withdraw(client, practice, **data):
    return client.post(reverse("practices:interest_withdraw", kwargs={"pk": practice.pk}), data)


def test_marking_and_withdrawing_interest(world, client):
    practice = PracticeFactory(region=world.gent)
    _as(client, world, "coordinator_other")
    response = _mark(client, practice, region=world.kempen.pk, note=" Graag  in mei ")
    assert response.status_code == 302
    interest = PracticeInterest.objects.get()
    assert (interest.region, interest.user, interest.note) == (
        world.kempen,
        world.users["coordinator_other"],
        "Graag in mei",
    )
    page = client.get(practice.get_absolute_url()).content.decode()
    assert f'id="my-interest-{world.kempen.pk}"' in page
    assert 'id="mark-interest"' not in page  # marked for its only region
    assert _withdraw(client, practice, region=world.kempen.pk).status_code == 302
    assert not PracticeInterest.objects.exists()


def test_a_coordinator_of_two_regions_chooses_the_region(world, client):
    practice = PracticeFactory(region=world.gent)
    user = world.users["coordinator_other"]
    factories.MembershipFactory(user=user, region=factories.region("limburg"))
    _as(client, world, "coordinator_other")
    page = client.get(practice.get_absolute_url()).content.decode()
    assert 'name="region"' in page and "<select" in page
    assert _mark(client, practice, region=factories.region("limburg").pk).status_code == 302
    assert _mark(client, practice, region=world.kempen.pk).status_code == 302
    assert PracticeInterest.objects.count() == 2


def test_bad_interest_answers_400_and_writes_nothing(world, client):
    practice = PracticeFactory(region=world.gent)
    _as(client, world, "coordinator_other")
    for data in (
        {"region": world.kempen.pk, "note": "x" * 501},
        {"region": world.gent.pk},  # the practice's own region
        {"region": "abc"},
        {},
    ):
        response = _mark(client, practice, **data)
        assert response.status_code == 400, data
    assert not PracticeInterest.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="practice_interest").exists()


def test_withdrawing_for_a_region_that_is_not_yours_answers_400(world, client):
    practice = PracticeFactory(region=world.gent)
    interest = PracticeInterestFactory(practice=practice, region=factories.region("limburg"))
    _as(client, world, "coordinator_other")
    assert _withdraw(client, practice, region=interest.region_id).status_code == 400
    assert PracticeInterest.objects.filter(pk=interest.pk).exists()


def test_interest_in_an_archived_practice_is_refused(world, client):
    practice = PracticeFactory(region=world.kempen, status=PracticeStatus.ARCHIVED)
    _as(client, world, "coordinator_other")
    response = _mark(client, practice, region=world.kempen.pk)
    assert response.status_code == 403  # its own region
    factories.MembershipFactory(user=world.users["coordinator_other"], region=world.gent)
    _as(client, world, "coordinator_other")
    assert _mark(client, practice, region=world.gent.pk).status_code == 409
    assert not PracticeInterest.objects.exists()


# --- Creating, changing, publishing --------------------------------------------------------------


def test_a_coordinator_creates_a_draft_with_a_contact_point_and_links(world, client):
    contact = world.gent_club.contact_points.first()
    _as(client, world, "coordinator")
    response = client.post(reverse("practices:create"), practice_form_data(world.gent, contact))
    assert response.status_code == 302
    practice = Practice.objects.get()
    assert response["Location"] == practice.get_absolute_url()
    assert practice.status == PracticeStatus.DRAFT
    assert practice.contact == contact
    assert practice.themes == [PracticeTheme.COLLABORATION, PracticeTheme.LOCAL_OFFER]
    assert list(practice.links.values_list("url", flat=True)) == [
        "https://voorbeeld.be/partnercafe"
    ]


@pytest.mark.parametrize(
    "overrides",
    [
        {"main_theme": ""},
        {"main_theme": "42"},
        {"what": "Te kort."},
        {"contact_name": "", "contact_email": ""},
        {"contact_email": "geen-adres"},
        {"link_url_1": "javascript:alert(1)"},
        {"link_label_2": "Zonder adres"},
        {"link_url_2": "https://voorbeeld.be/zonder-label"},
        {"themes": ["42"]},
    ],
)
def test_bad_input_answers_400_and_writes_nothing(world, client, overrides):
    _as(client, world, "coordinator")
    response = client.post(reverse("practices:create"), practice_form_data(world.gent, **overrides))
    assert response.status_code == 400
    assert not Practice.objects.exists()
    assert not PracticeLink.objects.exists()


def test_a_contact_point_of_another_region_answers_400(world, client):
    _as(client, world, "coordinator")
    data = practice_form_data(world.gent, world.kempen_club.contact_points.first())
    assert client.post(reverse("practices:create"), data).status_code == 400
    assert not Practice.objects.exists()


def test_refreshing_the_form_shows_the_contact_points_of_the_chosen_region(world, client):
    _as(client, world, "programme_admin")
    response = client.post(
        reverse("practices:create"), {"region": world.kempen.pk, "refresh": "1", "title": "X"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert world.kempen_club.contact_points.first().email in page
    assert world.gent_club.contact_points.first().email not in page
    assert not Practice.objects.exists()


def test_editing_keeps_the_region_and_replaces_the_links(world, client):
    practice = PracticeFactory(region=world.gent)
    PracticeLinkFactory(practice=practice)
    _as(client, world, "coordinator")
    data = practice_form_data(world.kempen, title="Nieuwe titel", link_label_1="", link_url_1="")
    response = client.post(reverse("practices:update", kwargs={"pk": practice.pk}), data)
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.title == "Nieuwe titel"
    assert practice.region == world.gent
    assert not practice.links.exists()


def test_an_archived_practice_cannot_be_edited(world, client):
    practice = PracticeFactory(region=world.gent, status=PracticeStatus.ARCHIVED)
    _as(client, world, "coordinator")
    response = client.get(reverse("practices:update", kwargs={"pk": practice.pk}))
    assert response.status_code == 302


def test_publishing_puts_a_draft_in_everyones_library(world, client):
    draft = PracticeFactory(region=world.gent, status=PracticeStatus.DRAFT)
    _as(client, world, "partner_contact")
    assert draft.pk not in _found(client)
    _as(client, world, "coordinator")
    url = reverse("practices:transition", kwargs={"pk": draft.pk})
    assert client.post(url, {"action": "publish"}).status_code == 302
    _as(client, world, "partner_contact")
    assert draft.pk in _found(client)


def test_an_unknown_transition_answers_400_and_changes_nothing(world, client):
    practice = PracticeFactory(region=world.gent, status=PracticeStatus.DRAFT)
    _as(client, world, "coordinator")
    url = reverse("practices:transition", kwargs={"pk": practice.pk})
    assert client.post(url, {"action": "delete"}).status_code == 400
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.DRAFT


def test_the_form_runs_a_bounded_number_of_queries(world, client, django_assert_max_num_queries):
    practice = PracticeFactory(region=world.gent)
    for _ in range(3):
        PracticeLinkFactory(practice=practice)
    for _ in range(10):
        factories.ContactPointFactory(organisation=world.gent_club)
    _as(client, world, "coordinator")
    url = reverse("practices:update", kwargs={"pk": practice.pk})
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("practices:create")).status_code == 200


def test_the_library_is_in_the_navigation_of_every_role(world, client):
    for persona in ("viewer", "partner_contact", "counsellor", "programme_admin"):
        _as(client, world, persona)
        page = client.get(reverse("home")).content.decode()
        assert f'href="{LIBRARY}"' in page, persona


def test_the_scope_decides_my_region(world, client):
    practice = PracticeFactory(region=world.gent)
    PracticeInterestFactory(practice=practice, region=world.kempen)
    _as(client, world, "programme_admin")
    session = client.session
    session[SESSION_KEY] = world.kempen.pk
    session.save()
    assert _found(client, interest="on") == {practice.pk}


def test_the_edit_form_keeps_the_region_fixed(world, client):
    practice = PracticeFactory(region=world.gent, main_theme=PracticeTheme.WORK)
    _as(client, world, "coordinator")
    page = client.get(reverse("practices:update", kwargs={"pk": practice.pk})).content.decode()
    assert 'name="region"' not in page
    assert f'<option value="{PracticeTheme.WORK.value}" selected>' in page
