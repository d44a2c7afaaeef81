"""Coordinators and partner contacts manage organisations and their contact points."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from participatienet.accounts.models import AuditEntry
from participatienet.network import services
from participatienet.network.forms import ContactPointForm, OrganisationForm
from participatienet.network.models import ContactPoint, Organisation
from participatienet.regions.models import Municipality, Region
from tests import factories
from tests.offers.factories import organisation_form_data

pytestmark = pytest.mark.django_db


def _municipality(name):
    return Municipality.objects.get(name=name)


def _org_form(data):
    return OrganisationForm(data, municipalities=Municipality.objects.all())


# --- Forms ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("0207.437.468", "0207.437.468"),
        ("BE 0207 437 468", "0207.437.468"),
        ("207437468", "0207.437.468"),
        ("", ""),
    ],
)
def test_the_kbo_number_is_checked_and_normalised(world, given, stored):
    form = _org_form(organisation_form_data(_municipality("Gent"), kbo_number=given))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["kbo_number"] == stored


@pytest.mark.parametrize("kbo", ["0207.437.469", "12345", "2207.437.468", "abcdefghij"])
def test_a_wrong_kbo_number_is_refused(world, kbo):
    form = _org_form(organisation_form_data(_municipality("Gent"), kbo_number=kbo))
    assert not form.is_valid()
    assert "kbo_number" in form.errors


def test_a_website_without_scheme_gets_https(world):
    form = _org_form(organisation_form_data(_municipality("Gent"), website="debrug.be"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["website"] == "https://debrug.be"
    form = _org_form(organisation_form_data(_municipality("Gent"), website="geen website"))
    assert not form.is_valid()


@pytest.mark.parametrize("phone", ["09 123 45 67", "+32 470 12 34 56", "0470/12.34.56"])
def test_phone_numbers_in_common_formats_are_accepted(phone):
    form = ContactPointForm({"name": "An", "phone": phone})
    assert form.is_valid(), form.errors


@pytest.mark.parametrize("phone", ["12", "bel me", "+32 470 12 34 56 78 90 12 34"])
def test_phone_numbers_that_are_not_numbers_are_refused(phone):
    form = ContactPointForm({"name": "An", "phone": phone})
    assert not form.is_valid()
    assert "phone" in form.errors


@pytest.mark.parametrize("email", ["an@", "an.club.be", "an @club.be"])
def test_email_addresses_are_checked(email):
    form = ContactPointForm({"name": "An", "email": email})
    assert "email" in form.errors


def test_a_contact_point_needs_an_email_or_a_phone():
    form = ContactPointForm({"name": "An"})
    assert not form.is_valid()
    assert form.non_field_errors()


# --- Services ------------------------------------------------------------------------------------


def test_create_organisation_takes_the_region_of_its_municipality(world):
    coordinator = world.users["coordinator"]
    eeklo = _municipality("Eeklo")
    organisation = services.create_organisation(
        actor=coordinator,
        name="  Buurthuis  ",
        kind="community_centre",
        municipality=eeklo,
        regions_served=[world.gent, world.kempen],
        kbo_number="0207 437 468",
    )
    assert organisation.region_id == eeklo.region_id
    assert organisation.name == "Buurthuis"
    assert organisation.kbo_number == "0207.437.468"
    served = set(organisation.regions_served.all())
    assert world.kempen in served
    assert eeklo.region not in served  # the home region is not "another" region
    entry = AuditEntry.objects.get(action="organisation.created")
    assert "kbo_number" in entry.fields and entry.actor == coordinator


def test_update_organisation_records_only_what_changed(world):
    partner = world.users["partner_contact"]
    data = OrganisationForm.initial_for(world.gent_club)
    changed = services.update_organisation(
        actor=partner,
        organisation=world.gent_club,
        name=data["name"],
        kind=data["kind"],
        municipality=world.gent_club.municipality,
        website="https://voetbal.example.be",
    )
    assert changed == ["website"]
    assert AuditEntry.objects.get(action="organisation.changed").fields == ["website"]
    assert (
        services.update_organisation(
            actor=partner,
            organisation=world.gent_club,
            name=data["name"],
            kind=data["kind"],
            municipality=world.gent_club.municipality,
            website="https://voetbal.example.be",
        )
        == []
    )


def test_contact_point_changes_are_audited_with_their_fields(world):
    coordinator = world.users["coordinator"]
    contact = services.add_contact_point(
        actor=coordinator,
        organisation=world.gent_club,
        name="Sara Peeters",
        email="Sara@Club.be ",
        phone="09  123 45 67",
    )
    assert contact.email == "sara@club.be" and contact.phone == "09 123 45 67"
    created = AuditEntry.objects.get(action="contactpoint.created")
    assert set(created.fields) == {"name", "email", "phone"}
    services.update_contact_point(
        actor=coordinator,
        contact_point=contact,
        name="Sara Peeters",
        function="trainer",
        email="sara@club.be",
        phone="09 123 45 67",
        is_direct=True,
    )
    changed = AuditEntry.objects.get(action="contactpoint.changed")
    assert changed.fields == ["function", "is_direct"]
    services.remove_contact_point(actor=coordinator, contact_point=contact)
    assert not ContactPoint.objects.filter(pk=contact.pk).exists()
    assert AuditEntry.objects.filter(action="contactpoint.removed", object_id=str(contact.pk))


def test_a_contact_point_used_by_an_offer_cannot_be_removed(world):
    offer = factories.OfferFactory(organisation=world.gent_club)
    with pytest.raises(services.ContactPointInUse):
        services.remove_contact_point(actor=world.users["coordinator"], contact_point=offer.contact)
    assert ContactPoint.objects.filter(pk=offer.contact_id).exists()
    assert not AuditEntry.objects.filter(action="contactpoint.removed").exists()


# --- Pages ---------------------------------------------------------------------------------------


def test_a_coordinator_adds_an_organisation_in_its_region(world, client):
    client.force_login(world.users["coordinator"])
    gent = _municipality("Gent")
    response = client.post(
        reverse("network:organisation_create"),
        organisation_form_data(gent, kbo_number="0207437468", regions_served=[world.kempen.pk]),
    )
    organisation = Organisation.objects.get(name="Buurthuis De Brug")
    assert response.status_code == 302
    assert response["Location"] == organisation.get_absolute_url()
    assert organisation.region == world.gent and organisation.kbo_number == "0207.437.468"


def test_a_coordinator_cannot_add_an_organisation_in_another_region(world, client):
    client.force_login(world.users["coordinator"])
    response = client.post(
        reverse("network:organisation_create"), organisation_form_data(_municipality("Turnhout"))
    )
    assert response.status_code == 400
    assert not Organisation.objects.filter(name="Buurthuis De Brug").exists()


def test_bad_organisation_input_answers_400_and_writes_nothing(world, client):
    client.force_login(world.users["coordinator"])
    data = organisation_form_data(_municipality("Gent"), name=" ", kbo_number="0123.456.789")
    response = client.post(reverse("network:organisation_create"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_name"' in page and 'href="#id_kbo_number"' in page
    assert Organisation.objects.count() == 3
    assert not AuditEntry.objects.filter(action="organisation.created").exists()


def test_a_partner_edits_its_organisation_but_cannot_move_it_to_another_region(world, client):
    client.force_login(world.users["partner_contact"])
    url = reverse("network:organisation_update", kwargs={"pk": world.gent_club.pk})
    data = organisation_form_data(world.gent_club.municipality, name="KV Gent-Zuid")
    assert client.post(url, data).status_code == 302
    world.gent_club.refresh_from_db()
    assert world.gent_club.name == "KV Gent-Zuid"
    moved = organisation_form_data(_municipality("Turnhout"), name="KV Turnhout")
    assert client.post(url, moved).status_code == 400
    world.gent_club.refresh_from_db()
    assert world.gent_club.region == world.gent and world.gent_club.name == "KV Gent-Zuid"


def test_a_partner_cannot_edit_another_organisation(world, client):
    other = factories.OrganisationFactory(region=world.gent)
    client.force_login(world.users["partner_contact"])
    url = reverse("network:organisation_update", kwargs={"pk": other.pk})
    assert client.post(url, organisation_form_data(other.municipality)).status_code == 404


def test_contact_points_are_added_edited_and_removed_through_the_pages(world, client):
    client.force_login(world.users["partner_contact"])
    club = world.gent_club
    add = reverse("network:contact_point_create", kwargs={"pk": club.pk})
    response = client.post(add, {"name": "Jonas", "email": "jonas@club.be", "is_direct": "on"})
    assert response.status_code == 302
    contact = club.contact_points.get(name="Jonas")
    assert contact.is_direct
    edit = reverse("network:contact_point_update", kwargs={"pk": club.pk, "cp": contact.pk})
    assert client.get(edit).status_code == 200
    assert client.post(edit, {"name": "Jonas", "email": "nope"}).status_code == 400
    contact.refresh_from_db()
    assert contact.email == "jonas@club.be"
    assert client.post(edit, {"name": "Jonas V.", "phone": "09 222 33 44"}).status_code == 302
    contact.refresh_from_db()
    assert (contact.name, contact.email, contact.is_direct) == ("Jonas V.", "", False)
    remove = reverse("network:contact_point_delete", kwargs={"pk": club.pk, "cp": contact.pk})
    assert client.post(remove).status_code == 302
    assert not ContactPoint.objects.filter(pk=contact.pk).exists()


def test_removing_a_contact_point_in_use_explains_which_offers_use_it(world, client):
    offer = factories.OfferFactory(organisation=world.gent_club)
    client.force_login(world.users["coordinator"])
    url = reverse(
        "network:contact_point_delete", kwargs={"pk": world.gent_club.pk, "cp": offer.contact_id}
    )
    response = client.post(url)
    assert response.status_code == 409
    assert f'href="{offer.get_absolute_url()}"' in response.content.decode()
    assert ContactPoint.objects.filter(pk=offer.contact_id).exists()


def test_the_organisation_page_offers_edit_buttons_only_to_who_may_edit(world, client):
    url = reverse("network:organisation_detail", kwargs={"pk": world.gent_club.pk})
    client.force_login(world.users["partner_contact"])
    page = client.get(url).content.decode()
    assert 'id="edit-organisation"' in page and 'id="add-contact-point"' in page
    client.force_login(world.users["counsellor"])
    page = client.get(url).content.decode()
    assert 'id="edit-organisation"' not in page and 'id="add-contact-point"' not in page


def test_the_organisation_page_lists_its_visible_offers(world, client):
    active = factories.OfferFactory(organisation=world.gent_club)
    draft = factories.OfferFactory(organisation=world.gent_club, status="draft")
    url = reverse("network:organisation_detail", kwargs={"pk": world.gent_club.pk})
    client.force_login(world.users["counsellor"])
    offers = client.get(url).content.decode().split('id="organisation-offers"')[1]
    assert active.get_absolute_url() in offers and draft.get_absolute_url() not in offers


# --- Query budgets -------------------------------------------------------------------------------


def _count(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def _organisations(n, region):
    municipality = region.municipalities.first()
    created = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Bulkorganisatie {i:04d}",
                kind="club",
                region=region,
                municipality=municipality,
            )
            for i in range(n)
        ]
    )
    ContactPoint.objects.bulk_create(
        [ContactPoint(organisation=o, name="Contact", email="c@club.be") for o in created]
    )


def test_the_organisation_list_runs_as_many_queries_for_500_rows_as_for_10(world, client):
    client.force_login(world.users["coordinator"])
    url = reverse("network:organisation_list")
    _organisations(7, world.gent)
    with_ten = _count(client, url)
    _organisations(490, world.gent)
    assert _count(client, url) == with_ten


def test_the_organisation_page_runs_a_bounded_number_of_queries(
    world, client, django_assert_max_num_queries
):
    for _ in range(10):
        factories.ContactPointFactory(organisation=world.gent_club)
    for _ in range(10):
        factories.OfferFactory(organisation=world.gent_club)
    world.gent_club.regions_served.set(Region.objects.all()[:3])
    client.force_login(world.users["coordinator"])
    url = reverse("network:organisation_detail", kwargs={"pk": world.gent_club.pk})
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "name",
    ["network:organisation_create", "network:organisation_update", "network:contact_point_create"],
)
def test_the_organisation_forms_run_a_bounded_number_of_queries(
    world, client, django_assert_max_num_queries, name
):
    client.force_login(world.users["programme_admin"])
    kwargs = {} if name.endswith("organisation_create") else {"pk": world.gent_club.pk}
    with django_assert_max_num_queries(12):
        page = client.get(reverse(name, kwargs=kwargs)).content.decode()
    assert re.search(r'<form method="post"', page)
