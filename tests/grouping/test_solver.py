"""Mixed groups: the invariants always hold, small cases are optimal, the solver beats the
baselines, and a resolvable social-golfer design is found."""

from __future__ import annotations

import itertools
import time
from collections import Counter

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from participatienet.grouping import (
    Assignment,
    MixProblem,
    Person,
    form_groups,
    greedy_baseline,
    random_baseline,
    score,
)
from participatienet.grouping.solver import _Search
from tests.grouping import strategies


def _check_invariants(problem: MixProblem, assignment: Assignment) -> None:
    ids = sorted(p.id for p in problem.people)
    assert len(assignment.rounds) == problem.rounds
    for rnd in assignment.rounds:
        assert sorted(i for group in rnd for i in group) == ids  # everyone exactly once
        sizes = [len(group) for group in rnd]
        assert len(sizes) == problem.group_count
        assert max(sizes) - min(sizes) <= 1
        assert min(sizes) >= problem.min_size
        assert max(sizes) <= problem.max_size
        where = {i: g for g, group in enumerate(rnd) for i in group}
        for a, b in map(tuple, problem.keep_apart):
            assert where[a] != where[b]
        for a, b in map(tuple, problem.keep_together):
            assert where[a] == where[b]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.mix_problems())
def test_everyone_is_placed_once_per_round_in_balanced_groups_that_respect_the_pairs(problem):
    result = form_groups(problem, seed=1, time_limit=30)
    _check_invariants(problem, result)
    assert score(problem, result).total <= score(problem, greedy_baseline(problem)).total


def _partitions(ids: list[int], k: int, low: int, high: int):
    """Every split of ``ids`` into ``k`` unlabelled groups with sizes in [low, high]."""
    groups: list[list[int]] = []

    def walk(i: int):
        if i == len(ids):
            if len(groups) == k and all(low <= len(g) <= high for g in groups):
                yield tuple(tuple(g) for g in groups)
            return
        for group in groups:
            if len(group) < high:
                group.append(ids[i])
                yield from walk(i + 1)
                group.pop()
        if len(groups) < k:
            groups.append([ids[i]])
            yield from walk(i + 1)
            groups.pop()

    yield from walk(0)


def _brute_force(problem: MixProblem) -> float:
    ids = [p.id for p in problem.people]
    splits = list(_partitions(ids, problem.group_count, problem.min_size, problem.max_size))
    return min(
        score(problem, Assignment(rounds=rounds)).total
        for rounds in itertools.product(splits, repeat=problem.rounds)
    )


@pytest.mark.parametrize("seed", range(40))
def test_small_cases_reach_the_brute_force_optimum(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(4, 10))
    group_size = int(rng.choice([2, 3, 4]))
    rounds = 2 if n <= 7 and group_size >= 3 and seed % 2 else 1
    problem = strategies.random_mix(
        rng,
        n,
        group_size,
        rounds=rounds,
        regions=int(rng.integers(2, 4)),
        roles=int(rng.integers(1, 4)),
        apart=int(rng.integers(0, 2)),
        together=int(rng.integers(0, 2)) if n >= 6 else 0,
        previous=bool(seed % 3 == 0),
    )
    best = _brute_force(problem)
    result = form_groups(problem, seed=seed, time_limit=30)
    assert score(problem, result).total == best


@pytest.mark.parametrize("seed", range(8))
def test_the_solver_is_never_worse_than_greedy_or_drawing_lots(seed):
    rng = np.random.default_rng(100 + seed)
    problem = strategies.random_mix(
        rng,
        int(rng.integers(20, 70)),
        int(rng.integers(3, 7)),
        rounds=int(rng.integers(1, 4)),
        regions=int(rng.integers(3, 10)),
        roles=3,
        apart=3,
        together=2,
        previous=bool(seed % 2),
    )
    solved = score(problem, form_groups(problem, seed=seed, time_limit=30))
    greedy = score(problem, greedy_baseline(problem))
    drawn = [score(problem, random_baseline(problem, s)) for s in range(5)]
    assert solved.total <= greedy.total
    assert solved.total <= min(d.total for d in drawn)
    assert solved.quality >= greedy.quality - 1e-9
    assert solved.quality > max(d.quality for d in drawn)


def test_nine_people_in_threes_over_four_rounds_never_meet_twice():
    """The affine plane of order 3: 12 groups of 3 cover each of the 36 pairs exactly once."""
    crowd = tuple(Person(id=i, region=f"R{i}", role="x") for i in range(1, 10))
    problem = MixProblem(people=crowd, group_size=3, rounds=4)
    result = form_groups(problem, seed=0, time_limit=30)
    assert score(problem, result).repeat_meetings == 0
    met = Counter(
        pair
        for rnd in result.rounds
        for group in rnd
        for pair in itertools.combinations(sorted(group), 2)
    )
    assert len(met) == 36
    assert set(met.values()) == {1}


def test_sixteen_people_in_fours_over_five_rounds_never_meet_twice():
    """The affine plane of order 4 (the social golfer problem 4-4-5)."""
    crowd = tuple(Person(id=i, region="", role="x") for i in range(16))
    problem = MixProblem(people=crowd, group_size=4, rounds=5)
    result = form_groups(problem, seed=0, time_limit=30)
    assert score(problem, result).repeat_meetings == 0


def test_new_rounds_avoid_the_meetings_of_earlier_rounds():
    crowd = tuple(Person(id=i, region="", role="x") for i in range(12))
    earlier = ((0, 1, 2), (3, 4, 5), (6, 7, 8), (9, 10, 11))
    problem = MixProblem(people=crowd, group_size=3, previous=(earlier,))
    result = form_groups(problem, seed=0, time_limit=30)
    assert score(problem, result).repeat_meetings == 0
    assert not set(result.rounds[0]) & set(earlier)


def test_regions_are_spread_as_far_as_the_pigeonhole_allows():
    rng = np.random.default_rng(7)
    crowd = tuple(
        Person(id=i, region=f"R{int(rng.choice(6, p=[0.4, 0.2, 0.1, 0.1, 0.1, 0.1]))}")
        for i in range(60)
    )
    problem = MixProblem(people=crowd, group_size=5, rounds=2)
    result = score(problem, form_groups(problem, seed=3, time_limit=30))
    assert result.avoidable_same_region_pairs == 0
    assert result.quality == 100.0


def test_the_same_seed_gives_the_same_groups():
    rng = np.random.default_rng(11)
    problem = strategies.random_mix(rng, 50, 5, rounds=2, regions=6, apart=3, together=2)
    first = form_groups(problem, seed=5, time_limit=60)
    again = form_groups(problem, seed=5, time_limit=60)
    assert first == again
    assert first.method == "annealing"


def test_one_group_or_nobody_is_answered_without_searching():
    alone = MixProblem(people=(Person(1), Person(2), Person(3)), group_size=6, rounds=2)
    assert form_groups(alone).rounds == (((1, 2, 3),), ((1, 2, 3),))
    assert form_groups(MixProblem(people=(), group_size=6)).rounds == ((),)


def _current(search: _Search) -> Assignment:
    rounds = []
    for t in range(search.R):
        groups: list[list[int]] = [[] for _ in range(search.G)]
        for i, g in enumerate(search.gof[t].tolist()):
            groups[g].append(search.ids[i])
        rounds.append(tuple(tuple(g) for g in groups))
    return Assignment(rounds=tuple(rounds), table_ids=search.result("").table_ids)


@pytest.mark.parametrize("seed", range(6))
def test_the_incremental_total_always_equals_the_score(seed):
    """Every swap and move is priced by delta; after thousands the sum must still match."""
    rng = np.random.default_rng(seed)
    if seed % 2:
        problem = strategies.random_tables(rng, 30, 4, rounds=2, spare=6)
    else:
        problem = strategies.random_mix(
            rng, 31, 4, rounds=3, regions=5, apart=4, together=2, previous=True
        )
    start = greedy_baseline(problem)
    search = _Search(problem, start)
    search.anneal(rng, steps=1500, deadline=time.perf_counter() + 60, lower_bound=-1)
    assert search.total == score(problem, _current(search)).total
