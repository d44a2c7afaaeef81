"""Reads of learning days and registrations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import models
from django.db.models import Count, Q

from participatienet.exchange.choices import (
    ACTIVE_STATUSES,
    DayStatus,
    InsightStatus,
    RegistrationStatus,
    ReportStatus,
)


class LearningDayQuerySet(models.QuerySet):
    """Learning days belong to the whole programme: they have no region to scope by."""

    def published(self) -> LearningDayQuerySet:
        """Days people outside the programme team may see: all but drafts."""
        return self.exclude(status=DayStatus.DRAFT)

    def upcoming(self, today: dt.date) -> LearningDayQuerySet:
        return self.filter(date__gte=today)

    def past(self, today: dt.date) -> LearningDayQuerySet:
        return self.filter(date__lt=today)

    def with_counts(self) -> LearningDayQuerySet:
        """Annotates ``confirmed_count`` and ``waiting_count``."""
        return self.annotate(
            confirmed_count=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
            ),
            waiting_count=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)
            ),
        )


class RegistrationQuerySet(models.QuerySet):
    def in_scope(
        self, *, region_ids: Iterable[int] = (), organisation_ids: Iterable[int] = ()
    ) -> RegistrationQuerySet:
        """Registrations of people of ``region_ids`` or of ``organisation_ids``."""
        return self.filter(
            Q(region_id__in=list(region_ids)) | Q(organisation_id__in=list(organisation_ids))
        )

    def active(self) -> RegistrationQuerySet:
        """Confirmed and waiting (not cancelled)."""
        return self.filter(status__in=ACTIVE_STATUSES)

    def confirmed(self) -> RegistrationQuerySet:
        return self.filter(status=RegistrationStatus.CONFIRMED)

    def waiting(self) -> RegistrationQuerySet:
        """The waiting list, first in line first."""
        return self.filter(status=RegistrationStatus.WAITING).order_by("waiting_position", "pk")


class SessionQuerySet(models.QuerySet):
    def published(self) -> SessionQuerySet:
        """Sessions of days that are not drafts."""
        return self.exclude(day__status=DayStatus.DRAFT)


class LearningTableQuerySet(models.QuerySet):
    def published(self) -> LearningTableQuerySet:
        """Tables of days that are not drafts."""
        return self.exclude(session__day__status=DayStatus.DRAFT)


class DayReportQuerySet(models.QuerySet):
    def published(self) -> DayReportQuerySet:
        """Published reports of days that are not drafts."""
        return self.filter(status=ReportStatus.PUBLISHED).exclude(day__status=DayStatus.DRAFT)


class InsightQuerySet(models.QuerySet):
    def published(self) -> InsightQuerySet:
        """Insights in a published report."""
        return self.filter(
            status=InsightStatus.PUBLISHED, day__report__status=ReportStatus.PUBLISHED
        ).exclude(day__status=DayStatus.DRAFT)
