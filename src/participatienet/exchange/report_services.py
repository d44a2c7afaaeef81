"""The report of a learning day: the groups' insights, bottlenecks and ideas.

How a reporter's link keeps a draft
-----------------------------------
Each group's reporter gets a personal link (``accounts.links``, purpose ``learningday.report``)
about their ``GroupMember`` row. The link is never marked used: every insight is saved as a
draft the moment it is added, so the reporter can close the page and come back with the same
link to add, change or remove drafts, and then submit them. Submitted insights are read-only
for the reporter (the programme team may be editing them); more can still be added and
submitted. The link works while the day's report is open; once it is closed or published it
refuses input, and a new reporter for the group (or a move to another group) stops the old
reporter's links.

The programme team edits insights, hides them (also merging several into one, which hides the
others), and publishes the report: the submitted and edited insights become ``published`` and
everyone who sees learning days reads them. Quotes carry a name only when the quoted person
gave consent when they registered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from participatienet.accounts import audit, links
from participatienet.accounts.models import LinkToken
from participatienet.exchange.choices import (
    REPORT_TRANSITIONS,
    REPORTABLE_STATUSES,
    InsightKind,
    InsightStatus,
    InsightTheme,
    ReportStatus,
)
from participatienet.exchange.group_services import PURPOSE_REPORT
from participatienet.exchange.models import (
    DayReport,
    Group,
    GroupMember,
    Insight,
    LearningDay,
    Registration,
)
from participatienet.exchange.services import ExchangeError

#: Longest insight and quote kept; merged insights may be longer until the team shortens them.
MAX_TEXT = 1000
MAX_QUOTE = 300
MERGED_TEXT = 4000
#: Themes per insight, and insights per group.
MAX_THEMES = 3
MAX_INSIGHTS_PER_GROUP = 40


class ReportError(ExchangeError):
    """Input the report does not take now; ``code`` tells why."""


# --- By the reporter's link ----------------------------------------------------------------------


@dataclass
class ReporterAccess:
    token: LinkToken
    member: GroupMember
    group: Group
    report: DayReport | None

    @property
    def day(self) -> LearningDay:
        return self.group.plan.session.day

    @property
    def state(self) -> str:
        """``open``, ``closed``, ``published`` or ``not_reporter``."""
        if self.report is not None and self.report.status == ReportStatus.PUBLISHED:
            return "published"
        if not self.member.is_reporter:
            return "not_reporter"
        if self.report is not None and self.report.status == ReportStatus.CLOSED:
            return "closed"
        return "open"


def _access(token: LinkToken, *, lock: bool = False) -> ReporterAccess:
    if token.object_type != GroupMember._meta.label_lower:
        raise links.LinkInvalid
    members = GroupMember.objects.select_related(
        "registration", "group__plan__session__day", "group__table", "group__region"
    )
    if lock:
        members = members.select_for_update(of=("self",))
    try:
        member = members.get(pk=token.object_id)
    except (GroupMember.DoesNotExist, ValueError) as exc:
        raise links.LinkInvalid from exc
    report = DayReport.objects.filter(day_id=member.group.plan.session.day_id).first()
    return ReporterAccess(token=token, member=member, group=member.group, report=report)


def open_link(raw: str) -> ReporterAccess:
    """What the reporter's link ``raw`` is about; a ``links.LinkError`` when it is not a valid
    link. Opening changes nothing."""
    return _access(links.open(raw, purpose=PURPOSE_REPORT))


def _open_for_input(raw: str) -> ReporterAccess:
    access = _access(links.open(raw, purpose=PURPOSE_REPORT, lock=True), lock=True)
    if access.state != "open":
        raise ReportError(access.state)
    return access


def _via(access: ReporterAccess) -> str:
    return access.token.recipient or "link"


def _clean(
    *,
    group: Group,
    kind: str,
    text: str,
    themes: Sequence[str],
    quote: str,
    quoted: Registration | None,
) -> dict[str, Any]:
    text = text.strip()
    quote = " ".join(quote.split())
    themes = list(dict.fromkeys(themes))
    if (
        kind not in InsightKind.values
        or not text
        or len(text) > MAX_TEXT
        or len(quote) > MAX_QUOTE
        or len(themes) > MAX_THEMES
        or any(theme not in InsightTheme.values for theme in themes)
    ):
        raise ReportError("invalid")
    if quoted is not None and not group.members.filter(registration=quoted).exists():
        raise ReportError("invalid")
    return {
        "kind": kind,
        "text": text,
        "themes": themes,
        "quote": quote,
        "quoted": quoted if quote else None,
    }


@transaction.atomic
def save_insight(
    *,
    raw: str,
    kind: str,
    text: str,
    themes: Sequence[str] = (),
    quote: str = "",
    quoted: Registration | None = None,
    insight_id: int | None = None,
) -> Insight:
    """Add a draft insight to the reporter's group, or change one of its drafts
    (``insight_id``). Raises ``links.LinkError`` or ``ReportError``: ``closed``,
    ``published``, ``not_reporter``, ``invalid``, ``not_draft`` (not a draft of this group),
    ``too_many``."""
    access = _open_for_input(raw)
    group = access.group
    values = _clean(group=group, kind=kind, text=text, themes=themes, quote=quote, quoted=quoted)
    if insight_id is None:
        if group.insights.count() >= MAX_INSIGHTS_PER_GROUP:
            raise ReportError("too_many")
        insight = Insight(day=access.day, group=group, status=InsightStatus.DRAFT)
        action = "insight.drafted"
    else:
        insight = group.insights.filter(pk=insight_id, status=InsightStatus.DRAFT).first()
        if insight is None:
            raise ReportError("not_draft")
        action = "insight.changed"
    for name, value in values.items():
        setattr(insight, name, value)
    insight.save()
    audit.record(actor=None, via=_via(access), action=action, obj=insight, fields=["text"])
    return insight


@transaction.atomic
def delete_draft(*, raw: str, insight_id: int) -> None:
    """Remove a draft of the reporter's group (``ReportError("not_draft")`` otherwise)."""
    access = _open_for_input(raw)
    insight = access.group.insights.filter(pk=insight_id, status=InsightStatus.DRAFT).first()
    if insight is None:
        raise ReportError("not_draft")
    audit.record(actor=None, via=_via(access), action="insight.removed", obj=insight)
    insight.delete()


@transaction.atomic
def submit(*, raw: str, now: dt.datetime | None = None) -> int:
    """Submit the drafts of the reporter's group to the programme team; returns how many.
    ``ReportError("empty")`` when the group has nothing to submit."""
    access = _open_for_input(raw)
    group = access.group
    drafts = group.insights.filter(status=InsightStatus.DRAFT)
    count = drafts.update(status=InsightStatus.SUBMITTED, updated_at=now or timezone.now())
    if not count:
        raise ReportError("empty")
    group.submitted_at = now or timezone.now()
    group.save(update_fields=["submitted_at"])
    audit.record(
        actor=None,
        via=_via(access),
        action="insight.submitted",
        obj=group.plan.session,
        detail=f"group {group.pk}: {count} submitted",
    )
    return count


# --- The programme team --------------------------------------------------------------------------


def report_of(day: LearningDay, *, lock: bool = False) -> DayReport:
    """The day's report, created (open) the first time it is needed."""
    report, _created = DayReport.objects.get_or_create(day=day)
    if lock:
        report = DayReport.objects.select_for_update().get(pk=report.pk)
    return report


def _published(day: LearningDay) -> bool:
    return DayReport.objects.filter(day=day, status=ReportStatus.PUBLISHED).exists()


@transaction.atomic
def edit_insight(
    *,
    actor: Any,
    insight: Insight,
    kind: str,
    text: str,
    themes: Sequence[str] = (),
    quote: str = "",
    quoted: Registration | None = None,
) -> list[str]:
    """The programme team changes an insight; returns the changed fields. A draft or
    submitted insight becomes ``edited`` (a hidden or published one keeps its status)."""
    insight = Insight.objects.select_for_update().select_related("group").get(pk=insight.pk)
    values = _clean(
        group=insight.group, kind=kind, text=text, themes=themes, quote=quote, quoted=quoted
    )
    before = {name: getattr(insight, name) for name in values}
    for name, value in values.items():
        setattr(insight, name, value)
    changed = audit.changed_fields(before, values)
    if not changed:
        return []
    if insight.status in (InsightStatus.DRAFT, InsightStatus.SUBMITTED):
        insight.status = InsightStatus.EDITED
    insight.edited_by = actor
    insight.save()
    audit.record(actor=actor, action="insight.edited", obj=insight, fields=changed)
    return changed


def _shown_status(insight: Insight, published: bool) -> str:
    if published:
        return InsightStatus.PUBLISHED
    return InsightStatus.EDITED if insight.edited_by_id else InsightStatus.SUBMITTED


@transaction.atomic
def set_hidden(*, actor: Any, insight: Insight, hidden: bool) -> Insight:
    """Leave an insight out of the report, or take it back in (a hidden draft comes back as
    submitted: the programme team takes it in)."""
    insight = Insight.objects.select_for_update().get(pk=insight.pk)
    if hidden == (insight.status == InsightStatus.HIDDEN):
        return insight
    if hidden:
        insight.status = InsightStatus.HIDDEN
    else:
        insight.status = _shown_status(insight, _published(insight.day))
        insight.merged_into = None
    insight.save(update_fields=["status", "merged_into", "updated_at"])
    audit.record(actor=actor, action="insight.hidden" if hidden else "insight.shown", obj=insight)
    return insight


@transaction.atomic
def merge_insights(*, actor: Any, day: LearningDay, insights: Sequence[Insight]) -> Insight:
    """Merge insights of one kind into the first: its text gets the others' texts, its themes
    theirs, its quote the first quote there is; the others are hidden, pointing to it.
    Raises ``ReportError``: ``merge_few`` (fewer than two), ``merge_kinds``."""
    ids = sorted({insight.pk for insight in insights})
    rows = list(Insight.objects.select_for_update().filter(day=day, pk__in=ids).order_by("pk"))
    rows = [row for row in rows if row.status != InsightStatus.HIDDEN]
    if len(rows) < 2:
        raise ReportError("merge_few")
    if len({row.kind for row in rows}) > 1:
        raise ReportError("merge_kinds")
    target, others = rows[0], rows[1:]
    target.text = "\n\n".join(row.text for row in rows)[:MERGED_TEXT]
    target.themes = list(dict.fromkeys(theme for row in rows for theme in row.themes))
    if not target.quote:
        source = next((row for row in others if row.quote), None)
        if source is not None:
            target.quote, target.quoted = source.quote, source.quoted
    if target.status != InsightStatus.PUBLISHED:
        target.status = InsightStatus.EDITED
    target.edited_by = actor
    target.save()
    for row in others:
        row.status = InsightStatus.HIDDEN
        row.merged_into = target
        row.save(update_fields=["status", "merged_into", "updated_at"])
    audit.record(
        actor=actor,
        action="insight.merged",
        obj=target,
        detail=f"merged {', '.join(str(row.pk) for row in others)}",
    )
    return target


@transaction.atomic
def save_introduction(*, actor: Any, day: LearningDay, introduction: str) -> DayReport:
    report = report_of(day, lock=True)
    introduction = introduction.strip()
    if introduction != report.introduction:
        report.introduction = introduction
        report.save(update_fields=["introduction", "updated_at"])
        audit.record(actor=actor, action="dayreport.changed", obj=report, fields=["introduction"])
    return report


@transaction.atomic
def set_report_status(
    *, actor: Any, day: LearningDay, status: str, now: dt.datetime | None = None
) -> DayReport:
    """Close the report for input, open it again, publish it, or take it back (closed).

    Publishing makes the submitted and edited insights ``published`` (drafts a reporter never
    submitted and hidden ones stay out); taking it back makes them edited or submitted
    again. ``ReportError``: ``transition``, ``empty`` (nothing to publish)."""
    report = report_of(day, lock=True)
    if status not in REPORT_TRANSITIONS.get(report.status, frozenset()):
        raise ReportError("transition")
    insights = Insight.objects.filter(day=day)
    if status == ReportStatus.PUBLISHED:
        count = insights.filter(status__in=REPORTABLE_STATUSES).update(
            status=InsightStatus.PUBLISHED
        )
        if not count and not insights.filter(status=InsightStatus.PUBLISHED).exists():
            raise ReportError("empty")
        report.published_at = now or timezone.now()
        report.published_by = actor if getattr(actor, "is_authenticated", False) else None
    elif report.status == ReportStatus.PUBLISHED:
        published = insights.filter(status=InsightStatus.PUBLISHED)
        published.filter(edited_by__isnull=False).update(status=InsightStatus.EDITED)
        published.update(status=InsightStatus.SUBMITTED)
    before = report.status
    report.status = status
    report.save()
    audit.record(actor=actor, action="dayreport.status", obj=report, detail=f"{before} -> {status}")
    return report
