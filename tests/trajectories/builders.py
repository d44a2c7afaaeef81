"""Small builders shared by the tests of the counsellor's and coordinator's pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from participatienet.accounts.models import AuditEntry
from tests import factories


def caseload(world, *, status="searching", **newcomer_fields):
    """A newcomer of the Gent counsellor with an open trajectory."""
    newcomer_fields.setdefault("counsellor", world.users["counsellor"])
    newcomer = factories.NewcomerFactory(**newcomer_fields)
    trajectory = factories.TrajectoryFactory(newcomer=newcomer, status=status)
    return trajectory


def active_participation(world, trajectory=None, *, organisation=None, **fields):
    """An active participation (started 1 February 2026) in an offer of the Gent club."""
    trajectory = trajectory or caseload(world, status="active")
    offer = factories.OfferFactory(organisation=organisation or world.gent_club, capacity=3)
    return factories.ParticipationFactory(trajectory=trajectory, offer=offer, **fields)


def confirmed_hours(participation, total: int, *, per_entry: int = 8) -> None:
    """Confirmed entries adding up to ``total`` hours, on past days."""
    day = participation.started_on or dt.date(2026, 2, 1)
    remaining = Decimal(total)
    while remaining > 0:
        hours = min(Decimal(per_entry), remaining)
        factories.HourEntryFactory(
            participation=participation,
            date=day,
            hours=hours,
            status="confirmed",
            confirmed_by_label="Contact <contact@club.be>",
            confirmed_via="link",
            confirmed_at=timezone.now(),
        )
        remaining -= hours
        day += dt.timedelta(days=1)


def audit_actions(obj=None, **filters):
    entries = AuditEntry.objects.filter(**filters)
    if obj is not None:
        entries = entries.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return list(entries.order_by("pk").values_list("action", flat=True))
