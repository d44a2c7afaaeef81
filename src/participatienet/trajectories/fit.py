"""How well one offer fits one newcomer: hard filters, a score and its reasons (pure: no Django).

``assess(profile, offer)`` answers for one offer; ``rank(profile, offers)`` keeps the offers that
pass every hard filter, best first. The hard filters: the offer lies within the newcomer's reach
(great-circle distance, or a flexible location that serves the newcomer's municipality), the
newcomer's Dutch level reaches the offer's minimum, needs are met (childcare, women-only group,
wheelchair access), the schedule overlaps the newcomer's availability (unless the offer's
schedule is flexible), and at least one place is free. The score (0–100) weighs distance,
schedule overlap, shared themes and free places.

Reasons are codes with values, not sentences: the app turns them into plain Dutch. The matching
issue replaces this module with a full engine behind the same small interface.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088
PARTS_PER_DAY = 3
SLOTS_PER_WEEK = 7 * PARTS_PER_DAY

#: Hard filters an offer can fail (``Fit.failed``).
NO_LOCATION = "no_location"
TOO_FAR = "too_far"
LEVEL = "level"
CHILDCARE = "childcare"
WOMEN_ONLY = "women_only"
WHEELCHAIR = "wheelchair"
SCHEDULE = "schedule"
FULL = "full"

#: Reason codes (``Reason.code``), in the order they are shown.
R_HOME = "home"  # flexible location that serves the newcomer's municipality
R_DISTANCE = "distance"  # number: km
R_SCHEDULE = "schedule"  # items: up to two (day, part) moments that fit; number: how many more
R_SCHEDULE_FLEXIBLE = "schedule_flexible"
R_THEMES = "themes"  # items: shared theme numbers
R_LEVEL = "level"  # number: the newcomer's level; items: (the offer's minimum,)
R_CHILDCARE = "childcare"
R_WOMEN_ONLY = "women_only"
R_WHEELCHAIR = "wheelchair"
R_PLACES = "places"  # number: free places

#: The most each part adds to the score; they sum to 100.
WEIGHTS = {"distance": 35, "schedule": 25, "themes": 25, "places": 15}
#: A flexible schedule fits, but less surely than a moment the newcomer ticked.
FLEXIBLE_SCHEDULE_SHARE = 0.8
#: Without any interests filled in, themes count for half.
NO_INTERESTS_SHARE = 0.5
#: From this many free places on, places add their full weight.
PLENTY_OF_PLACES = 3


@dataclass(frozen=True)
class Profile:
    """What matters of the newcomer. Masks as in ``offers/schedule.py``."""

    latitude: float | None
    longitude: float | None
    max_distance_km: float
    dutch_level: int
    themes_mask: int = 0
    availability_mask: int = 0
    needs_childcare: bool = False
    needs_women_only: bool = False
    needs_wheelchair: bool = False

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def has_availability(self) -> bool:
        return self.availability_mask != 0


@dataclass(frozen=True)
class OfferFacts:
    """What matters of one offer. ``serves_home``: a flexible location that serves the
    newcomer's municipality (the activity comes to the newcomer)."""

    key: int
    latitude: float
    longitude: float
    min_dutch_level: int = 0
    themes_mask: int = 0
    schedule_mask: int = 0
    is_schedule_flexible: bool = False
    serves_home: bool = False
    has_childcare: bool = False
    is_women_only: bool = False
    is_wheelchair_accessible: bool = False
    free_places: int = 1


@dataclass(frozen=True)
class Reason:
    code: str
    number: float = 0
    items: tuple = ()


@dataclass(frozen=True)
class Fit:
    key: int
    score: int
    distance_km: float
    reasons: tuple[Reason, ...] = ()
    failed: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.failed


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def bounding_box(
    latitude: float, longitude: float, radius_km: float
) -> tuple[float, float, float, float]:
    """``(lat_min, lat_max, lon_min, lon_max)`` enclosing the circle: a cheap SQL prefilter."""
    d_lat = math.degrees(radius_km / EARTH_RADIUS_KM)
    cos_lat = max(math.cos(math.radians(latitude)), 0.01)
    d_lon = math.degrees(radius_km / (EARTH_RADIUS_KM * cos_lat))
    return latitude - d_lat, latitude + d_lat, longitude - d_lon, longitude + d_lon


def _bits(mask: int) -> int:
    return bin(mask).count("1")


def _slots(mask: int) -> tuple[tuple[int, int], ...]:
    return tuple(divmod(slot, PARTS_PER_DAY) for slot in range(SLOTS_PER_WEEK) if mask >> slot & 1)


def _theme_numbers(mask: int) -> tuple[int, ...]:
    return tuple(bit for bit in range(32) if mask >> bit & 1)


def assess(profile: Profile, offer: OfferFacts) -> Fit:
    """The fit of ``offer`` for ``profile``: every failed hard filter, else a score and
    reasons."""
    failed: list[str] = []
    if not profile.has_location:
        return Fit(key=offer.key, score=0, distance_km=math.inf, failed=(NO_LOCATION,))
    km = distance_km(profile.latitude, profile.longitude, offer.latitude, offer.longitude)  # type: ignore[arg-type]
    effective_km = 0.0 if offer.serves_home else km
    if effective_km > profile.max_distance_km:
        failed.append(TOO_FAR)
    if profile.dutch_level < offer.min_dutch_level:
        failed.append(LEVEL)
    if profile.needs_childcare and not offer.has_childcare:
        failed.append(CHILDCARE)
    if profile.needs_women_only and not offer.is_women_only:
        failed.append(WOMEN_ONLY)
    if profile.needs_wheelchair and not offer.is_wheelchair_accessible:
        failed.append(WHEELCHAIR)
    overlap = profile.availability_mask & offer.schedule_mask
    if not offer.is_schedule_flexible and not overlap:
        failed.append(SCHEDULE)
    if offer.free_places < 1:
        failed.append(FULL)
    if failed:
        return Fit(key=offer.key, score=0, distance_km=km, failed=tuple(failed))

    reasons: list[Reason] = []
    # Distance: closer is better, on the scale of the newcomer's own reach.
    reach = max(profile.max_distance_km, 0.1)
    distance_share = max(0.0, 1.0 - effective_km / reach)
    if offer.serves_home:
        reasons.append(Reason(R_HOME))
    else:
        reasons.append(Reason(R_DISTANCE, number=round(km, 1)))
    # Schedule: the share of the offer's moments the newcomer can come.
    if offer.is_schedule_flexible and not overlap:
        schedule_share = FLEXIBLE_SCHEDULE_SHARE
        reasons.append(Reason(R_SCHEDULE_FLEXIBLE))
    else:
        schedule_share = _bits(overlap) / max(_bits(offer.schedule_mask), 1)
        fitting = _slots(overlap)
        reasons.append(Reason(R_SCHEDULE, number=max(len(fitting) - 2, 0), items=fitting[:2]))
    # Themes: one shared interest counts most of the way, two or more fully.
    shared = _theme_numbers(profile.themes_mask & offer.themes_mask)
    if not profile.themes_mask:
        themes_share = NO_INTERESTS_SHARE
    else:
        themes_share = {0: 0.0, 1: 0.75}.get(len(shared), 1.0)
    if shared:
        reasons.append(Reason(R_THEMES, items=shared))
    reasons.append(Reason(R_LEVEL, number=profile.dutch_level, items=(offer.min_dutch_level,)))
    if profile.needs_childcare:
        reasons.append(Reason(R_CHILDCARE))
    if profile.needs_women_only:
        reasons.append(Reason(R_WOMEN_ONLY))
    if profile.needs_wheelchair:
        reasons.append(Reason(R_WHEELCHAIR))
    places_share = min(offer.free_places, PLENTY_OF_PLACES) / PLENTY_OF_PLACES
    reasons.append(Reason(R_PLACES, number=offer.free_places))
    score = (
        WEIGHTS["distance"] * distance_share
        + WEIGHTS["schedule"] * schedule_share
        + WEIGHTS["themes"] * themes_share
        + WEIGHTS["places"] * places_share
    )
    return Fit(key=offer.key, score=int(round(score)), distance_km=km, reasons=tuple(reasons))


def rank(profile: Profile, offers: Iterable[OfferFacts], limit: int = 20) -> list[Fit]:
    """The offers that pass every hard filter, best first (ties: nearer, then by key)."""
    fits = [fit for fit in (assess(profile, offer) for offer in offers) if fit.ok]
    fits.sort(key=lambda fit: (-fit.score, fit.distance_km, fit.key))
    return fits[:limit]
