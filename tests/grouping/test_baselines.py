"""Baselines, region groups and moving one person by hand."""

from __future__ import annotations

import numpy as np
import pytest

from participatienet.grouping import (
    MixProblem,
    Person,
    Table,
    TableProblem,
    form_groups,
    greedy_baseline,
    move,
    random_baseline,
    region_groups,
    score,
)
from tests.grouping import strategies


def test_drawing_lots_balances_sizes_and_follows_the_seed():
    rng = np.random.default_rng(1)
    problem = strategies.random_mix(rng, 23, 4, rounds=2)
    first = random_baseline(problem, seed=3)
    assert first == random_baseline(problem, seed=3)
    assert first != random_baseline(problem, seed=4)
    for rnd in first.rounds:
        assert sorted(len(g) for g in rnd) == sorted(problem.sizes())
    assert first.method == "random"


def test_greedy_keeps_clusters_together_in_balanced_groups_and_the_solver_mends_it():
    rng = np.random.default_rng(2)
    problem = strategies.random_mix(rng, 30, 5, rounds=2, apart=5, together=3)
    result = greedy_baseline(problem)
    outcome = score(problem, result)
    assert outcome.kept_together_violations == 0
    assert outcome.size_spread <= 1
    assert result == greedy_baseline(problem)
    assert result.method == "greedy"
    # Greedy may be cornered into a keep-apart pair (the last group with room); not so the
    # solver.
    solved = score(problem, form_groups(problem, time_limit=30))
    assert solved.kept_apart_violations == solved.kept_together_violations == 0
    assert solved.total <= outcome.total


def test_region_groups_hold_one_region_each_and_people_without_one_last():
    crowd = (
        Person(1, "Leuven"),
        Person(2, ""),
        Person(3, "Gent"),
        Person(4, "Leuven"),
        Person(5, "Gent"),
    )
    assert region_groups(crowd) == ((3, 5), (1, 4), (2,))


def test_moving_a_person_returns_a_new_assignment_and_the_score_shows_it():
    crowd = tuple(Person(i, f"R{i % 3}", "x") for i in range(9))
    problem = MixProblem(people=crowd, group_size=3, keep_apart={(0, 4)})
    best = form_groups(problem)
    before = score(problem, best)
    person = 0
    here = best.group_of(person)
    target = next(g for g, group in enumerate(best.rounds[0]) if 4 in group)
    assert target != here
    moved = move(problem, best, person, 0, target)
    after = score(problem, moved)
    assert best.group_of(person) == here  # the original is untouched
    assert moved.group_of(person) == target
    assert moved.method == "moved"
    assert after.kept_apart_violations == 1
    assert after.size_spread == 2
    assert after.total > before.total
    assert after.quality < before.quality
    assert move(problem, moved, person, 0, here).rounds == best.rounds


def test_moving_to_a_table_by_its_id_may_exceed_its_capacity():
    crowd = (Person(1, choices=("taal",)), Person(2, choices=("werk",)))
    problem = TableProblem(people=crowd, tables=(Table("a", "taal", 1), Table("b", "werk", 1)))
    best = form_groups(problem)
    moved = move(problem, best, 2, 0, "a")
    assert moved.by_table() == {"a": (1, 2), "b": ()}
    result = score(problem, moved)
    assert result.size_violations == 1
    assert result.choices_honoured == (1, 0, 0, 1)


@pytest.mark.parametrize(
    ("person", "round_index", "group", "message"),
    [
        (99, 0, 1, "takes no part"),
        (1, 3, 1, "no round 4"),
        (1, 0, 7, "no group 8"),
        (1, 0, "zz", "no table"),
    ],
)
def test_move_refuses_unknown_people_rounds_and_groups(person, round_index, group, message):
    problem = MixProblem(people=tuple(Person(i) for i in range(1, 7)), group_size=3)
    with pytest.raises(ValueError, match=message):
        move(problem, greedy_baseline(problem), person, round_index, group)
