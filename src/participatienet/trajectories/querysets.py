"""Reads of newcomers, trajectories and participations, each with its path to a scope.

``in_scope`` takes what the policy module grants:
- ``region_ids``: everything of those regions (coordinators);
- ``counsellor_id``: the caseload of that counsellor;
- ``municipality_ids``: newcomers living there (local workers);
- ``organisation_ids``: only what was referred to those organisations (partner contacts).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.db.models import Q, Sum, Value
from django.db.models.functions import Coalesce

from participatienet.trajectories.choices import HourStatus, ParticipationStatus

#: A partner sees a newcomer from the moment it was referred to its offer.
PARTNER_VISIBLE_STATUSES = (
    ParticipationStatus.REFERRED,
    ParticipationStatus.ACCEPTED,
    ParticipationStatus.DECLINED,
    ParticipationStatus.ACTIVE,
    ParticipationStatus.COMPLETED,
    ParticipationStatus.STOPPED,
)


def _scope_q(
    prefix: str,
    *,
    region_ids: Iterable[int],
    counsellor_id: int | None,
    municipality_ids: Iterable[int],
    organisation_ids: Iterable[int],
    participation_prefix: str | None,
) -> Q:
    """The scope condition for a model that reaches the newcomer through ``prefix``."""
    q = Q(**{f"{prefix}region_id__in": list(region_ids)})
    if counsellor_id is not None:
        q |= Q(**{f"{prefix}counsellor_id": counsellor_id})
    municipality_ids = list(municipality_ids)
    if municipality_ids:
        q |= Q(**{f"{prefix}municipality_id__in": municipality_ids})
    organisation_ids = list(organisation_ids)
    if organisation_ids and participation_prefix is not None:
        q |= Q(
            **{
                f"{participation_prefix}organisation_id__in": organisation_ids,
                f"{participation_prefix}status__in": PARTNER_VISIBLE_STATUSES,
            }
        )
    return q


class NewcomerQuerySet(models.QuerySet):
    def in_scope(
        self,
        *,
        region_ids: Iterable[int] = (),
        counsellor_id: int | None = None,
        municipality_ids: Iterable[int] = (),
        organisation_ids: Iterable[int] = (),
    ) -> NewcomerQuerySet:
        condition = _scope_q(
            "",
            region_ids=region_ids,
            counsellor_id=counsellor_id,
            municipality_ids=municipality_ids,
            organisation_ids=(),
            participation_prefix=None,
        )
        organisation_ids = list(organisation_ids)
        if organisation_ids:
            from participatienet.trajectories.models import Participation

            referred = Participation.objects.filter(
                organisation_id__in=organisation_ids, status__in=PARTNER_VISIBLE_STATUSES
            ).values("trajectory__newcomer_id")
            condition |= Q(pk__in=referred)
        return self.filter(condition)

    def active(self) -> NewcomerQuerySet:
        return self.filter(anonymised_at__isnull=True)


class TrajectoryQuerySet(models.QuerySet):
    def in_scope(
        self,
        *,
        region_ids: Iterable[int] = (),
        counsellor_id: int | None = None,
        municipality_ids: Iterable[int] = (),
        organisation_ids: Iterable[int] = (),
    ) -> TrajectoryQuerySet:
        condition = Q(region_id__in=list(region_ids))
        if counsellor_id is not None:
            condition |= Q(counsellor_id=counsellor_id) | Q(newcomer__counsellor_id=counsellor_id)
        municipality_ids = list(municipality_ids)
        if municipality_ids:
            condition |= Q(newcomer__municipality_id__in=municipality_ids)
        organisation_ids = list(organisation_ids)
        if organisation_ids:
            from participatienet.trajectories.models import Participation

            referred = Participation.objects.filter(
                organisation_id__in=organisation_ids, status__in=PARTNER_VISIBLE_STATUSES
            ).values("trajectory_id")
            condition |= Q(pk__in=referred)
        return self.filter(condition)

    def with_confirmed_hours(self) -> TrajectoryQuerySet:
        """Annotates ``confirmed_hours``: the sum of confirmed hours over all participations."""
        from participatienet.trajectories.models import HourEntry

        confirmed = (
            HourEntry.objects.filter(
                participation__trajectory=models.OuterRef("pk"), status=HourStatus.CONFIRMED
            )
            .order_by()
            .values("participation__trajectory")
            .annotate(total=Sum("hours"))
            .values("total")
        )
        return self.annotate(
            confirmed_hours=Coalesce(
                models.Subquery(confirmed, output_field=models.DecimalField()),
                Value(0, output_field=models.DecimalField()),
            )
        )


class ParticipationQuerySet(models.QuerySet):
    def in_scope(
        self,
        *,
        region_ids: Iterable[int] = (),
        counsellor_id: int | None = None,
        municipality_ids: Iterable[int] = (),
        organisation_ids: Iterable[int] = (),
    ) -> ParticipationQuerySet:
        condition = Q(trajectory__region_id__in=list(region_ids))
        if counsellor_id is not None:
            condition |= Q(trajectory__counsellor_id=counsellor_id) | Q(
                trajectory__newcomer__counsellor_id=counsellor_id
            )
        municipality_ids = list(municipality_ids)
        if municipality_ids:
            condition |= Q(trajectory__newcomer__municipality_id__in=municipality_ids)
        organisation_ids = list(organisation_ids)
        if organisation_ids:
            condition |= Q(
                organisation_id__in=organisation_ids, status__in=PARTNER_VISIBLE_STATUSES
            )
        return self.filter(condition)

    def with_confirmed_hours(self) -> ParticipationQuerySet:
        return self.annotate(
            confirmed_hours=Coalesce(
                Sum("hour_entries__hours", filter=Q(hour_entries__status=HourStatus.CONFIRMED)),
                Value(0, output_field=models.DecimalField()),
            )
        )


class _ThroughParticipationQuerySet(models.QuerySet):
    """For rows that belong to a participation: in scope when their participation is."""

    def in_scope(
        self,
        *,
        region_ids: Iterable[int] = (),
        counsellor_id: int | None = None,
        municipality_ids: Iterable[int] = (),
        organisation_ids: Iterable[int] = (),
    ) -> models.QuerySet:
        from participatienet.trajectories.models import Participation

        participations = Participation.objects.in_scope(
            region_ids=region_ids,
            counsellor_id=counsellor_id,
            municipality_ids=municipality_ids,
            organisation_ids=organisation_ids,
        )
        return self.filter(participation__in=participations.values("pk"))


class HourEntryQuerySet(_ThroughParticipationQuerySet):
    def unconfirmed(self) -> HourEntryQuerySet:
        return self.filter(status=HourStatus.UNCONFIRMED)


class FeedbackQuerySet(_ThroughParticipationQuerySet):
    pass
