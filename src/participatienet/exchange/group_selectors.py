"""Reads for the group pages, the printables, the export and the report of the day. Each runs
a fixed number of queries, whatever the number of registrations and groups."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participatienet.exchange.choices import (
    REPORTABLE_STATUSES,
    InsightKind,
    InsightStatus,
    InsightTheme,
    PairKind,
    RegistrationStatus,
    SessionKind,
)
from participatienet.exchange.models import (
    Group,
    GroupMember,
    GroupPlan,
    Insight,
    LearningDay,
    PairRule,
    Registration,
    Session,
)
from participatienet.exchange.planning import earlier_mixed_sessions

#: Width in pixels of a bar at quality 100.
SCORE_BAR = 220

#: The parts of the quality score (``grouping.scoring``), in the order shown.
PART_LABELS = {
    "region_mix": gettext_lazy("Regions mixed"),
    "role_balance": gettext_lazy("Roles spread evenly"),
    "variety": gettext_lazy("New people in every round"),
    "choices": gettext_lazy("Theme choices honoured"),
    "wishes": gettext_lazy("Pair rules kept"),
    "sizes": gettext_lazy("Group sizes within ±1"),
    "capacity": gettext_lazy("Tables within their places"),
    "distinct_themes": gettext_lazy("A different theme in every round"),
}

#: Counts of a score: (key, label, shown for mixed groups, shown for learning tables).
COUNT_LABELS = (
    ("same_region_pairs", gettext_lazy("Pairs from the same region"), True, True),
    (
        "unavoidable_same_region_pairs",
        gettext_lazy("… of which no grouping can avoid"),
        True,
        True,
    ),
    ("role_imbalance", gettext_lazy("People off an even spread of roles"), True, False),
    ("repeat_meetings", gettext_lazy("Meetings with someone met before"), True, False),
    ("kept_apart_violations", gettext_lazy("Pairs kept apart who sit together"), True, False),
    ("kept_together_violations", gettext_lazy("Pairs kept together who sit apart"), True, False),
    ("size_spread", gettext_lazy("Largest difference between group sizes"), True, True),
    ("missed_choice_points", gettext_lazy("Choice points missed"), False, True),
    (
        "unavoidable_missed_choice_points",
        gettext_lazy("… of which the places make unavoidable"),
        False,
        True,
    ),
)

#: What the last move changed: (key, label, higher is better).
CHANGE_LABELS = (
    ("quality", gettext_lazy("Quality (0–100)"), True),
    ("same_region_pairs", gettext_lazy("Pairs from the same region"), False),
    ("role_imbalance", gettext_lazy("People off an even spread of roles"), False),
    ("repeat_meetings", gettext_lazy("Meetings with someone met before"), False),
    ("kept_apart_violations", gettext_lazy("Pairs kept apart who sit together"), False),
    ("kept_together_violations", gettext_lazy("Pairs kept together who sit apart"), False),
    ("size_violations", gettext_lazy("People beyond the allowed group sizes"), False),
    ("missed_choice_points", gettext_lazy("Choice points missed"), False),
)


# --- The groups of a session ---------------------------------------------------------------------


@dataclass
class MemberRow:
    member: GroupMember
    registration: Registration
    same_region: bool = False
    met_before: list[str] = field(default_factory=list)
    gone: bool = False
    choice_rank: int | None = None


@dataclass
class GroupRow:
    group: Group
    members: list[MemberRow]
    capacity: int | None = None

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def regions(self) -> int:
        return len({m.registration.region_id for m in self.members if m.registration.region_id})

    @property
    def reporter(self) -> Registration | None:
        return next((m.registration for m in self.members if m.member.is_reporter), None)

    @property
    def over_capacity(self) -> bool:
        return self.capacity is not None and self.size > self.capacity


@dataclass
class RoundRow:
    number: int
    groups: list[GroupRow]


@dataclass
class Bar:
    key: str
    label: str
    quality: float
    y: int = 0

    @property
    def width(self) -> int:
        return round(SCORE_BAR * max(0.0, min(self.quality, 100.0)) / 100)


@dataclass
class Change:
    label: str
    before: float
    after: float
    higher_is_better: bool

    @property
    def delta(self) -> float:
        return round(self.after - self.before, 1)

    @property
    def better(self) -> bool:
        return self.delta > 0 if self.higher_is_better else self.delta < 0


@dataclass
class Comparison:
    bars: list[Bar]
    parts: list[tuple[str, Any, Any, Any]]
    counts: list[tuple[str, Any, Any, Any]]
    honoured: list[tuple[str, Any, Any, Any]]

    @property
    def height(self) -> int:
        return 28 * len(self.bars) + 8

    @property
    def bar_scale(self) -> int:
        return SCORE_BAR


@dataclass
class PlanPage:
    session: Session
    plan: GroupPlan | None
    rounds: list[RoundRow]
    warnings: list[tuple[str, str]]
    unplaced: list[Registration]
    comparison: Comparison | None
    changes: list[Change]
    options: dict[int, list[tuple[int, str]]]
    rules: int
    placed: int = 0


def _value(score: dict[str, Any], key: str) -> Any:
    return score.get(key, "–") if score else "–"


def comparison(plan: GroupPlan, kind: str) -> Comparison | None:
    """The plan's score next to drawing lots and the hand-made way (None for region groups)."""
    if not plan.score:
        return None
    current, random, greedy = plan.score, plan.random_score, plan.greedy_score
    bars = [Bar("plan", _("These groups"), current["quality"])]
    if plan.moves and plan.formed_score:
        bars.append(Bar("formed", _("As the solver formed them"), plan.formed_score["quality"]))
    tables = kind == SessionKind.LEARNING_TABLES
    by_hand = (
        _("By hand (first come, first served)") if tables else _("By hand (largest regions first)")
    )
    bars += [
        Bar("greedy", by_hand, greedy.get("quality", 0.0)),
        Bar("random", _("Drawing lots"), random.get("quality", 0.0)),
    ]
    for index, bar in enumerate(bars):
        bar.y = 4 + 28 * index
    parts = [
        (
            str(label),
            current["parts"].get(name, "–"),
            random.get("parts", {}).get(name, "–"),
            greedy.get("parts", {}).get(name, "–"),
        )
        for name, label in PART_LABELS.items()
        if name in current.get("parts", {})
    ]
    counts = [
        (str(label), _value(current, key), _value(random, key), _value(greedy, key))
        for key, label, mixed, at_tables in COUNT_LABELS
        if (at_tables if tables else mixed)
    ]
    honoured = []
    if tables:
        labels = (_("1st choice"), _("2nd choice"), _("3rd choice"), _("A theme not chosen"))
        for index, label in enumerate(labels):
            honoured.append(
                (
                    label,
                    current["choices_honoured"][index],
                    random.get("choices_honoured", ["–"] * 4)[index],
                    greedy.get("choices_honoured", ["–"] * 4)[index],
                )
            )
    return Comparison(bars=bars, parts=parts, counts=counts, honoured=honoured)


def changes(plan: GroupPlan) -> list[Change]:
    """What the last move changed in the score (empty before any move)."""
    before, after = plan.previous_score or {}, plan.score or {}
    if not before or not after:
        return []
    return [
        Change(str(label), before[key], after[key], higher)
        for key, label, higher in CHANGE_LABELS
        if key in before and key in after and (key == "quality" or before[key] or after[key])
    ]


def _met_before(session: Session, plan: GroupPlan) -> dict[int, set[int]]:
    """Registration id -> those met in the mixed groups of earlier sessions (one query)."""
    if session.kind != SessionKind.MIXED_GROUPS:
        return {}
    rows = GroupMember.objects.filter(
        plan__session__in=earlier_mixed_sessions(session)
    ).values_list("group_id", "registration_id")
    groups: dict[int, list[int]] = defaultdict(list)
    for group_id, registration_id in rows:
        groups[group_id].append(registration_id)
    met: dict[int, set[int]] = defaultdict(set)
    for members in groups.values():
        for a, b in combinations(members, 2):
            met[a].add(b)
            met[b].add(a)
    return met


def plan_page(session: Session) -> PlanPage:
    """Everything the groups page of ``session`` shows (at most eight queries)."""
    plan = GroupPlan.objects.filter(session=session).select_related("created_by").first()
    confirmed = list(
        Registration.objects.confirmed()
        .filter(day_id=session.day_id)
        .select_related("region")
        .order_by("name", "pk")
    )
    rules = PairRule.objects.filter(day_id=session.day_id).count()
    if plan is None:
        return PlanPage(session, None, [], [], confirmed, None, [], {}, rules)
    groups = list(plan.groups.select_related("table", "region").order_by("round", "number"))
    members = list(
        plan.members.select_related("registration__region").order_by(
            "registration__name", "registration_id"
        )
    )
    pairs = list(PairRule.objects.filter(day_id=session.day_id).values_list("a_id", "b_id", "kind"))
    earlier = _met_before(session, plan)
    by_group: dict[int, list[MemberRow]] = {group.pk: [] for group in groups}
    names: dict[int, str] = {}
    for member in members:
        registration = member.registration
        names[registration.pk] = registration.name
        row = MemberRow(
            member=member,
            registration=registration,
            gone=registration.status != RegistrationStatus.CONFIRMED,
        )
        by_group[member.group_id].append(row)
    warnings: list[tuple[str, str]] = []
    rounds: list[RoundRow] = []
    met: dict[int, set[int]] = {pk: set(ids) for pk, ids in earlier.items()}
    tables = session.kind == SessionKind.LEARNING_TABLES
    for number in range(1, session.rounds + 1):
        rows = []
        for group in (g for g in groups if g.round == number):
            member_rows = by_group[group.pk]
            _flag_group(group, member_rows, met, names, warnings, session, tables)
            capacity = None
            if tables:
                capacity = (group.table.capacity if group.table else None) or session.group_size
            row = GroupRow(group=group, members=member_rows, capacity=capacity)
            if row.over_capacity:
                warnings.append(
                    (
                        "capacity",
                        _("%(group)s (round %(round)s) has %(size)s people for %(places)s places.")
                        % {
                            "group": group.display_label,
                            "round": number,
                            "size": row.size,
                            "places": capacity,
                        },
                    )
                )
            rows.append(row)
        for row in rows:
            ids = [m.registration.pk for m in row.members]
            for a, b in combinations(ids, 2):
                met.setdefault(a, set()).add(b)
                met.setdefault(b, set()).add(a)
        rounds.append(RoundRow(number=number, groups=rows))
    _flag_pairs(pairs, groups, members, names, warnings)
    placed = {member.registration_id for member in members}
    unplaced = [r for r in confirmed if r.pk not in placed]
    if unplaced:
        warnings.append(
            (
                "unplaced",
                _(
                    "%(count)s people got a place after the groups were formed and are in no "
                    "group. Form the groups again to place them."
                )
                % {"count": len(unplaced)},
            )
        )
    gone = {
        m.registration_id for m in members if m.registration.status != RegistrationStatus.CONFIRMED
    }
    if gone:
        warnings.append(
            (
                "gone",
                _("%(count)s people in these groups no longer come (cancelled).")
                % {"count": len(gone)},
            )
        )
    stale = (
        GroupPlan.objects.filter(
            session__in=earlier_mixed_sessions(session), updated_at__gt=plan.created_at
        ).exists()
        if session.kind == SessionKind.MIXED_GROUPS
        else False
    )
    if stale:
        warnings.append(
            (
                "stale",
                _(
                    "The mixed groups of an earlier session changed after these groups were "
                    "formed: form these again to count who met whom."
                ),
            )
        )
    options = {
        number: [(g.pk, g.display_label) for g in groups if g.round == number]
        for number in range(1, session.rounds + 1)
    }
    return PlanPage(
        session=session,
        plan=plan,
        rounds=rounds,
        warnings=warnings,
        unplaced=unplaced,
        comparison=comparison(plan, session.kind),
        changes=changes(plan),
        options=options,
        rules=rules,
        placed=len(placed),
    )


def _flag_group(
    group: Group,
    rows: list[MemberRow],
    met: dict[int, set[int]],
    names: dict[int, str],
    warnings: list[tuple[str, str]],
    session: Session,
    tables: bool,
) -> None:
    regions = Counter(r.registration.region_id for r in rows if r.registration.region_id)
    crowded = {region for region, count in regions.items() if count > 1}
    if session.kind == SessionKind.REGION_GROUPS:
        crowded = set()
    for row in rows:
        registration = row.registration
        row.same_region = registration.region_id in crowded
        if session.kind == SessionKind.MIXED_GROUPS:
            seen = met.get(registration.pk, set())
            row.met_before = sorted(
                names[other.registration.pk]
                for other in rows
                if other.registration.pk in seen and other is not row
            )
        if tables and group.table_id:
            chosen = (
                registration.first_choice_id,
                registration.second_choice_id,
                registration.third_choice_id,
            )
            row.choice_rank = chosen.index(group.table_id) + 1 if group.table_id in chosen else 0
    for region in sorted(crowded):
        people = [r.registration for r in rows if r.registration.region_id == region]
        warnings.append(
            (
                "same_region",
                _("%(group)s (round %(round)s): %(count)s people from %(region)s (%(names)s).")
                % {
                    "group": group.display_label,
                    "round": group.round,
                    "count": len(people),
                    "region": people[0].region.name,
                    "names": ", ".join(p.name for p in people),
                },
            )
        )
    if session.kind == SessionKind.MIXED_GROUPS:
        repeated = sorted(
            {
                tuple(sorted((row.registration.name, name)))
                for row in rows
                for name in row.met_before
            }
        )
        for a, b in repeated:
            warnings.append(
                (
                    "repeat",
                    _("%(group)s (round %(round)s): %(a)s and %(b)s met before.")
                    % {"group": group.display_label, "round": group.round, "a": a, "b": b},
                )
            )


def _flag_pairs(
    pairs: list[tuple[int, int, str]],
    groups: list[Group],
    members: list[GroupMember],
    names: dict[int, str],
    warnings: list[tuple[str, str]],
) -> None:
    where = {(m.round, m.registration_id): m.group_id for m in members}
    rounds = sorted({g.round for g in groups})
    for a, b, kind in pairs:
        for number in rounds:
            ga, gb = where.get((number, a)), where.get((number, b))
            if ga is None or gb is None:
                continue
            if kind == PairKind.KEEP_APART and ga == gb:
                text = _("Round %(round)s: %(a)s and %(b)s should be kept apart but sit together.")
            elif kind == PairKind.KEEP_TOGETHER and ga != gb:
                text = _("Round %(round)s: %(a)s and %(b)s should be kept together but sit apart.")
            else:
                continue
            warnings.append(("pair", text % {"round": number, "a": names[a], "b": names[b]}))


# --- Printables and the export -------------------------------------------------------------------


@dataclass
class PrintGroup:
    group: Group
    members: list[GroupMember]


@dataclass
class PrintSession:
    session: Session
    rounds: list[tuple[int, list[PrintGroup]]]


def _day_groups(day: LearningDay, session: Session | None = None) -> list[PrintSession]:
    """Every plan of ``day`` (or of ``session``), its groups per round, members by name
    (two queries)."""
    groups = Group.objects.filter(plan__session__day=day).select_related("plan__session", "table")
    members = GroupMember.objects.filter(plan__session__day=day).select_related(
        "registration__region"
    )
    if session is not None:
        groups = groups.filter(plan__session=session)
        members = members.filter(plan__session=session)
    groups = groups.order_by("plan__session__starts_at", "plan__session_id", "round", "number")
    by_group: dict[int, list[GroupMember]] = defaultdict(list)
    for member in members.order_by("registration__name", "registration_id"):
        by_group[member.group_id].append(member)
    sessions: dict[int, PrintSession] = {}
    for group in groups:
        current = group.plan.session
        entry = sessions.setdefault(current.pk, PrintSession(session=current, rounds=[]))
        if not entry.rounds or entry.rounds[-1][0] != group.round:
            entry.rounds.append((group.round, []))
        entry.rounds[-1][1].append(PrintGroup(group=group, members=by_group[group.pk]))
    return list(sessions.values())


def session_print(session: Session) -> PrintSession | None:
    found = _day_groups(session.day, session)
    return found[0] if found else None


@dataclass
class Slot:
    session: Session
    round: int
    group: Group


@dataclass
class Badge:
    registration: Registration
    slots: list[Slot]


def badges(day: LearningDay) -> list[Badge]:
    """A badge per confirmed participant, with their group and room in each group session
    (two queries)."""
    registrations = list(
        day.registrations.confirmed().select_related("region").order_by("name", "pk")
    )
    slots: dict[int, list[Slot]] = defaultdict(list)
    for member in (
        GroupMember.objects.filter(plan__session__day=day)
        .select_related("group__plan__session")
        .order_by("plan__session__starts_at", "plan__session_id", "round")
    ):
        slots[member.registration_id].append(
            Slot(session=member.group.plan.session, round=member.round, group=member.group)
        )
    return [Badge(registration=r, slots=slots.get(r.pk, [])) for r in registrations]


@dataclass
class RoomSheet:
    room: str
    sessions: list[PrintSession]


def room_sheets(day: LearningDay) -> list[RoomSheet]:
    """Per room (alphabetical, groups without a room last): which groups meet there in which
    session and round, with their members (two queries)."""
    rooms: dict[str, dict[int, PrintSession]] = defaultdict(dict)
    for entry in _day_groups(day):
        for number, groups in entry.rounds:
            for printed in groups:
                room = printed.group.room
                sheet = rooms[room].setdefault(
                    entry.session.pk, PrintSession(session=entry.session, rounds=[])
                )
                if not sheet.rounds or sheet.rounds[-1][0] != number:
                    sheet.rounds.append((number, []))
                sheet.rounds[-1][1].append(printed)
    order = sorted(rooms, key=lambda room: (room == "", room.casefold()))
    return [RoomSheet(room=room, sessions=list(rooms[room].values())) for room in order]


def export_headers() -> list[str]:
    return [
        _("Session"),
        _("Starts at"),
        _("Round"),
        _("Group"),
        _("Room"),
        _("Name"),
        _("Organisation"),
        _("Region"),
        _("Role"),
        _("Reporter"),
    ]


def export_rows(day: LearningDay) -> Iterable[list[Any]]:
    for entry in _day_groups(day):
        for number, groups in entry.rounds:
            for printed in groups:
                for member in printed.members:
                    registration = member.registration
                    yield [
                        entry.session.title,
                        entry.session.starts_at.strftime("%H:%M"),
                        number,
                        printed.group.display_label,
                        printed.group.room,
                        registration.name,
                        registration.organisation_name,
                        registration.region.name if registration.region else "",
                        registration.get_role_display(),
                        member.is_reporter,
                    ]


def group_sessions(day: LearningDay) -> list[Session]:
    """The day's sessions in groups, in time order, each with ``plan`` (or None) (one query)."""
    sessions = list(
        day.sessions.filter(
            kind__in=[
                SessionKind.MIXED_GROUPS,
                SessionKind.REGION_GROUPS,
                SessionKind.LEARNING_TABLES,
            ]
        )
        .select_related("group_plan")
        .order_by("starts_at", "pk")
    )
    for session in sessions:
        session.plan = getattr(session, "group_plan", None)
    return sessions


# --- The report of the day -----------------------------------------------------------------------


@dataclass
class Quote:
    text: str
    name: str
    organisation: str


@dataclass
class ThemeBlock:
    label: str
    insights: list[Insight]


@dataclass
class KindBlock:
    kind: str
    label: str
    themes: list[ThemeBlock]

    @property
    def count(self) -> int:
        return sum(len(block.insights) for block in self.themes)


@dataclass
class Composition:
    session: Session
    rounds: int
    groups: int
    smallest: int
    largest: int
    regions_per_group: float
    quality: float | None


@dataclass
class ReportPage:
    kinds: list[KindBlock]
    quotes: list[Quote]
    theme_counts: list[tuple[str, int, int, int]]
    regions: list[tuple[str, int]]
    without_region: int
    participants: int
    composition: list[Composition]
    count: int


def quote_of(insight: Insight) -> Quote | None:
    """The insight's quote: named only with the quoted person's consent."""
    if not insight.quote:
        return None
    person = insight.quoted
    if person is not None and person.consent_named_in_report:
        return Quote(insight.quote, person.name, person.organisation_name)
    return Quote(insight.quote, "", "")


def report_insights(insights: QuerySet[Insight], *, preview: bool) -> list[Insight]:
    """The insights of the report among ``insights``: published ones, or (``preview``, for
    the programme team before publishing) those that would be published."""
    statuses = REPORTABLE_STATUSES if preview else (InsightStatus.PUBLISHED,)
    return list(
        insights.filter(status__in=statuses).select_related("quoted").order_by("kind", "pk")
    )


def report_page(day: LearningDay, insights: list[Insight]) -> ReportPage:
    """The report of ``day`` from ``insights``: per kind and main theme (the first), the
    quotes, counts per theme, participants per region (no names) and how the groups were
    composed (four queries)."""
    theme_labels = dict(InsightTheme.choices)
    kinds = []
    for kind, kind_label in InsightKind.choices:
        blocks: dict[str, list[Insight]] = defaultdict(list)
        for insight in insights:
            if insight.kind == kind:
                main = next((t for t in insight.themes if t in theme_labels), "")
                blocks[main].append(insight)
        ordered = [
            ThemeBlock(str(theme_labels[theme]), blocks[theme])
            for theme in InsightTheme.values
            if theme in blocks
        ]
        if "" in blocks:
            ordered.append(ThemeBlock(_("Other"), blocks[""]))
        kinds.append(KindBlock(kind, str(kind_label), ordered))
    counts: dict[str, Counter] = defaultdict(Counter)
    for insight in insights:
        for theme in insight.themes:
            if theme in theme_labels:
                counts[theme][insight.kind] += 1
    theme_counts = [
        (
            str(theme_labels[theme]),
            counts[theme][InsightKind.INSIGHT],
            counts[theme][InsightKind.BOTTLENECK],
            counts[theme][InsightKind.IDEA],
        )
        for theme in InsightTheme.values
        if counts[theme]
    ]
    quotes = [q for q in (quote_of(i) for i in insights) if q is not None]
    per_region = Counter(
        day.registrations.confirmed().values_list("region__name", flat=True).order_by()
    )
    without = per_region.pop(None, 0)
    regions = sorted(per_region.items(), key=lambda item: item[0])
    return ReportPage(
        kinds=kinds,
        quotes=quotes,
        theme_counts=theme_counts,
        regions=regions,
        without_region=without,
        participants=sum(per_region.values()) + without,
        composition=composition(day),
        count=len(insights),
    )


def composition(day: LearningDay) -> list[Composition]:
    """How the groups of each session were composed, without names (two queries)."""
    plans = list(
        GroupPlan.objects.filter(session__day=day)
        .select_related("session")
        .order_by("session__starts_at", "session_id")
    )
    rows = GroupMember.objects.filter(plan__session__day=day).values_list(
        "plan_id", "round", "group_id", "registration__region_id"
    )
    groups: dict[int, dict[int, list[int | None]]] = defaultdict(lambda: defaultdict(list))
    for plan_id, _round, group_id, region_id in rows:
        groups[plan_id][group_id].append(region_id)
    result = []
    for plan in plans:
        sizes = [len(regions) for regions in groups[plan.pk].values()]
        if not sizes:
            continue
        distinct = [len({r for r in regions if r}) for regions in groups[plan.pk].values()]
        result.append(
            Composition(
                session=plan.session,
                rounds=plan.session.rounds,
                groups=len(sizes) // max(plan.session.rounds, 1),
                smallest=min(sizes),
                largest=max(sizes),
                regions_per_group=round(sum(distinct) / len(distinct), 1),
                quality=plan.score.get("quality") if plan.score else None,
            )
        )
    return result
