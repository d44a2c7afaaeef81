"""Batch allocation: exact against brute force, never worse than greedy, within capacities."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participatienet.matching import (
    Candidate,
    OfferTable,
    allocate,
    feasible_pairs,
    greedy,
)
from tests.matching import strategies

TUESDAY_EVENING = 1 << 5


def _brute_force(candidates, table, pairs) -> tuple[int, float]:
    """The lexicographic optimum (placed, total score) by enumerating every assignment."""
    options: list[list[tuple[int, float]]] = [[] for _ in candidates]
    for c, r, s in zip(
        pairs.candidate.tolist(), pairs.row.tolist(), pairs.score.tolist(), strict=True
    ):
        options[c].append((r, s))
    left = table.free_places.astype(int).tolist()
    best = (0, 0.0)

    def walk(i: int, placed: int, total: float) -> None:
        nonlocal best
        if i == len(candidates):
            if placed > best[0] or (placed == best[0] and total > best[1]):
                best = (placed, total)
            return
        walk(i + 1, placed, total)
        for row, score in options[i]:
            if left[row] > 0:
                left[row] -= 1
                walk(i + 1, placed + 1, total + score)
                left[row] += 1

    walk(0, 0, 0.0)
    return best


def _check_valid(candidates, table, allocation) -> None:
    assigned = Counter(a.candidate_id for a in allocation.assignments)
    assert all(count == 1 for count in assigned.values())
    per_row = Counter(a.row for a in allocation.assignments)
    for row, count in per_row.items():
        assert count <= table.free_places[row]
    ids = {c.id for c in candidates}
    unplaced = {u.candidate_id for u in allocation.unplaced}
    assert unplaced | set(assigned) == ids
    assert not unplaced & set(assigned)
    assert all(u.reason for u in allocation.unplaced)


@pytest.mark.parametrize("seed", range(60))
def test_allocation_matches_brute_force_on_small_cases(seed):
    rng = np.random.default_rng(seed)
    candidates, table = strategies.random_world(
        rng, int(rng.integers(1, 7)), int(rng.integers(1, 7))
    )
    pairs = feasible_pairs(candidates, table)
    placed, total = _brute_force(candidates, table, pairs)
    result = allocate(candidates, table, pairs=pairs)
    _check_valid(candidates, table, result)
    assert result.placed == placed
    assert result.total_score == pytest.approx(total, rel=1e-9, abs=1e-5)


def test_allocation_beats_greedy_where_greedy_takes_the_contested_place():
    # Ann fits offers A and B, Bob only A; greedy gives A (Ann's best) to Ann and leaves Bob out.
    def person(ident, availability):
        return Candidate(
            id=ident,
            lat=51.05,
            lon=3.72,
            max_distance_km=10,
            mobility="car",
            availability_mask=availability,
        )

    table = OfferTable.from_rows(
        [
            {"id": 1, "lat": 51.05, "lon": 3.72, "schedule_mask": 0b11, "free_places": 1},
            {"id": 2, "lat": 51.10, "lon": 3.72, "schedule_mask": 0b10, "free_places": 1},
        ]
    )
    people = [person(1, 0b11), person(2, 0b01)]
    best = allocate(people, table)
    base = greedy(people, table)
    assert base.placed == 1
    assert best.placed == 2
    assert {(a.candidate_id, a.offer_id) for a in best.assignments} == {(1, 2), (2, 1)}
    [left_out] = base.unplaced
    assert left_out.candidate_id == 2
    assert left_out.code == "taken"
    assert "naar anderen" in left_out.reason


def test_unplaced_reason_names_distance_and_moment_in_dutch():
    table = OfferTable.from_rows(
        [{"id": 1, "lat": 51.06, "lon": 3.72, "schedule_mask": 1, "free_places": 2}]
    )
    person = Candidate(
        id=5,
        lat=51.05,
        lon=3.72,
        max_distance_km=10,
        mobility="car",
        availability_mask=TUESDAY_EVENING,
    )
    far = Candidate(
        id=6,
        lat=50.0,
        lon=3.72,
        max_distance_km=10,
        mobility="car",
        availability_mask=TUESDAY_EVENING,
    )
    nowhere = Candidate(id=7, lat=None, lon=None, availability_mask=TUESDAY_EVENING)
    result = allocate([person, far, nowhere], table)
    reasons = {u.candidate_id: u for u in result.unplaced}
    assert reasons[5].reason == "geen aanbod binnen 10 km op dinsdagavond"
    assert reasons[6].reason == "geen aanbod binnen 10 km"
    assert reasons[7].code == "no_location"


def test_empty_inputs():
    table = OfferTable.from_rows([])
    assert allocate([], table).placed == 0
    person = Candidate(id=1, lat=51.0, lon=3.7, availability_mask=1)
    result = allocate([person], table)
    assert result.placed == 0 and result.unplaced[0].code == "distance"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), table=strategies.offers(max_size=10))
def test_allocation_keeps_capacities_and_is_never_worse_than_greedy(data, table):
    count = data.draw(st.integers(1, 10))
    candidates = [data.draw(strategies.candidate(ident=i + 1)) for i in range(count)]
    pairs = feasible_pairs(candidates, table)
    best = allocate(candidates, table, pairs=pairs)
    base = greedy(candidates, table, pairs=pairs)
    _check_valid(candidates, table, best)
    _check_valid(candidates, table, base)
    feasible = set(zip(pairs.candidate.tolist(), pairs.row.tolist(), strict=True))
    index = {c.id: i for i, c in enumerate(candidates)}
    for a in best.assignments:
        assert (index[a.candidate_id], a.row) in feasible
    assert best.placed >= base.placed
    if best.placed == base.placed:
        assert best.total_score >= base.total_score - 1e-5
