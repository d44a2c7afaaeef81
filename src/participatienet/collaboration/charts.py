"""Geometry of the scan's charts, drawn as SVG by the templates (no Django import).

- ``dot_plot``: one row per dimension on a 1-5 axis, a mark per series (a stakeholder group,
  or a wave), and a band for the spread (mean ± standard deviation). Marks differ in colour
  and in shape, so the chart reads without colour too; each row nudges its series apart
  vertically so equal values stay visible.
- ``box_plot``: one row per dimension, the spread over regions: a line from minimum to maximum,
  a box from the first to the third quartile, a stroke at the median.

Coordinates are rounded to one decimal; the templates print them inside ``{% localize off %}``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

LABEL_WIDTH = 290
PLOT_WIDTH = 400
RIGHT_MARGIN = 20
TOP = 34
ROW_HEIGHT = 34
BOTTOM = 10
MARK_SIZE = 6.0
SERIES_OFFSET = 5.0
SCALE = (1, 2, 3, 4, 5)
SHAPES = ("circle", "square", "triangle", "diamond", "down")


def _r(value: float) -> float:
    return round(value, 1)


def x_of(value: float) -> float:
    """The x coordinate of a value on the 1-5 axis."""
    return _r(LABEL_WIDTH + (value - 1) / 4 * PLOT_WIDTH)


def shape_path(shape: str, x: float, y: float, size: float = MARK_SIZE) -> str:
    """An SVG path for a mark of ``shape`` centred on (x, y)."""
    s = size
    if shape == "square":
        s = size * 0.85
        return f"M{_r(x - s)} {_r(y - s)}h{_r(2 * s)}v{_r(2 * s)}h{_r(-2 * s)}Z"
    if shape in ("triangle", "down"):
        tip, base = (-1.1, 0.8) if shape == "triangle" else (1.1, -0.8)
        return _polygon([(x, y + s * tip), (x + s, y + s * base), (x - s, y + s * base)])
    if shape == "diamond":
        d = s * 1.2
        return _polygon([(x, y - d), (x + d, y), (x, y + d), (x - d, y)])
    return f"M{_r(x - s)} {_r(y)}a{s} {s} 0 1 0 {_r(2 * s)} 0a{s} {s} 0 1 0 {_r(-2 * s)} 0Z"


def _polygon(points: Sequence[tuple[float, float]]) -> str:
    first, *rest = points
    path = f"M{_r(first[0])} {_r(first[1])}"
    path += "".join(f"L{_r(x)} {_r(y)}" for x, y in rest)
    return path + "Z"


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    colour: str
    shape: str = "circle"
    #: Drawn hollow (for example the older waves).
    hollow: bool = False


@dataclass(frozen=True)
class PlotRow:
    label: str
    values: Mapping[str, float | None]
    #: The spread band (low, high) of the row, if any.
    band: tuple[float, float] | None = None


@dataclass(frozen=True)
class Mark:
    series: str
    label: str
    value: float
    path: str
    colour: str
    hollow: bool
    x: float
    y: float


@dataclass(frozen=True)
class Band:
    x: float
    width: float
    top: float
    height: float


BAND_HEIGHT = 14.0


def _band(low: float, high: float, y: float) -> Band:
    x1, x2 = x_of(low), x_of(high)
    return Band(x=x1, width=_r(max(x2 - x1, 1.0)), top=_r(y - BAND_HEIGHT / 2), height=BAND_HEIGHT)


@dataclass(frozen=True)
class Row:
    label: str
    y: float
    marks: tuple[Mark, ...]
    band: Band | None
    #: A line joining the marks (oldest to newest), for a trend.
    line: str = ""


@dataclass(frozen=True)
class Tick:
    value: int
    x: float


@dataclass(frozen=True)
class LegendItem:
    label: str
    colour: str
    hollow: bool
    #: The mark's shape centred in a 16 x 16 box.
    path: str


def _legend(series: Sequence[Series]) -> tuple[LegendItem, ...]:
    return tuple(
        LegendItem(
            label=one.label,
            colour=one.colour,
            hollow=one.hollow,
            path=shape_path(one.shape, 8, 8, 5.0),
        )
        for one in series
    )


@dataclass(frozen=True)
class DotPlot:
    width: int
    height: int
    plot_left: float
    plot_right: float
    top: float
    bottom: float
    ticks: tuple[Tick, ...]
    rows: tuple[Row, ...]
    legend: tuple[LegendItem, ...]

    @property
    def tick_y(self) -> float:
        return self.top - 6

    @property
    def label_x(self) -> float:
        return self.plot_left - 12


def _ticks() -> tuple[Tick, ...]:
    return tuple(Tick(value=value, x=x_of(value)) for value in SCALE)


def dot_plot(
    rows: Sequence[PlotRow],
    series: Sequence[Series],
    *,
    join: bool = False,
    row_height: float = ROW_HEIGHT,
) -> DotPlot:
    """Rows of marks on the 1-5 axis; with ``join`` the marks of a row are joined by a line
    in the order of ``series`` (a region's waves, oldest first)."""
    drawn = []
    count = len(series)
    offset = SERIES_OFFSET * row_height / ROW_HEIGHT
    for index, row in enumerate(rows):
        y = TOP + index * row_height + row_height / 2
        marks = []
        for number, one in enumerate(series):
            value = row.values.get(one.key)
            if value is None:
                continue
            dy = (number - (count - 1) / 2) * offset if count > 1 else 0.0
            x = x_of(value)
            marks.append(
                Mark(
                    series=one.key,
                    label=one.label,
                    value=value,
                    path=shape_path(one.shape, x, y + dy),
                    colour=one.colour,
                    hollow=one.hollow,
                    x=x,
                    y=_r(y + dy),
                )
            )
        band = None
        if row.band is not None:
            band = _band(row.band[0], row.band[1], y)
        line = ""
        if join and len(marks) > 1:
            line = " ".join(f"{mark.x},{mark.y}" for mark in marks)
        drawn.append(Row(label=row.label, y=_r(y), marks=tuple(marks), band=band, line=line))
    height = TOP + len(rows) * row_height + BOTTOM
    return DotPlot(
        width=LABEL_WIDTH + PLOT_WIDTH + RIGHT_MARGIN,
        height=int(height),
        plot_left=float(LABEL_WIDTH),
        plot_right=float(LABEL_WIDTH + PLOT_WIDTH),
        top=float(TOP - 8),
        bottom=float(height - BOTTOM),
        ticks=_ticks(),
        rows=tuple(drawn),
        legend=_legend(series),
    )


BOX_HEIGHT = 16.0


@dataclass(frozen=True)
class BoxRow:
    label: str
    minimum: float
    q1: float
    median: float
    q3: float
    maximum: float


@dataclass(frozen=True)
class Box:
    label: str
    y: float
    x_min: float
    x_q1: float
    x_median: float
    x_q3: float
    x_max: float
    source: BoxRow
    box_top: float
    box_bottom: float
    box_width: float
    whisker_top: float
    whisker_bottom: float


@dataclass(frozen=True)
class BoxPlot:
    width: int
    height: int
    plot_left: float
    plot_right: float
    top: float
    bottom: float
    ticks: tuple[Tick, ...]
    rows: tuple[Box, ...]
    box_height: float

    @property
    def tick_y(self) -> float:
        return self.top - 6

    @property
    def label_x(self) -> float:
        return self.plot_left - 12


def box_plot(rows: Sequence[BoxRow]) -> BoxPlot:
    drawn = []
    for index, row in enumerate(rows):
        y = TOP + index * ROW_HEIGHT + ROW_HEIGHT / 2
        drawn.append(
            Box(
                label=row.label,
                y=_r(y),
                x_min=x_of(row.minimum),
                x_q1=x_of(row.q1),
                x_median=x_of(row.median),
                x_q3=x_of(row.q3),
                x_max=x_of(row.maximum),
                source=row,
                box_top=_r(y - BOX_HEIGHT / 2),
                box_bottom=_r(y + BOX_HEIGHT / 2),
                box_width=_r(max(x_of(row.q3) - x_of(row.q1), 1.0)),
                whisker_top=_r(y - BOX_HEIGHT / 4),
                whisker_bottom=_r(y + BOX_HEIGHT / 4),
            )
        )
    height = TOP + len(rows) * ROW_HEIGHT + BOTTOM
    return BoxPlot(
        width=LABEL_WIDTH + PLOT_WIDTH + RIGHT_MARGIN,
        height=int(height),
        plot_left=float(LABEL_WIDTH),
        plot_right=float(LABEL_WIDTH + PLOT_WIDTH),
        top=float(TOP - 8),
        bottom=float(height - BOTTOM),
        ticks=_ticks(),
        rows=tuple(drawn),
        box_height=BOX_HEIGHT,
    )
