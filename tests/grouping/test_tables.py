"""Learning tables: capacities hold, one round is optimal (brute force), choices beat the
first-come-first-served baseline, several rounds give different themes."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from participatienet.grouping import (
    Assignment,
    Person,
    Table,
    TableProblem,
    form_groups,
    greedy_baseline,
    random_baseline,
    score,
)
from tests.grouping import strategies


def _check_invariants(problem: TableProblem, assignment: Assignment) -> None:
    ids = sorted(p.id for p in problem.people)
    assert assignment.table_ids == tuple(t.id for t in problem.tables)
    for r, rnd in enumerate(assignment.rounds):
        assert sorted(i for group in rnd for i in group) == ids
        for table, group in zip(problem.tables, rnd, strict=True):
            assert len(group) <= table.capacity
        assert set(assignment.by_table(r)) == {t.id for t in problem.tables}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.table_problems())
def test_everyone_sits_once_per_round_and_no_table_is_over_capacity(problem):
    result = form_groups(problem, seed=2, time_limit=30)
    _check_invariants(problem, result)
    _check_invariants(problem, greedy_baseline(problem))
    _check_invariants(problem, random_baseline(problem, seed=3))
    assert score(problem, result).total <= score(problem, greedy_baseline(problem)).total


def _brute_force(problem: TableProblem) -> float:
    caps = [t.capacity for t in problem.tables]
    best = float("inf")
    for seats in itertools.product(range(len(caps)), repeat=len(problem.people)):
        if any(seats.count(g) > cap for g, cap in enumerate(caps)):
            continue
        groups = tuple(
            tuple(p.id for p, g in zip(problem.people, seats, strict=True) if g == table)
            for table in range(len(caps))
        )
        assignment = Assignment(rounds=(groups,), table_ids=tuple(t.id for t in problem.tables))
        best = min(best, score(problem, assignment).total)
    return best


@pytest.mark.parametrize("seed", range(25))
def test_one_round_is_the_brute_force_optimum(seed):
    rng = np.random.default_rng(seed)
    problem = strategies.random_tables(
        rng, int(rng.integers(2, 8)), int(rng.integers(2, 4)), spare=int(rng.integers(0, 3))
    )
    result = form_groups(problem, seed=seed)
    assert result.method == "min-cost flow"
    assert score(problem, result).total == _brute_force(problem)


def test_the_flow_gives_the_contested_seat_to_whom_it_matters_most():
    # Ann (first) would take the one "taal" seat first come, first served; Bo has only taal.
    crowd = (
        Person(1, "Gent", choices=("taal", "werk")),
        Person(2, "Leuven", choices=("taal",)),
    )
    tables = (Table("a", "taal", 1), Table("b", "werk", 1))
    problem = TableProblem(people=crowd, tables=tables)
    assert greedy_baseline(problem).by_table() == {"a": (1,), "b": (2,)}
    assert form_groups(problem).by_table() == {"a": (2,), "b": (1,)}
    assert score(problem, form_groups(problem)).choices_honoured == (1, 1, 0, 0)


@pytest.mark.parametrize("seed", range(6))
def test_several_rounds_beat_the_baselines_and_never_repeat_a_theme(seed):
    rng = np.random.default_rng(50 + seed)
    problem = strategies.random_tables(rng, int(rng.integers(20, 60)), 4, rounds=2, spare=8)
    solved = score(problem, form_groups(problem, seed=seed, time_limit=30))
    greedy = score(problem, greedy_baseline(problem))
    drawn = min(score(problem, random_baseline(problem, s)).total for s in range(5))
    assert solved.duplicate_themes == 0
    assert solved.total <= greedy.total
    assert solved.total <= drawn
    assert solved.missed_choice_points <= greedy.missed_choice_points


def test_regions_mix_at_tables_when_choices_leave_room():
    crowd = tuple(Person(i, "Gent" if i < 4 else "Leuven") for i in range(8))
    tables = (Table("a", "taal", 4), Table("b", "werk", 4))
    problem = TableProblem(people=crowd, tables=tables)
    result = score(problem, form_groups(problem))
    assert result.same_region_pairs == result.unavoidable_same_region_pairs == 4
