"""Explainable suggestions: which offers fit one newcomer, and why (pure: numpy/scipy, no Django).

The model
=========

Hard filters (an offer that fails one is never suggested nor allocated):

* **reach**: the great-circle (haversine) distance between the newcomer's municipality and the
  offer is at most ``reach = min(max_distance_km, MOBILITY_REACH_KM[mobility])``: on foot 3 km,
  by bike 10 km, by public transport 25 km, by car 50 km (an unknown mode adds no cap). An offer
  with a flexible location that serves the newcomer's municipality (``OfferTable.serves``)
  counts as 0 km: the activity comes to the newcomer.
* **Dutch level**: the newcomer's level (0 none, 1 A1, 2 A2, 3 B1+) reaches the offer's minimum.
* **needs**: needing childcare, a women-only group or wheelchair access requires an offer that
  provides it.
* **schedule**: the newcomer's availability and the offer's schedule (21-bit week masks, slot
  ``day * 3 + part``) share a slot, unless either side is flexible.
* **places**: at least one free place.

A newcomer without a location or without any availability gets ``NoSuggestions`` with the
reason in Dutch, never a silent empty list; so does a newcomer whom every offer fails (the
reason names the filter that eliminated the last offers, e.g. "geen aanbod binnen 10 km op
dinsdagavond").

Score (0–100) of an offer that passes, from four soft factors, each a share in [0, 1]:

* ``d`` distance: ``1 − km / reach`` (1 for an offer that comes to the newcomer);
* ``s`` schedule: overlapping slots / the offer's slots; 0.8 for a flexible schedule without a
  ticked overlap; 1 when the newcomer is available at any moment;
* ``t`` themes: 0 shared → 0, one → 0.75, two or more → 1; a newcomer without interests → 0.5;
* ``p`` free places: ``min(free, 3) / 3``.

``base = 100 · (w_d·d + w_s·s + w_t·t + w_p·p) / (w_d + w_s + w_t + w_p)`` with the weights of
``Weights`` (each in [0, 100], not all zero). Load spreading then lowers offers of organisations
that already host many newcomers ("beyond the usual suspects"):

``score = base · (1 − λ · L / (L + H))``

where ``L`` is the organisation's current number of newcomers, ``λ = Weights.load_spreading`` in
[0, 1] (0: off; 1: a very busy partner's offers drop towards 0) and ``H = Weights.load_half``
in [1, 1000] the load at which half of ``λ`` applies. So the score stays in [0, 100]. Each
``Suggestion`` carries the points each factor contributed (they sum to the score; load spreading
is negative) and Dutch sentences per factor, including the hard filters it passed (level,
needs), which contribute no points.

``feasible_pairs`` applies the same filters and score to many newcomers at once (a k-d tree on
the unit sphere finds the offers within reach) for the batch allocation in ``allocation.py``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.spatial import cKDTree

from participatienet.matching import explain

EARTH_RADIUS_KM = 6371.0088
FULL_WEEK = (1 << 21) - 1

#: The furthest each way of getting around reaches, in km (caps ``max_distance_km``).
MOBILITY_REACH_KM: dict[str, float] = {
    "foot": 3.0,
    "bike": 10.0,
    "public_transport": 25.0,
    "car": 50.0,
}
#: A flexible schedule without a ticked overlap fits, but less surely.
FLEXIBLE_SCHEDULE_SHARE = 0.8
#: Without any interests filled in, themes count for half.
NO_INTERESTS_SHARE = 0.5
#: Theme share by number of shared themes (0, 1, 2 or more).
THEME_SHARES = np.array([0.0, 0.75, 1.0])
#: From this many free places on, places add their full weight.
PLENTY_OF_PLACES = 3
#: The smallest reach used to scale the distance share (avoids dividing by zero).
MIN_REACH_KM = 0.1

FACTORS = ("distance", "schedule", "themes", "free_places", "load_spreading")

#: Codes of why nothing fits (``NoSuggestions.code``, ``Unplaced.code``), for aggregation.
NO_LOCATION = "no_location"
NO_AVAILABILITY = "no_availability"
TOO_FAR = "distance"
SCHEDULE = "schedule"
LEVEL = "level"
CHILDCARE = "childcare"
WOMEN_ONLY = "women_only"
WHEELCHAIR = "wheelchair"
FULL = "full"
TAKEN = "taken"  # allocation only: fitting places went to others


# --- Inputs ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """One newcomer as the engine sees them. ``lat``/``lon`` are the municipality's (None when
    unknown); masks as in ``offers/schedule.py``; ``flexible_availability``: any moment suits."""

    id: int
    lat: float | None
    lon: float | None
    max_distance_km: float = 10.0
    mobility: str = "public_transport"
    dutch_level: int = 0
    themes_mask: int = 0
    availability_mask: int = 0
    needs_childcare: bool = False
    needs_women_only: bool = False
    needs_wheelchair: bool = False
    municipality_id: int | None = None
    flexible_availability: bool = False

    @property
    def has_location(self) -> bool:
        return (
            self.lat is not None
            and self.lon is not None
            and math.isfinite(self.lat)
            and math.isfinite(self.lon)
        )

    @property
    def has_availability(self) -> bool:
        return self.flexible_availability or (self.availability_mask & FULL_WEEK) != 0

    @property
    def reach_km(self) -> float:
        return reach_km(self.max_distance_km, self.mobility)


def reach_km(max_distance_km: float, mobility: str) -> float:
    """``min(max_distance_km, cap of the mobility mode)``; never negative."""
    cap = MOBILITY_REACH_KM.get(mobility, math.inf)
    return max(0.0, min(float(max_distance_km), cap))


def _array(values, dtype) -> np.ndarray:
    array = np.asarray(values, dtype=dtype)
    array.setflags(write=False)
    return array


@dataclass(frozen=True, eq=False)
class OfferTable:
    """All offers as columns (one row per offer). ``organisation_load``: newcomers the offer's
    organisation already hosts. ``serves``: municipality id → indices (rows) of the offers with
    a flexible location that serve that municipality; such offers count as 0 km there."""

    id: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    flexible_location: np.ndarray
    schedule_mask: np.ndarray
    flexible_schedule: np.ndarray
    themes_mask: np.ndarray
    min_level: np.ndarray
    childcare: np.ndarray
    women_only: np.ndarray
    wheelchair: np.ndarray
    free_places: np.ndarray
    organisation_load: np.ndarray
    serves: Mapping[int, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n = len(self.id)
        kinds = {
            "id": np.int64,
            "lat": np.float64,
            "lon": np.float64,
            "flexible_location": bool,
            "schedule_mask": np.int64,
            "flexible_schedule": bool,
            "themes_mask": np.int64,
            "min_level": np.int64,
            "childcare": bool,
            "women_only": bool,
            "wheelchair": bool,
            "free_places": np.int64,
            "organisation_load": np.int64,
        }
        for name, dtype in kinds.items():
            array = _array(getattr(self, name), dtype)
            if array.shape != (n,):
                raise ValueError(f"OfferTable.{name} has shape {array.shape}, expected ({n},)")
            object.__setattr__(self, name, array)
        serves = {
            int(key): _array(np.unique(np.asarray(rows, dtype=np.int64)), np.int64)
            for key, rows in self.serves.items()
        }
        for rows in serves.values():
            if len(rows) and (rows[0] < 0 or rows[-1] >= n):
                raise ValueError("OfferTable.serves holds a row outside the table")
        object.__setattr__(self, "serves", serves)
        phi = np.radians(self.lat)
        lam = np.radians(self.lon)
        object.__setattr__(self, "_phi", phi)
        object.__setattr__(self, "_lam", lam)
        object.__setattr__(self, "_cos_phi", np.cos(phi))
        object.__setattr__(self, "_tree", None)

    def __len__(self) -> int:
        return len(self.id)

    @classmethod
    def from_rows(cls, rows: Sequence[Mapping], serves: Mapping | None = None) -> OfferTable:
        """Build from dicts with the column names as keys (missing flags default to False,
        missing ``organisation_load`` to 0)."""
        defaults = {
            "flexible_location": False,
            "flexible_schedule": False,
            "themes_mask": 0,
            "min_level": 0,
            "childcare": False,
            "women_only": False,
            "wheelchair": False,
            "organisation_load": 0,
        }
        names = [
            "id",
            "lat",
            "lon",
            "flexible_location",
            "schedule_mask",
            "flexible_schedule",
            "themes_mask",
            "min_level",
            "childcare",
            "women_only",
            "wheelchair",
            "free_places",
            "organisation_load",
        ]
        columns = {name: [row.get(name, defaults.get(name)) for row in rows] for name in names}
        return cls(**columns, serves=serves or {})

    def tree(self) -> cKDTree:
        """A k-d tree of the offers on the unit sphere (built once, on first use)."""
        if self._tree is None:
            object.__setattr__(self, "_tree", cKDTree(_unit_vectors(self._phi, self._lam)))
        return self._tree


@dataclass(frozen=True)
class Weights:
    """How much each soft factor counts. Ranges (``validate`` refuses anything else):

    * ``distance``, ``schedule``, ``themes``, ``free_places``: 0–100 each, not all 0; only their
      proportions matter (the defaults sum to 100);
    * ``load_spreading``: 0–1, the largest share of the score an organisation's load can take
      away (0 switches load spreading off);
    * ``load_half``: 1–1000 newcomers, the load at which half of ``load_spreading`` applies.
    """

    distance: float = 35.0
    schedule: float = 25.0
    themes: float = 25.0
    free_places: float = 15.0
    load_spreading: float = 0.3
    load_half: float = 10.0

    LABELS = {
        "distance": "afstand",
        "schedule": "moment",
        "themes": "thema's",
        "free_places": "vrije plaatsen",
        "load_spreading": "spreiding over partners",
        "load_half": "halve spreiding vanaf",
    }
    RANGES = {
        "distance": (0.0, 100.0),
        "schedule": (0.0, 100.0),
        "themes": (0.0, 100.0),
        "free_places": (0.0, 100.0),
        "load_spreading": (0.0, 1.0),
        "load_half": (1.0, 1000.0),
    }

    def validate(self) -> Weights:
        """Raise ``ValueError`` (message in Dutch, naming the weight and its range)."""
        for name, (low, high) in self.RANGES.items():
            value = getattr(self, name)
            label = self.LABELS[name]
            try:
                number = float(value)
            except (TypeError, ValueError):
                raise ValueError(
                    f"Gewicht '{label}' moet een getal zijn, niet {value!r}."
                ) from None
            if not math.isfinite(number) or not low <= number <= high:
                raise ValueError(
                    f"Gewicht '{label}' moet tussen {low:g} en {high:g} liggen, niet {value}."
                )
        if self.soft_total <= 0:
            raise ValueError(
                "Minstens één van de gewichten afstand, moment, thema's of vrije plaatsen moet "
                "groter zijn dan 0."
            )
        return self

    @property
    def soft_total(self) -> float:
        return float(self.distance + self.schedule + self.themes + self.free_places)


# --- Outputs -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """One offer that fits, with its score, the points per factor (``FACTORS``; they sum to the
    score) and the explanation: one line and one Dutch sentence per factor."""

    offer_id: int
    row: int
    score: float
    distance_km: float
    contributions: dict[str, float]
    explanation: str
    factors: tuple[str, ...]
    lowered_by_load: bool


@dataclass(frozen=True)
class NoSuggestions:
    """Why nothing can be suggested, in Dutch, with a code for aggregation. Falsy and empty, so
    ``for s in suggest(...)`` and ``if suggest(...)`` still read naturally."""

    reason: str
    code: str

    def __bool__(self) -> bool:
        return False

    def __iter__(self):
        return iter(())

    def __len__(self) -> int:
        return 0


# --- Vectorised core ---------------------------------------------------------------------------


def _unit_vectors(phi: np.ndarray, lam: np.ndarray) -> np.ndarray:
    cos_phi = np.cos(phi)
    return np.column_stack((cos_phi * np.cos(lam), cos_phi * np.sin(lam), np.sin(phi)))


def haversine_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in km; broadcasts over numpy arrays."""
    phi1, phi2 = np.radians(lat1), np.radians(lat2)
    h = (
        np.sin((phi2 - phi1) / 2) ** 2
        + np.cos(phi1) * np.cos(phi2) * np.sin(np.radians(np.subtract(lon2, lon1)) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(h, 1.0)))


@dataclass
class _Side:
    """The candidate side of a batch of (candidate, offer) pairs: scalars or per-pair arrays."""

    phi: object
    lam: object
    cos_phi: object
    reach: object
    level: object
    themes: object
    availability: object
    childcare: object
    women_only: object
    wheelchair: object

    @classmethod
    def of(cls, candidate: Candidate) -> _Side:
        phi = math.radians(candidate.lat)
        availability = FULL_WEEK if candidate.flexible_availability else candidate.availability_mask
        return cls(
            phi=phi,
            lam=math.radians(candidate.lon),
            cos_phi=math.cos(phi),
            reach=candidate.reach_km,
            level=int(candidate.dutch_level),
            themes=int(candidate.themes_mask),
            availability=int(availability) & FULL_WEEK,
            childcare=bool(candidate.needs_childcare),
            women_only=bool(candidate.needs_women_only),
            wheelchair=bool(candidate.needs_wheelchair),
        )

    @classmethod
    def of_many(cls, candidates: Sequence[Candidate]) -> _Side:
        phi = np.radians([c.lat for c in candidates])
        return cls(
            phi=phi,
            lam=np.radians([c.lon for c in candidates]),
            cos_phi=np.cos(phi),
            reach=np.array([c.reach_km for c in candidates]),
            level=np.array([c.dutch_level for c in candidates], dtype=np.int64),
            themes=np.array([c.themes_mask for c in candidates], dtype=np.int64),
            availability=np.array(
                [FULL_WEEK if c.flexible_availability else c.availability_mask for c in candidates],
                dtype=np.int64,
            )
            & FULL_WEEK,
            childcare=np.array([c.needs_childcare for c in candidates], dtype=bool),
            women_only=np.array([c.needs_women_only for c in candidates], dtype=bool),
            wheelchair=np.array([c.needs_wheelchair for c in candidates], dtype=bool),
        )

    def take(self, rows: np.ndarray) -> _Side:
        return _Side(**{name: value[rows] for name, value in vars(self).items()})


@dataclass
class _Scored:
    """Per pair: distance, the hard filters and the soft shares and score."""

    km: np.ndarray
    within: np.ndarray
    schedule_ok: np.ndarray
    level_ok: np.ndarray
    childcare_ok: np.ndarray
    women_only_ok: np.ndarray
    wheelchair_ok: np.ndarray
    places_ok: np.ndarray
    ok: np.ndarray
    overlap: np.ndarray
    shares: np.ndarray  # (4, pairs): distance, schedule, themes, free places
    load_factor: np.ndarray
    base: np.ndarray
    score: np.ndarray


def _evaluate(side: _Side, table: OfferTable, rows, home, weights: Weights) -> _Scored:
    """Hard filters and score for pairs (side[i], table[rows[i]]); ``rows`` may be a slice."""
    phi, lam, cos_phi = table._phi[rows], table._lam[rows], table._cos_phi[rows]
    h = (
        np.sin((phi - side.phi) / 2) ** 2
        + side.cos_phi * cos_phi * np.sin((lam - side.lam) / 2) ** 2
    )
    km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(h, 1.0)))
    effective = np.where(home, 0.0, km)
    within = effective <= side.reach

    schedule = table.schedule_mask[rows]
    flexible = table.flexible_schedule[rows]
    overlap = side.availability & schedule
    schedule_ok = (overlap != 0) | flexible
    level_ok = side.level >= table.min_level[rows]
    childcare_ok = np.logical_not(side.childcare) | table.childcare[rows]
    women_only_ok = np.logical_not(side.women_only) | table.women_only[rows]
    wheelchair_ok = np.logical_not(side.wheelchair) | table.wheelchair[rows]
    free = table.free_places[rows]
    places_ok = free >= 1
    ok = within & schedule_ok & level_ok & childcare_ok & women_only_ok & wheelchair_ok & places_ok

    distance_share = np.clip(1.0 - effective / np.maximum(side.reach, MIN_REACH_KM), 0.0, 1.0)
    overlap_bits = np.bitwise_count(overlap)
    schedule_share = np.where(
        overlap_bits > 0,
        overlap_bits / np.maximum(np.bitwise_count(schedule), 1),
        np.where(flexible, FLEXIBLE_SCHEDULE_SHARE, 0.0),
    )
    shared = np.minimum(np.bitwise_count(side.themes & table.themes_mask[rows]), 2)
    themes_share = np.where(np.equal(side.themes, 0), NO_INTERESTS_SHARE, THEME_SHARES[shared])
    places_share = np.minimum(free, PLENTY_OF_PLACES) / PLENTY_OF_PLACES
    shares = np.broadcast_arrays(distance_share, schedule_share, themes_share, places_share)
    shares = np.stack(shares)
    w = np.array([weights.distance, weights.schedule, weights.themes, weights.free_places])
    base = 100.0 * (w @ shares) / weights.soft_total
    load = table.organisation_load[rows]
    load_factor = 1.0 - weights.load_spreading * load / (load + weights.load_half)
    score = base * load_factor
    return _Scored(
        km=km,
        within=within,
        schedule_ok=schedule_ok,
        level_ok=level_ok,
        childcare_ok=childcare_ok,
        women_only_ok=women_only_ok,
        wheelchair_ok=wheelchair_ok,
        places_ok=places_ok,
        ok=ok,
        overlap=overlap,
        shares=shares,
        load_factor=load_factor,
        base=base,
        score=score,
    )


def _home_rows(candidate: Candidate, table: OfferTable) -> np.ndarray:
    if candidate.municipality_id is None:
        return np.empty(0, dtype=np.int64)
    rows = table.serves.get(int(candidate.municipality_id))
    if rows is None:
        return np.empty(0, dtype=np.int64)
    return rows[table.flexible_location[rows]]


# --- One newcomer ------------------------------------------------------------------------------


def precondition(candidate: Candidate) -> NoSuggestions | None:
    """Why this newcomer cannot be matched at all (no location, no availability), or None."""
    if not candidate.has_location:
        return NoSuggestions(
            reason=(
                "Geen locatie bekend: vul de gemeente van de nieuwkomer in, dan zoeken we aanbod "
                "in de buurt."
            ),
            code=NO_LOCATION,
        )
    if not candidate.has_availability:
        return NoSuggestions(
            reason=(
                "Geen beschikbaarheid ingevuld: duid aan op welke dagdelen de nieuwkomer kan, "
                "dan zoeken we aanbod dat op die momenten doorgaat."
            ),
            code=NO_AVAILABILITY,
        )
    return None


def suggest(
    candidate: Candidate, table: OfferTable, weights: Weights | None = None, limit: int = 20
) -> list[Suggestion] | NoSuggestions:
    """The best ``limit`` offers for ``candidate``, best first (ties: nearer, then lower id), or
    ``NoSuggestions`` saying why there are none."""
    weights = (weights or Weights()).validate()
    problem = precondition(candidate)
    if problem is not None:
        return problem
    home = np.zeros(len(table), dtype=bool)
    home[_home_rows(candidate, table)] = True
    scored = _evaluate(_Side.of(candidate), table, slice(None), home, weights)
    rows = np.flatnonzero(scored.ok)
    if len(rows) == 0:
        why = unmet(candidate, table)
        return NoSuggestions(reason=why.reason[:1].upper() + why.reason[1:] + ".", code=why.code)
    if len(rows) > limit:
        keep = np.argpartition(-scored.score[rows], limit - 1)[:limit]
        # Widen to every row tied with the cut-off, so ties break by distance and id.
        cutoff = scored.score[rows[keep]].min()
        rows = rows[scored.score[rows] >= cutoff]
    order = np.lexsort((table.id[rows], scored.km[rows], -scored.score[rows]))
    rows = rows[order][:limit]
    return [_suggestion(candidate, table, weights, scored, int(row), home) for row in rows]


def _suggestion(
    candidate: Candidate,
    table: OfferTable,
    weights: Weights,
    scored: _Scored,
    row: int,
    home: np.ndarray,
) -> Suggestion:
    soft = np.array([weights.distance, weights.schedule, weights.themes, weights.free_places])
    points = 100.0 * soft * scored.shares[:, row] / weights.soft_total
    base = float(scored.base[row])
    penalty = base * (1.0 - float(scored.load_factor[row]))
    contributions = dict(zip(FACTORS[:4], (float(p) for p in points), strict=True))
    contributions["load_spreading"] = -penalty
    km = float(scored.km[row])
    at_home = bool(home[row])
    reach = candidate.reach_km
    overlap = int(scored.overlap[row])
    shared = explain.themes(candidate.themes_mask & int(table.themes_mask[row]))
    minimum = int(table.min_level[row])
    free = int(table.free_places[row])
    load = int(table.organisation_load[row])
    lowered = penalty >= 0.5

    short: list[str] = []
    factors: list[str] = []
    # Distance.
    if at_home:
        short.append("komt naar de gemeente van de nieuwkomer")
        factors.append(
            f"Afstand: flexibele locatie in de eigen gemeente ({explain.points(points[0])})."
        )
    else:
        short.append(explain.km(km))
        way = explain.MOBILITY.get(candidate.mobility)
        within = f"binnen {explain.reach(reach)}" + (f" {way}" if way else "")
        factors.append(f"Afstand: {explain.km(km)}, {within} ({explain.points(points[0])}).")
    # Schedule.
    if overlap and candidate.flexible_availability:
        short.append("kan op elk moment")
        factors.append(f"Moment: de nieuwkomer kan op elk moment ({explain.points(points[1])}).")
    elif overlap:
        count = bin(overlap).count("1")
        text = explain.moments(overlap) + (" past" if count == 1 else " passen")
        short.append(text)
        total = bin(int(table.schedule_mask[row])).count("1")
        factors.append(
            f"Moment: {text} ({count} van {total} momenten van het aanbod; "
            f"{explain.points(points[1])})."
        )
    else:
        short.append("flexibel moment")
        factors.append(
            f"Moment: flexibel, af te spreken met de partner ({explain.points(points[1])})."
        )
    # Themes.
    if shared:
        label = "thema" if len(shared) == 1 else "thema's"
        short.append(f"{label} {', '.join(shared)}")
        factors.append(f"Thema's: {', '.join(shared)} gedeeld ({explain.points(points[2])}).")
    elif not candidate.themes_mask:
        factors.append(f"Thema's: geen interesses ingevuld ({explain.points(points[2])}).")
    else:
        factors.append(f"Thema's: geen gedeelde interesse ({explain.points(points[2])}).")
    # Dutch level (hard filter, no points).
    if minimum == 0:
        short.append("geen Nederlands nodig")
        factors.append("Nederlands: geen minimumniveau, iedereen welkom.")
    else:
        short.append(f"{explain.level(candidate.dutch_level)} aanvaard")
        factors.append(
            f"Nederlands: niveau {explain.level(candidate.dutch_level)} haalt het minimum "
            f"{explain.level(minimum)}."
        )
    # Needs (hard filters, no points).
    needs = []
    if candidate.needs_childcare:
        needs.append("kinderopvang")
    if candidate.needs_women_only:
        needs.append("vrouwengroep")
    if candidate.needs_wheelchair:
        needs.append("rolstoeltoegankelijk")
    if needs:
        short.extend(needs)
        factors.append(f"Noden: {', '.join(needs)} voorzien.")
    # Free places.
    places = "1 vrije plaats" if free == 1 else f"{free} vrije plaatsen"
    factors.append(f"Vrije plaatsen: {places} ({explain.points(points[3])}).")
    # Load spreading.
    if lowered:
        short.append(f"lager gerangschikt: partner heeft al {explain.newcomers(load)}")
        factors.append(
            f"Spreiding: de organisatie ontvangt al {explain.newcomers(load)}, daarom "
            f"{round(penalty)} punten lager, zodat ook andere partners aan bod komen."
        )
    elif weights.load_spreading > 0 and load == 0:
        factors.append("Spreiding: nieuwe partner zonder nieuwkomers, geen aftrek.")
    elif weights.load_spreading > 0:
        factors.append(
            f"Spreiding: de organisatie ontvangt {explain.newcomers(load)}, nauwelijks aftrek."
        )
    return Suggestion(
        offer_id=int(table.id[row]),
        row=row,
        score=float(scored.score[row]),
        distance_km=km,
        contributions=contributions,
        explanation=", ".join(short),
        factors=tuple(factors),
        lowered_by_load=lowered,
    )


def unmet(candidate: Candidate, table: OfferTable, taken: int = 0) -> NoSuggestions:
    """Why no offer fits ``candidate``: the filters applied one by one (reach, moment, level,
    each need, free places); the first that leaves nothing names the reason. ``taken``: for an
    allocation, the number of fitting offers whose places went to others."""
    problem = precondition(candidate)
    if problem is not None:
        return problem
    home = np.zeros(len(table), dtype=bool)
    home[_home_rows(candidate, table)] = True
    scored = _evaluate(_Side.of(candidate), table, slice(None), home, Weights())
    reach = candidate.reach_km
    way = explain.MOBILITY.get(candidate.mobility)
    text = f"geen aanbod binnen {explain.reach(reach)}"
    if way and reach >= MOBILITY_REACH_KM.get(candidate.mobility, math.inf):
        text += f" ({way})"
    left = scored.within
    if not left.any():
        return NoSuggestions(reason=text, code=TOO_FAR)
    if not candidate.flexible_availability:
        text += " op " + explain.moments(candidate.availability_mask, joiner="of")
    left = left & scored.schedule_ok
    if not left.any():
        return NoSuggestions(reason=text, code=SCHEDULE)
    if candidate.dutch_level == 0:
        text += " zonder kennis van het Nederlands"
    else:
        text += f" voor niveau {explain.level(candidate.dutch_level)}"
    left = left & scored.level_ok
    if not left.any():
        return NoSuggestions(reason=text, code=LEVEL)
    for wanted, ok, words, code in (
        (candidate.needs_childcare, scored.childcare_ok, "met kinderopvang", CHILDCARE),
        (candidate.needs_women_only, scored.women_only_ok, "in een vrouwengroep", WOMEN_ONLY),
        (candidate.needs_wheelchair, scored.wheelchair_ok, "rolstoeltoegankelijk", WHEELCHAIR),
    ):
        if wanted:
            text += f" {words}"
            left = left & ok
            if not left.any():
                return NoSuggestions(reason=text, code=code)
    fitting = int(left.sum())
    if not (left & scored.places_ok).any():
        offers = "1 passend aanbod" if fitting == 1 else f"{fitting} passende aanbiedingen"
        return NoSuggestions(reason=f"{offers}, maar zonder vrije plaats", code=FULL)
    offers = "het passende aanbod" if taken == 1 else f"de {max(taken, 1)} passende aanbiedingen"
    return NoSuggestions(
        reason=f"de vrije plaatsen van {offers} gaan in dit voorstel naar anderen",
        code=TAKEN,
    )


# --- Many newcomers ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Pairs:
    """Every feasible (candidate, offer) pair of a batch: ``candidate`` indexes the candidates
    given, ``row`` the table; ``score`` and ``distance_km`` per pair. ``blocked``: for each
    candidate, ``NoSuggestions`` when a precondition failed (no location or availability)."""

    candidate: np.ndarray
    row: np.ndarray
    score: np.ndarray
    distance_km: np.ndarray
    blocked: dict[int, NoSuggestions]

    def __len__(self) -> int:
        return len(self.row)


def feasible_pairs(
    candidates: Sequence[Candidate], table: OfferTable, weights: Weights | None = None
) -> Pairs:
    """All pairs that pass the hard filters, with their scores: the same model as ``suggest``
    (a k-d tree on the unit sphere finds the offers within each candidate's reach)."""
    weights = (weights or Weights()).validate()
    blocked: dict[int, NoSuggestions] = {}
    usable: list[int] = []
    for index, candidate in enumerate(candidates):
        problem = precondition(candidate)
        if problem is None:
            usable.append(index)
        else:
            blocked[index] = problem
    empty_i = np.empty(0, dtype=np.int64)
    if not usable or len(table) == 0:
        return Pairs(empty_i, empty_i, np.empty(0), np.empty(0), blocked)
    chosen = [candidates[i] for i in usable]
    side = _Side.of_many(chosen)
    # Chord length of the reach on the unit sphere, a hair wider so the exact haversine decides.
    chord = 2 * np.sin(np.minimum(side.reach / EARTH_RADIUS_KM, math.pi) / 2) * (1 + 1e-9) + 1e-12
    near = table.tree().query_ball_point(
        _unit_vectors(side.phi, side.lam), r=chord, return_sorted=False, workers=-1
    )
    cand_parts, row_parts, home_parts = [], [], []
    for k, candidate in enumerate(chosen):
        rows_k = np.asarray(near[k], dtype=np.int64)
        served = _home_rows(candidate, table)
        if len(served):
            rows_k = np.union1d(rows_k, served)
            home_parts.append(np.isin(rows_k, served, assume_unique=True))
        else:
            home_parts.append(np.zeros(len(rows_k), dtype=bool))
        row_parts.append(rows_k)
        cand_parts.append(np.full(len(rows_k), k, dtype=np.int64))
    cand = np.concatenate(cand_parts)
    rows = np.concatenate(row_parts)
    home = np.concatenate(home_parts)
    # Cheap filters first (level, needs, schedule, places), the geometry on what is left.
    sub = side.take(cand)
    quick = (
        (sub.level >= table.min_level[rows])
        & (~sub.childcare | table.childcare[rows])
        & (~sub.women_only | table.women_only[rows])
        & (~sub.wheelchair | table.wheelchair[rows])
        & (((sub.availability & table.schedule_mask[rows]) != 0) | table.flexible_schedule[rows])
        & (table.free_places[rows] >= 1)
    )
    keep = np.flatnonzero(quick)
    cand, rows, home = cand[keep], rows[keep], home[keep]
    scored = _evaluate(side.take(cand), table, rows, home, weights)
    ok = scored.ok
    original = np.asarray(usable, dtype=np.int64)
    return Pairs(
        candidate=original[cand[ok]],
        row=rows[ok],
        score=scored.score[ok],
        distance_km=scored.km[ok],
        blocked=blocked,
    )
