"""Groups of a learning day: forming them, moving people by hand, reporters, rooms and the
pair rules. One function per use case, each in one transaction with its audit entry.

Forming groups runs the solver of ``grouping`` on the confirmed registrations (``planning``)
and compares its result with drawing lots and with forming groups by hand; the scores are kept
with the plan. A plan is replaced only when the caller says so (``replace``), and never once
reporters have written insights for its groups; the replaced plan's score stays in the audit
log. Moving someone by hand re-scores the plan and keeps the score before the move, so the
page can show what changed.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from participatienet import grouping
from participatienet.accounts import audit, links
from participatienet.accounts.models import LinkToken
from participatienet.exchange import planning
from participatienet.exchange.choices import (
    ACTIVE_STATUSES,
    PairKind,
    ReportStatus,
    SessionKind,
)
from participatienet.exchange.models import (
    DayReport,
    Group,
    GroupMember,
    GroupPlan,
    Insight,
    LearningDay,
    PairRule,
    Registration,
    Session,
)
from participatienet.exchange.services import ExchangeError

logger = logging.getLogger(__name__)

#: The purpose of a reporter's personal link (``accounts.links``).
PURPOSE_REPORT = "learningday.report"
#: A reporter's link works this many days (and stops earlier when the report is published).
REPORT_LINK_DAYS = 90
#: Rooms one plan may spread its groups over.
MAX_ROOMS = 30


class GroupError(ExchangeError):
    """Groups cannot be formed or changed this way; ``code`` tells why."""


# --- Forming groups ------------------------------------------------------------------------------


def _lock_session(session: Session) -> Session:
    return Session.objects.select_for_update().select_related("day").get(pk=session.pk)


def _rooms(rooms: Sequence[str]) -> list[str]:
    cleaned = [" ".join(room.split())[:100] for room in rooms]
    return [room for room in cleaned if room][:MAX_ROOMS]


def _room(rooms: list[str], number: int, default: str) -> str:
    return rooms[(number - 1) % len(rooms)] if rooms else default


@transaction.atomic
def form_groups(
    *,
    actor: Any,
    session: Session,
    replace: bool = False,
    seed: int | None = None,
    rooms: Sequence[str] = (),
    time_limit: float = planning.SOLVER_TIME_LIMIT,
) -> GroupPlan:
    """Form the groups of ``session`` from the day's confirmed registrations.

    Mixed groups and learning tables are solved (``grouping.form_groups``) and scored next to
    drawing lots and the hand-made way; region groups are one group per region. ``rooms``
    spreads the groups over rooms in turn (default: the table's or the session's room).
    Raises ``GroupError``: ``not_in_groups``, ``plan_exists`` (without ``replace``),
    ``has_insights``, ``too_few``, ``no_group_size``, ``no_tables``, ``seats`` (the tables
    hold fewer people than come) or ``rules`` (pair rules that cannot be kept together).
    """
    session = _lock_session(session)
    if not session.in_groups:
        raise GroupError("not_in_groups")
    existing = GroupPlan.objects.filter(session=session).first()
    if existing is not None:
        if not replace:
            raise GroupError("plan_exists")
        if Insight.objects.filter(group__plan=existing).exists():
            raise GroupError("has_insights")
    registrations = planning.confirmed(session)
    if len(registrations) < 2:
        raise GroupError("too_few")
    seed = secrets.randbelow(1_000_000) if seed is None else seed
    rooms = _rooms(rooms)
    if session.kind == SessionKind.REGION_GROUPS:
        plan, groups = _region_plan(session, registrations, rooms)
    else:
        plan, groups = _solved_plan(session, registrations, rooms, seed, time_limit)
    if existing is not None:
        audit.record(
            actor=actor,
            action="groupplan.replaced",
            obj=session,
            detail=_summary(existing, prefix="replaced plan"),
        )
        existing.delete()
    plan.session = session
    plan.created_by = actor if getattr(actor, "is_authenticated", False) else None
    plan.seed = seed
    plan.save()
    _save_groups(plan, groups)
    audit.record(
        actor=actor,
        action="groupplan.formed",
        obj=session,
        fields=["registration"],
        detail=_summary(plan, prefix=f"{len(registrations)} people"),
    )
    return plan


def _summary(plan: GroupPlan, *, prefix: str) -> str:
    score = plan.score or {}
    if not score:
        return f"{prefix}; {plan.method}"
    return (
        f"{prefix}; {plan.method}; quality {score.get('quality')} "
        f"(random {plan.random_score.get('quality')}, by hand {plan.greedy_score.get('quality')});"
        f" same-region pairs {score.get('same_region_pairs')}, repeats "
        f"{score.get('repeat_meetings')}"
    )


@dataclass(frozen=True)
class _NewGroup:
    round: int
    number: int
    label: str
    room: str
    table: Any
    region: Any
    members: tuple[int, ...]


def _solved_plan(
    session: Session,
    registrations: list[Registration],
    rooms: list[str],
    seed: int,
    time_limit: float,
) -> tuple[GroupPlan, list[_NewGroup]]:
    people = [planning.person(registration) for registration in registrations]
    tables: list[Any] = []
    try:
        if session.kind == SessionKind.LEARNING_TABLES:
            tables = planning.tables_of(session)
            if not tables:
                raise GroupError("no_tables")
            problem: grouping.MixProblem | grouping.TableProblem = planning.table_problem(
                session, people, tables
            )
        else:
            if not session.group_size:
                raise GroupError("no_group_size")
            problem = planning.mix_problem(session, people)
    except ValueError as error:
        code = "seats" if session.kind == SessionKind.LEARNING_TABLES else "rules"
        raise GroupError(code, str(error)) from error
    assignment = grouping.form_groups(problem, seed=seed, time_limit=time_limit)
    score = grouping.score(problem, assignment)
    plan = GroupPlan(
        method=assignment.method,
        optimal=assignment.optimal,
        score=planning.score_dict(score),
        formed_score=planning.score_dict(score),
        random_score=planning.score_dict(
            grouping.score(problem, grouping.random_baseline(problem, seed=seed))
        ),
        greedy_score=planning.score_dict(
            grouping.score(problem, grouping.greedy_baseline(problem))
        ),
    )
    groups = []
    for round_index, rnd in enumerate(assignment.rounds):
        for index, members in enumerate(rnd):
            table = tables[index] if tables else None
            groups.append(
                _NewGroup(
                    round=round_index + 1,
                    number=index + 1,
                    label=table.theme if table else "",
                    room=_room(rooms, index + 1, (table.room if table else "") or session.room),
                    table=table,
                    region=None,
                    members=members,
                )
            )
    return plan, groups


def _region_plan(
    session: Session, registrations: list[Registration], rooms: list[str]
) -> tuple[GroupPlan, list[_NewGroup]]:
    plan = GroupPlan(method=planning.METHOD_REGIONS, optimal=True)
    groups = []
    for round_index, rnd in enumerate(planning.region_rounds(registrations, session.rounds)):
        for index, group in enumerate(rnd):
            groups.append(
                _NewGroup(
                    round=round_index + 1,
                    number=index + 1,
                    label=group.region.name if group.region else "",
                    room=_room(rooms, index + 1, session.room),
                    table=None,
                    region=group.region,
                    members=group.members,
                )
            )
    return plan, groups


def _save_groups(plan: GroupPlan, groups: list[_NewGroup]) -> None:
    created = Group.objects.bulk_create(
        Group(
            plan=plan,
            round=group.round,
            number=group.number,
            label=group.label[:150],
            room=group.room,
            table=group.table,
            region=group.region,
        )
        for group in groups
    )
    GroupMember.objects.bulk_create(
        GroupMember(plan=plan, round=group.round, group=row, registration_id=registration_id)
        for group, row in zip(groups, created, strict=True)
        for registration_id in group.members
    )


# --- Changing a plan by hand ---------------------------------------------------------------------


def _lock_plan(plan: GroupPlan) -> GroupPlan:
    return (
        GroupPlan.objects.select_for_update(of=("self",))
        .select_related("session__day")
        .get(pk=plan.pk)
    )


@dataclass(frozen=True)
class Move:
    """What a move changed: the scores before and after (empty for region groups)."""

    before: dict[str, Any]
    after: dict[str, Any]
    source: Group
    target: Group


@transaction.atomic
def move_member(
    *, actor: Any, plan: GroupPlan, registration: Registration, round: int, group: Group
) -> Move:
    """Move ``registration`` to ``group`` in ``round`` of ``plan`` and re-score the plan.

    Sizes may leave ±1 and a table may get more people than places: the score shows it. A
    reporter who moves is no longer the reporter of their old group (their link stops).
    Raises ``GroupError``: ``not_member``, ``wrong_group``, ``same_group``."""
    plan = _lock_plan(plan)
    member = (
        GroupMember.objects.select_related("group", "registration")
        .filter(plan=plan, round=round, registration=registration)
        .first()
    )
    if member is None:
        raise GroupError("not_member")
    if group.plan_id != plan.pk or group.round != round:
        raise GroupError("wrong_group")
    if member.group_id == group.pk:
        raise GroupError("same_group")
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    if plan.session.kind != SessionKind.REGION_GROUPS:
        current = planning.stored(plan)
        if current.problem is None:  # pragma: no cover - only region groups have none
            raise GroupError("not_in_groups")
        target = current.group_ids[round - 1].index(group.pk)
        moved = grouping.move(
            current.problem, current.assignment, registration.pk, round - 1, target
        )
        before = planning.score_dict(grouping.score(current.problem, current.assignment))
        after = planning.score_dict(grouping.score(current.problem, moved))
    source = member.group
    was_reporter = member.is_reporter
    member.group = group
    member.is_reporter = False
    member.save(update_fields=["group", "is_reporter"])
    if was_reporter:
        _revoke_links(member)
    plan.previous_score = before
    plan.score = after
    plan.moves += 1
    plan.save(update_fields=["previous_score", "score", "moves", "updated_at"])
    detail = f"session {plan.session_id} round {round}: {source} -> {group}"
    if before:
        detail += f"; quality {before['quality']} -> {after['quality']}"
    audit.record(actor=actor, action="groupmember.moved", obj=registration, detail=detail)
    return Move(before=before, after=after, source=source, target=group)


def _revoke_links(member: GroupMember) -> None:
    LinkToken.objects.filter(
        purpose=PURPOSE_REPORT,
        object_type=GroupMember._meta.label_lower,
        object_id=str(member.pk),
    ).delete()


@transaction.atomic
def set_reporter(*, actor: Any, group: Group, registration: Registration | None) -> Group:
    """Make ``registration`` (a member of ``group``) its reporter, or nobody (None). The
    previous reporter's link stops working. ``GroupError("not_member")`` otherwise."""
    group = Group.objects.select_for_update().get(pk=group.pk)
    members = list(group.members.select_for_update())
    chosen = None
    if registration is not None:
        chosen = next((m for m in members if m.registration_id == registration.pk), None)
        if chosen is None:
            raise GroupError("not_member")
    for member in members:
        if member.is_reporter and member is not chosen:
            member.is_reporter = False
            member.save(update_fields=["is_reporter"])
            _revoke_links(member)
    if chosen is not None and not chosen.is_reporter:
        chosen.is_reporter = True
        chosen.save(update_fields=["is_reporter"])
    audit.record(
        actor=actor,
        action="group.reporter",
        obj=group.plan.session,
        detail=f"group {group.pk}: "
        + (f"registration {registration.pk}" if registration else "no reporter"),
    )
    return group


@transaction.atomic
def set_rooms(*, actor: Any, plan: GroupPlan, rooms: Sequence[str]) -> int:
    """Spread the plan's groups over ``rooms`` in turn (group 1 in the first room, ...), in
    every round; no rooms: each group back to its table's or the session's room. Returns the
    number of groups whose room changed."""
    plan = _lock_plan(plan)
    rooms = _rooms(rooms)
    changed = 0
    for group in plan.groups.select_related("table").order_by("round", "number"):
        default = (group.table.room if group.table else "") or plan.session.room
        room = _room(rooms, group.number, default)
        if room != group.room:
            group.room = room
            group.save(update_fields=["room"])
            changed += 1
    audit.record(
        actor=actor,
        action="groupplan.rooms",
        obj=plan.session,
        detail=f"{changed} groups; rooms: {', '.join(rooms) or 'default'}"[:300],
    )
    return changed


# --- Pair rules ----------------------------------------------------------------------------------


def _clusters(pairs: set[tuple[int, int]]) -> dict[int, int]:
    """Person -> the smallest id of their keep-together cluster."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {x: root(x) for x in list(parent)}


@transaction.atomic
def add_pair_rule(
    *,
    actor: Any,
    day: LearningDay,
    a: Registration,
    b: Registration,
    kind: str,
    note: str = "",
) -> PairRule:
    """Keep two people of ``day`` apart or together in mixed groups.

    Raises ``GroupError``: ``same_person`` (a person with themself), ``not_of_day``,
    ``rule_exists`` (this rule is there already), ``both_kinds`` (the pair is already kept the
    other way), ``conflict`` (through other keep-together pairs the two would be both apart
    and together) or ``too_many_together`` (more people kept together than the smallest group
    of mixed groups of the day)."""
    if a.pk == b.pk:
        raise GroupError("same_person")
    if kind not in PairKind.values:
        raise GroupError("kind")
    LearningDay.objects.select_for_update().get(pk=day.pk)
    people = {
        r.pk: r
        for r in Registration.objects.filter(
            day=day, pk__in=[a.pk, b.pk], status__in=ACTIVE_STATUSES
        )
    }
    if len(people) != 2:
        raise GroupError("not_of_day")
    first, second = sorted((a.pk, b.pk))
    existing = PairRule.objects.filter(day=day, a_id=first, b_id=second).first()
    if existing is not None:
        raise GroupError("rule_exists" if existing.kind == kind else "both_kinds")
    rules = list(PairRule.objects.filter(day=day).values_list("a_id", "b_id", "kind"))
    together = {(x, y) for x, y, k in rules if k == PairKind.KEEP_TOGETHER}
    apart = {(x, y) for x, y, k in rules if k == PairKind.KEEP_APART}
    if kind == PairKind.KEEP_TOGETHER:
        together.add((first, second))
    else:
        apart.add((first, second))
    cluster = _clusters(together)
    if any(x in cluster and cluster[x] == cluster.get(y) for x, y in apart):
        raise GroupError("conflict")
    if kind == PairKind.KEEP_TOGETHER:
        size = sum(1 for root in cluster.values() if root == cluster[first])
        sizes = [
            s
            for s in Session.objects.filter(day=day, kind=SessionKind.MIXED_GROUPS).values_list(
                "group_size", flat=True
            )
            if s
        ]
        if sizes and size > min(sizes):
            raise GroupError("too_many_together")
    rule = PairRule.objects.create(
        day=day,
        a_id=first,
        b_id=second,
        kind=kind,
        note=" ".join(note.split())[:200],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(
        actor=actor,
        action="pairrule.created",
        obj=day,
        detail=f"{kind}: registrations {first} and {second}",
    )
    return rule


@transaction.atomic
def remove_pair_rule(*, actor: Any, rule: PairRule) -> None:
    audit.record(
        actor=actor,
        action="pairrule.removed",
        obj=rule.day,
        detail=f"{rule.kind}: registrations {rule.a_id} and {rule.b_id}",
    )
    rule.delete()


# --- Reporters' links ----------------------------------------------------------------------------


def reporter_link(member: GroupMember) -> str:
    """A new personal link for the reporter ``member``; earlier links of theirs stop."""
    _revoke_links(member)
    return links.create(
        purpose=PURPOSE_REPORT,
        obj=member,
        recipient=member.registration.email,
        days=REPORT_LINK_DAYS,
    )


def report_url(raw: str) -> str:
    return settings.SITE_URL + reverse("exchange:report_by_link", kwargs={"token": raw})


@dataclass(frozen=True)
class LinksSent:
    sent: int
    without_reporter: int


@transaction.atomic
def send_reporter_links(*, actor: Any, session: Session) -> LinksSent:
    """E-mail each reporter of the session's groups a personal link to write the group's
    insights (after the commit). Raises ``GroupError``: ``no_plan``, ``report_closed`` (the
    day's report no longer takes input)."""
    session = _lock_session(session)
    plan = GroupPlan.objects.filter(session=session).first()
    if plan is None:
        raise GroupError("no_plan")
    report = DayReport.objects.filter(day_id=session.day_id).first()
    if report is not None and report.status != ReportStatus.OPEN:
        raise GroupError("report_closed")
    groups = list(plan.groups.order_by("round", "number"))
    reporters = list(
        GroupMember.objects.filter(plan=plan, is_reporter=True).select_related(
            "registration", "group"
        )
    )
    for member in reporters:
        raw = reporter_link(member)
        transaction.on_commit(
            lambda member=member, raw=raw: send_reporter_mail(member, session, raw)
        )
    audit.record(
        actor=actor,
        action="group.reporter_links",
        obj=session,
        detail=f"{len(reporters)} links sent",
    )
    return LinksSent(sent=len(reporters), without_reporter=len(groups) - len(reporters))


def send_reporter_mail(member: GroupMember, session: Session, raw: str) -> None:
    """The reporter's e-mail, in Dutch; a mail server hiccup is logged, nothing is undone."""
    try:
        context = {
            "member": member,
            "group": member.group,
            "session": session,
            "day": session.day,
            "link": report_url(raw),
            "now": timezone.now(),
        }
        with translation.override(settings.LANGUAGE_CODE):
            subject = "".join(
                render_to_string("exchange/email/reporter_subject.txt", context).splitlines()
            )
            body = render_to_string("exchange/email/reporter.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [member.registration.email])
    except Exception:
        logger.exception("Reporter e-mail for group member %s failed", member.pk)
