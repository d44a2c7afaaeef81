"""Trajectory operations: one function per use case, each in one transaction with its audit.

The lifecycles are in DESIGN.md and ``choices.py``:
trajectory ``intake → searching → active → completed | stopped``;
participation ``proposed → referred → accepted | declined → active → completed | stopped``.
Hours count once the offer's contact confirms them; a trajectory completes at ≥ 40 confirmed
hours. E-mails with links go out after the transaction commits.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation

from participatienet.accounts import audit, links
from participatienet.offers.choices import OfferStatus
from participatienet.offers.models import Offer
from participatienet.trajectories.choices import (
    OCCUPYING_STATUSES,
    OPEN_TRAJECTORY_STATUSES,
    PARTICIPATION_TRANSITIONS,
    TRAJECTORY_TRANSITIONS,
    HourStatus,
    ParticipationStatus,
    Respondent,
    TrajectoryStatus,
)
from participatienet.trajectories.models import (
    MAX_HOURS_PER_ENTRY,
    MIN_HOURS_PER_ENTRY,
    Feedback,
    HourEntry,
    Newcomer,
    Participation,
    Trajectory,
)

logger = logging.getLogger(__name__)

#: Fields of a newcomer that are personal data (all of them are audited when they change).
NEWCOMER_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "preferred_channel",
    "preferred_language",
    "municipality",
    "languages",
    "dutch_level",
    "themes_mask",
    "availability_mask",
    "max_distance_km",
    "mobility",
    "needs_childcare",
    "needs_women_only",
    "needs_wheelchair",
    "obligation",
    "kbi_reference",
    "counsellor",
    "consent_given_on",
    "consent_share_contact",
)

PURPOSE_ANSWER = "participation.answer"
PURPOSE_HOURS = "hours.confirm"
PURPOSE_FEEDBACK_NEWCOMER = "feedback.newcomer"
PURPOSE_FEEDBACK_PARTNER = "feedback.partner"


class TrajectoryError(Exception):
    """An operation the current state does not allow; ``code`` tells which."""

    code = "not_allowed"

    def __init__(self, code: str | None = None, message: str = "") -> None:
        super().__init__(message or code or self.code)
        if code:
            self.code = code


class OfferFull(TrajectoryError):
    code = "offer_full"


class OfferNotActive(TrajectoryError):
    code = "offer_not_active"


def _lock(obj: Any) -> None:
    """Lock ``obj``'s row for this transaction and reload it, so the caller's instance is the
    one that changes (and no concurrent change is lost)."""
    type(obj).objects.select_for_update().filter(pk=obj.pk).values_list("pk", flat=True).get()
    obj.refresh_from_db()


# --- Newcomers -----------------------------------------------------------------------------------


def _label(actor: Any, via: str = "") -> str:
    if actor is not None and getattr(actor, "is_authenticated", False):
        return f"{actor.get_full_name()} <{actor.email}>"[:200]
    return via or "system"


@transaction.atomic
def create_newcomer(*, actor: Any, **fields: Any) -> Newcomer:
    """Create a newcomer; the region follows from the municipality."""
    newcomer = Newcomer(**fields)
    newcomer.region_id = newcomer.municipality.region_id
    newcomer.full_clean()
    newcomer.save()
    audit.record(
        actor=actor,
        action="newcomer.created",
        obj=newcomer,
        fields=[f for f in NEWCOMER_FIELDS if f in fields],
    )
    return newcomer


@transaction.atomic
def update_newcomer(*, actor: Any, newcomer: Newcomer, **fields: Any) -> list[str]:
    """Change a newcomer; returns (and audits) the names of the fields that changed. When the
    counsellor or the municipality (so the region) changes, the open trajectory follows, so the
    new counsellor and coordinators see it and the old ones no longer do."""
    before = {name: getattr(newcomer, name) for name in fields}
    for name, value in fields.items():
        setattr(newcomer, name, value)
    changed = audit.changed_fields(before, {name: getattr(newcomer, name) for name in fields})
    if not changed:
        return []
    save_fields = list(changed)
    if "municipality" in changed:
        newcomer.region_id = newcomer.municipality.region_id
        save_fields.append("region")
    newcomer.full_clean()
    newcomer.save(update_fields=save_fields)
    audit.record(actor=actor, action="newcomer.changed", obj=newcomer, fields=changed)
    if {"counsellor", "municipality"} & set(changed):
        open_trajectories = Trajectory.objects.select_for_update().filter(
            newcomer=newcomer, status__in=OPEN_TRAJECTORY_STATUSES
        )
        for trajectory in open_trajectories:
            moved = []
            if trajectory.counsellor_id != newcomer.counsellor_id:
                trajectory.counsellor_id = newcomer.counsellor_id
                moved.append("counsellor")
            if trajectory.region_id != newcomer.region_id:
                trajectory.region_id = newcomer.region_id
                moved.append("region")
            if moved:
                trajectory.save(update_fields=moved)
                audit.record(actor=actor, action="trajectory.changed", obj=trajectory, fields=moved)
    return changed


def record_newcomer_read(*, actor: Any, newcomer: Newcomer, fields: Iterable[str] = ()) -> None:
    audit.record(
        actor=actor, action="newcomer.viewed", obj=newcomer, fields=fields or NEWCOMER_FIELDS
    )


# --- Trajectories --------------------------------------------------------------------------------


def _move_trajectory(trajectory: Trajectory, status: str) -> None:
    if not trajectory.is_open:
        raise TrajectoryError("trajectory_closed")
    if status not in TRAJECTORY_TRANSITIONS[trajectory.status]:
        raise TrajectoryError("trajectory_transition")
    trajectory.status = status


@transaction.atomic
def open_trajectory(*, actor: Any, newcomer: Newcomer) -> Trajectory:
    """Start the trajectory of a newcomer (intake). A newcomer has one open trajectory."""
    if Trajectory.objects.filter(newcomer=newcomer, status__in=OPEN_TRAJECTORY_STATUSES).exists():
        raise TrajectoryError("already_open")
    trajectory = Trajectory.objects.create(
        newcomer=newcomer,
        region_id=newcomer.region_id,
        counsellor_id=newcomer.counsellor_id,
        status=TrajectoryStatus.INTAKE,
    )
    audit.record(actor=actor, action="trajectory.opened", obj=trajectory)
    return trajectory


def confirmed_hours(trajectory: Trajectory) -> Decimal:
    total = HourEntry.objects.filter(
        participation__trajectory=trajectory, status=HourStatus.CONFIRMED
    ).aggregate(total=Sum("hours"))["total"]
    return total or Decimal("0")


@transaction.atomic
def complete_trajectory(*, actor: Any, trajectory: Trajectory) -> Trajectory:
    """Complete at ≥ the required confirmed hours; running participations complete too."""
    _lock(trajectory)
    if confirmed_hours(trajectory) < trajectory.required_hours:
        raise TrajectoryError("not_enough_hours")
    _move_trajectory(trajectory, TrajectoryStatus.COMPLETED)
    trajectory.closed_on = timezone.localdate()
    trajectory.save(update_fields=["status", "closed_on"])
    for participation in trajectory.participations.filter(status=ParticipationStatus.ACTIVE):
        end_participation(
            actor=actor, participation=participation, status=ParticipationStatus.COMPLETED
        )
    audit.record(actor=actor, action="trajectory.completed", obj=trajectory)
    return trajectory


@transaction.atomic
def stop_trajectory(*, actor: Any, trajectory: Trajectory, reason: str) -> Trajectory:
    if not reason.strip():
        raise TrajectoryError("reason_required")
    _lock(trajectory)
    _move_trajectory(trajectory, TrajectoryStatus.STOPPED)
    trajectory.closed_on = timezone.localdate()
    trajectory.stop_reason = reason.strip()
    trajectory.save(update_fields=["status", "closed_on", "stop_reason"])
    open_statuses = [s for s, nxt in PARTICIPATION_TRANSITIONS.items() if nxt]
    for participation in trajectory.participations.filter(status__in=open_statuses):
        end_participation(
            actor=actor,
            participation=participation,
            status=ParticipationStatus.STOPPED,
            reason=reason,
        )
    audit.record(actor=actor, action="trajectory.stopped", obj=trajectory, fields=["stop_reason"])
    return trajectory


# --- Participations ------------------------------------------------------------------------------


def _move(participation: Participation, status: str) -> None:
    if status not in PARTICIPATION_TRANSITIONS[participation.status]:
        raise TrajectoryError("participation_transition")
    participation.status = status


def free_places(offer: Offer) -> int:
    taken = offer.participations.filter(status__in=OCCUPYING_STATUSES).count()
    return max(offer.capacity - taken, 0)


@transaction.atomic
def refer(*, actor: Any, trajectory: Trajectory, offer: Offer) -> Participation:
    """Refer a newcomer to an offer; takes one place. The last place cannot be given twice:
    the offer row is locked while places are counted."""
    offer = Offer.objects.select_for_update().select_related("contact").get(pk=offer.pk)
    if offer.status != OfferStatus.ACTIVE:
        raise OfferNotActive
    _lock(trajectory)
    if not trajectory.is_open:
        raise TrajectoryError("trajectory_closed")
    if trajectory.participations.filter(offer=offer, status__in=OCCUPYING_STATUSES).exists():
        raise TrajectoryError("already_referred")
    if free_places(offer) < 1:
        raise OfferFull
    now = timezone.now()
    participation = Participation.objects.create(
        trajectory=trajectory,
        offer=offer,
        organisation_id=offer.organisation_id,
        status=ParticipationStatus.REFERRED,
        referred_by=actor if getattr(actor, "is_authenticated", False) else None,
        referred_at=now,
    )
    if trajectory.status == TrajectoryStatus.INTAKE:
        trajectory.status = TrajectoryStatus.SEARCHING
        trajectory.save(update_fields=["status"])
    audit.record(actor=actor, action="participation.referred", obj=participation)
    transaction.on_commit(lambda: send_referral(participation))
    return participation


@dataclass(frozen=True)
class OwnActivity:
    title: str
    organisation_name: str
    contact_name: str
    contact_email: str
    contact_phone: str = ""
    attests_dutch_context: bool = False
    attests_social_contact: bool = False
    started_on: dt.date | None = None


@transaction.atomic
def record_own_activity(
    *, actor: Any, trajectory: Trajectory, activity: OwnActivity
) -> Participation:
    """An activity the newcomer found outside the catalogue; it must meet both criteria.
    It is active at once; its contact person confirms hours by link like any other."""
    if not (activity.attests_dutch_context and activity.attests_social_contact):
        raise TrajectoryError("criteria_not_met")
    if activity.started_on and activity.started_on > timezone.localdate():
        raise TrajectoryError("future_date")
    _lock(trajectory)
    if not trajectory.is_open:
        raise TrajectoryError("trajectory_closed")
    participation = Participation.objects.create(
        trajectory=trajectory,
        is_own_activity=True,
        status=ParticipationStatus.ACTIVE,
        own_title=activity.title,
        own_organisation_name=activity.organisation_name,
        own_contact_name=activity.contact_name,
        own_contact_email=activity.contact_email,
        own_contact_phone=activity.contact_phone,
        own_attests_dutch_context=True,
        own_attests_social_contact=True,
        started_on=activity.started_on or timezone.localdate(),
        referred_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if trajectory.status in (TrajectoryStatus.INTAKE, TrajectoryStatus.SEARCHING):
        trajectory.status = TrajectoryStatus.ACTIVE
        trajectory.save(update_fields=["status"])
    audit.record(
        actor=actor,
        action="participation.own_activity_recorded",
        obj=participation,
        fields=["own_contact_name", "own_contact_email", "own_contact_phone"],
    )
    return participation


@transaction.atomic
def answer_referral(
    *,
    actor: Any,
    participation: Participation,
    accept: bool,
    reason: str = "",
    via: str = "",
) -> Participation:
    """The partner accepts or declines a referral (in the app, or by link: ``via="link"``).
    Declining needs a reason and frees the place."""
    _lock(participation)
    if participation.status != ParticipationStatus.REFERRED:
        raise TrajectoryError("already_answered")
    if not accept and not reason.strip():
        raise TrajectoryError("reason_required")
    _move(participation, ParticipationStatus.ACCEPTED if accept else ParticipationStatus.DECLINED)
    participation.answered_at = timezone.now()
    participation.answered_by_label = _label(actor, via)
    participation.decline_reason = "" if accept else reason.strip()
    participation.save(
        update_fields=["status", "answered_at", "answered_by_label", "decline_reason"]
    )
    audit.record(
        actor=actor,
        via=via,
        action="participation.accepted" if accept else "participation.declined",
        obj=participation,
    )
    transaction.on_commit(lambda: send_answer_to_counsellor(participation))
    return participation


@transaction.atomic
def start_participation(
    *, actor: Any, participation: Participation, started_on: dt.date | None = None
) -> Participation:
    """The newcomer has started: the participation and the trajectory become active."""
    started_on = started_on or timezone.localdate()
    if started_on > timezone.localdate():
        raise TrajectoryError("future_date")
    _lock(participation)
    _move(participation, ParticipationStatus.ACTIVE)
    participation.started_on = started_on
    participation.save(update_fields=["status", "started_on"])
    trajectory = participation.trajectory
    if trajectory.status in (TrajectoryStatus.INTAKE, TrajectoryStatus.SEARCHING):
        trajectory.status = TrajectoryStatus.ACTIVE
        trajectory.save(update_fields=["status"])
    audit.record(actor=actor, action="participation.started", obj=participation)
    return participation


@transaction.atomic
def end_participation(
    *, actor: Any, participation: Participation, status: str, reason: str = ""
) -> Participation:
    """Complete or stop a participation; feedback links go to the newcomer and the partner."""
    if status not in (ParticipationStatus.COMPLETED, ParticipationStatus.STOPPED):
        raise TrajectoryError("participation_transition")
    if status == ParticipationStatus.STOPPED and not reason.strip():
        raise TrajectoryError("reason_required")
    _lock(participation)
    was_running = participation.status == ParticipationStatus.ACTIVE
    _move(participation, status)
    participation.ended_on = timezone.localdate()
    participation.stop_reason = reason.strip() if status == ParticipationStatus.STOPPED else ""
    participation.save(update_fields=["status", "ended_on", "stop_reason"])
    audit.record(actor=actor, action=f"participation.{status}", obj=participation)
    if was_running:
        transaction.on_commit(lambda: send_feedback_requests(participation))
    return participation


# --- Hours ---------------------------------------------------------------------------------------


def validate_hours(*, participation: Participation, date: dt.date, hours: Decimal) -> None:
    if participation.status not in (ParticipationStatus.ACTIVE, ParticipationStatus.COMPLETED):
        raise TrajectoryError("not_active")
    if not (MIN_HOURS_PER_ENTRY <= hours <= MAX_HOURS_PER_ENTRY):
        raise TrajectoryError("hours_out_of_range")
    if date > timezone.localdate():
        raise TrajectoryError("future_date")
    if participation.started_on and date < participation.started_on:
        raise TrajectoryError("before_start")
    if participation.ended_on and date > participation.ended_on:
        raise TrajectoryError("after_end")


@transaction.atomic
def add_hours(
    *,
    actor: Any,
    participation: Participation,
    date: dt.date,
    hours: Decimal,
    note: str = "",
    notify: bool = True,
) -> HourEntry:
    """Enter hours. A partner contact's own entry counts as confirmed at once; others wait for
    the partner, who gets an e-mail with a link to confirm."""
    validate_hours(participation=participation, date=date, hours=hours)
    from participatienet.accounts import policy

    by_partner = policy.can(actor, "hours.confirm", participation)
    now = timezone.now()
    label = _label(actor)
    entry = HourEntry.objects.create(
        participation=participation,
        date=date,
        hours=hours,
        note=note.strip(),
        entered_by=actor if getattr(actor, "is_authenticated", False) else None,
        entered_by_label=label,
        status=HourStatus.CONFIRMED if by_partner else HourStatus.UNCONFIRMED,
        confirmed_by=actor if by_partner else None,
        confirmed_by_label=label if by_partner else "",
        confirmed_via="account" if by_partner else "",
        confirmed_at=now if by_partner else None,
    )
    audit.record(actor=actor, action="hours.entered", obj=entry, fields=["date", "hours", "note"])
    if notify and not by_partner:
        transaction.on_commit(lambda: send_hours_request(participation))
    return entry


@dataclass(frozen=True)
class HourDecision:
    """What the partner says of one entry: confirm (possibly corrected) or not."""

    entry_id: int
    confirm: bool
    corrected_hours: Decimal | None = None
    reason: str = ""


@transaction.atomic
def confirm_hours(
    *,
    actor: Any,
    participation: Participation,
    decisions: Iterable[HourDecision],
    via: str = "account",
) -> list[HourEntry]:
    """Confirm, correct or reject unconfirmed entries of one participation, all or nothing.
    A correction or a rejection needs a reason."""
    decisions = list(decisions)
    entries = {
        entry.pk: entry
        for entry in HourEntry.objects.select_for_update().filter(
            participation=participation,
            status=HourStatus.UNCONFIRMED,
            pk__in=[d.entry_id for d in decisions],
        )
    }
    if len(entries) != len({d.entry_id for d in decisions}):
        raise TrajectoryError("unknown_entry")
    now = timezone.now()
    label = _label(actor, via)
    changed = []
    for decision in decisions:
        entry = entries[decision.entry_id]
        corrected = decision.corrected_hours is not None and decision.corrected_hours != entry.hours
        if (corrected or not decision.confirm) and not decision.reason.strip():
            raise TrajectoryError("reason_required")
        if corrected:
            if not MIN_HOURS_PER_ENTRY <= decision.corrected_hours <= MAX_HOURS_PER_ENTRY:
                raise TrajectoryError("hours_out_of_range")
            entry.original_hours = entry.hours
            entry.hours = decision.corrected_hours
            entry.correction_reason = decision.reason.strip()
        elif not decision.confirm:
            entry.correction_reason = decision.reason.strip()
        entry.status = HourStatus.CONFIRMED if decision.confirm else HourStatus.REJECTED
        entry.confirmed_by = actor if getattr(actor, "is_authenticated", False) else None
        entry.confirmed_by_label = label
        entry.confirmed_via = "link" if via == "link" else "account"
        entry.confirmed_at = now
        entry.save()
        audit.record(
            actor=actor,
            via=via,
            action="hours.confirmed" if decision.confirm else "hours.rejected",
            obj=entry,
            fields=["hours", "status"] + (["original_hours"] if corrected else []),
        )
        changed.append(entry)
    return changed


# --- Feedback ------------------------------------------------------------------------------------

NEWCOMER_QUESTIONS = ("felt_welcome", "practised_dutch", "met_new_people", "wants_to_continue")
PARTNER_QUESTIONS = ("fit", "counsellor_contact", "would_host_again")


@transaction.atomic
def give_feedback(
    *, participation: Participation, respondent: str, answers: dict[str, Any], language: str = "nl"
) -> Feedback:
    """Store the answers of a newcomer or a partner (once per respondent)."""
    questions = NEWCOMER_QUESTIONS if respondent == Respondent.NEWCOMER else PARTNER_QUESTIONS
    unknown = set(answers) - set(questions) - {"text"}
    if unknown:
        raise TrajectoryError("unknown_question")
    for name in questions:
        value = answers.get(name)
        if value is not None and not (1 <= int(value) <= 5):
            raise TrajectoryError("score_out_of_range")
    if Feedback.objects.filter(participation=participation, respondent=respondent).exists():
        raise TrajectoryError("already_given")
    feedback = Feedback.objects.create(
        participation=participation,
        respondent=respondent,
        language=language,
        text=(answers.get("text") or "").strip(),
        **{name: answers.get(name) for name in questions},
    )
    audit.record(actor=None, via="link", action=f"feedback.{respondent}", obj=feedback)
    return feedback


# --- Messages ------------------------------------------------------------------------------------


def _send(*, to: str, template: str, context: dict[str, Any], language: str = "nl") -> None:
    if not to:
        return
    with translation.override(language):
        subject = "".join(render_to_string(f"{template}_subject.txt", context).splitlines())
        body = render_to_string(f"{template}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


def send_referral(participation: Participation) -> None:
    """E-mail the offer's contact a link to accept or decline the referral."""
    token = links.create(
        purpose=PURPOSE_ANSWER, obj=participation, recipient=participation.contact_email
    )
    _send(
        to=participation.contact_email,
        template="trajectories/email/referral",
        context={"participation": participation, "link": links.url(token)},
    )


def send_answer_to_counsellor(participation: Participation) -> None:
    counsellor = participation.trajectory.counsellor
    if counsellor is None:
        return
    _send(
        to=counsellor.email,
        template="trajectories/email/answer",
        context={
            "participation": participation,
            "link": settings.SITE_URL + participation.trajectory.get_absolute_url(),
        },
    )


def send_hours_request(participation: Participation) -> None:
    """E-mail the contact a link listing the unconfirmed hours of this participation."""
    token = links.create(
        purpose=PURPOSE_HOURS, obj=participation, recipient=participation.contact_email
    )
    _send(
        to=participation.contact_email,
        template="trajectories/email/hours",
        context={"participation": participation, "link": links.url(token)},
    )


def send_feedback_requests(participation: Participation) -> None:
    """Ask both sides for feedback. The newcomer's e-mail is written in their preferred
    language (the texts of the feedback form, ``feedback_texts``), the partner's in Dutch."""
    from participatienet.trajectories import feedback_texts

    newcomer = participation.trajectory.newcomer
    if newcomer.email:
        token = links.create(
            purpose=PURPOSE_FEEDBACK_NEWCOMER, obj=participation, recipient=newcomer.email
        )
        texts = feedback_texts.texts_for(newcomer.preferred_language).texts
        body = "\n\n".join(
            [
                texts["mail_greeting"].format(name=newcomer.first_name),
                texts["mail_body"].format(offer=participation.title),
                links.url(token),
                texts["mail_thanks"],
            ]
        )
        send_mail(texts["mail_subject"], body + "\n", settings.DEFAULT_FROM_EMAIL, [newcomer.email])
    if participation.contact_email:
        token = links.create(
            purpose=PURPOSE_FEEDBACK_PARTNER,
            obj=participation,
            recipient=participation.contact_email,
        )
        _send(
            to=participation.contact_email,
            template="trajectories/email/feedback_partner",
            context={"participation": participation, "link": links.url(token)},
        )


@dataclass
class ReminderReport:
    participations: int
    entries: int
    recipients: list[str]
    #: Participations whose contact has no e-mail address: nothing sent, nothing marked.
    without_email: list[int] = field(default_factory=list)
    #: Participations whose e-mail failed: their entries stay due for the next run.
    failed: list[int] = field(default_factory=list)


def hours_due_for_reminder(*, now: dt.datetime | None = None) -> QuerySet[HourEntry]:
    """Entries unconfirmed for HOURS_REMINDER_DAYS and not reminded yet."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.HOURS_REMINDER_DAYS)
    return HourEntry.objects.filter(
        status=HourStatus.UNCONFIRMED, entered_at__lte=cutoff, reminder_sent_at__isnull=True
    )


def send_hour_reminders(*, now: dt.datetime | None = None) -> ReminderReport:
    """Remind contacts of hours unconfirmed for HOURS_REMINDER_DAYS; once per entry. A failed
    e-mail is logged and retried on the next run; the other reminders still go out."""
    now = now or timezone.now()
    due = hours_due_for_reminder(now=now)
    participation_ids = sorted(set(due.values_list("participation_id", flat=True)))
    report = ReminderReport(participations=len(participation_ids), entries=0, recipients=[])
    participations = Participation.objects.filter(pk__in=participation_ids).select_related(
        "offer__contact", "trajectory__newcomer"
    )
    for participation in participations:
        if not participation.contact_email:
            report.without_email.append(participation.pk)
            continue
        try:
            with transaction.atomic():
                count = due.filter(participation=participation).update(reminder_sent_at=now)
                send_hours_request(participation)
        except Exception:  # a mail server hiccup must not stop the other reminders
            logger.exception("Reminder for participation %s failed", participation.pk)
            report.failed.append(participation.pk)
            continue
        report.entries += count
        report.recipients.append(participation.contact_email)
    return report
