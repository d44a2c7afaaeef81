"""Offers run together: co-organisers of the offer's region, in the form, the service and the
pages that name the organisation."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from participatienet.accounts.models import AuditEntry
from participatienet.network.models import Organisation
from participatienet.offers import services
from participatienet.offers.forms import OfferForm
from participatienet.offers.models import Offer
from tests import factories
from tests.offers.factories import bulk_offers, offer_form_data
from tests.offers.test_services import _fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def serving(world):
    """A Kempen organisation that also serves Gent."""
    organisation = factories.OrganisationFactory(name="Vormingplus Kempen", region=world.kempen)
    organisation.regions_served.add(world.gent)
    return organisation


def _form(world, **overrides):
    data = offer_form_data(world.gent_club, **overrides)
    return OfferForm(data, organisations=Organisation.objects.filter(pk=world.gent_club.pk))


# --- The form ------------------------------------------------------------------------------------


def test_the_form_offers_the_organisations_of_the_region_and_those_serving_it(world, serving):
    form = _form(world)
    choices = set(form.fields["co_organisers"].queryset)
    assert choices == {world.gent_town, serving}  # not the club itself, not Kempen's own


def test_the_form_accepts_co_organisers_of_the_region_or_serving_it(world, serving):
    form = _form(world, co_organisers=[world.gent_town.pk, serving.pk])
    assert form.is_valid(), form.errors
    assert set(form.offer_fields()["co_organisers"]) == {world.gent_town, serving}
    without = _form(world)
    assert without.is_valid(), without.errors
    assert without.offer_fields()["co_organisers"] == []


@pytest.mark.parametrize("who", ["kempen_club", "gent_club", "unknown", "text"])
def test_the_form_refuses_other_co_organisers(world, who):
    value = {
        "kempen_club": world.kempen_club.pk,
        "gent_club": world.gent_club.pk,  # the organisation itself
        "unknown": 999999,
        "text": "veel",
    }[who]
    form = _form(world, co_organisers=[world.gent_town.pk, value])
    assert not form.is_valid()
    assert set(form.errors) == {"co_organisers"}


# --- The service ---------------------------------------------------------------------------------


def test_create_offer_stores_the_co_organisers_and_audits_them(world, serving):
    offer = services.create_offer(
        actor=world.users["coordinator"],
        organisation=world.gent_club,
        co_organisers=[world.gent_town, serving],
        **_fields(world.gent_club),
    )
    assert set(offer.co_organisers.all()) == {world.gent_town, serving}
    entry = AuditEntry.objects.get(action="offer.created")
    assert "co_organisers" in entry.fields


@pytest.mark.parametrize("who", ["kempen_club", "gent_club"])
def test_create_offer_refuses_a_co_organiser_elsewhere_and_writes_nothing(world, who):
    with pytest.raises(ValidationError) as error:
        services.create_offer(
            actor=world.users["coordinator"],
            organisation=world.gent_club,
            co_organisers=[getattr(world, who)],
            **_fields(world.gent_club),
        )
    assert "co_organisers" in error.value.message_dict
    assert not Offer.objects.exists()
    assert not AuditEntry.objects.filter(action="offer.created").exists()


def test_update_offer_replaces_or_keeps_the_co_organisers(world, serving):
    partner = world.users["partner_contact"]
    offer = services.create_offer(
        actor=partner,
        organisation=world.gent_club,
        co_organisers=[world.gent_town],
        **_fields(world.gent_club),
    )
    fields = _fields(world.gent_club)
    assert services.update_offer(actor=partner, offer=offer, **fields) == []
    assert list(offer.co_organisers.all()) == [world.gent_town]
    assert (
        services.update_offer(actor=partner, offer=offer, co_organisers=[world.gent_town], **fields)
        == []
    )
    changed = services.update_offer(actor=partner, offer=offer, co_organisers=[serving], **fields)
    assert changed == ["co_organisers"]
    assert list(offer.co_organisers.all()) == [serving]
    assert AuditEntry.objects.get(action="offer.changed").fields == ["co_organisers"]
    with pytest.raises(ValidationError):
        services.update_offer(
            actor=partner, offer=offer, co_organisers=[world.kempen_club], **fields
        )
    assert list(offer.co_organisers.all()) == [serving]


# --- The pages -----------------------------------------------------------------------------------


def test_a_partner_creates_an_offer_run_together(world, client, serving):
    client.force_login(world.users["partner_contact"])
    data = offer_form_data(world.gent_club, co_organisers=[world.gent_town.pk, serving.pk])
    response = client.post(reverse("offers:create"), data)
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert set(offer.co_organisers.all()) == {world.gent_town, serving}


def test_a_co_organiser_of_another_region_answers_400_and_writes_nothing(world, client):
    client.force_login(world.users["partner_contact"])
    data = offer_form_data(world.gent_club, co_organisers=[world.kempen_club.pk])
    response = client.post(reverse("offers:create"), data)
    assert response.status_code == 400
    assert 'href="#id_co_organisers"' in response.content.decode()
    assert not Offer.objects.exists()
    assert not AuditEntry.objects.filter(action="offer.created").exists()


def test_editing_the_co_organisers(world, client, serving):
    offer = factories.OfferFactory(organisation=world.gent_club, status="draft")
    offer.co_organisers.set([world.gent_town])
    client.force_login(world.users["partner_contact"])
    url = reverse("offers:update", kwargs={"pk": offer.pk})
    page = client.get(url).content.decode()
    assert f'<option value="{world.gent_town.pk}" selected>' in page
    data = offer_form_data(world.gent_club, co_organisers=[world.kempen_club.pk])
    assert client.post(url, data).status_code == 400
    assert list(offer.co_organisers.all()) == [world.gent_town]
    data = offer_form_data(world.gent_club, co_organisers=[serving.pk])
    assert client.post(url, data).status_code == 302
    assert list(offer.co_organisers.all()) == [serving]
    assert "co_organisers" in AuditEntry.objects.get(action="offer.changed").fields


def test_redrawing_the_form_keeps_every_chosen_co_organiser(world, client, serving):
    client.force_login(world.users["coordinator"])
    data = {
        "organisation": world.gent_club.pk,
        "refresh": "1",
        "co_organisers": [world.gent_town.pk, serving.pk],
    }
    page = client.post(reverse("offers:create"), data).content.decode()
    assert f'<option value="{world.gent_town.pk}" selected>' in page
    assert f'<option value="{serving.pk}" selected>' in page


def test_the_offer_page_the_catalogue_and_the_flyer_name_the_co_organisers(world, client, serving):
    offer = factories.OfferFactory(organisation=world.gent_club)
    offer.co_organisers.set([world.gent_town, serving])
    client.force_login(world.users["coordinator"])
    page = client.get(offer.get_absolute_url()).content.decode()
    names = page.split('id="co-organisers"')[1].split("</p>")[0]
    # The coordinator of Gent may open the town's page, not the Kempen organisation's.
    assert f'href="{world.gent_town.get_absolute_url()}"' in names
    assert f'<span data-id="{serving.pk}">' in names
    catalogue = client.get(reverse("offers:catalogue")).content.decode()
    card = catalogue.split(f'id="offer-{offer.pk}"')[1].split("</li>")[0]
    assert world.gent_town.name in card and serving.name in card
    flyer = client.get(reverse("offers:flyer", kwargs={"pk": offer.pk})).content.decode()
    assert flyer.count(serving.name) == 2  # under the title and in the footer


def test_pages_with_co_organisers_keep_their_query_budgets(
    world, client, serving, django_assert_max_num_queries
):
    offer = factories.OfferFactory(organisation=world.gent_club, status="draft")
    offer.co_organisers.set([world.gent_town, serving])
    client.force_login(world.users["coordinator"])
    with django_assert_max_num_queries(14):
        assert client.get(offer.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(10):
        client.get(reverse("offers:flyer", kwargs={"pk": offer.pk}))
    with django_assert_max_num_queries(12):
        client.get(reverse("offers:update", kwargs={"pk": offer.pk}))


def test_the_catalogue_runs_as_many_queries_with_co_organisers_for_200_offers_as_for_10(
    world, client, serving
):
    client.force_login(world.users["coordinator"])

    def add(count):
        for made in bulk_offers(count, world.gent_club):
            made.co_organisers.set([world.gent_town, serving])

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("offers:catalogue")).status_code == 200
        return len(context.captured_queries)

    add(10)
    with_ten = queries()
    add(190)
    assert queries() == with_ten
