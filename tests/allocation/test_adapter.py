"""The adapter turns rows into the engine's dataclasses, in a bounded number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

import pytest

from participatienet.allocation import adapter
from participatienet.allocation.models import MatchingWeights
from participatienet.matching.engine import Weights, suggest
from participatienet.offers.models import Offer
from participatienet.regions.models import Municipality
from participatienet.trajectories.models import Newcomer, Trajectory
from tests import factories

pytestmark = pytest.mark.django_db


def other_municipality(world):
    first = factories.municipality_of(world.gent)
    return Municipality.objects.exclude(pk=first.pk).order_by("nis_code").first()


def test_a_newcomer_becomes_a_candidate_with_the_coordinates_of_their_municipality(world):
    newcomer = factories.NewcomerFactory(
        dutch_level=2,
        themes_mask=0b101,
        availability_mask=0b11,
        max_distance_km=7,
        mobility="bike",
        needs_childcare=True,
        needs_wheelchair=True,
    )
    candidate = adapter.candidate_for(newcomer)
    place = newcomer.municipality
    assert candidate.id == newcomer.pk
    assert (candidate.lat, candidate.lon) == (place.latitude, place.longitude)
    assert candidate.municipality_id == place.pk
    assert candidate.max_distance_km == 7
    assert candidate.mobility == "bike"
    assert candidate.dutch_level == 2
    assert candidate.themes_mask == 0b101
    assert candidate.availability_mask == 0b11
    assert candidate.needs_childcare and candidate.needs_wheelchair
    assert not candidate.needs_women_only
    assert candidate.reach_km == 7


def test_trajectories_become_candidates_keyed_by_trajectory_in_two_queries(
    world, django_assert_num_queries
):
    trajectories = [factories.TrajectoryFactory() for _ in range(5)]
    fresh = list(Trajectory.objects.filter(pk__in=[t.pk for t in trajectories]).order_by("pk"))
    with django_assert_num_queries(2):
        candidates = adapter.candidates_for(fresh)
    assert [c.id for c in candidates] == [t.pk for t in fresh]
    assert all(c.has_location for c in candidates)


def test_loaded_newcomers_with_their_municipality_need_no_query(world, django_assert_num_queries):
    for _ in range(3):
        factories.NewcomerFactory()
    newcomers = list(Newcomer.objects.select_related("municipality"))
    with django_assert_num_queries(0):
        candidates = adapter.candidates_for(newcomers)
    assert [c.id for c in candidates] == [n.pk for n in newcomers]


def test_offers_become_a_table_of_active_offers_with_their_free_places(world):
    offer = factories.OfferFactory(
        organisation=world.gent_club,
        capacity=3,
        min_dutch_level=1,
        has_childcare=True,
        themes_mask=0b10,
        schedule_mask=0b100,
    )
    factories.ParticipationFactory(offer=offer, status="active")
    factories.ParticipationFactory(offer=offer, status="completed")
    factories.OfferFactory(organisation=world.gent_club, status="paused")
    factories.OfferFactory(
        organisation=world.gent_club, end_date=timezone.localdate() - dt.timedelta(days=1)
    )
    table = adapter.offer_table(Offer.objects.all())
    assert list(table.id) == [offer.pk]
    assert table.lat[0] == offer.latitude and table.lon[0] == offer.longitude
    assert table.free_places[0] == 2
    assert table.min_level[0] == 1
    assert table.childcare[0] and not table.women_only[0] and not table.wheelchair[0]
    assert table.themes_mask[0] == 0b10 and table.schedule_mask[0] == 0b100
    assert not table.flexible_location[0] and not table.flexible_schedule[0]


def test_flexible_offers_serve_their_municipalities(world):
    here = factories.municipality_of(world.gent)
    there = other_municipality(world)
    fixed = factories.OfferFactory(organisation=world.gent_club)
    fixed.municipalities_served.add(here)  # not flexible: serves nobody
    flexible = factories.OfferFactory(organisation=world.gent_club, is_location_flexible=True)
    flexible.municipalities_served.add(here, there)
    table = adapter.offer_table(Offer.objects.all())
    row = list(table.id).index(flexible.pk)
    assert bool(table.flexible_location[row])
    assert list(table.serves[here.pk]) == [row]
    assert list(table.serves[there.pk]) == [row]
    assert len(table.serves) == 2


def test_load_counts_occupying_participations_per_organisation(world):
    busy = factories.OfferFactory(organisation=world.gent_club, capacity=10)
    sibling = factories.OfferFactory(organisation=world.gent_club, capacity=10)
    quiet = factories.OfferFactory(organisation=world.gent_town, capacity=10)
    for status in ("referred", "accepted", "active"):
        factories.ParticipationFactory(offer=busy, status=status)
    factories.ParticipationFactory(offer=sibling, status="active")
    for status in ("declined", "completed", "stopped"):
        factories.ParticipationFactory(offer=quiet, status=status)
    table = adapter.offer_table(Offer.objects.all())
    load = dict(zip(table.id.tolist(), table.organisation_load.tolist(), strict=True))
    assert load == {busy.pk: 4, sibling.pk: 4, quiet.pk: 0}


def test_the_table_takes_three_queries_whatever_the_number_of_offers(
    world, django_assert_num_queries
):
    served = factories.municipality_of(world.gent)
    for _ in range(3):
        offer = factories.OfferFactory(organisation=world.gent_club, is_location_flexible=True)
        offer.municipalities_served.add(served)
        factories.ParticipationFactory(offer=offer)
    with django_assert_num_queries(3):
        few = adapter.offer_table(Offer.objects.all())
    for _ in range(20):
        offer = factories.OfferFactory(organisation=world.gent_town, is_location_flexible=True)
        offer.municipalities_served.add(served)
        factories.ParticipationFactory(offer=offer)
    with django_assert_num_queries(3):
        many = adapter.offer_table(Offer.objects.all())
    assert len(few) == 3 and len(many) == 23


def test_weights_default_when_the_region_saved_none(world):
    assert adapter.weights_for(world.gent) == Weights()
    assert adapter.weights_for(None) == Weights()


def test_weights_come_from_the_region(world):
    MatchingWeights.objects.create(
        region=world.gent, distance=50, themes=10, load_spreading=Decimal("0.5"), load_half=4
    )
    weights = adapter.weights_for(world.gent)
    assert weights == Weights(
        distance=50, schedule=25, themes=10, free_places=15, load_spreading=0.5, load_half=4
    )
    assert adapter.weights_for(world.kempen) == Weights()


def test_offers_near_keeps_the_box_around_the_reach_and_flexible_offers_serving_home(world):
    newcomer = factories.NewcomerFactory(max_distance_km=5, mobility="car")
    home = newcomer.municipality
    near = factories.OfferFactory(organisation=world.gent_club)
    far_place = Municipality.objects.exclude(region=world.gent).order_by("-latitude").first()
    far = factories.OfferFactory(
        organisation=world.gent_club,
        municipality=far_place,
        latitude=far_place.latitude,
        longitude=far_place.longitude,
    )
    coming = factories.OfferFactory(
        organisation=world.gent_club,
        municipality=far_place,
        latitude=far_place.latitude,
        longitude=far_place.longitude,
        is_location_flexible=True,
    )
    coming.municipalities_served.add(home)
    candidate = adapter.candidate_for(newcomer)
    ids = set(adapter.offers_near(candidate, Offer.objects.all()).values_list("pk", flat=True))
    assert ids == {near.pk, coming.pk}
    assert far.pk not in ids


def test_the_engine_suggests_from_what_the_adapter_loaded(world):
    newcomer = factories.NewcomerFactory()
    fitting = factories.OfferFactory(organisation=world.gent_club)
    candidate = adapter.candidate_for(newcomer)
    table = adapter.offer_table(adapter.offers_near(candidate, Offer.objects.all()))
    suggestions = suggest(candidate, table, adapter.weights_for(world.gent))
    assert [s.offer_id for s in suggestions] == [fitting.pk]
