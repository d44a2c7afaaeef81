from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import models


class ScanVersionQuerySet(models.QuerySet):
    def current(self) -> ScanVersionQuerySet:
        """The published version (at most one)."""
        return self.filter(status="published")

    def with_counts(self) -> ScanVersionQuerySet:
        return self.annotate(
            dimension_count=models.Count("dimensions", distinct=True),
            statement_count=models.Count("dimensions__statements", distinct=True),
            wave_count=models.Count("waves", distinct=True),
        )


class WaveQuerySet(models.QuerySet):
    def in_scope(
        self, *, region_ids: Iterable[int] = (), organisation_ids: Iterable[int] = ()
    ) -> WaveQuerySet:
        """Waves of the regions in ``region_ids`` (a wave belongs to no organisation)."""
        return self.filter(region_id__in=list(region_ids))

    def with_counts(self) -> WaveQuerySet:
        """Each wave with ``invited`` and ``responded`` (counts of invitations)."""
        return self.annotate(
            invited=models.Count("invitations", distinct=True),
            responded=models.Count(
                "invitations", filter=models.Q(invitations__responded=True), distinct=True
            ),
        )


class InvitationQuerySet(models.QuerySet):
    def in_scope(
        self, *, region_ids: Iterable[int] = (), organisation_ids: Iterable[int] = ()
    ) -> InvitationQuerySet:
        return self.filter(wave__region_id__in=list(region_ids))


# --- Action plans and the timeline ---------------------------------------------------------------


class _RegionQuerySet(models.QuerySet):
    """Rows that belong to a region directly (``region_id``)."""

    def in_scope(
        self, *, region_ids: Iterable[int] = (), organisation_ids: Iterable[int] = ()
    ) -> models.QuerySet:
        return self.filter(region_id__in=list(region_ids))


class ActionPlanQuerySet(_RegionQuerySet):
    pass


class MilestoneQuerySet(_RegionQuerySet):
    pass


class GoalQuerySet(models.QuerySet):
    def in_scope(
        self, *, region_ids: Iterable[int] = (), organisation_ids: Iterable[int] = ()
    ) -> GoalQuerySet:
        return self.filter(plan__region_id__in=list(region_ids))


class ActionQuerySet(models.QuerySet):
    def in_scope(
        self, *, region_ids: Iterable[int] = (), organisation_ids: Iterable[int] = ()
    ) -> ActionQuerySet:
        return self.filter(plan__region_id__in=list(region_ids))

    def overdue(self, today: dt.date) -> ActionQuerySet:
        """Not done, and due before ``today``."""
        return self.filter(due_on__lt=today).exclude(status="done")
