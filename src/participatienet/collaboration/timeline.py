"""Geometry of a region's collaboration journey, drawn as SVG by a template (no Django import).

The drawing has two bands that share one time axis:

- the **journey**: a horizontal line with the milestones: highs above it, lows below it and
  turning points on the line itself (a diamond), each with a stem to its label. Labels are put
  in lanes so they do not overlap (up to ``LANES`` per side; a label that finds no free lane
  takes the least crowded one and is shortened). The waves of the scan are marked on the line
  (a thick segment from opening to closing) and named under it; the periods of the action
  plans run in a row beneath, each with the organisation that led it;
- the **scan over time**: per closed wave, the mean of every dimension as a small dot (a colour
  per dimension) and everyone's overall mean (the mean of the dimension means shown) as a thick
  line through the waves, on a 1-5 scale.

Coordinates are rounded to one decimal; the template prints them inside ``{% localize off %}``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

WIDTH = 960
LEFT = 56
RIGHT = 24
TOP = 14
LANES = 3
LANE_HEIGHT = 24
#: Space between the line and the first lane of labels (room for the tick labels below it).
GAP = 30
LABEL_MAX_CHARS = 30
CHAR_WIDTH = 6.4
LABEL_PADDING = 8
WAVE_ROW = 22
PERIOD_ROW = 22
SCAN_HEIGHT = 150
SCAN_GAP = 36
BOTTOM = 26
MARKER = 7.0
DIMENSION_SPREAD = 3.0
#: Days added before the first and after the last date, so nothing sits on the edge.
MARGIN_DAYS = 30

#: Okabe-Ito: colours told apart with most kinds of colour blindness.
DIMENSION_COLOURS = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#000000",
    "#B8A200",
)
KIND_COLOURS = {"high": "#1b6e3a", "low": "#a4161a", "turning": "#0b5394"}
OVERALL_COLOUR = "#1d1d1f"

HIGH, LOW, TURNING = "high", "low", "turning"


def _r(value: float) -> float:
    return round(value, 1)


# --- Input ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MilestoneIn:
    id: int
    day: dt.date
    kind: str
    title: str


@dataclass(frozen=True)
class WaveIn:
    id: int
    opens_on: dt.date
    closes_on: dt.date
    label: str
    closed: bool
    #: Mean per dimension key (None when hidden or not asked); empty for an open wave.
    means: dict[str, float | None]


@dataclass(frozen=True)
class DimensionIn:
    key: str
    title: str


@dataclass(frozen=True)
class PeriodIn:
    id: int
    starts_on: dt.date
    ends_on: dt.date
    label: str


# --- Output --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class MilestoneMark:
    id: int
    kind: str
    title: str
    #: The label as drawn (shortened when long).
    label: str
    day: dt.date
    x: float
    y: float
    #: The marker's path (a circle above, a square below, a diamond on the line).
    path: str
    colour: str
    stem_y1: float
    stem_y2: float
    label_x: float
    label_y: float
    anchor: str
    lane: int


@dataclass(frozen=True)
class WaveMark:
    id: int
    label: str
    closed: bool
    x1: float
    x2: float
    x: float
    label_y: float


@dataclass(frozen=True)
class PeriodMark:
    id: int
    label: str
    x: float
    width: float
    y: float
    height: float
    label_x: float
    label_y: float


@dataclass(frozen=True)
class Dot:
    key: str
    title: str
    wave_label: str
    value: float
    x: float
    y: float
    colour: str


@dataclass(frozen=True)
class ScaleTick:
    value: int
    y: float


@dataclass(frozen=True)
class LegendItem:
    key: str
    title: str
    colour: str


@dataclass(frozen=True)
class OverallMark:
    x: float
    y: float
    wave_label: str
    value: float
    #: A diamond centred on (x, y).
    path: str


@dataclass(frozen=True)
class ScanPanel:
    top: float
    bottom: float
    ticks: tuple[ScaleTick, ...]
    dots: tuple[Dot, ...]
    #: ``points`` of the overall mean's polyline ("" with fewer than two waves shown).
    line: str
    #: Everyone's mean over the dimensions, per closed wave with results.
    overall: tuple[OverallMark, ...]
    legend: tuple[LegendItem, ...]
    #: Where the panel's title and the scale's labels go.
    title_y: float
    scale_x: float


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    left: float
    right: float
    axis_y: float
    start: dt.date
    end: dt.date
    ticks: tuple[Tick, ...]
    tick_label_y: float
    #: The short tick lines and the "today" line run between these.
    tick_top: float
    tick_bottom: float
    today_top: float
    today_bottom: float
    milestones: tuple[MilestoneMark, ...]
    waves: tuple[WaveMark, ...]
    periods: tuple[PeriodMark, ...]
    scan: ScanPanel | None
    today_x: float | None

    @property
    def empty(self) -> bool:
        return not self.milestones and not self.waves and not self.periods


# --- Drawing -------------------------------------------------------------------------------------


def shorten(text: str, limit: int = LABEL_MAX_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def label_width(text: str) -> float:
    return len(text) * CHAR_WIDTH + LABEL_PADDING


def date_range(days: Sequence[dt.date], today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The span drawn: the first to the last date (and today), with a margin either side. A
    single date gets half a year around it."""
    known = list(days) + ([today] if today else [])
    if not known:
        today = today or dt.date(2000, 1, 1)
        return today - dt.timedelta(days=182), today + dt.timedelta(days=182)
    first, last = min(known), max(known)
    if (last - first).days < 90:
        middle = first + (last - first) / 2
        first, last = middle - dt.timedelta(days=91), middle + dt.timedelta(days=91)
    margin = dt.timedelta(days=MARGIN_DAYS)
    return first - margin, last + margin


def x_of(day: dt.date, start: dt.date, end: dt.date, left: float, right: float) -> float:
    span = max((end - start).days, 1)
    return _r(left + (day - start).days / span * (right - left))


def ticks(start: dt.date, end: dt.date, left: float, right: float) -> tuple[Tick, ...]:
    """A tick at the start of every quarter (every half year over more than two years, every
    year over more than five), labelled month/year."""
    months = 3
    span = (end - start).days
    if span > 5 * 366:
        months = 12
    elif span > 2 * 366:
        months = 6
    year, month = start.year, 1
    found = []
    while True:
        day = dt.date(year, month, 1)
        if day > end:
            break
        if day >= start:
            found.append(Tick(x=x_of(day, start, end, left, right), label=f"{month:02d}/{year}"))
        month += months
        if month > 12:
            month -= 12
            year += 1
    return tuple(found)


def _marker(kind: str, x: float, y: float, size: float = MARKER) -> str:
    s = size
    if kind == LOW:
        s = size * 0.85
        return f"M{_r(x - s)} {_r(y - s)}h{_r(2 * s)}v{_r(2 * s)}h{_r(-2 * s)}Z"
    if kind == TURNING:
        d = size * 1.3
        return f"M{_r(x)} {_r(y - d)}L{_r(x + d)} {_r(y)}L{_r(x)} {_r(y + d)}L{_r(x - d)} {_r(y)}Z"
    return f"M{_r(x - s)} {_r(y)}a{s} {s} 0 1 0 {_r(2 * s)} 0a{s} {s} 0 1 0 {_r(-2 * s)} 0Z"


def _lanes(
    items: Sequence[tuple[int, float, str]], left: float, right: float
) -> dict[int, tuple[int, str, float, str]]:
    """For ``(index, x, label)`` items: ``index -> (lane, label, label x, anchor)``. Greedy from
    left to right: the first lane whose last label ends before this one starts."""
    ends = [float("-inf")] * LANES
    placed = {}
    for index, x, text in sorted(items, key=lambda item: (item[1], item[0])):
        label = shorten(text)
        width = label_width(label)
        start = x - width / 2
        anchor = "middle"
        label_x = x
        if start < left:
            start, anchor, label_x = x - 4, "start", x - 4
        elif x + width / 2 > right:
            start, anchor, label_x = x - width + 4, "end", x + 4
        lane = next((n for n in range(LANES) if ends[n] + 4 <= start), None)
        if lane is None:
            lane = min(range(LANES), key=lambda n: ends[n])
            label = shorten(text, 14)
            width = label_width(label)
        ends[lane] = start + width
        placed[index] = (lane, label, _r(label_x), anchor)
    return placed


def draw(
    milestones: Sequence[MilestoneIn],
    waves: Sequence[WaveIn] = (),
    dimensions: Sequence[DimensionIn] = (),
    periods: Sequence[PeriodIn] = (),
    *,
    today: dt.date | None = None,
    width: int = WIDTH,
) -> Timeline:
    """The journey of a region: milestones, waves and plan periods on one time axis, and the
    scan's results per closed wave beneath."""
    days = [m.day for m in milestones]
    days += [d for w in waves for d in (w.opens_on, w.closes_on)]
    days += [d for p in periods for d in (p.starts_on, p.ends_on)]
    start, end = date_range(days, today)
    left, right = float(LEFT), float(width - RIGHT)

    def x(day: dt.date) -> float:
        return x_of(max(start, min(end, day)), start, end, left, right)

    above = [(i, x(m.day), m.title) for i, m in enumerate(milestones) if m.kind != LOW]
    below = [(i, x(m.day), m.title) for i, m in enumerate(milestones) if m.kind == LOW]
    placed_above, placed_below = _lanes(above, left, right), _lanes(below, left, right)
    placed = {**placed_above, **placed_below}
    # Only the lanes in use take room.
    lanes_up = 1 + max((lane for lane, *_rest in placed_above.values()), default=-1)
    lanes_down = 1 + max((lane for lane, *_rest in placed_below.values()), default=-1)
    axis_y = TOP + (lanes_up * LANE_HEIGHT + GAP if lanes_up else 10)
    marks = []
    for index, milestone in enumerate(milestones):
        lane, label, label_x, anchor = placed[index]
        mx = x(milestone.day)
        if milestone.kind == LOW:
            label_y = axis_y + GAP + lane * LANE_HEIGHT + 4
            marker_y = label_y - 16
            stem = (axis_y, marker_y - MARKER)
        else:
            label_y = axis_y - GAP - lane * LANE_HEIGHT + 4
            marker_y = axis_y if milestone.kind == TURNING else label_y + 12
            stem = (
                (label_y + 4, axis_y) if milestone.kind == TURNING else (marker_y + MARKER, axis_y)
            )
        marks.append(
            MilestoneMark(
                id=milestone.id,
                kind=milestone.kind,
                title=milestone.title,
                label=label,
                day=milestone.day,
                x=mx,
                y=_r(marker_y),
                path=_marker(milestone.kind, mx, marker_y),
                colour=KIND_COLOURS.get(milestone.kind, OVERALL_COLOUR),
                stem_y1=_r(min(stem)),
                stem_y2=_r(max(stem)),
                label_x=label_x,
                label_y=_r(label_y),
                anchor=anchor,
                lane=lane,
            )
        )
    low_bottom = axis_y + (GAP + (lanes_down - 1) * LANE_HEIGHT + 10 if lanes_down else 16)
    wave_y = low_bottom + WAVE_ROW
    wave_marks = tuple(
        WaveMark(
            id=wave.id,
            label=wave.label,
            closed=wave.closed,
            x1=x(wave.opens_on),
            x2=max(x(wave.closes_on), _r(x(wave.opens_on) + 3)),
            x=x(wave.closes_on),
            label_y=_r(wave_y),
        )
        for wave in sorted(waves, key=lambda w: (w.opens_on, w.id))
    )
    period_y = wave_y + PERIOD_ROW - 12 if periods else wave_y
    period_marks = []
    for period in sorted(periods, key=lambda p: (p.starts_on, p.id)):
        x1, x2 = x(period.starts_on), x(period.ends_on)
        period_marks.append(
            PeriodMark(
                id=period.id,
                label=shorten(period.label, max(4, int((x2 - x1 - 8) / CHAR_WIDTH))),
                x=x1,
                width=_r(max(x2 - x1, 2.0)),
                y=_r(period_y),
                height=16.0,
                label_x=_r(x1 + 4),
                label_y=_r(period_y + 12),
            )
        )
    bottom = (period_y + 16) if periods else wave_y + 4
    scan = _scan_panel(waves, dimensions, bottom + SCAN_GAP, x, left)
    height = (scan.bottom if scan is not None else bottom) + BOTTOM
    today_x = x(today) if today is not None and start <= today <= end else None
    return Timeline(
        width=width,
        height=int(height),
        left=left,
        right=right,
        axis_y=float(axis_y),
        start=start,
        end=end,
        ticks=ticks(start, end, left, right),
        tick_label_y=float(axis_y + 14),
        tick_top=float(axis_y - 5),
        tick_bottom=float(axis_y + 5),
        today_top=float(axis_y - 14),
        today_bottom=float(axis_y + 14),
        milestones=tuple(marks),
        waves=wave_marks,
        periods=tuple(period_marks),
        scan=scan,
        today_x=today_x,
    )


def _y_of(value: float, top: float) -> float:
    return _r(top + (5 - value) / 4 * SCAN_HEIGHT)


def overall_mean(means: dict[str, float | None]) -> float | None:
    shown = [value for value in means.values() if value is not None]
    return sum(shown) / len(shown) if shown else None


def _scan_panel(
    waves: Sequence[WaveIn],
    dimensions: Sequence[DimensionIn],
    top: float,
    x: Callable[[dt.date], float],
    left: float,
) -> ScanPanel | None:
    closed = [w for w in sorted(waves, key=lambda w: (w.opens_on, w.id)) if w.closed]
    if not closed:
        return None
    keys = [d.key for d in dimensions]
    for wave in closed:
        keys += [key for key in wave.means if key not in keys]
    titles = {d.key: d.title for d in dimensions}
    colours = {key: DIMENSION_COLOURS[i % len(DIMENSION_COLOURS)] for i, key in enumerate(keys)}
    dots = []
    overall = []
    count = len(keys)
    for wave in closed:
        wx = x(wave.closes_on)
        for index, key in enumerate(keys):
            value = wave.means.get(key)
            if value is None:
                continue
            dx = (index - (count - 1) / 2) * DIMENSION_SPREAD
            dots.append(
                Dot(
                    key=key,
                    title=titles.get(key, key),
                    wave_label=wave.label,
                    value=value,
                    x=_r(wx + dx),
                    y=_y_of(value, top),
                    colour=colours[key],
                )
            )
        mean = overall_mean(wave.means)
        if mean is not None:
            y = _y_of(mean, top)
            overall.append(
                OverallMark(
                    x=wx,
                    y=y,
                    wave_label=wave.label,
                    value=mean,
                    path=_marker(TURNING, wx, y, 5.5),
                )
            )
    line = " ".join(f"{mark.x},{mark.y}" for mark in overall) if len(overall) > 1 else ""
    shown = [key for key in keys if any(dot.key == key for dot in dots)]
    return ScanPanel(
        top=_r(top),
        bottom=_r(top + SCAN_HEIGHT),
        ticks=tuple(ScaleTick(value=v, y=_y_of(v, top)) for v in (1, 2, 3, 4, 5)),
        dots=tuple(dots),
        line=line,
        overall=tuple(overall),
        legend=tuple(
            LegendItem(key=key, title=titles.get(key, key), colour=colours[key]) for key in shown
        ),
        title_y=_r(top - 14),
        scale_x=_r(left - 8),
    )
