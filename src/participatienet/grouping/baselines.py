"""Simple ways to form groups, to compare the solver with and to start it from; moving one
person by hand; region groups.

* ``random_baseline``: drawing lots (balanced sizes, or random free seats at the tables);
* ``greedy_baseline``: what a careful organiser does by hand. Mixed groups: people of the
  largest regions first (keep-together clusters before everyone), each joins the group with
  room where they add the least penalty (same region, same role, people met before,
  keep-apart/together), ties to the smaller group. Tables: first come, first served, each
  person gets their best choice with a free seat (a theme they have not had yet).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from participatienet.grouping.model import (
    Assignment,
    MixProblem,
    Person,
    Problem,
    TableProblem,
    check_assignment,
)
from participatienet.grouping.scoring import WEIGHTS, meetings_before


def random_baseline(problem: Problem, seed: int = 0) -> Assignment:
    """Drawing lots, independently for every round."""
    rng = np.random.default_rng(seed)
    ids = [p.id for p in problem.people]
    order = {i: index for index, i in enumerate(ids)}
    rounds = []
    for _ in range(problem.rounds):
        if isinstance(problem, TableProblem):
            places = [g for g, t in enumerate(problem.tables) for _ in range(t.capacity)]
            drawn = rng.permutation(len(places))[: len(ids)]
            groups: list[list[int]] = [[] for _ in problem.tables]
            for person, place in zip(ids, drawn.tolist(), strict=True):
                groups[places[place]].append(person)
        else:
            drawn_ids = [ids[i] for i in rng.permutation(len(ids)).tolist()]
            groups, start = [], 0
            for size in problem.sizes():
                groups.append(drawn_ids[start : start + size])
                start += size
        rounds.append(tuple(tuple(sorted(g, key=order.__getitem__)) for g in groups))
    return _assignment(problem, rounds, "random")


def greedy_baseline(problem: Problem) -> Assignment:
    """The hand-made way (see the module docstring); deterministic."""
    if isinstance(problem, TableProblem):
        return _greedy_tables(problem)
    return _greedy_mixed(problem)


def region_groups(people: Sequence[Person]) -> tuple[tuple[int, ...], ...]:
    """One group per region (regions in alphabetical order, people without a region last),
    people in the given order."""
    by_region: dict[str, list[int]] = {}
    for person in people:
        by_region.setdefault(person.region, []).append(person.id)
    order = sorted(by_region, key=lambda region: (region == "", region))
    return tuple(tuple(by_region[region]) for region in order)


def move(
    problem: Problem,
    assignment: Assignment,
    person_id: int,
    round_index: int,
    to_group: int | str,
) -> Assignment:
    """A new assignment with ``person_id`` in group ``to_group`` (an index; for tables also a
    table id) in round ``round_index``. Sizes may leave ±1 or a capacity may be exceeded: the
    score shows it. ``ValueError`` for an unknown person, round or group."""
    check_assignment(problem, assignment)
    if not 0 <= round_index < len(assignment.rounds):
        raise ValueError(f"there is no round {round_index + 1}")
    groups = [list(group) for group in assignment.rounds[round_index]]
    if isinstance(to_group, str):
        if to_group not in assignment.table_ids:
            raise ValueError(f"there is no table {to_group!r}")
        target = assignment.table_ids.index(to_group)
    else:
        target = int(to_group)
    if not 0 <= target < len(groups):
        raise ValueError(f"there is no group {target + 1}")
    try:
        source = assignment.group_of(person_id, round_index)
    except KeyError:
        raise ValueError(f"person {person_id} takes no part") from None
    if source == target:
        return assignment
    groups[source].remove(person_id)
    order = {p.id: index for index, p in enumerate(problem.people)}
    groups[target] = sorted([*groups[target], person_id], key=order.__getitem__)
    rounds = list(assignment.rounds)
    rounds[round_index] = tuple(tuple(g) for g in groups)
    return Assignment(rounds=tuple(rounds), table_ids=assignment.table_ids, method="moved")


def _assignment(problem: Problem, rounds, method: str) -> Assignment:
    table_ids = tuple(t.id for t in problem.tables) if isinstance(problem, TableProblem) else ()
    return Assignment(rounds=tuple(rounds), table_ids=table_ids, method=method)


def _greedy_mixed(problem: MixProblem) -> Assignment:
    people = problem.people
    n = len(people)
    k = problem.group_count
    q, r = divmod(n, k) if k else (0, 0)
    index = {p.id: i for i, p in enumerate(people)}
    regions = sorted({p.region for p in people})
    reg = np.array([regions.index(p.region) for p in people], dtype=np.int64)
    known = np.array([name != "" for name in regions], dtype=np.int64)
    roles = sorted({p.role for p in people})
    rol = np.array([roles.index(p.role) for p in people], dtype=np.int64)
    region_size = Counter(p.region for p in people if p.region)
    role_size = Counter(p.role for p in people)
    share = np.array([role_size[name] / n for name in roles]) if n else np.zeros(0)

    meet = np.zeros((n, n), dtype=np.int64)
    for (a, b), count in meetings_before(problem).items():
        meet[index[a], index[b]] = meet[index[b], index[a]] = count
    apart = np.zeros((n, n), dtype=np.float64)
    for a, b in map(tuple, problem.keep_apart):
        apart[index[a], index[b]] = apart[index[b], index[a]] = WEIGHTS["hard"]

    clusters = [[index[i] for i in c] for c in problem.clusters()]
    clustered = {i for cluster in clusters for i in cluster}
    singles = sorted(
        (i for i in range(n) if i not in clustered),
        key=lambda i: (
            -region_size.get(people[i].region, 0),
            people[i].region,
            -role_size[people[i].role],
            people[i].role,
            i,
        ),
    )
    units = [np.array(c) for c in sorted(clusters, key=len, reverse=True)]
    units += [np.array([i]) for i in singles]

    rounds = []
    for _ in range(problem.rounds):
        group_of = np.full(n, k, dtype=np.int64)  # k: not placed yet
        in_region = np.zeros((k, len(regions)), dtype=np.int64)
        in_role = np.zeros((k, len(roles)), dtype=np.int64)
        size = np.zeros(k, dtype=np.int64)
        bigs = 0
        for unit in units:
            m = len(unit)
            cost = np.zeros(k)
            for i in unit.tolist():
                a, o = reg[i], rol[i]
                cost += WEIGHTS["region"] * known[a] * in_region[:, a]
                cost += WEIGHTS["role"] * np.maximum(0.0, in_role[:, o] + 1 - share[o] * size)
                met = np.bincount(group_of, weights=meet[i] > 0, minlength=k + 1)
                cost += WEIGHTS["repeat"] * met[:k]
                cost += np.bincount(group_of, weights=apart[i], minlength=k + 1)[:k]
            new = size + m
            fits = (new <= q) | ((new == q + 1) & (bigs < r))
            overflow = np.where(fits, 0, new)
            best = int(np.lexsort((np.arange(k), size, cost, overflow, ~fits))[0])
            bigs += int(size[best] <= q < new[best])
            size[best] += m
            group_of[unit] = best
            np.add.at(in_region[best], reg[unit], 1)
            np.add.at(in_role[best], rol[unit], 1)
        groups = [np.flatnonzero(group_of == g) for g in range(k)]
        for members in groups:
            meet[np.ix_(members, members)] += 1
        np.fill_diagonal(meet, 0)
        rounds.append(tuple(tuple(people[i].id for i in members) for members in groups))
    return _assignment(problem, rounds, "greedy")


def _greedy_tables(problem: TableProblem) -> Assignment:
    themes = [t.theme for t in problem.tables]
    rounds = []
    attended: dict[int, set[str]] = {p.id: set() for p in problem.people}
    for _ in range(problem.rounds):
        free = [t.capacity for t in problem.tables]
        groups: list[list[int]] = [[] for _ in problem.tables]
        for p in problem.people:
            options = [
                g
                for theme in p.choices
                if theme not in attended[p.id]
                for g, t in enumerate(themes)
                if t == theme and free[g] > 0
            ]
            if not options:
                fresh = [
                    g for g in range(len(themes)) if free[g] and themes[g] not in attended[p.id]
                ]
                pool = fresh or [g for g in range(len(themes)) if free[g]]
                options = [max(pool, key=lambda g: (free[g], -g))]
            g = options[0]
            groups[g].append(p.id)
            free[g] -= 1
            attended[p.id].add(themes[g])
        rounds.append(tuple(tuple(g) for g in groups))
    result = _assignment(problem, rounds, "greedy")
    check_assignment(problem, result)
    return result
