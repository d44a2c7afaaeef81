"""Small random worlds for the matching tests (no database)."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st

from participatienet.matching import Candidate, OfferTable

GENT = (51.05, 3.72)
MOBILITIES = ("foot", "bike", "public_transport", "car", "unknown")
FULL_WEEK = (1 << 21) - 1


def _near(draw, spread_km: float = 30.0) -> tuple[float, float]:
    north = draw(st.floats(-spread_km, spread_km))
    east = draw(st.floats(-spread_km, spread_km))
    lat = GENT[0] + north / 111.2
    lon = GENT[1] + east / (111.2 * math.cos(math.radians(GENT[0])))
    return lat, lon


# Few bits, so that overlaps and misses both happen often.
masks = st.integers(0, 7).map(lambda m: m << 4)
themes = st.integers(0, 15)


@st.composite
def candidate(draw, ident: int = 1, municipalities: int = 3) -> Candidate:
    lat, lon = _near(draw)
    return Candidate(
        id=ident,
        lat=lat,
        lon=lon,
        max_distance_km=draw(st.sampled_from([2, 5, 10, 20, 40, 60])),
        mobility=draw(st.sampled_from(MOBILITIES)),
        dutch_level=draw(st.integers(0, 3)),
        themes_mask=draw(themes),
        availability_mask=draw(masks.filter(bool)),
        needs_childcare=draw(st.booleans()),
        needs_women_only=draw(st.booleans()),
        needs_wheelchair=draw(st.booleans()),
        municipality_id=draw(st.integers(0, municipalities - 1)),
        flexible_availability=draw(st.sampled_from([False, False, False, True])),
    )


@st.composite
def offers(draw, min_size: int = 1, max_size: int = 8, municipalities: int = 3) -> OfferTable:
    size = draw(st.integers(min_size, max_size))
    rows = []
    for i in range(size):
        lat, lon = _near(draw)
        rows.append(
            {
                "id": 100 + i,
                "lat": lat,
                "lon": lon,
                "flexible_location": draw(st.booleans()),
                "schedule_mask": draw(masks),
                "flexible_schedule": draw(st.booleans()),
                "themes_mask": draw(themes),
                "min_level": draw(st.integers(0, 3)),
                "childcare": draw(st.booleans()),
                "women_only": draw(st.booleans()),
                "wheelchair": draw(st.booleans()),
                "free_places": draw(st.integers(0, 3)),
                "organisation_load": draw(st.integers(0, 40)),
            }
        )
    serves = {m: [i for i in range(size) if draw(st.booleans())] for m in range(municipalities)}
    return OfferTable.from_rows(rows, serves=serves)


def random_world(rng: np.random.Generator, newcomers: int, offer_count: int):
    """A seeded small world where most pairs are feasible (for brute force)."""
    people = []
    for i in range(newcomers):
        people.append(
            Candidate(
                id=i + 1,
                lat=GENT[0] + rng.uniform(-0.05, 0.05),
                lon=GENT[1] + rng.uniform(-0.05, 0.05),
                max_distance_km=float(rng.choice([3, 6, 10])),
                mobility="car",
                dutch_level=int(rng.integers(0, 4)),
                themes_mask=int(rng.integers(0, 16)),
                availability_mask=int(rng.integers(1, 8)),
                needs_childcare=bool(rng.random() < 0.2),
            )
        )
    rows = [
        {
            "id": 100 + j,
            "lat": GENT[0] + rng.uniform(-0.05, 0.05),
            "lon": GENT[1] + rng.uniform(-0.05, 0.05),
            "schedule_mask": int(rng.integers(1, 8)),
            "flexible_schedule": bool(rng.random() < 0.2),
            "themes_mask": int(rng.integers(0, 16)),
            "min_level": int(rng.integers(0, 3)),
            "childcare": bool(rng.random() < 0.5),
            "free_places": int(rng.integers(1, 3)),
            "organisation_load": int(rng.integers(0, 30)),
        }
        for j in range(offer_count)
    ]
    return people, OfferTable.from_rows(rows)
