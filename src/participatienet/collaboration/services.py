"""Operations of the collaboration scan: versions, waves, invitations, answers, reminders.

Each function has keyword-only arguments (the acting user first where there is one), runs in
one transaction and writes its audit entry inside it.

How a personal link finds its draft, while answers stay anonymous
-----------------------------------------------------------------
An invitee answers by a signed link (``accounts.links``, purpose ``scan.answer``) about their
``Invitation``. The invitation holds the e-mail address, the stakeholder group, when the link
was sent and reminded, and a ``responded`` flag (without a time). The ``Response`` holds the
wave, the group and the answers, and nothing that points back:

- no foreign key to the invitation, no timestamp, and a random UUID as its id (so neither
  time nor insertion order joins the two tables);
- a ``key``: ``HMAC(SECRET_KEY, invitation id)`` (``response_key``). Opening a link, the
  service computes the key of the link's invitation and finds the draft with it. Reading the
  database, nobody can: one would need the server's secret key and then deliberately hash
  every invitation id. A reminder sends a new link for the same invitation, which finds the
  same draft.
- the link is not marked used on submission (``links.use``): its ``used_at`` would put a time
  on the invitation at the moment a response became final. Instead a submitted response makes
  the link show the answers read-only, and no longer accept any; the link expires at the end of
  the wave's closing day, and a closed wave refuses answers.
- the audit log records that *a* response to the wave was submitted, not by whom; e-mail
  addresses are erased from the invitations when the wave closes, and unfinished drafts are
  deleted then.

The coordinator sees counts per group (invited, answered), never who answered, and results
only after the wave has closed (so a late answer cannot be read off as the change in a mean).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

from participatienet.accounts import audit, links
from participatienet.accounts.models import LinkToken
from participatienet.collaboration.choices import StakeholderGroup, VersionStatus, WaveStatus
from participatienet.collaboration.models import (
    Answer,
    Dimension,
    Invitation,
    OpenAnswer,
    OpenQuestion,
    Response,
    ScanVersion,
    Statement,
    Wave,
)

logger = logging.getLogger(__name__)

#: The purpose of the personal links of a scan.
PURPOSE = "scan.answer"
#: A reminder goes out at most once per this many days (and not before the link is that old).
REMINDER_DAYS = 7
#: A wave is open at most this many days.
MAX_WAVE_DAYS = 183
#: Statements per dimension.
MIN_STATEMENTS, MAX_STATEMENTS = 2, 4
#: Longest open answer kept.
MAX_OPEN_ANSWER = 2000
#: At most this many addresses per invitation round.
MAX_INVITEES = 500

_KEY_SALT = "participatienet.collaboration.response"


class ScanError(Exception):
    """An operation that cannot be done; ``code`` says why (views turn it into a message)."""

    def __init__(self, code: str, detail: Any = None) -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


def response_key(invitation_id: int) -> str:
    """The keyed hash that lets an invitation's link find its response (see the docstring)."""
    return salted_hmac(_KEY_SALT, str(invitation_id), algorithm="sha256").hexdigest()


# --- Versions ------------------------------------------------------------------------------------


def _locked_draft(version: ScanVersion) -> ScanVersion:
    locked = ScanVersion.objects.select_for_update().get(pk=version.pk)
    if locked.status != VersionStatus.DRAFT:
        raise ScanError("not_draft")
    return locked


def _clean_statements(statements: Sequence[str]) -> list[str]:
    texts = [" ".join(text.split()) for text in statements if text and text.strip()]
    if not MIN_STATEMENTS <= len(texts) <= MAX_STATEMENTS:
        raise ScanError("statement_count")
    return texts


@transaction.atomic
def create_draft_version(*, actor: Any) -> ScanVersion:
    """A new draft version: a copy of the latest version (there is at most one draft)."""
    if ScanVersion.objects.select_for_update().filter(status=VersionStatus.DRAFT).exists():
        raise ScanError("draft_exists")
    latest = ScanVersion.objects.order_by("-number").first()
    version = ScanVersion.objects.create(
        number=(latest.number + 1) if latest else 1, status=VersionStatus.DRAFT, created_by=actor
    )
    if latest is not None:
        for dimension in latest.dimensions.prefetch_related("statements").select_related(
            "open_question"
        ):
            copy = Dimension.objects.create(
                version=version,
                key=dimension.key,
                title=dimension.title,
                description=dimension.description,
                order=dimension.order,
            )
            Statement.objects.bulk_create(
                Statement(dimension=copy, text=statement.text, order=statement.order)
                for statement in dimension.statements.all()
            )
            question = getattr(dimension, "open_question", None)
            if question is not None:
                OpenQuestion.objects.create(dimension=copy, text=question.text)
    audit.record(
        actor=actor,
        action="scanversion.created",
        obj=version,
        detail=f"copy of version {latest.number}" if latest else "empty",
    )
    return version


def _write_dimension(dimension: Dimension, *, question: str, statements: Sequence[str]) -> None:
    existing = list(dimension.statements.order_by("order", "pk"))
    for order, text in enumerate(statements, start=1):
        if order <= len(existing):
            statement = existing[order - 1]
            if statement.text != text or statement.order != order:
                statement.text, statement.order = text, order
                statement.save(update_fields=["text", "order"])
        else:
            Statement.objects.create(dimension=dimension, text=text, order=order)
    for statement in existing[len(statements) :]:
        statement.delete()
    OpenQuestion.objects.update_or_create(
        dimension=dimension, defaults={"text": " ".join(question.split())}
    )


@transaction.atomic
def update_dimension(
    *,
    actor: Any,
    dimension: Dimension,
    title: str,
    description: str,
    question: str,
    statements: Sequence[str],
    order: int,
) -> None:
    """Change a dimension of the draft version: its texts and its 2-4 statements."""
    _locked_draft(dimension.version)
    texts = _clean_statements(statements)
    if not question.strip():
        raise ScanError("question_missing")
    dimension.title = title.strip()
    dimension.description = description.strip()
    dimension.order = order
    dimension.save(update_fields=["title", "description", "order"])
    _write_dimension(dimension, question=question, statements=texts)
    audit.record(actor=actor, action="dimension.changed", obj=dimension)


@transaction.atomic
def add_dimension(
    *,
    actor: Any,
    version: ScanVersion,
    key: str,
    title: str,
    description: str,
    question: str,
    statements: Sequence[str],
    order: int,
) -> Dimension:
    """Add a dimension to the draft version. Its ``key`` is how waves are compared: reuse the
    key of an earlier version's dimension when it measures the same thing."""
    _locked_draft(version)
    texts = _clean_statements(statements)
    if not question.strip():
        raise ScanError("question_missing")
    if version.dimensions.filter(key=key).exists():
        raise ScanError("key_taken")
    dimension = Dimension.objects.create(
        version=version,
        key=key,
        title=title.strip(),
        description=description.strip(),
        order=order,
    )
    _write_dimension(dimension, question=question, statements=texts)
    audit.record(actor=actor, action="dimension.created", obj=dimension, detail=key)
    return dimension


@transaction.atomic
def remove_dimension(*, actor: Any, dimension: Dimension) -> None:
    _locked_draft(dimension.version)
    audit.record(actor=actor, action="dimension.removed", obj=dimension, detail=dimension.key)
    dimension.delete()


def version_problems(version: ScanVersion) -> list[tuple[str, str]]:
    """What keeps a version from being published: ``(dimension title, code)`` pairs, with an
    empty title for the version as a whole."""
    problems: list[tuple[str, str]] = []
    dimensions = list(
        version.dimensions.prefetch_related("statements").select_related("open_question")
    )
    if not dimensions:
        problems.append(("", "no_dimensions"))
    for dimension in dimensions:
        count = len(dimension.statements.all())
        if not MIN_STATEMENTS <= count <= MAX_STATEMENTS:
            problems.append((dimension.title, "statement_count"))
        question = getattr(dimension, "open_question", None)
        if question is None or not question.text.strip():
            problems.append((dimension.title, "question_missing"))
    return problems


@transaction.atomic
def publish_version(*, actor: Any, version: ScanVersion, note: str = "") -> ScanVersion:
    """Publish the draft: it becomes the version new waves use; the one before is retired.
    Waves already opened keep the version they were given in."""
    version = _locked_draft(version)
    problems = version_problems(version)
    if problems:
        raise ScanError("incomplete", problems)
    retired = list(
        ScanVersion.objects.select_for_update()
        .filter(status=VersionStatus.PUBLISHED)
        .values_list("number", flat=True)
    )
    ScanVersion.objects.filter(status=VersionStatus.PUBLISHED).update(status=VersionStatus.RETIRED)
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.note = note.strip()[:300]
    version.save(update_fields=["status", "published_at", "note"])
    audit.record(
        actor=actor,
        action="scanversion.published",
        obj=version,
        detail=f"retires version {retired[0]}" if retired else "",
    )
    return version


@transaction.atomic
def discard_draft(*, actor: Any, version: ScanVersion) -> None:
    version = _locked_draft(version)
    audit.record(actor=actor, action="scanversion.discarded", obj=version)
    version.delete()


# --- Waves ---------------------------------------------------------------------------------------


@transaction.atomic
def open_wave(
    *,
    actor: Any,
    region: Any,
    title: str,
    opens_on: dt.date,
    closes_on: dt.date,
    today: dt.date | None = None,
) -> Wave:
    """Open a wave of the scan for ``region`` in the current version. A region has one open
    wave at a time; a wave past its closing date is closed first."""
    today = today or timezone.localdate()
    close_expired_waves(region=region, today=today)
    if Wave.objects.select_for_update().filter(region=region, status=WaveStatus.OPEN).exists():
        raise ScanError("wave_open")
    version = ScanVersion.objects.current().first()
    if version is None:
        raise ScanError("no_version")
    if closes_on < opens_on:
        raise ScanError("dates")
    if closes_on < today:
        raise ScanError("closes_in_past")
    if (closes_on - opens_on).days > MAX_WAVE_DAYS:
        raise ScanError("too_long")
    wave = Wave.objects.create(
        region=region,
        version=version,
        title=" ".join(title.split()),
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(actor=actor, action="wave.opened", obj=wave, detail=f"version {version.number}")
    return wave


@transaction.atomic
def close_wave(*, actor: Any, wave: Wave, now: dt.datetime | None = None) -> Wave:
    """Close a wave: no more answers. The invitees' e-mail addresses are erased and unfinished
    drafts deleted; the submitted answers and the counts per group stay."""
    now = now or timezone.now()
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    if wave.status != WaveStatus.OPEN:
        raise ScanError("closed")
    wave.status = WaveStatus.CLOSED
    wave.closed_at = now
    wave.save(update_fields=["status", "closed_at"])
    erased = wave.invitations.exclude(email="").update(email="")
    drafts, _ = Response.objects.filter(wave=wave, submitted=False).delete()
    audit.record(
        actor=actor,
        via="system",
        action="wave.closed",
        obj=wave,
        fields=["email"] if erased else [],
        detail=f"{erased} addresses erased, {drafts} rows of unfinished drafts deleted",
    )
    return wave


def close_expired_waves(*, today: dt.date | None = None, region: Any = None) -> list[Wave]:
    """Close the open waves whose closing date has passed."""
    today = today or timezone.localdate()
    expired = Wave.objects.filter(status=WaveStatus.OPEN, closes_on__lt=today)
    if region is not None:
        expired = expired.filter(region=region)
    return [close_wave(actor=None, wave=wave) for wave in expired.order_by("pk")]


# --- Invitations ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Invitee:
    email: str
    group: str


@dataclass
class InviteReport:
    invited: list[Invitation] = field(default_factory=list)
    #: Addresses already invited to this wave (nothing done).
    already: list[str] = field(default_factory=list)
    #: Addresses whose e-mail could not be sent now (a reminder run sends it later).
    failed: list[str] = field(default_factory=list)


def clean_email(value: str) -> str:
    """The address trimmed and lower-cased; ``ValidationError`` when it is not one."""
    email = value.strip().lower()
    validate_email(email)
    return email


@transaction.atomic
def invite(
    *, actor: Any, wave: Wave, invitees: Iterable[Invitee], now: dt.datetime | None = None
) -> InviteReport:
    """Invite addresses to a wave and e-mail each a personal link. Every address is checked
    before anything is written; an address already invited is left alone."""
    now = now or timezone.now()
    wave = Wave.objects.select_for_update().select_related("region").get(pk=wave.pk)
    if wave.has_ended(timezone.localdate(now)):
        raise ScanError("closed")
    groups = set(StakeholderGroup.values)
    wanted: dict[str, str] = {}
    bad = []
    for invitee in invitees:
        try:
            email = clean_email(invitee.email)
        except ValidationError:
            bad.append(invitee.email)
            continue
        if invitee.group not in groups:
            raise ScanError("bad_group")
        wanted.setdefault(email, invitee.group)
    if bad:
        raise ScanError("bad_email", bad)
    if len(wanted) > MAX_INVITEES:
        raise ScanError("too_many")
    existing = set(wave.invitations.filter(email__in=list(wanted)).values_list("email", flat=True))
    report = InviteReport(already=sorted(existing))
    for email, group in wanted.items():
        if email in existing:
            continue
        report.invited.append(
            Invitation.objects.create(wave=wave, group=group, email=email, created_at=now)
        )
    if report.invited:
        audit.record(
            actor=actor,
            action="wave.invited",
            obj=wave,
            fields=["email", "group"],
            detail=f"{len(report.invited)} invitations",
        )
    for invitation in report.invited:
        if not _send_link(invitation, wave=wave, template="invitation", now=now):
            report.failed.append(invitation.email)
    return report


@transaction.atomic
def withdraw_invitation(*, actor: Any, invitation: Invitation) -> None:
    """Take back an invitation that has not been answered (a wrong address, for example).
    Its links stop working and an unfinished draft behind them is deleted."""
    invitation = Invitation.objects.select_for_update().select_related("wave").get(pk=invitation.pk)
    if invitation.responded:
        raise ScanError("responded")
    if invitation.wave.has_ended():
        raise ScanError("closed")
    Response.objects.filter(key=response_key(invitation.pk), submitted=False).delete()
    LinkToken.objects.filter(
        object_type=Invitation._meta.label_lower, object_id=str(invitation.pk)
    ).delete()
    audit.record(
        actor=actor,
        action="invitation.withdrawn",
        obj=invitation.wave,
        fields=["email"],
        detail=f"one invitation ({invitation.get_group_display()})",
    )
    invitation.delete()


def _link_expiry(wave: Wave) -> dt.datetime:
    """The end of the wave's closing day, in the local time zone."""
    day = wave.closes_on + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def link_for(invitation: Invitation, wave: Wave) -> str:
    """A new personal link for ``invitation`` (its address is not copied into the link)."""
    raw = links.create(purpose=PURPOSE, obj=invitation, days=0)
    LinkToken.objects.filter(pk=links.peek(raw).pk).update(expires_at=_link_expiry(wave))
    return raw


def answer_url(raw: str) -> str:
    return settings.SITE_URL + reverse("collaboration:answer", kwargs={"token": raw})


def _send_link(invitation: Invitation, *, wave: Wave, template: str, now: dt.datetime) -> bool:
    """E-mail a new link (``template``: invitation or reminder); record when. A failure is
    logged and leaves the invitation as it was, so the next reminder run tries again."""
    before = (invitation.sent_at, invitation.reminded_at, invitation.reminders)
    try:
        with transaction.atomic():
            raw = link_for(invitation, wave)
            context = {
                "wave": wave,
                "region": wave.region,
                "group": invitation.get_group_display(),
                "link": answer_url(raw),
            }
            with translation.override(settings.LANGUAGE_CODE):
                subject = "".join(
                    render_to_string(
                        f"collaboration/email/{template}_subject.txt", context
                    ).splitlines()
                )
                body = render_to_string(f"collaboration/email/{template}.txt", context)
            if template == "reminder":
                invitation.reminded_at = now
                invitation.reminders += 1
                fields = ["reminded_at", "reminders"]
            else:
                invitation.sent_at = now
                fields = ["sent_at"]
            invitation.save(update_fields=fields)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
    except Exception:  # a mail server hiccup must not stop the other invitations
        logger.exception("Scan e-mail for invitation %s failed", invitation.pk)
        invitation.sent_at, invitation.reminded_at, invitation.reminders = before
        return False
    return True


# --- Reminders -----------------------------------------------------------------------------------


def invitations_due(
    *, now: dt.datetime | None = None, days: int = REMINDER_DAYS, wave: Wave | None = None
) -> QuerySet[Invitation]:
    """Invitations of waves taking answers that should get an e-mail now: never sent (a
    failed invitation), or sent ``days`` ago without an answer and not reminded in ``days``."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    cutoff = now - dt.timedelta(days=days)
    due = Invitation.objects.filter(
        wave__status=WaveStatus.OPEN,
        wave__opens_on__lte=today,
        wave__closes_on__gte=today,
        responded=False,
    ).exclude(email="")
    due = due.filter(
        Q(sent_at__isnull=True)
        | (Q(sent_at__lte=cutoff) & (Q(reminded_at__isnull=True) | Q(reminded_at__lte=cutoff)))
    )
    if wave is not None:
        due = due.filter(wave=wave)
    return due


@dataclass
class ReminderReport:
    reminded: int = 0
    #: Invitations sent now because the first e-mail had failed.
    invited: int = 0
    failed: int = 0
    waves: list[int] = field(default_factory=list)


def send_reminders(
    *,
    actor: Any = None,
    wave: Wave | None = None,
    now: dt.datetime | None = None,
    days: int = REMINDER_DAYS,
) -> ReminderReport:
    """Remind the invitees who did not answer yet (at most once per ``days``), each with a new
    link to the same draft. Each e-mail is its own transaction: one failure stops nothing."""
    now = now or timezone.now()
    report = ReminderReport()
    due = list(
        invitations_due(now=now, days=days, wave=wave)
        .select_related("wave__region")
        .order_by("wave_id", "pk")
    )
    by_wave: dict[int, list[Invitation]] = {}
    for invitation in due:
        by_wave.setdefault(invitation.wave_id, []).append(invitation)
    for invitations in by_wave.values():
        current = invitations[0].wave
        sent = 0
        for invitation in invitations:
            template = "invitation" if invitation.sent_at is None else "reminder"
            if _send_link(invitation, wave=current, template=template, now=now):
                sent += 1
                if template == "reminder":
                    report.reminded += 1
                else:
                    report.invited += 1
            else:
                report.failed += 1
        if sent:
            audit.record(
                actor=actor,
                via="system",
                action="wave.reminded",
                obj=current,
                detail=f"{sent} e-mails",
            )
            report.waves.append(current.pk)
    return report


def last_reminder(wave: Wave) -> dt.datetime | None:
    return wave.invitations.aggregate(last=Max("reminded_at"))["last"]


# --- Answering by link ---------------------------------------------------------------------------


@dataclass
class LinkAccess:
    invitation: Invitation
    wave: Wave
    response: Response | None

    @property
    def submitted(self) -> bool:
        return self.response is not None and self.response.submitted


def _access(token: LinkToken, *, lock: bool = False) -> LinkAccess:
    if token.object_type != Invitation._meta.label_lower:
        raise links.LinkInvalid
    invitations = Invitation.objects.select_related("wave__region", "wave__version")
    if lock:
        invitations = invitations.select_for_update(of=("self",))
    try:
        invitation = invitations.get(pk=token.object_id)
    except (Invitation.DoesNotExist, ValueError) as exc:
        raise links.LinkInvalid from exc
    response = Response.objects.filter(key=response_key(invitation.pk)).first()
    return LinkAccess(invitation=invitation, wave=invitation.wave, response=response)


def open_link(raw: str) -> LinkAccess:
    """What the link ``raw`` is about; a ``links.LinkError`` when it is not a valid scan link.
    Opening changes nothing."""
    return _access(links.open(raw, purpose=PURPOSE))


def link_state(access: LinkAccess, today: dt.date | None = None) -> str:
    """``submitted``, ``open``, ``not_yet`` or ``closed``."""
    today = today or timezone.localdate()
    if access.wave.has_ended(today):
        return "closed"
    if access.submitted:
        return "submitted"
    if today < access.wave.opens_on:
        return "not_yet"
    return "open"


def questionnaire(version: ScanVersion) -> list[Dimension]:
    """The dimensions of a version with their statements and open question (three queries)."""
    return list(
        version.dimensions.order_by("order", "pk")
        .prefetch_related("statements")
        .select_related("open_question")
    )


@transaction.atomic
def save_answers(
    *,
    raw: str,
    scores: Mapping[int, int | None],
    texts: Mapping[int, str],
    submit: bool,
    today: dt.date | None = None,
) -> Response:
    """Save the answers given by the link ``raw``: as a draft (anything may be missing) or
    submitted (every statement answered, 1-5 or "don't know"). The answers replace the draft
    kept behind the same link. ``scores`` maps statement ids to 1-5, or None for "don't know";
    ``texts`` maps open question ids to answers. Raises ``links.LinkError`` or ``ScanError``
    (``closed``, ``not_yet``, ``submitted``, ``incomplete``, ``invalid``)."""
    token = links.open(raw, purpose=PURPOSE, lock=True)
    access = _access(token, lock=True)
    state = link_state(access, today)
    if state != "open":
        raise ScanError(state)
    wave = access.wave
    statement_ids = set(
        Statement.objects.filter(dimension__version_id=wave.version_id).values_list("pk", flat=True)
    )
    question_ids = set(
        OpenQuestion.objects.filter(dimension__version_id=wave.version_id).values_list(
            "pk", flat=True
        )
    )
    if not set(scores) <= statement_ids or not set(texts) <= question_ids:
        raise ScanError("invalid")
    if any(score is not None and score not in (1, 2, 3, 4, 5) for score in scores.values()):
        raise ScanError("invalid")
    if any(len(text) > MAX_OPEN_ANSWER for text in texts.values()):
        raise ScanError("invalid")
    if submit and set(scores) != statement_ids:
        raise ScanError("incomplete", len(statement_ids - set(scores)))
    response = access.response
    if response is None:
        response = Response.objects.create(
            wave=wave, group=access.invitation.group, key=response_key(access.invitation.pk)
        )
    else:
        response.answers.all().delete()
        response.open_answers.all().delete()
    Answer.objects.bulk_create(
        Answer(response=response, statement_id=statement_id, score=score)
        for statement_id, score in sorted(scores.items())
    )
    OpenAnswer.objects.bulk_create(
        OpenAnswer(response=response, question_id=question_id, text=text.strip())
        for question_id, text in sorted(texts.items())
        if text.strip()
    )
    if submit:
        response.submitted = True
        response.save(update_fields=["submitted"])
        Invitation.objects.filter(pk=access.invitation.pk).update(responded=True)
        audit.record(actor=None, via="scan link", action="wave.response_submitted", obj=wave)
    return response


def saved_answers(response: Response | None) -> tuple[dict[int, int | None], dict[int, str]]:
    """The scores and open answers of a response (empty without one)."""
    if response is None:
        return {}, {}
    scores = dict(response.answers.values_list("statement_id", "score"))
    texts = dict(response.open_answers.values_list("question_id", "text"))
    return scores, texts
