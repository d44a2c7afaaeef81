"""Loads a region's network into the dataclasses of `measures` and `layout`.

A fixed number of queries, whatever the size of the region.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.db.models import Count, F, Q

from participatienet.accounts.choices import Role
from participatienet.network import measures
from participatienet.network.choices import OrganisationStage
from participatienet.network.models import Organisation
from participatienet.network.ties import declared_ties, derived_ties


def coordinating_organisation_ids(region: Any) -> set[int]:
    """Where the memberships of the region's coordinators point, if anywhere."""
    from participatienet.accounts.models import Membership

    return set(
        Membership.objects.current()
        .filter(role=Role.COORDINATOR, region=region, organisation__isnull=False)
        .values_list("organisation_id", flat=True)
    )


#: Stages of organisations the network is still growing towards.
NOT_YET_MEMBERS = (OrganisationStage.PROSPECT, OrganisationStage.ENGAGED)


def region_graph(
    region: Any, start: date | None = None, end: date | None = None
) -> tuple[list[measures.Node], list[measures.Tie]]:
    """The organisations of ``region`` with the participations they hosted (created in
    [start, end) when given), and its declared and derived ties."""
    hosted = Q()
    if start is not None:
        hosted &= Q(participations__created_at__date__gte=start)
    if end is not None:
        hosted &= Q(participations__created_at__date__lt=end)
    coordinating = coordinating_organisation_ids(region)
    rows = (
        Organisation.objects.filter(region=region)
        .annotate(hosted=Count("participations", filter=hosted or None))
        .values_list("pk", "kind", "municipality_id", "created_at", "hosted", "joined_on", "stage")
        .order_by("pk")
    )
    nodes = [
        measures.Node(
            id=pk,
            kind=kind,
            municipality_id=municipality_id,
            is_coordinating=pk in coordinating,
            joined_on=joined_on or (created_at.date() if created_at else None),
            participations=count,
        )
        for pk, kind, municipality_id, created_at, count, joined_on, stage in rows
        # Prospects and organisations still in conversation are not part of the network yet:
        # they count once they become active (and so get their join date).
        if stage not in NOT_YET_MEMBERS
    ]
    ties = declared_ties(region, end) + derived_ties(region, start, end)
    return nodes, ties


def quarterly_activity(
    region: Any, quarters: list[measures.Quarter]
) -> dict[measures.Quarter, measures.PeriodActivity]:
    """Per quarter: participations hosted per organisation, distinct newcomers, municipalities
    of the offers taken part in, municipalities where newcomers started looking (their
    trajectory began) and the days partners took to confirm hours. Three queries."""
    from django.utils import timezone

    from participatienet.trajectories.models import Participation, Trajectory

    if not quarters:
        return {}
    first, end = quarters[0].start, quarters[-1].end
    hosted: dict = {q: {} for q in quarters}
    newcomers: dict = {q: set() for q in quarters}
    offers: dict = {q: set() for q in quarters}
    demand: dict = {q: set() for q in quarters}
    participations = Participation.objects.filter(
        organisation__region=region, created_at__date__gte=first, created_at__date__lt=end
    ).values_list(
        "organisation_id", "trajectory__newcomer_id", "offer__municipality_id", "created_at"
    )
    for organisation_id, newcomer_id, municipality_id, created_at in participations:
        quarter = measures.Quarter.of(timezone.localdate(created_at))
        if quarter not in hosted:
            continue
        hosted[quarter][organisation_id] = hosted[quarter].get(organisation_id, 0) + 1
        newcomers[quarter].add(newcomer_id)
        if municipality_id is not None:
            offers[quarter].add(municipality_id)
    trajectories = Trajectory.objects.filter(
        region=region, created_at__date__gte=first, created_at__date__lt=end
    ).values_list("newcomer__municipality_id", "created_at")
    for municipality_id, created_at in trajectories:
        quarter = measures.Quarter.of(timezone.localdate(created_at))
        if quarter in demand and municipality_id is not None:
            demand[quarter].add(municipality_id)
    confirmations: dict = {q: {} for q in quarters}
    for organisation_id, confirmed_on, days in confirmation_delays(region, first, end):
        quarter = measures.Quarter.of(confirmed_on)
        if quarter in confirmations:
            confirmations[quarter].setdefault(organisation_id, []).append(days)
    return {
        q: measures.PeriodActivity(
            participations=hosted[q],
            newcomers=len(newcomers[q]),
            offer_municipality_ids=frozenset(offers[q]),
            demand_municipality_ids=frozenset(demand[q]),
            confirmation_days=confirmations[q],
        )
        for q in quarters
    }


def _local_midnight(day: date) -> datetime:
    """The start of ``day`` in the current time zone."""
    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, time.min))


def confirmation_delays(
    region: Any, start: date | None = None, end: date | None = None
) -> list[tuple[int, date, int]]:
    """(organisation, day of confirmation, days from entering to confirming) for every hour
    entry confirmed in [start, end) of a participation hosted by an organisation of
    ``region``. Days count calendar days in local time: confirmed the day the hours were
    entered is 0. Entries a partner contact entered and so confirmed themselves are left out:
    they say nothing about how quickly a partner answers. One query."""
    from django.utils import timezone

    from participatienet.trajectories.choices import HourStatus
    from participatienet.trajectories.models import HourEntry, Participation

    # Through the region's participations, so the database walks the (participation, status)
    # index rather than every confirmed entry of Flanders.
    hosted = Participation.objects.filter(organisation__region=region).values("pk")
    entries = HourEntry.objects.filter(
        participation__in=hosted,
        status=HourStatus.CONFIRMED,
        confirmed_at__isnull=False,
    ).exclude(confirmed_by=F("entered_by"))
    # Compare moments, not dates: a date cast runs per row (on SQLite even in Python).
    if start is not None:
        entries = entries.filter(confirmed_at__gte=_local_midnight(start))
    if end is not None:
        entries = entries.filter(confirmed_at__lt=_local_midnight(end))
    rows = []
    for organisation_id, entered_at, confirmed_at in entries.values_list(
        "participation__organisation_id", "entered_at", "confirmed_at"
    ).order_by():
        confirmed_on = timezone.localdate(confirmed_at)
        days = (confirmed_on - timezone.localdate(entered_at)).days
        rows.append((organisation_id, confirmed_on, max(days, 0)))
    # The same order on every database, whatever plan it chose.
    rows.sort()
    return rows
