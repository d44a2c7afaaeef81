"""Learning days for tests: an open day with a programme, learning tables, registrations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from participatienet.exchange import services
from participatienet.exchange.choices import DayStatus, RegistrationStatus, SessionKind
from participatienet.exchange.models import LearningDay, LearningTable, Registration, Session
from participatienet.regions.models import Region

THEMES = ("Lokaal aanbod warm maken", "Schaal: gemeente of regio?", "Feedback na elk traject")


def learning_day(
    *, capacity: int = 30, status: str = DayStatus.OPEN, days_ahead: int = 30, **fields: Any
) -> LearningDay:
    """A day ``days_ahead`` days from today with a plenary opening and mixed groups."""
    day = LearningDay.objects.create(
        title=fields.pop("title", "Leerdag organisatienetwerken"),
        date=fields.pop("date", timezone.localdate() + dt.timedelta(days=days_ahead)),
        venue=fields.pop("venue", "NH Hotel, centrum Brussel"),
        capacity=capacity,
        status=status,
        **fields,
    )
    Session.objects.create(
        day=day,
        starts_at=dt.time(9, 30),
        ends_at=dt.time(10, 30),
        title="Welkom en getuigenissen",
        kind=SessionKind.PLENARY,
    )
    Session.objects.create(
        day=day,
        starts_at=dt.time(10, 45),
        ends_at=dt.time(12, 15),
        title="Uitwisseling over de regio's heen",
        kind=SessionKind.MIXED_GROUPS,
        rounds=2,
        group_size=6,
    )
    return day


def with_tables(day: LearningDay, themes: tuple[str, ...] = THEMES) -> list[LearningTable]:
    session = Session.objects.create(
        day=day,
        starts_at=dt.time(13, 30),
        ends_at=dt.time(15, 0),
        title="Leertafels",
        kind=SessionKind.LEARNING_TABLES,
        group_size=8,
    )
    return [LearningTable.objects.create(session=session, theme=theme) for theme in themes]


def register(day: LearningDay, n: int = 0, *, region: Region | None = None, **fields: Any):
    """Register person ``n`` through the service (e-mails go to the test outbox on commit)."""
    data = {
        "name": f"Deelnemer {n}",
        "email": f"deelnemer{n}@netwerk.be",
        "organisation_name": "Stad Gent",
        "role": "network_worker",
        "region": region or Region.objects.get(slug="gent"),
    }
    data.update(fields)
    return services.register(day=day, **data)


def bulk_registrations(day: LearningDay, count: int, *, waiting: int = 0) -> None:
    """``count`` confirmed registrations spread over regions and roles, then ``waiting``."""
    regions = list(Region.objects.order_by("pk"))
    roles = ["network_worker", "agii", "local_government", "core_partner", "other"]
    now = timezone.now()
    rows = []
    for i in range(count + waiting):
        is_waiting = i >= count
        rows.append(
            Registration(
                day=day,
                name=f"Persoon {i}",
                email=f"persoon{i}@netwerk.be",
                organisation_name=f"Organisatie {i}",
                region=regions[i % len(regions)] if i % 5 != 3 else None,
                role=roles[i % len(roles)],
                dietary_needs="vegetarisch" if i % 4 == 0 else "",
                status=RegistrationStatus.WAITING if is_waiting else RegistrationStatus.CONFIRMED,
                waiting_position=i - count + 1 if is_waiting else None,
                created_at=now,
                confirmed_at=None if is_waiting else now,
            )
        )
    Registration.objects.bulk_create(rows)


def form_data(n: int = 0, **fields: Any) -> dict[str, Any]:
    """What the public registration form posts."""
    data = {
        "name": f"Deelnemer {n}",
        "email": f"deelnemer{n}@netwerk.be",
        "organisation_name": "Stad Gent",
        "role": "network_worker",
        "region": str(Region.objects.get(slug="gent").pk),
        "dietary_needs": "",
        "access_needs": "",
    }
    data.update({key: str(value) for key, value in fields.items()})
    return data


# --- Groups --------------------------------------------------------------------------------------


def mixed_session(day: LearningDay) -> Session:
    """The first session of mixed groups of the day."""
    return day.sessions.filter(kind=SessionKind.MIXED_GROUPS).order_by("starts_at", "pk").first()


def add_session(day: LearningDay, kind: str, start: int, **fields: Any) -> Session:
    """A session of ``kind`` starting at ``start`` o'clock, for an hour."""
    return Session.objects.create(
        day=day,
        starts_at=dt.time(start, 0),
        ends_at=dt.time(start, 50),
        title=fields.pop("title", f"Sessie om {start} uur"),
        kind=kind,
        **fields,
    )


def people(day: LearningDay, count: int, *, regions: int = 6, core: int = 0) -> list[Registration]:
    """``count`` confirmed registrations spread over the first ``regions`` regions (by name)
    with rotating roles, then ``core`` core partners without a region."""
    chosen = list(Region.objects.order_by("name")[:regions])
    roles = ["network_worker", "agii", "local_government"]
    now = timezone.now()
    rows = [
        Registration(
            day=day,
            name=f"Mens {i:03d}",
            email=f"mens{i}@netwerk.be",
            organisation_name=f"Organisatie {i}",
            region=chosen[i % len(chosen)],
            role=roles[(i // len(chosen)) % len(roles)],
            consent_named_in_report=i % 2 == 0,
            status=RegistrationStatus.CONFIRMED,
            created_at=now,
            confirmed_at=now,
        )
        for i in range(count)
    ]
    rows += [
        Registration(
            day=day,
            name=f"Kernpartner {i}",
            email=f"kern{i}@vlaanderen.be",
            organisation_name=f"Kernpartner {i}",
            region=None,
            role="core_partner",
            status=RegistrationStatus.CONFIRMED,
            created_at=now,
            confirmed_at=now,
        )
        for i in range(core)
    ]
    return Registration.objects.bulk_create(rows)
