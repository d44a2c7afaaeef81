"""Reads for the learning-day pages: the programme, the participant list with its filters,
and the counts per region and per role. Each runs a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from participatienet.exchange.choices import ParticipantRole, RegistrationStatus
from participatienet.exchange.models import LearningDay, LearningTable, Registration, Session
from participatienet.regions.models import Region

#: Width in pixels of the longest bar in the count charts.
BAR_WIDTH = 160

#: What the participant list and the export load with each registration.
REGISTRATION_RELATED = ("region", "organisation", "first_choice", "second_choice", "third_choice")


def programme(day: LearningDay) -> list[Session]:
    """The day's sessions in time order, each with its learning tables (two queries)."""
    tables = LearningTable.objects.order_by("theme", "pk")
    return list(
        day.sessions.order_by("starts_at", "pk").prefetch_related(Prefetch("tables", tables))
    )


@dataclass(frozen=True)
class Filters:
    q: str = ""
    status: str = ""
    region: Region | None = None
    role: str = ""


def participants(day: LearningDay, filters: Filters | None = None) -> QuerySet[Registration]:
    """The day's registrations matching ``filters`` (default: confirmed and waiting)."""
    filters = filters or Filters()
    registrations = day.registrations.select_related(*REGISTRATION_RELATED)
    if filters.status == "all":
        pass
    elif filters.status:
        registrations = registrations.filter(status=filters.status)
    else:
        registrations = registrations.active()
    if filters.region is not None:
        registrations = registrations.filter(region=filters.region)
    if filters.role:
        registrations = registrations.filter(role=filters.role)
    if q := filters.q.strip():
        registrations = registrations.filter(
            Q(name__icontains=q) | Q(email__icontains=q) | Q(organisation_name__icontains=q)
        )
    return registrations.order_by("status", "waiting_position", "name", "pk")


@dataclass(frozen=True)
class CountRow:
    key: str
    label: str
    confirmed: int
    waiting: int
    scale: int

    @property
    def total(self) -> int:
        return self.confirmed + self.waiting

    @property
    def confirmed_width(self) -> int:
        return round(BAR_WIDTH * self.confirmed / self.scale) if self.scale else 0

    @property
    def waiting_width(self) -> int:
        return round(BAR_WIDTH * self.waiting / self.scale) if self.scale else 0


@dataclass(frozen=True)
class Breakdown:
    rows: list[CountRow]
    confirmed: int
    waiting: int

    @property
    def bar_width(self) -> int:
        return BAR_WIDTH


def _rows(labels: Sequence[tuple[Any, str]], counts: dict[tuple[Any, str], int]) -> Breakdown:
    pairs = [
        (
            key,
            label,
            counts.get((key, RegistrationStatus.CONFIRMED), 0),
            counts.get((key, RegistrationStatus.WAITING), 0),
        )
        for key, label in labels
    ]
    scale = max((confirmed + waiting for _k, _l, confirmed, waiting in pairs), default=0)
    rows = [
        CountRow(
            key="" if key is None else str(key), label=label, confirmed=c, waiting=w, scale=scale
        )
        for key, label, c, w in pairs
    ]
    return Breakdown(
        rows=rows, confirmed=sum(r.confirmed for r in rows), waiting=sum(r.waiting for r in rows)
    )


def _counts(day: LearningDay, field: str) -> dict[tuple[Any, str], int]:
    rows = (
        day.registrations.active()
        .order_by()
        .values(field, "status")
        .annotate(n=Count("pk"))
        .values_list(field, "status", "n")
    )
    return {(key, status): n for key, status, n in rows}


def counts_per_region(day: LearningDay, regions: Iterable[Region]) -> Breakdown:
    """Confirmed and waiting per region, every region listed (also with none), and a last row
    for people without a region (core partners, others)."""
    counts = _counts(day, "region_id")
    labels: list[tuple[Any, str]] = [(region.pk, region.name) for region in regions]
    if any(key is None for key, _status in counts):
        labels.append((None, _("No region")))
    return _rows(labels, counts)


def counts_per_role(day: LearningDay) -> Breakdown:
    return _rows(list(ParticipantRole.choices), _counts(day, "role"))


def waiting_ranks(day: LearningDay) -> dict[int, int]:
    """Registration id -> place on the waiting list (1 is first in line)."""
    waiting = day.registrations.waiting().values_list("pk", flat=True)
    return {pk: rank for rank, pk in enumerate(waiting, start=1)}


def export_rows(
    registrations: Iterable[Registration], ranks: dict[int, int]
) -> Iterable[list[Any]]:
    for r in registrations:
        yield [
            r.name,
            r.email,
            r.organisation_name,
            r.region.name if r.region else "",
            r.get_role_display(),
            r.get_status_display(),
            ranks.get(r.pk),
            r.dietary_needs,
            r.access_needs,
            r.first_choice.theme if r.first_choice else "",
            r.second_choice.theme if r.second_choice else "",
            r.third_choice.theme if r.third_choice else "",
            r.consent_named_in_report,
            r.created_at,
            r.cancelled_at,
        ]


def export_headers() -> list[str]:
    return [
        _("Name"),
        _("E-mail address"),
        _("Organisation"),
        _("Region"),
        _("Role"),
        _("Status"),
        _("Place on the waiting list"),
        _("Dietary needs"),
        _("Access needs"),
        _("First choice"),
        _("Second choice"),
        _("Third choice"),
        _("May be named in the report"),
        _("Registered at"),
        _("Cancelled at"),
    ]
