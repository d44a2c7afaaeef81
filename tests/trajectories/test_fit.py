"""The fit of an offer for a newcomer: pure, no database."""

from __future__ import annotations

import ast
import inspect
import math

import pytest

from participatienet.offers import schedule
from participatienet.trajectories import fit

GENT = (51.0543, 3.7174)
MERELBEKE = (50.9945, 3.7450)  # about 7 km south of Gent
BRUGGE = (51.2093, 3.2247)  # about 38 km west

TUESDAY_EVENING = schedule.mask_of_slots([(1, 2)])
SATURDAY_MORNING = schedule.mask_of_slots([(5, 0)])
COOKING = schedule.mask_of_bits([2])
SPORT = schedule.mask_of_bits([0])


def profile(**overrides) -> fit.Profile:
    values = {
        "latitude": GENT[0],
        "longitude": GENT[1],
        "max_distance_km": 10,
        "dutch_level": 1,
        "themes_mask": COOKING,
        "availability_mask": TUESDAY_EVENING | SATURDAY_MORNING,
    }
    values.update(overrides)
    return fit.Profile(**values)


def offer(key: int = 1, **overrides) -> fit.OfferFacts:
    values = {
        "key": key,
        "latitude": MERELBEKE[0],
        "longitude": MERELBEKE[1],
        "min_dutch_level": 1,
        "themes_mask": COOKING,
        "schedule_mask": TUESDAY_EVENING,
        "free_places": 2,
    }
    values.update(overrides)
    return fit.OfferFacts(**values)


def codes(result: fit.Fit) -> list[str]:
    return [reason.code for reason in result.reasons]


def test_the_module_imports_no_django():
    tree = ast.parse(inspect.getsource(fit))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert "django" not in imported
    assert "participatienet" not in imported


def test_distance_is_the_great_circle_distance():
    assert fit.distance_km(*GENT, *GENT) == 0
    assert 6.0 < fit.distance_km(*GENT, *MERELBEKE) < 7.5
    assert 36 < fit.distance_km(*GENT, *BRUGGE) < 40
    # symmetric
    assert math.isclose(fit.distance_km(*GENT, *BRUGGE), fit.distance_km(*BRUGGE, *GENT))


def test_the_bounding_box_encloses_the_circle():
    lat_min, lat_max, lon_min, lon_max = fit.bounding_box(*GENT, 10)
    assert lat_min < GENT[0] < lat_max and lon_min < GENT[1] < lon_max
    # points 10 km due north and due east lie on the box's edges, not outside it
    assert fit.distance_km(GENT[0], GENT[1], lat_max, GENT[1]) == pytest.approx(10, rel=1e-3)
    assert fit.distance_km(GENT[0], GENT[1], GENT[0], lon_max) == pytest.approx(10, rel=1e-2)


def test_a_good_offer_passes_with_a_score_and_its_reasons():
    result = fit.assess(profile(), offer())
    assert result.ok
    assert 0 < result.score <= 100
    assert codes(result) == ["distance", "schedule", "themes", "level", "places"]
    distance = result.reasons[0]
    assert 6 < distance.number < 7.5
    schedule_reason = result.reasons[1]
    assert schedule_reason.items == ((1, 2),)
    assert result.reasons[2].items == (2,)


@pytest.mark.parametrize(
    ("profile_changes", "offer_changes", "failed"),
    [
        ({"max_distance_km": 5}, {}, fit.TOO_FAR),
        ({}, {"latitude": BRUGGE[0], "longitude": BRUGGE[1]}, fit.TOO_FAR),
        ({"dutch_level": 0}, {}, fit.LEVEL),
        ({"needs_childcare": True}, {}, fit.CHILDCARE),
        ({"needs_women_only": True}, {}, fit.WOMEN_ONLY),
        ({"needs_wheelchair": True}, {}, fit.WHEELCHAIR),
        ({"availability_mask": SATURDAY_MORNING}, {}, fit.SCHEDULE),
        ({}, {"free_places": 0}, fit.FULL),
        ({"latitude": None, "longitude": None}, {}, fit.NO_LOCATION),
    ],
)
def test_hard_filters_exclude_an_offer(profile_changes, offer_changes, failed):
    result = fit.assess(profile(**profile_changes), offer(**offer_changes))
    assert not result.ok
    assert failed in result.failed
    assert result.score == 0


def test_needs_that_are_met_pass_and_are_named():
    result = fit.assess(
        profile(needs_childcare=True, needs_women_only=True, needs_wheelchair=True),
        offer(has_childcare=True, is_women_only=True, is_wheelchair_accessible=True),
    )
    assert result.ok
    assert {"childcare", "women_only", "wheelchair"} <= set(codes(result))


def test_a_flexible_schedule_needs_no_overlap():
    result = fit.assess(
        profile(availability_mask=SATURDAY_MORNING),
        offer(schedule_mask=0, is_schedule_flexible=True),
    )
    assert result.ok
    assert "schedule_flexible" in codes(result)


def test_a_flexible_location_serving_the_newcomer_counts_as_at_home():
    far_but_serving = offer(latitude=BRUGGE[0], longitude=BRUGGE[1], serves_home=True)
    result = fit.assess(profile(), far_but_serving)
    assert result.ok
    assert codes(result)[0] == "home"


def test_the_level_must_reach_the_minimum_but_may_exceed_it():
    assert fit.assess(profile(dutch_level=3), offer(min_dutch_level=1)).ok
    assert fit.assess(profile(dutch_level=1), offer(min_dutch_level=1)).ok
    assert not fit.assess(profile(dutch_level=1), offer(min_dutch_level=2)).ok


def test_nearer_more_overlap_shared_themes_and_more_places_score_higher():
    base = fit.assess(profile(), offer()).score
    nearer = fit.assess(profile(), offer(latitude=GENT[0], longitude=GENT[1])).score
    assert nearer > base
    no_theme = fit.assess(profile(), offer(themes_mask=SPORT)).score
    assert no_theme < base
    more_places = fit.assess(profile(), offer(free_places=5)).score
    assert more_places > base
    partial_overlap = fit.assess(profile(), offer(schedule_mask=TUESDAY_EVENING | 1)).score
    assert partial_overlap < base


def test_rank_keeps_only_fitting_offers_best_first_and_limited():
    offers = [
        offer(1),
        offer(2, latitude=GENT[0], longitude=GENT[1]),
        offer(3, free_places=0),
        offer(4, latitude=BRUGGE[0], longitude=BRUGGE[1]),
        offer(5, themes_mask=SPORT),
    ]
    ranked = fit.rank(profile(), offers)
    assert [result.key for result in ranked] == [2, 1, 5]
    assert all(result.ok for result in ranked)
    assert len(fit.rank(profile(), offers, limit=1)) == 1


def test_rank_breaks_ties_by_distance_then_key():
    same = [offer(9), offer(3)]
    assert [result.key for result in fit.rank(profile(), same)] == [3, 9]


def test_the_schedule_reason_names_at_most_two_moments_and_counts_the_rest():
    many = schedule.mask_of_slots([(0, 0), (1, 2), (2, 1), (5, 0)])
    result = fit.assess(profile(availability_mask=many), offer(schedule_mask=many))
    reason = next(r for r in result.reasons if r.code == "schedule")
    assert len(reason.items) == 2
    assert reason.number == 2
