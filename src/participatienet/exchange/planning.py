"""The bridge between learning days and the pure ``grouping`` package.

Confirmed registrations become ``grouping.Person``s: the id is the registration's id, the
region its slug ("" for people without a region: core partners and others), the role the
registration's role, and the theme choices the ids of the chosen learning tables (as text).
A learning table is a ``grouping.Table`` whose theme is its own id, so choosing a table is
choosing its theme.

Mixed groups of earlier sessions of the same day count as ``previous`` meetings for a later
session of mixed groups: over the whole day people meet as few of the same people again as
possible (the social-golfer condition). Pair rules of the day apply to mixed groups.

Region groups are not solved: one group per region. People without a region (the core
partners, others) are not put together in a group of their own, which would talk about no
region's collaboration: they join the region groups as guests, spread so that each region
group gets at most one guest more than another, and in a next round they visit other regions.

Every read here runs a fixed number of queries, whatever the number of registrations.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from participatienet import grouping
from participatienet.exchange.choices import PairKind, SessionKind
from participatienet.exchange.models import (
    GroupMember,
    GroupPlan,
    LearningTable,
    PairRule,
    Registration,
    Session,
)
from participatienet.regions.models import Region

#: How long the solver may search, in seconds (the page waits for it).
SOLVER_TIME_LIMIT = 4.0

#: ``GroupPlan.method`` of region groups.
METHOD_REGIONS = "region groups"


def confirmed(session: Session) -> list[Registration]:
    """The confirmed registrations of the session's day, in the order they registered."""
    return list(
        Registration.objects.confirmed()
        .filter(day_id=session.day_id)
        .select_related("region")
        .order_by("pk")
    )


def person(registration: Registration) -> grouping.Person:
    chosen = (
        registration.first_choice_id,
        registration.second_choice_id,
        registration.third_choice_id,
    )
    return grouping.Person(
        id=registration.pk,
        region=registration.region.slug if registration.region else "",
        role=registration.role,
        choices=tuple(str(pk) for pk in chosen if pk is not None),
    )


def earlier_mixed_sessions(session: Session) -> Any:
    """Sessions of mixed groups of the same day that start before ``session``."""
    return Session.objects.filter(day_id=session.day_id, kind=SessionKind.MIXED_GROUPS).filter(
        Q(starts_at__lt=session.starts_at) | Q(starts_at=session.starts_at, pk__lt=session.pk)
    )


def previous_rounds(session: Session) -> tuple[tuple[tuple[int, ...], ...], ...]:
    """The rounds of mixed groups formed for earlier sessions of the day (one query): per
    round, the registration ids of each group."""
    rows = (
        GroupMember.objects.filter(plan__session__in=earlier_mixed_sessions(session))
        .order_by(
            "plan__session__starts_at", "plan_id", "round", "group__number", "registration_id"
        )
        .values_list("plan_id", "round", "group_id", "registration_id")
    )
    rounds: dict[tuple[int, int], dict[int, list[int]]] = {}
    for plan_id, round_number, group_id, registration_id in rows:
        rounds.setdefault((plan_id, round_number), {}).setdefault(group_id, []).append(
            registration_id
        )
    return tuple(tuple(tuple(members) for members in groups.values()) for groups in rounds.values())


def pair_rules(
    session: Session, ids: set[int]
) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """The day's keep-apart and keep-together pairs between people of ``ids`` (one query)."""
    apart: set[tuple[int, int]] = set()
    together: set[tuple[int, int]] = set()
    for a, b, kind in PairRule.objects.filter(day_id=session.day_id).values_list(
        "a_id", "b_id", "kind"
    ):
        if a in ids and b in ids:
            (apart if kind == PairKind.KEEP_APART else together).add((a, b))
    return apart, together


def table_capacity(table: LearningTable | None, session: Session, people: int, tables: int) -> int:
    """A table's places: its own, else the session's group size, else an even share."""
    if table is not None and table.capacity:
        return table.capacity
    if session.group_size:
        return session.group_size
    return max(1, math.ceil(people / max(tables, 1)))


def tables_of(session: Session) -> list[LearningTable]:
    return list(session.tables.order_by("theme", "pk"))


def table_problem(
    session: Session,
    people: Sequence[grouping.Person],
    tables: Sequence[LearningTable | None],
) -> grouping.TableProblem:
    """``tables`` in group order; a table removed since the groups were formed is None and
    keeps a place of its own (``g<number>``)."""
    return grouping.TableProblem(
        people=tuple(people),
        tables=tuple(
            grouping.Table(
                id=table_id(table, index),
                theme=table_id(table, index),
                capacity=table_capacity(table, session, len(people), len(tables)),
            )
            for index, table in enumerate(tables)
        ),
        rounds=session.rounds,
    )


def table_id(table: LearningTable | None, index: int) -> str:
    return str(table.pk) if table is not None else f"g{index + 1}"


def mix_problem(session: Session, people: Sequence[grouping.Person]) -> grouping.MixProblem:
    """Raises ``ValueError`` for rules that cannot be kept (see ``grouping.MixProblem``)."""
    ids = {p.id for p in people}
    apart, together = pair_rules(session, ids)
    return grouping.MixProblem(
        people=tuple(people),
        group_size=session.group_size or 1,
        rounds=session.rounds,
        keep_apart=frozenset(frozenset(pair) for pair in apart),
        keep_together=frozenset(frozenset(pair) for pair in together),
        previous=previous_rounds(session),
    )


# --- A plan as it is stored --------------------------------------------------------------------


@dataclass(frozen=True)
class Stored:
    """A stored plan as the grouping package sees it: the problem (None for region groups),
    the assignment, and the group ids per round in the assignment's order."""

    problem: grouping.MixProblem | grouping.TableProblem | None
    assignment: grouping.Assignment
    group_ids: tuple[tuple[int, ...], ...]


def stored(plan: GroupPlan) -> Stored:
    """The plan's groups and members (four queries), with the problem of the people placed
    in it as the day is now (pair rules, earlier sessions)."""
    session = plan.session
    groups = list(plan.groups.select_related("table").order_by("round", "number"))
    members = list(plan.members.select_related("registration__region").order_by("registration_id"))
    by_group: dict[int, list[int]] = {group.pk: [] for group in groups}
    registrations: dict[int, Registration] = {}
    for member in members:
        by_group[member.group_id].append(member.registration_id)
        registrations[member.registration_id] = member.registration
    people = [person(registration) for registration in registrations.values()]
    rounds: list[tuple[tuple[int, ...], ...]] = []
    group_ids: list[tuple[int, ...]] = []
    for number in range(1, session.rounds + 1):
        here = [group for group in groups if group.round == number]
        rounds.append(tuple(tuple(by_group[group.pk]) for group in here))
        group_ids.append(tuple(group.pk for group in here))
    problem: grouping.MixProblem | grouping.TableProblem | None = None
    table_ids: tuple[str, ...] = ()
    if session.kind == SessionKind.MIXED_GROUPS:
        apart, together = pair_rules(session, set(registrations))
        fixed = {
            "people": tuple(people),
            "group_size": session.group_size or 1,
            "rounds": session.rounds,
            "groups": len(rounds[0]) if rounds and rounds[0] else None,
            "previous": previous_rounds(session),
        }
        try:
            problem = grouping.MixProblem(
                **fixed,
                keep_apart=frozenset(frozenset(pair) for pair in apart),
                keep_together=frozenset(frozenset(pair) for pair in together),
            )
        except ValueError:
            # Pair rules added since that cannot be kept in these groups: judge without them.
            problem = grouping.MixProblem(**fixed)
    elif session.kind == SessionKind.LEARNING_TABLES:
        first = [group for group in groups if group.round == 1]
        problem = table_problem(session, people, [group.table for group in first])
        table_ids = tuple(t.id for t in problem.tables)
    assignment = grouping.Assignment(rounds=tuple(rounds), table_ids=table_ids, method=plan.method)
    return Stored(problem=problem, assignment=assignment, group_ids=tuple(group_ids))


def score_dict(score: grouping.Score | None) -> dict[str, Any]:
    """A score as stored in a plan (JSON: tuples become lists)."""
    return json.loads(json.dumps(dataclasses.asdict(score))) if score is not None else {}


# --- Region groups -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionGroup:
    region: Region | None
    members: tuple[int, ...]


def region_rounds(registrations: Sequence[Registration], rounds: int) -> list[list[RegionGroup]]:
    """One group per region in every round (regions in alphabetical order); people without a
    region spread over them as guests, visiting other regions in later rounds. Only people
    without a region: one group of them."""
    people = [person(registration) for registration in registrations]
    regions = {r.region.slug: r.region for r in registrations if r.region is not None}
    groups = grouping.region_groups(people)
    keyed = [(people_region(people, group), group) for group in groups]
    homes = [(slug, ids) for slug, ids in keyed if slug]
    guests = [i for slug, ids in keyed if not slug for i in ids]
    if not homes:
        return [[RegionGroup(region=None, members=tuple(guests))] for _ in range(rounds)]
    visited: dict[int, set[int]] = {guest: set() for guest in guests}
    result = []
    for round_index in range(rounds):
        placed: list[list[int]] = [list(ids) for _slug, ids in homes]
        extra = [0] * len(homes)
        for position, guest in enumerate(guests):
            best = min(
                range(len(homes)),
                key=lambda g: (
                    extra[g],
                    g in visited[guest],
                    len(placed[g]),
                    (g - position - round_index * len(guests)) % len(homes),
                ),
            )
            placed[best].append(guest)
            extra[best] += 1
            visited[guest].add(best)
        result.append(
            [
                RegionGroup(region=regions[slug], members=tuple(members))
                for (slug, _ids), members in zip(homes, placed, strict=True)
            ]
        )
    return result


def people_region(people: Sequence[grouping.Person], ids: Sequence[int]) -> str:
    by_id = {p.id: p.region for p in people}
    return by_id[ids[0]] if ids else ""
