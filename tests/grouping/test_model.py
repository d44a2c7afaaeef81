"""Problems refuse bad input with a readable message; sizes follow the group size."""

from __future__ import annotations

import pytest

from participatienet.grouping import Assignment, MixProblem, Person, Table, TableProblem, score


def _people(n: int, **fields) -> tuple[Person, ...]:
    return tuple(Person(id=i + 1, **fields) for i in range(n))


@pytest.mark.parametrize(
    ("n", "group_size", "groups", "sizes"),
    [
        (400, 6, 67, (6,) * 65 + (5,) * 2),
        (12, 4, 3, (4, 4, 4)),
        (10, 6, 2, (5, 5)),
        (8, 6, 1, (8,)),
        (9, 6, 2, (5, 4)),
        (3, 6, 1, (3,)),
        (0, 6, 0, ()),
    ],
)
def test_group_count_is_the_rounded_ratio_and_sizes_differ_by_at_most_one(
    n, group_size, groups, sizes
):
    problem = MixProblem(people=_people(n), group_size=group_size)
    assert problem.group_count == groups
    assert problem.sizes() == sizes
    assert sum(sizes) == n


def test_an_explicit_number_of_groups_wins_over_the_group_size():
    problem = MixProblem(people=_people(10), group_size=6, groups=3)
    assert problem.sizes() == (4, 3, 3)
    assert (problem.min_size, problem.max_size) == (3, 4)


def test_choices_drop_duplicates_and_score_three_two_one():
    person = Person(id=1, choices=("a", "b", "a", "c", "d"))
    assert person.choices == ("a", "b", "c", "d")
    assert [person.points(t) for t in ("a", "b", "c", "d", "z")] == [3, 2, 1, 0, 0]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"people": (Person(1), Person(1))}, "appears twice"),
        ({"group_size": 0}, "group size"),
        ({"rounds": 0}, "one round"),
        ({"keep_apart": {(1, 99)}}, "unknown people"),
        ({"keep_apart": {(1, 1)}}, "two different people"),
        ({"keep_together": {(1, 2), (2, 3), (3, 4)}, "group_size": 3}, "must stay together"),
        ({"keep_together": {(1, 2), (2, 3)}, "keep_apart": {(1, 3)}}, "both apart and together"),
        ({"previous": (((1, 2), (2, 3)),)}, "twice in earlier round 1"),
        ({"groups": 7}, "between 1 and 6"),
    ],
)
def test_mix_problem_refuses_bad_input(fields, message):
    values = {"people": _people(6), "group_size": 3}
    values.update(fields)
    with pytest.raises(ValueError, match=message):
        MixProblem(**values)


@pytest.mark.parametrize(
    ("tables", "message"),
    [
        ((Table("a", "x", 2), Table("a", "y", 5)), "share an id"),
        ((Table("a", "x", -1), Table("b", "y", 9)), "negative"),
        ((Table("a", "x", 2), Table("b", "y", 2)), "hold 4 people, 5 take part"),
    ],
)
def test_table_problem_refuses_bad_input(tables, message):
    with pytest.raises(ValueError, match=message):
        TableProblem(people=_people(5), tables=tables)


def test_score_refuses_an_assignment_that_loses_or_doubles_someone():
    problem = MixProblem(people=_people(4), group_size=2)
    with pytest.raises(ValueError, match="exactly once"):
        score(problem, Assignment(rounds=(((1, 2), (3, 3)),)))
    with pytest.raises(ValueError, match="rounds"):
        score(problem, Assignment(rounds=(((1, 2), (3, 4)), ((1, 3), (2, 4)))))
