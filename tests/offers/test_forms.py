import pytest

from participatienet.network.models import Organisation
from participatienet.offers import schedule
from participatienet.offers.forms import CatalogueFilterForm, OfferForm
from participatienet.regions.models import Municipality
from tests import factories
from tests.offers.factories import offer_form_data

pytestmark = pytest.mark.django_db


def _form(world, **overrides):
    data = offer_form_data(world.gent_club, **overrides)
    organisations = Organisation.objects.filter(pk=world.gent_club.pk)
    return OfferForm(data, organisations=organisations)


def _errors(world, **overrides):
    form = _form(world, **overrides)
    assert not form.is_valid()
    return set(form.errors)


def test_valid_data_gives_the_model_fields(world):
    form = _form(world)
    assert form.is_valid(), form.errors
    fields = form.offer_fields()
    assert fields["themes_mask"] == (1 << 2) | (1 << 7)
    assert fields["schedule_mask"] == 1 << schedule.slot(1, 2)
    assert fields["support_languages"] == ["en", "ar"]
    assert str(fields["hours_per_week"]) == "2.5"
    assert fields["municipality"] == world.gent_club.municipality
    assert fields["municipalities_served"] == []


@pytest.mark.parametrize("capacity", ["0", "-3", "", "veel"])
def test_capacity_must_be_at_least_one(world, capacity):
    assert "capacity" in _errors(world, capacity=capacity)


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [("48.85", "2.35"), ("52.37", "4.90"), ("51.05", "7.0"), ("3.72", "51.05")],
)
def test_coordinates_must_lie_in_belgium(world, latitude, longitude):
    errors = _errors(world, latitude=latitude, longitude=longitude)
    assert "latitude" in errors


def test_coordinates_come_in_pairs(world):
    assert "longitude" in _errors(world, latitude="51.05", longitude="")


def test_coordinates_in_belgium_are_accepted(world):
    form = _form(world, latitude="51.0543", longitude="3.7174")
    assert form.is_valid(), form.errors
    assert form.offer_fields()["latitude"] == pytest.approx(51.0543)


def test_the_end_date_comes_after_the_start_date(world):
    assert "end_date" in _errors(world, start_date="2026-05-01", end_date="2026-04-30")
    form = _form(world, start_date="2026-05-01", end_date="2026-05-01")
    assert form.is_valid(), form.errors


def test_a_fixed_schedule_needs_at_least_one_slot(world):
    assert "schedule" in _errors(world, schedule=[])
    form = _form(world, schedule=[], is_schedule_flexible="on")
    assert form.is_valid(), form.errors
    assert form.offer_fields()["schedule_mask"] == 0


def test_a_schedule_slot_outside_the_week_is_refused(world):
    assert "schedule" in _errors(world, schedule=["21"])


def test_a_flexible_location_needs_the_municipalities_served(world):
    assert "municipalities_served" in _errors(world, is_location_flexible="on")
    served = list(
        Municipality.objects.filter(name__in=["Gent", "Eeklo", "Destelbergen"])
        .order_by("name")
        .values_list("pk", flat=True)
    )
    form = _form(
        world,
        is_location_flexible="on",
        municipality=served[1],
        municipalities_served=[str(pk) for pk in served],
    )
    assert form.is_valid(), form.errors
    fields = form.offer_fields()
    assert [m.pk for m in fields["municipalities_served"]] == served
    assert fields["municipality"].pk == served[1]
    assert fields["address"] == ""


def test_a_fixed_location_needs_a_municipality(world):
    assert "municipality" in _errors(world, municipality="")


def test_costs_must_be_explained_when_not_free(world):
    assert "cost_note" in _errors(world, is_free=None)
    form = _form(world, is_free=None, cost_note="Lidgeld €20 per jaar, terugbetaald.")
    assert form.is_valid(), form.errors


def test_at_least_one_theme(world):
    assert "themes" in _errors(world, themes=[])


def test_a_description_of_a_few_words_is_too_short(world):
    assert "description" in _errors(world, description="Koken.")


@pytest.mark.parametrize("hours", ["0", "0,4", "41", "twee"])
def test_hours_per_week_between_half_an_hour_and_forty(world, hours):
    assert "hours_per_week" in _errors(world, hours_per_week=hours)


def test_unknown_support_languages_are_refused(world):
    assert "support_languages" in _errors(world, support_languages=["xx"])


def test_the_contact_must_be_a_contact_point_of_the_organisation(world):
    foreign = world.kempen_club.contact_points.first()
    assert "contact" in _errors(world, contact=foreign.pk)


def test_a_contact_point_without_email_cannot_be_the_contact(world):
    silent = factories.ContactPointFactory(organisation=world.gent_club, email="")
    assert "contact" in _errors(world, contact=silent.pk)


def test_an_organisation_outside_the_choices_is_refused(world):
    data = offer_form_data(world.kempen_club)
    form = OfferForm(data, organisations=Organisation.objects.filter(pk=world.gent_club.pk))
    assert not form.is_valid()
    assert "organisation" in form.errors


def test_editing_an_offer_beyond_draft_requires_both_criteria(world):
    offer = factories.OfferFactory(organisation=world.gent_club, status="active")
    data = offer_form_data(world.gent_club, attests_social_contact=None)
    form = OfferForm(data, offer=offer)
    assert not form.is_valid()
    assert "attests_social_contact" in form.errors
    draft = factories.OfferFactory(organisation=world.gent_club, status="draft")
    assert OfferForm(data, offer=draft).is_valid()


def test_the_edit_form_starts_from_the_offer(world):
    offer = factories.OfferFactory(organisation=world.gent_club, status="draft", themes_mask=5)
    form = OfferForm(offer=offer)
    assert form.initial["themes"] == [0, 2]
    assert form.initial["latitude"] is None  # the municipality centre: never given
    assert "organisation" not in form.fields


def test_catalogue_distance_needs_a_municipality():
    form = CatalogueFilterForm({"distance": "5"}, show_status=False)
    assert not form.is_valid()
    assert "distance" in form.errors


def test_catalogue_sorting_by_distance_needs_a_municipality():
    form = CatalogueFilterForm({"sort": "nearest"}, show_status=False)
    assert not form.is_valid()
    assert "sort" in form.errors


def test_catalogue_status_filter_only_for_those_who_may_use_it():
    assert "status" not in CatalogueFilterForm({}, show_status=False).fields
    form = CatalogueFilterForm({"status": "submitted"}, show_status=True)
    assert form.is_valid()
    assert form.filters().status == "submitted"
    assert CatalogueFilterForm({}, show_status=True).is_valid()
