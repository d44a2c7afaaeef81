"""Draw municipalities as points on a small SVG map (pure: no Django import).

Coordinates are projected with an equirectangular projection around the middle latitude of the
points, which is exact enough at the scale of Flanders (distortion well under 1 %).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

#: Colour-blind-safe palette (Okabe-Ito, then Tol's muted), cycled over regions.
PALETTE: tuple[str, ...] = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#332288",
    "#117733",
    "#882255",
    "#AA4499",
    "#44AA99",
    "#999933",
    "#6a3d9a",
    "#b15928",
    "#1f78b4",
    "#33a02c",
    "#e31a1c",
    "#525252",
)


@dataclass(frozen=True)
class Place:
    key: str
    label: str
    latitude: float
    longitude: float
    group: str = ""
    highlighted: bool = True


@dataclass(frozen=True)
class MapPoint:
    key: str
    label: str
    x: float
    y: float
    group: str
    highlighted: bool
    label_x: float
    anchor: str


@dataclass(frozen=True)
class SvgMap:
    width: int
    height: int
    points: tuple[MapPoint, ...]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def project(
    places: Sequence[Place], *, width: int = 800, padding: int = 40, fit_to_highlighted: bool = True
) -> SvgMap:
    """Project places onto a canvas ``width`` wide; the height follows from the shape.

    With ``fit_to_highlighted`` the frame fits the highlighted places (the region), and the
    others show as context where they fall inside it.
    """
    if not places:
        return SvgMap(width=width, height=width // 2, points=())
    frame = [p for p in places if p.highlighted] if fit_to_highlighted else list(places)
    frame = frame or list(places)
    lat_min = min(p.latitude for p in frame)
    lat_max = max(p.latitude for p in frame)
    lon_min = min(p.longitude for p in frame)
    lon_max = max(p.longitude for p in frame)
    # A region of one municipality (Antwerpen, Gent) still gets a frame of ~20 km.
    min_span = 0.18
    if lat_max - lat_min < min_span:
        middle = (lat_max + lat_min) / 2
        lat_min, lat_max = middle - min_span / 2, middle + min_span / 2
    if lon_max - lon_min < min_span * 1.6:
        middle = (lon_max + lon_min) / 2
        lon_min, lon_max = middle - min_span * 0.8, middle + min_span * 0.8
    x_scale = math.cos(math.radians((lat_min + lat_max) / 2))
    span_x = (lon_max - lon_min) * x_scale
    span_y = lat_max - lat_min
    inner = width - 2 * padding
    scale = inner / span_x
    height = int(round(span_y * scale + 2 * padding))
    if height > width * 1.2:  # very tall shapes: fit the height instead
        scale = (width * 1.2 - 2 * padding) / span_y
        height = int(round(width * 1.2))
    points = []
    for place in places:
        x = padding + (place.longitude - lon_min) * x_scale * scale
        y = padding + (lat_max - place.latitude) * scale
        if not (-padding <= x <= width + padding and -padding <= y <= height + padding):
            continue
        right_half = x > width * 0.7
        points.append(
            MapPoint(
                key=place.key,
                label=place.label,
                x=round(x, 1),
                y=round(y, 1),
                group=place.group,
                highlighted=place.highlighted,
                label_x=round(x - 11 if right_half else x + 11, 1),
                anchor="end" if right_half else "start",
            )
        )
    return SvgMap(width=width, height=height, points=tuple(points))


def colour_for(index: int) -> str:
    return PALETTE[index % len(PALETTE)]
