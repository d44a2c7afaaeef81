"""Small random learning days for the grouping tests (no database)."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from participatienet.grouping import MixProblem, Person, Table, TableProblem

REGIONS = ("Gent", "Kortrijk", "Leuven", "Hasselt", "")
ROLES = ("network_worker", "agii", "local_government", "other")
THEMES = ("taal", "sport", "werk", "vrije tijd")


@st.composite
def people(draw, min_size: int = 2, max_size: int = 24, regions: int = 4, roles: int = 3):
    n = draw(st.integers(min_size, max_size))
    return tuple(
        Person(
            id=100 + i,
            region=draw(st.sampled_from(REGIONS[:regions] + ("",))),
            role=draw(st.sampled_from(ROLES[:roles])),
            choices=tuple(draw(st.lists(st.sampled_from(THEMES), max_size=3, unique=True))),
        )
        for i in range(n)
    )


@st.composite
def mix_problems(draw, max_people: int = 24, max_rounds: int = 3):
    """Feasible mixed-group problems: keep-apart pairs form a matching, keep-together pairs
    another matching on other people, and groups hold at least two people."""
    crowd = draw(people(min_size=4, max_size=max_people))
    n = len(crowd)
    group_size = draw(st.integers(2, max(2, n // 2)))
    ids = [p.id for p in crowd]
    order = draw(st.permutations(ids))
    apart_count = draw(st.integers(0, n // 4))
    together_count = draw(st.integers(0, n // 8))
    apart = [(order[2 * i], order[2 * i + 1]) for i in range(apart_count)]
    rest = order[2 * apart_count :]
    together = [(rest[2 * i], rest[2 * i + 1]) for i in range(together_count)]
    previous = ()
    if draw(st.booleans()):
        shuffled = draw(st.permutations(ids))
        previous = (tuple(tuple(shuffled[i : i + 3]) for i in range(0, n, 3)),)
    return MixProblem(
        people=crowd,
        group_size=group_size,
        rounds=draw(st.integers(1, max_rounds)),
        keep_apart=frozenset(frozenset(p) for p in apart),
        keep_together=frozenset(frozenset(p) for p in together),
        previous=previous,
    )


@st.composite
def table_problems(draw, max_people: int = 24, max_rounds: int = 2):
    crowd = draw(people(min_size=1, max_size=max_people))
    count = draw(st.integers(1, 5))
    tables = []
    for j in range(count):
        tables.append(
            Table(
                id=f"t{j}",
                theme=draw(st.sampled_from(THEMES)),
                capacity=draw(st.integers(0, max_people // 2 + 2)),
            )
        )
    missing = len(crowd) - sum(t.capacity for t in tables)
    if missing > 0:
        last = tables[-1]
        tables[-1] = Table(id=last.id, theme=last.theme, capacity=last.capacity + missing)
    return TableProblem(people=crowd, tables=tuple(tables), rounds=draw(st.integers(1, max_rounds)))


def random_mix(
    rng: np.random.Generator,
    n: int,
    group_size: int,
    *,
    rounds: int = 1,
    regions: int = 4,
    roles: int = 3,
    apart: int = 0,
    together: int = 0,
    previous: bool = False,
) -> MixProblem:
    """A seeded problem; pairs as disjoint matchings (always feasible)."""
    crowd = tuple(
        Person(
            id=i + 1,
            region=f"R{int(rng.integers(regions))}",
            role=f"role{int(rng.integers(roles))}",
        )
        for i in range(n)
    )
    order = (rng.permutation(n) + 1).tolist()
    apart_pairs = [(order[2 * i], order[2 * i + 1]) for i in range(apart)]
    rest = order[2 * apart :]
    together_pairs = [(rest[2 * i], rest[2 * i + 1]) for i in range(together)]
    earlier = ()
    if previous:
        drawn = (rng.permutation(n) + 1).tolist()
        earlier = (tuple(tuple(drawn[i : i + group_size]) for i in range(0, n, group_size)),)
    return MixProblem(
        people=crowd,
        group_size=group_size,
        rounds=rounds,
        keep_apart=frozenset(frozenset(p) for p in apart_pairs),
        keep_together=frozenset(frozenset(p) for p in together_pairs),
        previous=earlier,
    )


def random_tables(
    rng: np.random.Generator, n: int, tables: int, *, rounds: int = 1, spare: int = 2
) -> TableProblem:
    """A seeded table problem with ``spare`` seats beyond the people."""
    themes = [f"theme{j}" for j in range(tables)]
    crowd = tuple(
        Person(
            id=i + 1,
            region=f"R{int(rng.integers(3))}",
            role="x",
            choices=tuple(
                themes[j] for j in rng.permutation(tables)[: int(rng.integers(0, 4))].tolist()
            ),
        )
        for i in range(n)
    )
    seats = n + spare
    caps = [seats // tables + (1 if j < seats % tables else 0) for j in range(tables)]
    return TableProblem(
        people=crowd,
        tables=tuple(Table(id=f"t{j}", theme=themes[j], capacity=caps[j]) for j in range(tables)),
        rounds=rounds,
    )
