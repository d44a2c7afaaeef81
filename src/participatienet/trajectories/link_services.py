"""What the pages for offer partners need around ``trajectories.services``.

The signed-link pages (no account) and the partner's in-app pages change state only through
``trajectories.services``; this module adds the reads and the glue around those calls:

- ``using_link``: open a link for one purpose, locked, inside one transaction, and mark it used
  only when the work inside succeeded;
- what a partner may see of a newcomer (``newcomer_for_partner``), with its audit record;
- the trajectory's progress ("32 of 40 confirmed hours");
- the partner's to-do list (``partner_todo``), in a fixed number of queries;
- the plan of hour reminders, for ``send_reminders --dry-run``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, Min, OuterRef, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participatienet.accounts import audit, links, policy
from participatienet.accounts.choices import Role
from participatienet.accounts.models import LinkToken
from participatienet.offers import schedule
from participatienet.offers.choices import Language, PartOfDay, Weekday
from participatienet.trajectories import services
from participatienet.trajectories.choices import HourStatus, ParticipationStatus, Respondent
from participatienet.trajectories.models import (
    Feedback,
    HourEntry,
    Newcomer,
    Participation,
    Trajectory,
)

#: How the pages load a participation: everything they show, in one query.
PARTICIPATION_RELATED = (
    "trajectory__newcomer",
    "trajectory__counsellor",
    "trajectory__newcomer__counsellor",
    "offer__contact",
    "organisation",
)

#: Participations that ended longer ago than this no longer appear as feedback to give.
FEEDBACK_TODO_DAYS = 90

#: Statuses in which a participation has ended (after it ran, feedback is asked).
ENDED_STATUSES = (ParticipationStatus.COMPLETED, ParticipationStatus.STOPPED)


def load_participation(pk: Any) -> Participation:
    return Participation.objects.select_related(*PARTICIPATION_RELATED).get(pk=pk)


def link_participation(token: LinkToken) -> Participation:
    """The participation a link is about; ``LinkInvalid`` when it is about something else."""
    if token.object_type != Participation._meta.label_lower:
        raise links.LinkInvalid
    try:
        return load_participation(token.object_id)
    except (Participation.DoesNotExist, ValueError) as exc:
        raise links.LinkInvalid from exc


@dataclass
class LinkUse:
    token: LinkToken
    participation: Participation

    @property
    def label(self) -> str:
        """How the proof names whoever acted by this link."""
        recipient = self.token.recipient
        # Only the address: the channel is kept apart (``confirmed_via``) and shown translated.
        return recipient[:200] if recipient else "link"


@contextmanager
def using_link(raw: str, *, purpose: str) -> Iterator[LinkUse]:
    """Open the link ``raw`` for ``purpose`` (row locked) inside one transaction.

    The block does the work; when it ends without an exception the link is marked used and the
    use is audited, in the same transaction. Any exception rolls everything back and leaves the
    link usable. Raises a ``links.LinkError`` for an invalid, expired or used link.
    """
    with transaction.atomic():
        token = links.open(raw, purpose=purpose, lock=True)
        use = LinkUse(token=token, participation=link_participation(token))
        yield use
        links.use(token)
        audit.record(
            actor=None,
            via=use.label,
            action="link.used",
            obj=use.participation,
            detail=purpose,
        )


def name_link_answer(use: LinkUse) -> None:
    """Record the link's recipient as who answered (the service records only "link")."""
    Participation.objects.filter(pk=use.participation.pk).update(answered_by_label=use.label)


def name_link_confirmations(use: LinkUse, entries: Iterable[HourEntry]) -> None:
    """Record the link's recipient as who confirmed (the service records "e-mail link")."""
    HourEntry.objects.filter(pk__in=[e.pk for e in entries]).update(confirmed_by_label=use.label)


@transaction.atomic
def give_partner_feedback(
    *, actor: Any, participation: Participation, answers: dict[str, Any]
) -> Feedback:
    """The partner's feedback given in the app. ``services.give_feedback`` records no actor (it
    assumes a link), so this adds who gave it to the audit log, in the same transaction."""
    feedback = services.give_feedback(
        participation=participation, respondent=Respondent.PARTNER, answers=answers, language="nl"
    )
    audit.record(actor=actor, action="feedback.partner_by_account", obj=feedback)
    return feedback


# --- What a partner sees of a newcomer -----------------------------------------------------------

#: The newcomer's needs, as the partner reads them after "Needs:".
_NEEDS = {
    "needs_childcare": _("childcare"),
    "needs_women_only": _("a women-only group"),
    "needs_wheelchair": _("wheelchair access"),
}


@dataclass(frozen=True)
class NewcomerForPartner:
    """Only what the hosting partner needs (DESIGN.md): no last name, no municipality."""

    first_name: str
    dutch_level: str
    needs: list[str]
    languages: list[str]
    availability: list[str]
    shares_contact: bool
    phone: str = ""
    email: str = ""
    preferred_channel: str = ""

    @property
    def fields(self) -> list[str]:
        """The newcomer's fields this view shows (for the audit record)."""
        shown = ["first_name", "dutch_level", *_NEEDS, "languages", "availability_mask"]
        if self.shares_contact:
            shown += ["phone", "email", "preferred_channel"]
        return shown


def availability_labels(mask: int) -> list[str]:
    """``["Tuesday: afternoon, evening", ...]`` for a weekly availability mask."""
    days: dict[int, list[str]] = {}
    for day, part in schedule.slots_of_mask(mask):
        days.setdefault(day, []).append(str(PartOfDay(part).label))
    return [f"{Weekday(day).label}: {', '.join(parts)}" for day, parts in sorted(days.items())]


def language_labels(codes: Iterable[str]) -> list[str]:
    labels = dict(Language.choices)
    return [str(labels.get(code, code)) for code in codes or ()]


def newcomer_for_partner(newcomer: Newcomer) -> NewcomerForPartner:
    shares = newcomer.consent_share_contact
    return NewcomerForPartner(
        first_name=newcomer.first_name,
        dutch_level=newcomer.get_dutch_level_display(),
        needs=[str(label) for name, label in _NEEDS.items() if getattr(newcomer, name)],
        languages=language_labels(newcomer.languages),
        availability=availability_labels(newcomer.availability_mask),
        shares_contact=shares,
        phone=newcomer.phone if shares else "",
        email=newcomer.email if shares else "",
        preferred_channel=newcomer.get_preferred_channel_display() if shares else "",
    )


def record_partner_read(
    *, actor: Any, newcomer: Newcomer, shown: NewcomerForPartner, via: str = "e-mail link"
) -> None:
    """Audit that the partner (by account, or by link when ``actor`` is None) read these fields."""
    audit.record(
        actor=actor,
        via=via,
        action="newcomer.viewed",
        obj=newcomer,
        fields=shown.fields,
        detail="referral shown to the offer partner",
    )


def counsellor_of(participation: Participation) -> Any:
    trajectory = participation.trajectory
    return trajectory.counsellor or trajectory.newcomer.counsellor


# --- Progress ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    confirmed: Decimal
    required: Decimal

    @property
    def percent(self) -> int:
        if not self.required:
            return 100
        return min(100, int(self.confirmed * 100 / self.required))

    @property
    def complete(self) -> bool:
        return self.confirmed >= self.required


def progress_of(trajectory: Trajectory) -> Progress:
    return Progress(
        confirmed=services.confirmed_hours(trajectory), required=trajectory.required_hours
    )


def unconfirmed_entries(participation: Participation) -> list[HourEntry]:
    return list(
        participation.hour_entries.filter(status=HourStatus.UNCONFIRMED).order_by("date", "pk")
    )


def partner_feedback_given(participation: Participation) -> Feedback | None:
    return Feedback.objects.filter(
        participation=participation, respondent=Respondent.PARTNER
    ).first()


def newcomer_feedback_given(participation: Participation) -> bool:
    return Feedback.objects.filter(
        participation=participation, respondent=Respondent.NEWCOMER
    ).exists()


# --- The partner's to-do list --------------------------------------------------------------------


def partner_organisation_ids(user: Any) -> frozenset[int]:
    """The organisations ``user`` is a partner contact of (empty for everyone else)."""
    return policy.grants_for(user).organisation_ids(Role.PARTNER_CONTACT)


def _days_since(moment: dt.datetime | None, now: dt.datetime) -> int:
    return max((now - moment).days, 0) if moment else 0


@dataclass(frozen=True)
class WaitingReferral:
    participation: Participation
    days: int


@dataclass(frozen=True)
class WaitingHours:
    participation: Participation
    entries: int
    hours: Decimal
    days: int
    first_date: dt.date


@dataclass(frozen=True)
class FeedbackToGive:
    participation: Participation
    ended_on: dt.date | None


@dataclass
class PartnerTodo:
    referrals: list[WaitingReferral] = field(default_factory=list)
    referral_count: int = 0
    referral_days: int = 0
    hours: list[WaitingHours] = field(default_factory=list)
    hour_entry_count: int = 0
    hour_participation_count: int = 0
    hour_days: int = 0
    feedback: list[FeedbackToGive] = field(default_factory=list)
    feedback_count: int = 0

    @property
    def total(self) -> int:
        return self.referral_count + self.hour_participation_count + self.feedback_count


def partner_todo(
    user: Any,
    *,
    organisation_ids: Iterable[int],
    limit: int = 10,
    now: dt.datetime | None = None,
) -> PartnerTodo:
    """What the partner contact ``user`` has to do for ``organisation_ids``: referrals to
    answer, hours to confirm, feedback to give. The oldest ``limit`` of each, with the totals;
    always the same handful of queries, however many rows there are."""
    now = now or timezone.now()
    organisation_ids = list(organisation_ids)
    ours = policy.visible(user, Participation.objects.all()).filter(
        organisation_id__in=organisation_ids
    )
    todo = PartnerTodo()

    waiting = ours.filter(status=ParticipationStatus.REFERRED)
    totals = waiting.aggregate(n=Count("pk"), oldest=Min("referred_at"))
    todo.referral_count = totals["n"]
    todo.referral_days = _days_since(totals["oldest"], now)
    todo.referrals = [
        WaitingReferral(p, _days_since(p.referred_at or p.created_at, now))
        for p in waiting.select_related(*PARTICIPATION_RELATED).order_by("referred_at", "pk")[
            :limit
        ]
    ]

    entries = HourEntry.objects.filter(
        status=HourStatus.UNCONFIRMED, participation__in=ours.values("pk")
    )
    totals = entries.aggregate(
        n=Count("pk"),
        participations=Count("participation", distinct=True),
        oldest=Min("entered_at"),
    )
    todo.hour_entry_count = totals["n"]
    todo.hour_participation_count = totals["participations"]
    todo.hour_days = _days_since(totals["oldest"], now)
    groups = list(
        entries.order_by()
        .values("participation_id")
        .annotate(n=Count("pk"), total=Sum("hours"), oldest=Min("entered_at"), first=Min("date"))
        .order_by("oldest", "participation_id")[:limit]
    )
    by_pk = Participation.objects.select_related(*PARTICIPATION_RELATED).in_bulk(
        [g["participation_id"] for g in groups]
    )
    todo.hours = [
        WaitingHours(
            participation=by_pk[g["participation_id"]],
            entries=g["n"],
            hours=g["total"],
            days=_days_since(g["oldest"], now),
            first_date=g["first"],
        )
        for g in groups
    ]

    since = timezone.localdate(now) - dt.timedelta(days=FEEDBACK_TODO_DAYS)
    given = Feedback.objects.filter(participation=OuterRef("pk"), respondent=Respondent.PARTNER)
    due = ours.filter(
        status__in=ENDED_STATUSES, started_on__isnull=False, ended_on__gte=since
    ).exclude(Exists(given))
    todo.feedback_count = due.count()
    todo.feedback = [
        FeedbackToGive(p, p.ended_on)
        for p in due.select_related(*PARTICIPATION_RELATED).order_by("ended_on", "pk")[:limit]
    ]
    return todo


# --- Reminders -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderLine:
    participation_id: int
    title: str
    organisation: str
    recipient: str
    entries: int
    oldest: dt.datetime


def plan_hour_reminders(*, now: dt.datetime | None = None) -> list[ReminderLine]:
    """The reminders ``services.send_hour_reminders`` would send now, without sending any:
    per participation, its entries unconfirmed for HOURS_REMINDER_DAYS and not reminded yet."""
    groups = list(
        services.hours_due_for_reminder(now=now)
        .order_by()
        .values("participation_id")
        .annotate(n=Count("pk"), oldest=Min("entered_at"))
        .order_by("participation_id")
    )
    participations = Participation.objects.select_related("offer__contact", "organisation").in_bulk(
        [g["participation_id"] for g in groups]
    )
    lines = []
    for group in groups:
        participation = participations[group["participation_id"]]
        lines.append(
            ReminderLine(
                participation_id=participation.pk,
                title=participation.title,
                organisation=participation.organisation_name,
                recipient=participation.contact_email,
                entries=group["n"],
                oldest=group["oldest"],
            )
        )
    return lines
