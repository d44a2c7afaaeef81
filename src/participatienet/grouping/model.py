"""The inputs and the result of group formation: people, tables, problems, an assignment.

Everything here is plain data with validation; ``scoring`` judges an assignment, ``solver``
makes one and ``baselines`` gives the simple ways to compare it with.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

#: Points of an honoured choice by rank (1st, 2nd, 3rd); later ranks count as none.
CHOICE_POINTS = (3, 2, 1)


@dataclass(frozen=True)
class Person:
    """One registration. ``region`` and ``role`` are labels compared for equality; an empty
    region means "no region" (never counted as a same-region pair). ``choices``: theme ids in
    order of preference (1st, 2nd, 3rd); duplicates are dropped, only the first three count."""

    id: int
    region: str = ""
    role: str = ""
    choices: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        unique: list[str] = []
        for theme in self.choices:
            if theme not in unique:
                unique.append(theme)
        object.__setattr__(self, "choices", tuple(unique))

    def points(self, theme: str) -> int:
        """3 for the first choice, 2 for the second, 1 for the third, 0 otherwise."""
        try:
            rank = self.choices.index(theme)
        except ValueError:
            return 0
        return CHOICE_POINTS[rank] if rank < len(CHOICE_POINTS) else 0


@dataclass(frozen=True)
class Table:
    """A learning table: ``theme`` is what people choose (several tables may share one)."""

    id: str
    theme: str
    capacity: int


Pair = frozenset[int]


def pairs(items: Iterable[Iterable[int]]) -> frozenset[Pair]:
    """Normalise ``[(1, 2), {3, 4}]`` into a frozenset of two-element frozensets."""
    result = set()
    for item in items:
        pair = frozenset(item)
        if len(pair) != 2:
            raise ValueError(f"a pair needs two different people, got {sorted(pair)}")
        result.add(pair)
    return frozenset(result)


def _check_people(people: Sequence[Person]) -> None:
    seen: set[int] = set()
    for person in people:
        if person.id in seen:
            raise ValueError(f"person {person.id} appears twice")
        seen.add(person.id)


@dataclass(frozen=True)
class MixProblem:
    """Mixed groups across regions, for ``rounds`` rounds.

    The number of groups per round is ``groups`` or, by default, ``round(n / group_size)``
    (at least 1); every group then holds ``n // groups`` or one more person ("sizes within
    ±1"). ``keep_apart`` pairs should never share a group, ``keep_together`` pairs always
    (chains of them form one cluster, which must fit in a group). ``previous``: the groups of
    earlier rounds, already fixed (lists of id lists per round); meetings in them count as
    meetings, so the new rounds avoid repeating them. Ids there that are not among ``people``
    are ignored."""

    people: tuple[Person, ...]
    group_size: int
    rounds: int = 1
    keep_apart: frozenset[Pair] = frozenset()
    keep_together: frozenset[Pair] = frozenset()
    previous: tuple[tuple[tuple[int, ...], ...], ...] = ()
    groups: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "people", tuple(self.people))
        object.__setattr__(self, "keep_apart", pairs(self.keep_apart))
        object.__setattr__(self, "keep_together", pairs(self.keep_together))
        object.__setattr__(
            self,
            "previous",
            tuple(tuple(tuple(int(i) for i in group) for group in rnd) for rnd in self.previous),
        )
        _check_people(self.people)
        if self.group_size < 1:
            raise ValueError("the group size must be at least 1")
        if self.rounds < 1:
            raise ValueError("there must be at least one round")
        n = len(self.people)
        if self.groups is not None and n and not 1 <= self.groups <= n:
            raise ValueError(f"the number of groups must be between 1 and {n}")
        ids = {p.id for p in self.people}
        for name in ("keep_apart", "keep_together"):
            for pair in getattr(self, name):
                unknown = sorted(pair - ids)
                if unknown:
                    raise ValueError(f"{name} names unknown people: {unknown}")
        for index, rnd in enumerate(self.previous):
            seen: set[int] = set()
            for group in rnd:
                for person in group:
                    if person in seen:
                        raise ValueError(f"person {person} is twice in earlier round {index + 1}")
                    seen.add(person)
        for cluster in self.clusters():
            if len(cluster) > self.max_size:
                raise ValueError(
                    f"{len(cluster)} people must stay together, more than the largest group "
                    f"({self.max_size})"
                )
            members = set(cluster)
            for pair in self.keep_apart:
                if pair <= members:
                    a, b = sorted(pair)
                    raise ValueError(f"{a} and {b} must stay both apart and together")

    @property
    def group_count(self) -> int:
        n = len(self.people)
        if n == 0:
            return 0
        if self.groups is not None:
            return self.groups
        return max(1, min(n, int(n / self.group_size + 0.5)))

    @property
    def min_size(self) -> int:
        k = self.group_count
        return len(self.people) // k if k else 0

    @property
    def max_size(self) -> int:
        k = self.group_count
        if not k:
            return 0
        return self.min_size + (1 if len(self.people) % k else 0)

    def sizes(self) -> tuple[int, ...]:
        """The size of each group in a balanced round (larger groups first)."""
        k = self.group_count
        if not k:
            return ()
        q, r = divmod(len(self.people), k)
        return tuple(q + 1 if g < r else q for g in range(k))

    def clusters(self) -> list[tuple[int, ...]]:
        """People linked by ``keep_together`` (directly or through others), each cluster in
        the order of ``people``; only clusters of two or more."""
        parent = {p.id: p.id for p in self.people}

        def root(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for pair in self.keep_together:
            a, b = sorted(pair)
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
        members: dict[int, list[int]] = {}
        for person in self.people:
            members.setdefault(root(person.id), []).append(person.id)
        return [tuple(group) for group in members.values() if len(group) > 1]


@dataclass(frozen=True)
class TableProblem:
    """Learning tables for ``rounds`` rounds: everyone sits at one table per round, no table
    above its capacity, choices honoured as far as capacity allows (in several rounds, a
    person's different themes), then regions mixed and repeat meetings few."""

    people: tuple[Person, ...]
    tables: tuple[Table, ...]
    rounds: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "people", tuple(self.people))
        object.__setattr__(self, "tables", tuple(self.tables))
        _check_people(self.people)
        if self.rounds < 1:
            raise ValueError("there must be at least one round")
        ids = [t.id for t in self.tables]
        if len(set(ids)) != len(ids):
            raise ValueError("two tables share an id")
        if any(t.capacity < 0 for t in self.tables):
            raise ValueError("a table's capacity cannot be negative")
        seats = sum(t.capacity for t in self.tables)
        if len(self.people) > seats:
            raise ValueError(f"the tables hold {seats} people, {len(self.people)} take part")

    @property
    def group_count(self) -> int:
        return len(self.tables)

    def themes(self) -> tuple[str, ...]:
        """Distinct themes in table order."""
        return tuple(dict.fromkeys(t.theme for t in self.tables))


Problem = MixProblem | TableProblem


@dataclass(frozen=True)
class Assignment:
    """The groups of every round: ``rounds[r][g]`` holds the ids of group ``g`` in round
    ``r``. For a ``TableProblem`` group ``g`` sits at ``table_ids[g]`` (the problem's table
    order) in every round; for mixed groups ``table_ids`` is empty. ``optimal``: the solver
    proved that no assignment has a lower penalty (one round of tables; or mixed groups that
    reached the lower bound)."""

    rounds: tuple[tuple[tuple[int, ...], ...], ...]
    table_ids: tuple[str, ...] = ()
    method: str = field(default="", compare=False)
    optimal: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "rounds",
            tuple(tuple(tuple(int(i) for i in group) for group in rnd) for rnd in self.rounds),
        )
        object.__setattr__(self, "table_ids", tuple(self.table_ids))

    def groups(self, round_index: int = 0) -> tuple[tuple[int, ...], ...]:
        return self.rounds[round_index]

    def by_table(self, round_index: int = 0) -> dict[str, tuple[int, ...]]:
        """Table id → person ids (learning tables only)."""
        if not self.table_ids:
            raise ValueError("this assignment has no tables")
        return dict(zip(self.table_ids, self.rounds[round_index], strict=True))

    def group_of(self, person_id: int, round_index: int = 0) -> int:
        for index, group in enumerate(self.rounds[round_index]):
            if person_id in group:
                return index
        raise KeyError(person_id)


def check_assignment(problem: Problem, assignment: Assignment) -> None:
    """Everyone of the problem exactly once per round, nobody else, the right round count
    (and for tables one group per table)."""
    if len(assignment.rounds) != problem.rounds:
        raise ValueError(
            f"the assignment has {len(assignment.rounds)} rounds, the problem {problem.rounds}"
        )
    if isinstance(problem, TableProblem):
        expected = tuple(t.id for t in problem.tables)
        if assignment.table_ids != expected:
            raise ValueError("the assignment's tables are not the problem's tables")
        if any(len(rnd) != len(expected) for rnd in assignment.rounds):
            raise ValueError("every round needs one group per table")
    ids = sorted(p.id for p in problem.people)
    for index, rnd in enumerate(assignment.rounds):
        placed = sorted(i for group in rnd for i in group)
        if placed != ids:
            raise ValueError(f"round {index + 1} does not place everyone exactly once")
