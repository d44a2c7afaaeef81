"""Suggestions for one newcomer: hard filters, score, Dutch explanations (no database)."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings

from participatienet.matching import (
    MOBILITY_REACH_KM,
    Candidate,
    NoSuggestions,
    OfferTable,
    Weights,
    feasible_pairs,
    suggest,
)
from tests.matching import strategies

TUESDAY_EVENING = 1 << (1 * 3 + 2)
MONDAY_MORNING = 1 << 0
COOKING = 1 << 2
GENT = (51.05, 3.72)


def _km_north(km: float) -> float:
    return GENT[0] + km / 111.195


def _offer(ident: int, km: float = 7.0, **fields) -> dict:
    row = {
        "id": ident,
        "lat": _km_north(km),
        "lon": GENT[1],
        "schedule_mask": TUESDAY_EVENING,
        "themes_mask": COOKING,
        "min_level": 1,
        "free_places": 3,
    }
    row.update(fields)
    return row


def _newcomer(**fields) -> Candidate:
    values = {
        "id": 1,
        "lat": GENT[0],
        "lon": GENT[1],
        "max_distance_km": 15,
        "mobility": "bike",
        "dutch_level": 1,
        "themes_mask": COOKING,
        "availability_mask": TUESDAY_EVENING,
    }
    values.update(fields)
    return Candidate(**values)


def _haversine(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _check_hard_constraints(candidate: Candidate, table: OfferTable, row: int) -> None:
    """An independent, scalar restatement of the hard filters."""
    served = candidate.municipality_id is not None and row in set(
        table.serves.get(candidate.municipality_id, []).tolist()
    )
    at_home = served and bool(table.flexible_location[row])
    reach = min(candidate.max_distance_km, MOBILITY_REACH_KM.get(candidate.mobility, math.inf))
    if not at_home:
        km = _haversine(candidate.lat, candidate.lon, table.lat[row], table.lon[row])
        assert km <= reach + 1e-6
    assert candidate.dutch_level >= table.min_level[row]
    assert not candidate.needs_childcare or table.childcare[row]
    assert not candidate.needs_women_only or table.women_only[row]
    assert not candidate.needs_wheelchair or table.wheelchair[row]
    availability = (1 << 21) - 1 if candidate.flexible_availability else candidate.availability_mask
    assert table.flexible_schedule[row] or availability & int(table.schedule_mask[row])
    assert table.free_places[row] >= 1


def test_explanation_reads_as_one_dutch_line():
    table = OfferTable.from_rows([_offer(10)])
    [suggestion] = suggest(_newcomer(), table)
    assert suggestion.explanation == "7 km, dinsdagavond past, thema koken, A1 aanvaard"
    assert suggestion.offer_id == 10
    assert any(line.startswith("Afstand: 7 km") for line in suggestion.factors)
    assert any("dinsdagavond past" in line for line in suggestion.factors)
    assert any("Nederlands" in line for line in suggestion.factors)


def test_contributions_sum_to_the_score_in_range():
    table = OfferTable.from_rows([_offer(10, organisation_load=25), _offer(11, km=2)])
    for suggestion in suggest(_newcomer(), table):
        assert 0 <= suggestion.score <= 100
        assert sum(suggestion.contributions.values()) == pytest.approx(suggestion.score)


def test_load_spreading_ranks_a_busy_partner_lower_and_says_so():
    busy = _offer(10, organisation_load=40)
    new = _offer(11, organisation_load=0)
    table = OfferTable.from_rows([busy, new])
    first, second = suggest(_newcomer(), table)
    assert (first.offer_id, second.offer_id) == (11, 10)
    assert second.lowered_by_load and not first.lowered_by_load
    assert "partner heeft al 40 nieuwkomers" in second.explanation
    assert any(line.startswith("Spreiding") and "lager" in line for line in second.factors)
    assert second.contributions["load_spreading"] < 0
    off = suggest(_newcomer(), table, Weights(load_spreading=0))
    assert [s.offer_id for s in off] == [10, 11]  # a tie: lower id first
    assert off[0].score == pytest.approx(off[1].score)


def test_closer_more_overlap_more_themes_score_higher():
    rows = [
        _offer(1, km=2),
        _offer(2, km=9),
        _offer(3, km=2, themes_mask=0),
        _offer(4, km=2, schedule_mask=TUESDAY_EVENING | MONDAY_MORNING),
    ]
    scores = {s.offer_id: s.score for s in suggest(_newcomer(), OfferTable.from_rows(rows))}
    assert scores[1] > scores[2]
    assert scores[1] > scores[3]
    assert scores[1] > scores[4]


def test_mobility_caps_the_reach():
    table = OfferTable.from_rows([_offer(1, km=5), _offer(2, km=12)])
    on_foot = suggest(_newcomer(mobility="foot", max_distance_km=30), table)
    assert isinstance(on_foot, NoSuggestions)
    assert on_foot.code == "distance"
    by_car = suggest(_newcomer(mobility="car", max_distance_km=30), table)
    assert {s.offer_id for s in by_car} == {1, 2}


def test_flexible_location_serving_the_municipality_comes_to_the_newcomer():
    far = _offer(1, km=80, flexible_location=True)
    table = OfferTable.from_rows([far], serves={9: [0]})
    [suggestion] = suggest(_newcomer(municipality_id=9), table)
    assert suggestion.explanation.startswith("komt naar de gemeente van de nieuwkomer")
    assert isinstance(suggest(_newcomer(municipality_id=8), table), NoSuggestions)


def test_no_location_gets_an_explanation_instead_of_an_empty_list():
    result = suggest(_newcomer(lat=None, lon=None), OfferTable.from_rows([_offer(1)]))
    assert isinstance(result, NoSuggestions)
    assert result.code == "no_location"
    assert "locatie" in result.reason
    assert not result and list(result) == []


def test_no_availability_gets_an_explanation_instead_of_an_empty_list():
    result = suggest(_newcomer(availability_mask=0), OfferTable.from_rows([_offer(1)]))
    assert isinstance(result, NoSuggestions)
    assert result.code == "no_availability"
    assert "beschikbaarheid" in result.reason.lower()


def test_nothing_fitting_names_the_filter_that_left_nothing():
    table = OfferTable.from_rows([_offer(1, km=3, schedule_mask=MONDAY_MORNING)])
    result = suggest(_newcomer(max_distance_km=10, mobility="car"), table)
    assert isinstance(result, NoSuggestions)
    assert result.code == "schedule"
    assert result.reason == "Geen aanbod binnen 10 km op dinsdagavond."


def test_needs_are_hard_filters_and_mentioned():
    table = OfferTable.from_rows([_offer(1, childcare=False), _offer(2, childcare=True)])
    [suggestion] = suggest(_newcomer(needs_childcare=True), table)
    assert suggestion.offer_id == 2
    assert "kinderopvang" in suggestion.explanation
    only_without = OfferTable.from_rows([_offer(1, childcare=False)])
    result = suggest(_newcomer(needs_childcare=True), only_without)
    assert result.code == "childcare"
    assert "met kinderopvang" in result.reason


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("distance", -1),
        ("schedule", 101),
        ("themes", float("nan")),
        ("free_places", float("inf")),
        ("load_spreading", 1.5),
        ("load_spreading", -0.1),
        ("load_half", 0),
        ("distance", "veel"),
    ],
)
def test_weights_out_of_range_are_refused_with_a_message(field, value):
    with pytest.raises(ValueError, match="Gewicht '"):
        Weights(**{field: value}).validate()
    with pytest.raises(ValueError):
        suggest(_newcomer(), OfferTable.from_rows([_offer(1)]), Weights(**{field: value}))


def test_all_soft_weights_zero_is_refused():
    with pytest.raises(ValueError, match="groter zijn dan 0"):
        Weights(distance=0, schedule=0, themes=0, free_places=0).validate()


def test_weights_at_the_edges_of_their_range_are_accepted():
    Weights(distance=0, schedule=100, themes=0, free_places=0, load_spreading=1, load_half=1)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(candidate=strategies.candidate(), table=strategies.offers())
def test_no_suggestion_breaks_a_hard_constraint(candidate, table):
    result = suggest(candidate, table, limit=100)
    for suggestion in result:
        _check_hard_constraints(candidate, table, suggestion.row)
        assert 0 <= suggestion.score <= 100 + 1e-9
        assert suggestion.explanation
    scores = [s.score for s in result]
    assert scores == sorted(scores, reverse=True)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(candidate=strategies.candidate(), table=strategies.offers())
def test_batch_pairs_agree_with_suggestions(candidate, table):
    result = suggest(candidate, table, limit=100)
    pairs = feasible_pairs([candidate], table)
    assert sorted(s.row for s in result) == sorted(pairs.row.tolist())
    by_row = {s.row: s.score for s in result}
    for row, score in zip(pairs.row.tolist(), pairs.score.tolist(), strict=True):
        assert score == pytest.approx(by_row[row])
