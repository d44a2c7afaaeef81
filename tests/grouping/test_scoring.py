"""The score counts what it says, its lower bounds hold, and its random reference is exact."""

from __future__ import annotations

import numpy as np

from participatienet.grouping import (
    WEIGHTS,
    Assignment,
    MixProblem,
    Person,
    Table,
    TableProblem,
    random_baseline,
    score,
)
from participatienet.grouping.scoring import _random_reference
from tests.grouping import strategies

GENT, LEUVEN, HASSELT = "Gent", "Leuven", "Hasselt"


def _mixed(**fields) -> MixProblem:
    crowd = (
        Person(1, GENT, "agii"),
        Person(2, GENT, "agii"),
        Person(3, LEUVEN, "agii"),
        Person(4, LEUVEN, "other"),
        Person(5, HASSELT, "other"),
        Person(6, "", "other"),
    )
    values = {"people": crowd, "group_size": 3}
    values.update(fields)
    return MixProblem(**values)


def test_score_counts_same_region_pairs_roles_and_wishes():
    problem = _mixed(keep_apart={(1, 3)}, keep_together={(5, 6)})
    # Group (1, 2, 3): Gent twice; half are agii, so a group of 3 has 1 or 2 of each role:
    # three agii and no "other" is 2 off, and the same in the other group.
    result = score(problem, Assignment(rounds=(((1, 2, 3), (4, 5, 6)),)))
    assert result.same_region_pairs == 1
    assert result.unavoidable_same_region_pairs == 0
    assert result.avoidable_same_region_pairs == 1
    assert result.role_imbalance == 4
    assert result.kept_apart_violations == 1
    assert result.kept_together_violations == 0
    assert result.size_spread == 0
    assert result.repeat_meetings == 0
    assert result.total == WEIGHTS["hard"] + WEIGHTS["region"] + 4 * WEIGHTS["role"]


def test_people_without_a_region_never_make_a_same_region_pair():
    crowd = tuple(Person(i, "", "x") for i in range(1, 5))
    problem = MixProblem(people=crowd, group_size=4)
    assert score(problem, Assignment(rounds=(((1, 2, 3, 4),),))).same_region_pairs == 0


def test_repeats_count_only_what_the_new_rounds_add():
    problem = _mixed(rounds=2, previous=(((1, 2, 3), (4, 5, 6)), ((1, 2, 4), (3, 5, 6))))
    # Earlier rounds already repeat 1-2 and 5-6; the new rounds add:
    # round 1: 1-2 (3rd time: +1), 1-4 (2nd: +1), 2-4 (+1), 3-5, 3-6, 5-6 (+1 each) -> 6
    # round 2: 1-2 (+1), 1-4 (+1), 2-4 (+1), 3-5 (+1), 3-6 (+1), 5-6 (+1) -> 6
    same = ((1, 2, 4), (3, 5, 6))
    result = score(problem, Assignment(rounds=(same, same)))
    assert result.repeat_meetings == 12
    fresh = ((1, 5, 6), (2, 3, 4)), ((1, 3, 6), (2, 4, 5))
    # round 1 repeats 5-6, 2-3, 2-4; round 2 repeats 1-3, 1-6 (met in round 1), 3-6, 2-4, 4-5
    assert score(problem, Assignment(rounds=fresh)).repeat_meetings == 8


def test_unavoidable_same_region_pairs_spread_a_region_evenly():
    # Seven from Gent over groups of 4, 3 and 3: at best 3 + 2 + 2 -> 3 + 1 + 1 pairs.
    crowd = tuple(Person(i, GENT if i <= 7 else LEUVEN, "x") for i in range(1, 11))
    problem = MixProblem(people=crowd, group_size=3, rounds=2)
    best = ((1, 2, 3, 8), (4, 5, 9), (6, 7, 10))
    result = score(problem, Assignment(rounds=(best, best)))
    assert result.unavoidable_same_region_pairs == 2 * 5
    assert result.same_region_pairs == 2 * 5
    assert result.avoidable_same_region_pairs == 0


def test_pairs_kept_together_count_as_unavoidable():
    crowd = (Person(1, GENT), Person(2, GENT), Person(3, LEUVEN), Person(4, HASSELT))
    problem = MixProblem(people=crowd, group_size=2, keep_together={(1, 2)})
    result = score(problem, Assignment(rounds=(((1, 2), (3, 4)),)))
    assert result.unavoidable_same_region_pairs == 1
    assert result.avoidable_same_region_pairs == 0
    assert result.quality == 100.0


def test_quality_is_100_at_the_lower_bound_and_0_when_regions_cluster():
    crowd = tuple(Person(i, f"R{i % 3}", "x") for i in range(9))
    problem = MixProblem(people=crowd, group_size=3)
    mixed = score(problem, Assignment(rounds=(((0, 1, 2), (3, 4, 5), (6, 7, 8)),)))
    clustered = score(problem, Assignment(rounds=(((0, 3, 6), (1, 4, 7), (2, 5, 8)),)))
    assert mixed.quality == 100.0
    assert mixed.parts == {"region_mix": 100.0, "sizes": 100.0}
    assert clustered.quality == 0.0
    assert clustered.same_region_pairs == 9


def test_broken_rules_scale_the_quality_down():
    crowd = tuple(Person(i, f"R{i % 3}", "x") for i in range(9))
    problem = MixProblem(people=crowd, group_size=3, keep_apart={(0, 1)})
    result = score(problem, Assignment(rounds=(((0, 1, 2, 3), (4, 5), (6, 7, 8)),)))
    assert result.kept_apart_violations == 1
    assert result.size_violations == 2  # one above 3, one below 3
    assert result.size_spread == 2
    assert result.parts["wishes"] == 0.0
    assert result.quality == 0.0
    assert result.total >= 3 * WEIGHTS["hard"]


def test_table_score_counts_choices_capacity_and_repeated_themes():
    crowd = (
        Person(1, GENT, choices=("taal", "werk")),
        Person(2, GENT, choices=("werk",)),
        Person(3, LEUVEN, choices=("sport", "taal", "werk")),
        Person(4, LEUVEN),
    )
    tables = (Table("a", "taal", 2), Table("b", "werk", 1), Table("c", "sport", 2))
    problem = TableProblem(people=crowd, tables=tables, rounds=2)
    rounds = (
        ((1, 3), (2,), (4,)),  # 1: 1st, 3: 2nd, 2: 1st
        ((1, 3), (2,), (4,)),  # nothing new: everyone sees their theme twice
    )
    result = score(problem, Assignment(rounds=rounds, table_ids=("a", "b", "c")))
    assert result.choices_honoured == (2, 1, 0, 0)
    # Best reachable: 1 -> 3 + 2, 2 -> 3, 3 -> 3 + 2; got 3, 3, 2.
    assert result.missed_choice_points == 2 + 0 + 3
    assert result.duplicate_themes == 4
    assert result.size_violations == 0
    assert result.same_region_pairs == 0
    assert result.total == 4 * WEIGHTS["hard"] + 5 * WEIGHTS["choice"]
    over = Assignment(
        rounds=(((1, 2, 3), (), (4,)), ((1, 2, 3), (), (4,))), table_ids=("a", "b", "c")
    )
    assert score(problem, over).size_violations == 2


def test_random_reference_is_the_exact_expectation_of_drawing_lots():
    rng = np.random.default_rng(4)
    problem = strategies.random_mix(rng, 13, 4, rounds=2, regions=3, roles=3, previous=True)
    expected = _random_reference(problem)
    samples = np.array(
        [
            (s.same_region_pairs, s.role_imbalance, s.repeat_meetings)
            for s in (score(problem, random_baseline(problem, seed)) for seed in range(1500))
        ],
        dtype=float,
    )
    mean = samples.mean(axis=0)
    error = samples.std(axis=0) / np.sqrt(len(samples))
    for value, name, se in zip(mean, ("region", "role", "repeat"), error, strict=True):
        assert abs(value - expected[name]) < 4 * se + 1e-9, name
