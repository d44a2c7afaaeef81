"""Learning-day operations: one function per use case, each in one transaction with its audit.

Registration takes a place while places are left, and a place on the waiting list after that.
Every operation that gives or frees a place locks the day's row first (``_lock_day``), so two
registrations for the last place are counted one after the other and cannot both get it.
A cancelled place goes to the first on the waiting list at once. E-mails (with a personal
link to cancel, ``accounts.links``) go out after the transaction commits.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from participatienet.accounts import audit, links
from participatienet.accounts.models import LinkToken
from participatienet.exchange.choices import (
    DAY_TRANSITIONS,
    DayStatus,
    RegistrationStatus,
    SessionKind,
)
from participatienet.exchange.models import (
    MAX_THEME_CHOICES,
    Insight,
    LearningDay,
    LearningTable,
    Registration,
    Session,
)
from participatienet.network.models import Organisation
from participatienet.regions.models import Region

logger = logging.getLogger(__name__)

#: The purpose of the personal link to cancel a registration (``accounts.links``).
PURPOSE_CANCEL = "learningday.cancel"

DAY_FIELDS = (
    "title",
    "date",
    "venue",
    "address",
    "description",
    "capacity",
    "registration_closes_on",
)
SESSION_FIELDS = (
    "starts_at",
    "ends_at",
    "title",
    "kind",
    "description",
    "room",
    "rounds",
    "group_size",
)
TABLE_FIELDS = ("theme", "host", "capacity", "room")
#: Personal data of a registration (named in its audit entries).
REGISTRATION_FIELDS = (
    "name",
    "email",
    "organisation_name",
    "region",
    "role",
    "dietary_needs",
    "access_needs",
    "first_choice",
    "second_choice",
    "third_choice",
    "consent_named_in_report",
)


class ExchangeError(Exception):
    """An operation the current state does not allow; ``code`` tells which."""

    code = "not_allowed"

    def __init__(self, code: str | None = None, message: str = "") -> None:
        super().__init__(message or code or self.code)
        if code:
            self.code = code


class RegistrationClosed(ExchangeError):
    """Nobody can register (or cancel) now; ``code`` is the day's ``registration_problem``."""

    code = "closed"


class DayFull(ExchangeError):
    code = "full"


class AlreadyRegistered(ExchangeError):
    """This e-mail address already has a place or waits for one on this day."""

    code = "already_registered"

    def __init__(self, registration: Registration) -> None:
        super().__init__()
        self.registration = registration


# --- Helpers -------------------------------------------------------------------------------------


def _lock_day(day: LearningDay) -> LearningDay:
    """The day's row, locked for this transaction and freshly read."""
    return LearningDay.objects.select_for_update().get(pk=day.pk)


def _today(now: dt.datetime | None = None) -> dt.date:
    return timezone.localdate(now or timezone.now())


def _values(obj: Any, names: Sequence[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


def _set(obj: Any, fields: dict[str, Any], names: Sequence[str]) -> list[str]:
    """Copy ``fields`` onto ``obj``; the names of the fields whose value changed."""
    before = _values(obj, names)
    for name, value in fields.items():
        if name not in names:
            raise TypeError(f"unexpected field {name!r}")
        setattr(obj, name, value.strip() if isinstance(value, str) else value)
    return audit.changed_fields(before, _values(obj, names))


def free_places(day: LearningDay) -> int:
    taken = day.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    return max(day.capacity - taken, 0)


def tables_of(day: LearningDay) -> list[LearningTable]:
    """The learning tables participants choose from, in the order of the programme."""
    return list(
        LearningTable.objects.filter(
            session__day=day, session__kind=SessionKind.LEARNING_TABLES
        ).order_by("session__starts_at", "session_id", "theme", "pk")
    )


def choices_needed(table_count: int) -> int:
    """How many themes a participant ranks: three, or fewer when the day has fewer tables."""
    return min(MAX_THEME_CHOICES, table_count)


def waiting_rank(registration: Registration) -> int | None:
    """1 for the first in line, or None when the registration does not wait."""
    if registration.status != RegistrationStatus.WAITING:
        return None
    ahead = Registration.objects.filter(
        day_id=registration.day_id,
        status=RegistrationStatus.WAITING,
        waiting_position__lt=registration.waiting_position,
    ).count()
    return ahead + 1


# --- Days and their programme --------------------------------------------------------------------


@transaction.atomic
def create_day(*, actor: Any, **fields: Any) -> LearningDay:
    """A new day, as a draft: nobody can register until it is opened."""
    day = LearningDay(created_by=actor if getattr(actor, "is_authenticated", False) else None)
    _set(day, fields, DAY_FIELDS)
    day.full_clean()
    day.save()
    audit.record(actor=actor, action="learningday.created", obj=day, fields=DAY_FIELDS)
    return day


@transaction.atomic
def update_day(*, actor: Any, day: LearningDay, **fields: Any) -> list[str]:
    """Change the day. Places cannot go below the places already given; more places go to
    the waiting list at once, first in line first."""
    day = _lock_day(day)
    changed = _set(day, fields, DAY_FIELDS)
    if not changed:
        return []
    confirmed = day.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    if day.capacity < confirmed:
        raise ExchangeError("capacity_below_confirmed")
    day.full_clean()
    day.save()
    audit.record(actor=actor, action="learningday.changed", obj=day, fields=changed)
    if "capacity" in changed:
        _fill_places(day, actor=actor)
    return changed


@transaction.atomic
def set_day_status(
    *, actor: Any, day: LearningDay, status: str, now: dt.datetime | None = None
) -> LearningDay:
    """Open or close registration, put the day back to draft, or mark it held."""
    day = _lock_day(day)
    if status not in DAY_TRANSITIONS.get(day.status, frozenset()):
        raise ExchangeError("transition")
    today = _today(now)
    if status == DayStatus.HELD and day.date > today:
        raise ExchangeError("not_yet")
    if status == DayStatus.OPEN and day.date < today:
        raise ExchangeError("past")
    if status == DayStatus.DRAFT and day.registrations.exists():
        raise ExchangeError("has_registrations")
    before = day.status
    day.status = status
    day.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action="learningday.status", obj=day, detail=f"{before} -> {status}")
    return day


def _check_session(session: Session) -> None:
    if session.kind != SessionKind.LEARNING_TABLES and session.pk and session.tables.exists():
        raise ExchangeError("has_tables")
    if not session.in_groups:
        session.rounds = 1
        session.group_size = None


@transaction.atomic
def add_session(*, actor: Any, day: LearningDay, **fields: Any) -> Session:
    session = Session(day=day)
    _set(session, fields, SESSION_FIELDS)
    _check_session(session)
    session.full_clean()
    session.save()
    audit.record(actor=actor, action="session.created", obj=session, detail=f"day {day.pk}")
    return session


@transaction.atomic
def update_session(*, actor: Any, session: Session, **fields: Any) -> list[str]:
    """Change a session; a learning-table session keeps its kind while it has tables."""
    changed = _set(session, fields, SESSION_FIELDS)
    _check_session(session)
    if not changed:
        return []
    session.full_clean()
    session.save()
    audit.record(actor=actor, action="session.changed", obj=session, fields=changed)
    return changed


@transaction.atomic
def remove_session(*, actor: Any, session: Session) -> None:
    """Remove a session and its learning tables (themes chosen at them are forgotten) and its
    groups. ``ExchangeError("has_insights")`` once reporters wrote insights for its groups."""
    if Insight.objects.filter(group__plan__session=session).exists():
        raise ExchangeError("has_insights")
    audit.record(actor=actor, action="session.removed", obj=session, detail=f"day {session.day_id}")
    session.delete()


@transaction.atomic
def add_table(*, actor: Any, session: Session, **fields: Any) -> LearningTable:
    if session.kind != SessionKind.LEARNING_TABLES:
        raise ExchangeError("not_tables")
    table = LearningTable(session=session)
    _set(table, fields, TABLE_FIELDS)
    table.full_clean()
    table.save()
    audit.record(actor=actor, action="learningtable.created", obj=table)
    return table


@transaction.atomic
def update_table(*, actor: Any, table: LearningTable, **fields: Any) -> list[str]:
    changed = _set(table, fields, TABLE_FIELDS)
    if not changed:
        return []
    table.full_clean()
    table.save()
    audit.record(actor=actor, action="learningtable.changed", obj=table, fields=changed)
    return changed


@transaction.atomic
def remove_table(*, actor: Any, table: LearningTable) -> None:
    audit.record(actor=actor, action="learningtable.removed", obj=table)
    table.delete()


# --- Registration --------------------------------------------------------------------------------


def _check_choices(
    tables: Sequence[LearningTable], choices: Sequence[LearningTable | None]
) -> list[LearningTable | None]:
    """The chosen tables, first choice first, padded with None to three;
    ``ExchangeError("choices")`` unless they are distinct tables of the day (``tables``), as
    many as ``choices_needed``, without a gap."""
    chosen = [table for table in choices if table is not None]
    if not tables and not chosen:
        return [None] * MAX_THEME_CHOICES
    known = {table.pk for table in tables}
    needed = choices_needed(len(known))
    if (
        len(chosen) != needed
        or len({table.pk for table in chosen}) != len(chosen)
        or any(table.pk not in known for table in chosen)
        or any(table is None for table in choices[:needed])
    ):
        raise ExchangeError("choices")
    return chosen + [None] * (MAX_THEME_CHOICES - len(chosen))


def _known_organisation(name: str, region: Region | None) -> Organisation | None:
    """The organisation of the network with exactly this name in the region, if there is one."""
    if region is None or not name:
        return None
    found = list(Organisation.objects.filter(region=region, name__iexact=name)[:2])
    return found[0] if len(found) == 1 else None


@transaction.atomic
def register(
    *,
    actor: Any = None,
    day: LearningDay,
    name: str,
    email: str,
    organisation_name: str,
    role: str,
    region: Region | None = None,
    dietary_needs: str = "",
    access_needs: str = "",
    choices: Sequence[LearningTable | None] = (),
    consent_named_in_report: bool = False,
    now: dt.datetime | None = None,
) -> Registration:
    """Register someone for ``day``: a place while places are left, else the waiting list.

    ``actor`` is the logged-in user who registers (None on the public page). Raises
    ``RegistrationClosed`` when the day does not take registrations, ``AlreadyRegistered`` for
    a second active registration of the same e-mail address, ``ExchangeError("choices")`` for
    theme choices that do not fit the day. The confirmation e-mail goes out after commit.
    """
    now = now or timezone.now()
    day = _lock_day(day)
    problem = day.registration_problem(_today(now))
    if problem:
        raise RegistrationClosed(problem)
    email = email.strip().lower()
    existing = day.registrations.active().filter(email=email).first()
    if existing is not None:
        raise AlreadyRegistered(existing)
    chosen = _check_choices(tables_of(day), choices)
    registration = Registration(
        day=day,
        name=name.strip(),
        email=email,
        organisation_name=organisation_name.strip(),
        organisation=_known_organisation(organisation_name.strip(), region),
        region=region,
        role=role,
        dietary_needs=dietary_needs.strip(),
        access_needs=access_needs.strip(),
        first_choice=chosen[0],
        second_choice=chosen[1],
        third_choice=chosen[2],
        consent_named_in_report=consent_named_in_report,
        created_at=now,
    )
    if free_places(day) > 0:
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
    else:
        registration.status = RegistrationStatus.WAITING
        last = day.registrations.waiting().aggregate(last=Max("waiting_position"))["last"]
        registration.waiting_position = (last or 0) + 1
    registration.full_clean(exclude=["day"], validate_constraints=False)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as error:
        # The same address registered at the same moment (the day lock makes this rare).
        existing = day.registrations.active().filter(email=email).first()
        if existing is None:
            raise
        raise AlreadyRegistered(existing) from error
    audit.record(
        actor=actor,
        via=email,
        action=f"registration.{registration.status}",
        obj=registration,
        fields=REGISTRATION_FIELDS,
    )
    template = "confirmed" if registration.status == RegistrationStatus.CONFIRMED else "waiting"
    transaction.on_commit(lambda: send_registration_mail(registration, template))
    return registration


@transaction.atomic
def resend_link(*, registration: Registration) -> None:
    """Someone registered again with the same address: e-mail them a new link to cancel (never
    show it on the page, which anyone could have filled in)."""
    audit.record(
        actor=None, via=registration.email, action="registration.link_resent", obj=registration
    )
    transaction.on_commit(lambda: send_registration_mail(registration, "again"))


def _fill_places(
    day: LearningDay, *, actor: Any, now: dt.datetime | None = None
) -> list[Registration]:
    """Give free places to the first on the waiting list (the day is locked by the caller)."""
    if day.date < _today(now):
        return []
    free = free_places(day)
    if free < 1:
        return []
    promoted = list(day.registrations.waiting()[:free])
    for registration in promoted:
        _give_place(registration, actor=actor, now=now, detail="first on the waiting list")
    return promoted


def _give_place(
    registration: Registration, *, actor: Any, now: dt.datetime | None, detail: str
) -> None:
    registration.status = RegistrationStatus.CONFIRMED
    registration.waiting_position = None
    registration.confirmed_at = now or timezone.now()
    registration.save(update_fields=["status", "waiting_position", "confirmed_at"])
    audit.record(
        actor=actor, via="system", action="registration.promoted", obj=registration, detail=detail
    )
    transaction.on_commit(lambda: send_registration_mail(registration, "promoted"))


@transaction.atomic
def cancel_registration(
    *, actor: Any, registration: Registration, via: str = "", now: dt.datetime | None = None
) -> list[Registration]:
    """Cancel a registration. A freed place goes to the first on the waiting list at once;
    returns the registrations that got a place. ``ExchangeError("already_cancelled")`` the
    second time, ``RegistrationClosed("past")`` after the day."""
    now = now or timezone.now()
    day = _lock_day(registration.day)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    registration.day = day
    if registration.status == RegistrationStatus.CANCELLED:
        raise ExchangeError("already_cancelled")
    if day.date < _today(now):
        raise RegistrationClosed("past")
    had_place = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.waiting_position = None
    registration.cancelled_at = now
    registration.save(update_fields=["status", "waiting_position", "cancelled_at"])
    audit.record(
        actor=actor,
        via=via or registration.email,
        action="registration.cancelled",
        obj=registration,
        detail="had a place" if had_place else "was on the waiting list",
    )
    transaction.on_commit(lambda: send_registration_mail(registration, "cancelled"))
    return _fill_places(day, actor=actor, now=now) if had_place else []


@transaction.atomic
def cancel_by_link(*, raw: str, now: dt.datetime | None = None) -> Registration:
    """Cancel the registration behind the personal link ``raw`` and use the link up.

    Raises a ``links.LinkError`` for an altered, expired or used link, and the errors of
    ``cancel_registration``. Nothing is written unless everything succeeds.
    """
    token = links.open(raw, purpose=PURPOSE_CANCEL, lock=True)
    registration = links.target(token, Registration)
    cancel_registration(
        actor=None, registration=registration, via=token.recipient or "link", now=now
    )
    links.use(token)
    registration.refresh_from_db()
    return registration


def registration_by_link(raw: str) -> Registration:
    """The registration behind a valid, unused cancel link (for showing it; nothing is used)."""
    token = links.open(raw, purpose=PURPOSE_CANCEL)
    registration = links.target(token, Registration)
    return Registration.objects.select_related("day", "region").get(pk=registration.pk)


@transaction.atomic
def promote(
    *,
    actor: Any,
    registration: Registration,
    over_capacity: bool = False,
    now: dt.datetime | None = None,
) -> Registration:
    """The programme team gives a waiting registration a place, out of turn. When the day is
    full this needs ``over_capacity`` (one more than the places), else ``DayFull``."""
    day = _lock_day(registration.day)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    registration.day = day
    if registration.status != RegistrationStatus.WAITING:
        raise ExchangeError("not_waiting")
    if day.date < _today(now):
        raise RegistrationClosed("past")
    if free_places(day) < 1 and not over_capacity:
        raise DayFull
    _give_place(
        registration,
        actor=actor,
        now=now,
        detail="over capacity" if free_places(day) < 1 else "out of turn",
    )
    return registration


# --- E-mails -------------------------------------------------------------------------------------


def cancel_link(registration: Registration) -> str:
    """A new personal link to cancel ``registration``, valid until the end of the day."""
    token = links.create(purpose=PURPOSE_CANCEL, obj=registration, recipient=registration.email)
    LinkToken.objects.filter(pk=links.peek(token).pk).update(
        expires_at=registration.day.link_expiry()
    )
    return settings.SITE_URL + reverse("exchange:cancel", kwargs={"token": token})


def send_registration_mail(registration: Registration, template: str) -> None:
    """E-mail the participant: ``confirmed``, ``waiting``, ``promoted``, ``again`` (a new link
    after a second registration) or ``cancelled``, in Dutch. Runs after the commit: a mail
    server hiccup is logged and does not undo the registration that was saved."""
    try:
        _send_registration_mail(registration, template)
    except Exception:
        logger.exception("E-mail %r for registration %s failed", template, registration.pk)


def _send_registration_mail(registration: Registration, template: str) -> None:
    registration = Registration.objects.select_related("day").get(pk=registration.pk)
    context: dict[str, Any] = {
        "registration": registration,
        "day": registration.day,
        "sessions": list(registration.day.sessions.order_by("starts_at", "pk")),
        "rank": waiting_rank(registration),
        "link": cancel_link(registration) if registration.is_active else "",
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = "".join(
            render_to_string(f"exchange/email/{template}_subject.txt", context).splitlines()
        )
        body = render_to_string(f"exchange/email/{template}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [registration.email])
