"""The matching weights page: who may use it, saving with an audit entry, refusing bad input,
the preview of the effect and the reset."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

import pytest

from participatienet.accounts.models import AuditEntry
from participatienet.allocation.models import MatchingWeights
from participatienet.matching.engine import Weights
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/matching/gewichten/"
GOOD = {
    "distance": "10",
    "schedule": "10",
    "themes": "70",
    "free_places": "10",
    "load_spreading": "0.50",
    "load_half": "5",
}


def test_the_urls_are_where_the_issue_puts_them():
    assert reverse("allocation:weights") == URL
    assert reverse("allocation:weights_reset") == URL + "standaard/"


def test_the_page_shows_the_defaults_before_anything_is_saved(login, world):
    response = login(world.users["coordinator"]).get(URL)
    assert response.status_code == 200
    assert response.context["region"] == world.gent
    assert response.context["form"].initial == {
        name: getattr(Weights(), name)
        for name in ("distance", "schedule", "themes", "free_places", "load_spreading", "load_half")
    }


def test_a_coordinator_saves_the_weights_of_their_region_with_an_audit_entry(login, world):
    response = login(world.users["coordinator"]).post(URL, GOOD)
    assert response.status_code == 302
    saved = MatchingWeights.objects.get(region=world.gent)
    assert saved.as_weights() == Weights(
        distance=10, schedule=10, themes=70, free_places=10, load_spreading=0.5, load_half=5
    )
    assert saved.updated_by == world.users["coordinator"]
    entry = AuditEntry.objects.get(action="matching_weights.changed")
    assert set(entry.fields) == {"distance", "schedule", "themes", "free_places"} | {
        "load_spreading",
        "load_half",
    }
    assert not MatchingWeights.objects.filter(region=world.kempen).exists()


def test_the_coordinator_of_another_region_sets_the_weights_of_their_own_region(login, world):
    login(world.users["coordinator_other"]).post(URL, GOOD)
    assert MatchingWeights.objects.get().region == world.kempen


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("distance", "101"),
        ("themes", "-1"),
        ("load_spreading", "1.5"),
        ("load_half", "0"),
        ("load_half", "1001"),
        ("schedule", "veel"),
    ],
)
def test_a_weight_out_of_range_is_refused_on_its_field_and_nothing_is_saved(
    login, world, field, value
):
    response = login(world.users["coordinator"]).post(URL, {**GOOD, field: value})
    assert response.status_code == 400
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert not MatchingWeights.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="matching_weights").exists()


def test_the_engine_s_message_names_the_weight_and_its_range(login, world):
    response = login(world.users["coordinator"]).post(URL, {**GOOD, "distance": "150"})
    with pytest.raises(ValueError) as engine:
        Weights(distance=150).validate()
    assert response.context["form"].errors["distance"] == [str(engine.value)]


def test_all_soft_weights_zero_is_refused(login, world):
    zero = {**GOOD, "distance": "0", "schedule": "0", "themes": "0", "free_places": "0"}
    response = login(world.users["coordinator"]).post(URL, zero)
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert not MatchingWeights.objects.exists()


def test_the_reset_puts_back_the_defaults_with_an_audit_entry(login, world):
    client = login(world.users["coordinator"])
    client.post(URL, GOOD)
    response = client.post(reverse("allocation:weights_reset"))
    assert response.status_code == 302
    assert MatchingWeights.objects.get(region=world.gent).as_weights() == Weights()
    assert AuditEntry.objects.filter(action="matching_weights.reset").count() == 1


def test_the_saved_weights_rank_the_counsellor_s_suggestions(login, world):
    newcomer = factories.NewcomerFactory(
        counsellor=world.users["counsellor"], themes_mask=1 << 5, max_distance_km=20, mobility="car"
    )
    trajectory = factories.TrajectoryFactory(newcomer=newcomer)
    near = factories.OfferFactory(organisation=world.gent_club, themes_mask=1 << 0)
    place = newcomer.municipality
    themed = factories.OfferFactory(
        organisation=world.gent_club,
        themes_mask=1 << 5,
        latitude=place.latitude + 0.08,
        longitude=place.longitude,
    )
    url = reverse("trajectories:trajectory_find_offers", kwargs={"pk": trajectory.pk})
    counsellor = world.users["counsellor"]

    def ranking():
        response = login(counsellor).get(url)
        return [s.offer["pk"] for s in response.context["search"].suggestions]

    login(world.users["coordinator"]).post(URL, {**GOOD, "distance": "100", "themes": "0"})
    assert ranking() == [near.pk, themed.pk]
    login(world.users["coordinator"]).post(URL, {**GOOD, "distance": "0", "themes": "100"})
    assert ranking() == [themed.pk, near.pk]


def waiting(world, count, **newcomer):
    return [
        factories.TrajectoryFactory(newcomer=factories.NewcomerFactory(**newcomer))
        for _ in range(count)
    ]


def test_the_preview_compares_saved_and_proposed_rankings_without_saving(login, world):
    sample = waiting(world, 7, themes_mask=1 << 5, max_distance_km=20, mobility="car")
    placed = sample[0]
    elsewhere = factories.OfferFactory(organisation=world.kempen_club)
    factories.ParticipationFactory(trajectory=placed, offer=elsewhere, status="active")
    place = sample[1].newcomer.municipality
    near = factories.OfferFactory(organisation=world.gent_club, themes_mask=1 << 0, capacity=50)
    themed = factories.OfferFactory(
        organisation=world.gent_club,
        themes_mask=1 << 5,
        latitude=place.latitude + 0.08,
        longitude=place.longitude,
        capacity=50,
    )
    client = login(world.users["coordinator"])
    client.post(URL, {**GOOD, "distance": "100", "themes": "0"})
    proposed = {**GOOD, "distance": "0", "themes": "100", "preview": "1"}
    response = client.get(URL, proposed)
    assert response.status_code == 200
    rows = response.context["preview"]
    assert len(rows) == 5
    assert placed not in [row.trajectory for row in rows]
    assert [row.trajectory.pk for row in rows] == [t.pk for t in sample[1:6]]
    for row in rows:
        assert [r.offer_id for r in row.saved] == [near.pk, themed.pk]
        assert [r.offer_id for r in row.proposed] == [themed.pk, near.pk]
        assert row.changed
        assert row.proposed[0].moved_up and row.proposed[1].moved_down
        assert not any(r.moved for r in row.saved)
    assert response.context["form"].data["themes"] == "100"
    assert MatchingWeights.objects.get(region=world.gent).themes == 0
    assert response.context["preview"] == client.get(URL, proposed).context["preview"]


def test_a_preview_with_bad_weights_answers_400(login, world):
    response = login(world.users["coordinator"]).get(URL, {**GOOD, "load_half": "0", "preview": 1})
    assert response.status_code == 400
    assert "load_half" in response.context["form"].errors


def test_the_preview_says_why_nothing_fits(login, world):
    waiting(world, 1, availability_mask=0)
    response = login(world.users["coordinator"]).get(URL, {**GOOD, "preview": "1"})
    (row,) = response.context["preview"]
    assert row.reason and not row.saved and not row.proposed


def test_the_page_is_bounded_whatever_the_sample_and_offers(login, world):
    client = login(world.users["coordinator"])
    params = {**GOOD, "preview": "1"}

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, params).status_code == 200
        return len(queries)

    waiting(world, 1)
    factories.OfferFactory(organisation=world.gent_club)
    flexible = factories.OfferFactory(organisation=world.gent_club, is_location_flexible=True)
    flexible.municipalities_served.add(factories.municipality_of(world.gent))
    few = count()
    waiting(world, 6)
    for _ in range(15):
        offer = factories.OfferFactory(organisation=world.gent_town, is_location_flexible=True)
        offer.municipalities_served.add(factories.municipality_of(world.gent))
        factories.ParticipationFactory(offer=offer, status="completed")
    many = count()
    assert few == many


def test_a_programme_admin_working_programme_wide_is_asked_to_choose_a_region(login, world):
    client = login(world.users["programme_admin"])
    assert client.get(URL).context["region"] is None
    assert client.post(URL, GOOD).status_code == 400
    assert not MatchingWeights.objects.exists()


def test_load_spreading_is_stored_with_two_decimals(login, world):
    login(world.users["coordinator"]).post(URL, {**GOOD, "load_spreading": "0.25"})
    assert MatchingWeights.objects.get().load_spreading == Decimal("0.25")
