"""Loads Django rows into the pure matching engine (``participatienet.matching.engine``).

Every function runs a bounded number of queries, whatever the number of rows:

* ``candidate_for(newcomer)`` / ``candidates_for(trajectories_or_newcomers)``: the engine's
  ``Candidate`` of each newcomer (at most two queries for a whole list). ``Candidate.id`` is the
  primary key of the object passed: a newcomer's pk for a newcomer, a trajectory's pk for a
  trajectory (so an allocation can map its results straight back to trajectories).
* ``offer_table(offers)``: the active, not yet ended offers of a queryset as an ``OfferTable``
  (three queries): free places from ``with_free_places()``, ``serves`` from the municipalities
  that flexible offers serve, ``organisation_load`` the occupying participations (referred,
  accepted, active) per organisation. ``OfferTable.id`` holds the offers' pks, so
  ``Suggestion.offer_id`` is an offer pk.
* ``weights_for(region)``: the region's saved ``MatchingWeights`` or the engine's defaults.
* ``offers_near(candidate, offers)``: a bounding box in SQL around the candidate's reach (plus
  flexible offers serving their municipality), a cheap prefilter before ``offer_table``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from participatienet.allocation.models import MatchingWeights
from participatienet.matching.engine import EARTH_RADIUS_KM, Candidate, OfferTable, Weights
from participatienet.offers.models import Offer
from participatienet.offers.querysets import OCCUPYING_STATUSES
from participatienet.regions.models import Municipality, Region
from participatienet.trajectories.models import Newcomer, Participation, Trajectory

#: The offer columns ``offer_table`` reads.
OFFER_COLUMNS = (
    "pk",
    "latitude",
    "longitude",
    "is_location_flexible",
    "schedule_mask",
    "is_schedule_flexible",
    "themes_mask",
    "min_dutch_level",
    "has_childcare",
    "is_women_only",
    "is_wheelchair_accessible",
    "free_places",
    "organisation_id",
)


def _candidate(newcomer: Newcomer, key: int, coordinates: tuple[float, float] | None) -> Candidate:
    lat, lon = coordinates if coordinates is not None else (None, None)
    return Candidate(
        id=key,
        lat=lat,
        lon=lon,
        max_distance_km=float(newcomer.max_distance_km),
        mobility=newcomer.mobility,
        dutch_level=int(newcomer.dutch_level),
        themes_mask=int(newcomer.themes_mask),
        availability_mask=int(newcomer.availability_mask),
        needs_childcare=newcomer.needs_childcare,
        needs_women_only=newcomer.needs_women_only,
        needs_wheelchair=newcomer.needs_wheelchair,
        municipality_id=newcomer.municipality_id,
    )


def candidate_for(newcomer: Newcomer) -> Candidate:
    """The engine's view of one newcomer (``id`` = the newcomer's pk)."""
    return candidates_for([newcomer])[0]


def candidates_for(items: Iterable[Trajectory | Newcomer]) -> list[Candidate]:
    """One ``Candidate`` per trajectory or newcomer, in the order given; at most two queries
    (the newcomers of trajectories whose newcomer is not loaded yet, and the coordinates of
    municipalities not loaded yet)."""
    items = list(items)
    newcomer_field = Trajectory._meta.get_field("newcomer")
    municipality_field = Newcomer._meta.get_field("municipality")
    missing = {
        item.newcomer_id
        for item in items
        if isinstance(item, Trajectory) and not newcomer_field.is_cached(item)
    }
    loaded = Newcomer.objects.in_bulk(missing) if missing else {}
    pairs: list[tuple[Newcomer, int]] = []
    for item in items:
        if isinstance(item, Trajectory):
            newcomer = item.newcomer if newcomer_field.is_cached(item) else loaded[item.newcomer_id]
            pairs.append((newcomer, item.pk))
        else:
            pairs.append((item, item.pk))
    coordinates: dict[int, tuple[float, float]] = {}
    unknown = set()
    for newcomer, _key in pairs:
        if municipality_field.is_cached(newcomer):
            place = newcomer.municipality
            if place is not None:
                coordinates[place.pk] = (place.latitude, place.longitude)
        elif newcomer.municipality_id is not None:
            unknown.add(newcomer.municipality_id)
    unknown -= coordinates.keys()
    if unknown:
        for pk, lat, lon in Municipality.objects.filter(pk__in=unknown).values_list(
            "pk", "latitude", "longitude"
        ):
            coordinates[pk] = (lat, lon)
    return [
        _candidate(newcomer, key, coordinates.get(newcomer.municipality_id))
        for newcomer, key in pairs
    ]


def offer_table(offers: QuerySet[Offer]) -> OfferTable:
    """The active offers of ``offers`` that have not ended, as the engine's ``OfferTable``
    (rows ordered by pk; full offers stay in, with 0 free places, so the engine can say that
    they are full). Three queries."""
    today = timezone.localdate()
    rows = list(
        offers.published()
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .with_free_places()
        .order_by("pk")
        .values(*OFFER_COLUMNS)
    )
    index = {row["pk"]: number for number, row in enumerate(rows)}
    serves: dict[int, list[int]] = {}
    flexible = [row["pk"] for row in rows if row["is_location_flexible"]]
    if flexible:
        served = Offer.municipalities_served.through.objects.filter(offer_id__in=flexible)
        for offer_id, municipality_id in served.values_list("offer_id", "municipality_id"):
            serves.setdefault(municipality_id, []).append(index[offer_id])
    load = organisation_load({row["organisation_id"] for row in rows})
    return OfferTable.from_rows(
        [
            {
                "id": row["pk"],
                "lat": row["latitude"],
                "lon": row["longitude"],
                "flexible_location": row["is_location_flexible"],
                "schedule_mask": row["schedule_mask"],
                "flexible_schedule": row["is_schedule_flexible"],
                "themes_mask": row["themes_mask"],
                "min_level": row["min_dutch_level"],
                "childcare": row["has_childcare"],
                "women_only": row["is_women_only"],
                "wheelchair": row["is_wheelchair_accessible"],
                "free_places": row["free_places"],
                "organisation_load": load.get(row["organisation_id"], 0),
            }
            for row in rows
        ],
        serves=serves,
    )


def organisation_load(organisation_ids: Iterable[int]) -> dict[int, int]:
    """Occupying participations (referred, accepted, active) per organisation: the
    participation's own organisation, else its offer's. One query."""
    organisation_ids = list(organisation_ids)
    if not organisation_ids:
        return {}
    counts = (
        Participation.objects.filter(status__in=OCCUPYING_STATUSES)
        .annotate(host=Coalesce("organisation_id", "offer__organisation_id"))
        .filter(host__in=organisation_ids)
        .values("host")
        .annotate(n=Count("pk"))
        .values_list("host", "n")
    )
    return dict(counts)


def weights_for(region: Region | None) -> Weights:
    """The region's saved weights, or the engine's defaults when none are saved."""
    if region is None:
        return Weights()
    saved = MatchingWeights.objects.filter(region=region).first()
    return saved.as_weights() if saved is not None else Weights()


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """``(lat_min, lat_max, lon_min, lon_max)`` enclosing the circle of ``radius_km``."""
    d_lat = math.degrees(radius_km / EARTH_RADIUS_KM)
    cos_lat = max(math.cos(math.radians(lat)), 0.01)
    d_lon = math.degrees(radius_km / (EARTH_RADIUS_KM * cos_lat))
    return lat - d_lat, lat + d_lat, lon - d_lon, lon + d_lon


def offers_near(candidate: Candidate, offers: QuerySet[Offer]) -> QuerySet[Offer]:
    """``offers`` narrowed in SQL to the box around the candidate's reach, plus the flexible
    offers that serve their municipality; none when the candidate has no location."""
    if not candidate.has_location:
        return offers.none()
    lat, lon = float(candidate.lat), float(candidate.lon)  # type: ignore[arg-type]
    lat_min, lat_max, lon_min, lon_max = bounding_box(lat, lon, candidate.reach_km)
    near: Any = Q(latitude__range=(lat_min, lat_max), longitude__range=(lon_min, lon_max))
    if candidate.municipality_id is not None:
        served = Offer.municipalities_served.through.objects.filter(
            municipality_id=candidate.municipality_id
        )
        near |= Q(is_location_flexible=True, pk__in=served.values("offer_id"))
    return offers.filter(near)
