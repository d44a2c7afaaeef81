"""The results of a collaboration scan, computed without Django (dataclasses in, out).

What a dimension's figures mean
-------------------------------
Every statement is answered 1 (strongly disagree) to 5 (strongly agree), or "don't know".

- A respondent's **score** on a dimension is the mean of their answers to its statements,
  leaving out "don't know". Who answered only "don't know" has no score there.
- The **mean** and the **spread** (population standard deviation: how far the scores lie from
  the mean, on average) are taken over those respondent scores, so a person counts once per
  dimension however many statements it has.
- The **distribution** counts the individual answers to the dimension's statements: how many
  1s, 2s, ... 5s and "don't know"s.

Anonymity (``MIN_GROUP`` = 3)
-----------------------------
No figure rests on fewer than three people. A set of respondents (the wave, a stakeholder group,
"the other groups together") is shown only when it holds at least three respondents and at
least three of them have a score on the dimension; the open answers only when the wave has at
least three respondents.

Hiding a small group is not enough when the total is shown: the total minus the groups that are
shown gives the hidden ones. So, per dimension, the hidden groups taken together must also be
safe: either nobody, or at least three respondents with at least three scores. While they are
not, the smallest group still shown is hidden too (complementary suppression; ties go to the
group listed last). The hidden groups are then shown together as "other groups", which is safe
for the same reason, unless every group is hidden (the total already says it all).

Where two groups that are shown differ by ``DIFFERENCE`` (one point) or more on a dimension,
the difference is flagged: disagreement is a signal, not noise.

Other functions compare a region's waves by dimension key (``trend``) and summarise the spread
over regions without naming them (``spread``).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

#: The smallest number of people any figure may rest on.
MIN_GROUP = 3
#: Two groups whose means differ by this much (or more) are flagged.
DIFFERENCE = 1.0
#: The spread over regions is shown only with at least this many regions.
MIN_REGIONS = 3
#: The answer options in the order of a distribution: 1-5, then "don't know" (None).
OPTIONS: tuple[int | None, ...] = (1, 2, 3, 4, 5, None)

HIDDEN_SMALL = "small"
HIDDEN_COMPLEMENTARY = "complementary"


# --- Input -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatementSpec:
    id: int
    text: str


@dataclass(frozen=True)
class DimensionSpec:
    key: str
    title: str
    statements: tuple[StatementSpec, ...]
    description: str = ""
    question: str = ""


@dataclass(frozen=True)
class Respondent:
    """One submitted response: its stakeholder group and its answers by statement id (1-5, or
    None for "don't know"). A statement left out counts as not answered."""

    group: str
    scores: Mapping[int, int | None]


# --- Output ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stats:
    #: Respondents with a score on the dimension (or on the statement).
    respondents: int
    #: Respondents of the set without a score (only "don't know").
    without_score: int
    mean: float
    sd: float
    #: Number of answers 1, 2, 3, 4, 5 and "don't know".
    distribution: tuple[int, ...]

    @property
    def answers(self) -> int:
        return sum(self.distribution)

    @property
    def shares(self) -> tuple[float, ...]:
        """The distribution as percentages of all answers (0 when there are none)."""
        total = self.answers
        return tuple((100.0 * count / total) if total else 0.0 for count in self.distribution)

    @property
    def low(self) -> float:
        return max(1.0, self.mean - self.sd)

    @property
    def high(self) -> float:
        return min(5.0, self.mean + self.sd)


@dataclass(frozen=True)
class GroupCell:
    group: str
    #: Respondents of the group in the wave (a count; always shown).
    respondents: int
    #: None when hidden.
    stats: Stats | None
    #: "" when shown, else HIDDEN_SMALL or HIDDEN_COMPLEMENTARY.
    hidden: str = ""


@dataclass(frozen=True)
class StatementResult:
    id: int
    text: str
    stats: Stats | None


@dataclass(frozen=True)
class Difference:
    key: str
    title: str
    high_group: str
    high_mean: float
    low_group: str
    low_mean: float

    @property
    def gap(self) -> float:
        return self.high_mean - self.low_mean


@dataclass(frozen=True)
class DimensionResult:
    key: str
    title: str
    description: str
    overall: Stats | None
    groups: tuple[GroupCell, ...]
    #: The hidden groups together (None when there are none, or it would not be safe).
    others: Stats | None
    others_groups: tuple[str, ...]
    statements: tuple[StatementResult, ...]
    differences: tuple[Difference, ...]

    def group(self, name: str) -> GroupCell | None:
        return next((cell for cell in self.groups if cell.group == name), None)


@dataclass(frozen=True)
class WaveResult:
    respondents: int
    #: Respondents per group, in the order of ``groups`` given to ``wave_result``.
    group_sizes: tuple[tuple[str, int], ...]
    dimensions: tuple[DimensionResult, ...]

    @property
    def shown(self) -> bool:
        return self.respondents >= MIN_GROUP

    @property
    def differences(self) -> list[Difference]:
        found = [d for dimension in self.dimensions for d in dimension.differences]
        return sorted(found, key=lambda d: (-round(d.gap, 6), d.key, d.high_group, d.low_group))

    def dimension(self, key: str) -> DimensionResult | None:
        return next((d for d in self.dimensions if d.key == key), None)


# --- Computing ---------------------------------------------------------------------------------


def mean_and_sd(values: Sequence[float]) -> tuple[float, float]:
    """Mean and population standard deviation; (0, 0) for no values."""
    if not values:
        return 0.0, 0.0
    mean = math.fsum(values) / len(values)
    variance = math.fsum((value - mean) ** 2 for value in values) / len(values)
    return mean, math.sqrt(variance)


def _distribution(answers: Sequence[int | None]) -> tuple[int, ...]:
    counts = dict.fromkeys(OPTIONS, 0)
    for answer in answers:
        counts[answer] += 1
    return tuple(counts[option] for option in OPTIONS)


@dataclass
class _Pool:
    """What a set of respondents gave on one dimension."""

    people: int = 0
    scores: list[float] = field(default_factory=list)
    answers: list[int | None] = field(default_factory=list)

    def add(self, other: _Pool) -> None:
        self.people += other.people
        self.scores.extend(other.scores)
        self.answers.extend(other.answers)

    @property
    def safe(self) -> bool:
        """Nobody, or enough people and enough scores to show."""
        return self.people == 0 or self.showable

    @property
    def showable(self) -> bool:
        return self.people >= MIN_GROUP and len(self.scores) >= MIN_GROUP

    def stats(self) -> Stats:
        mean, sd = mean_and_sd(self.scores)
        return Stats(
            respondents=len(self.scores),
            without_score=self.people - len(self.scores),
            mean=mean,
            sd=sd,
            distribution=_distribution(self.answers),
        )


def _pool(respondents: Sequence[Respondent], statement_ids: Sequence[int]) -> _Pool:
    pool = _Pool(people=len(respondents))
    for respondent in respondents:
        given = [respondent.scores[s] for s in statement_ids if s in respondent.scores]
        pool.answers.extend(given)
        known = [score for score in given if score is not None]
        if known:
            pool.scores.append(math.fsum(known) / len(known))
    return pool


def _statement_stats(respondents: Sequence[Respondent], statement_id: int) -> Stats | None:
    answers = [r.scores[statement_id] for r in respondents if statement_id in r.scores]
    known = [float(a) for a in answers if a is not None]
    if len(respondents) < MIN_GROUP or len(known) < MIN_GROUP:
        return None
    mean, sd = mean_and_sd(known)
    return Stats(
        respondents=len(known),
        without_score=len(answers) - len(known),
        mean=mean,
        sd=sd,
        distribution=_distribution(answers),
    )


def _dimension(
    spec: DimensionSpec,
    by_group: dict[str, list[Respondent]],
    everyone: list[Respondent],
    groups: Sequence[str],
) -> DimensionResult:
    ids = [statement.id for statement in spec.statements]
    total = _pool(everyone, ids)
    present = [group for group in groups if by_group.get(group)]
    pools = {group: _pool(by_group[group], ids) for group in present}
    hidden: dict[str, str] = {}
    if not total.showable:
        hidden = dict.fromkeys(present, HIDDEN_SMALL)
    else:
        hidden = {g: HIDDEN_SMALL for g in present if not pools[g].showable}
        while True:
            together = _Pool()
            for group in hidden:
                together.add(pools[group])
            if together.safe:
                break
            shown = [g for g in present if g not in hidden]
            if not shown:
                break
            # The smallest group still shown; on a tie, the one listed last.
            smallest = min(reversed(shown), key=lambda g: (pools[g].people, len(pools[g].scores)))
            hidden[smallest] = HIDDEN_COMPLEMENTARY
    cells = tuple(
        GroupCell(
            group=group,
            respondents=pools[group].people,
            stats=None if group in hidden else pools[group].stats(),
            hidden=hidden.get(group, ""),
        )
        for group in present
    )
    others = None
    others_groups: tuple[str, ...] = ()
    if total.showable and hidden and len(hidden) < len(present):
        together = _Pool()
        for group in hidden:
            together.add(pools[group])
        if together.showable:
            others = together.stats()
            others_groups = tuple(g for g in present if g in hidden)
    shown_cells = [cell for cell in cells if cell.stats is not None]
    differences = []
    for i, a in enumerate(shown_cells):
        for b in shown_cells[i + 1 :]:
            high, low = (a, b) if a.stats.mean >= b.stats.mean else (b, a)
            if high.stats.mean - low.stats.mean >= DIFFERENCE - 1e-9:
                differences.append(
                    Difference(
                        key=spec.key,
                        title=spec.title,
                        high_group=high.group,
                        high_mean=high.stats.mean,
                        low_group=low.group,
                        low_mean=low.stats.mean,
                    )
                )
    differences.sort(key=lambda d: -d.gap)
    return DimensionResult(
        key=spec.key,
        title=spec.title,
        description=spec.description,
        overall=total.stats() if total.showable else None,
        groups=cells,
        others=others,
        others_groups=others_groups,
        statements=tuple(
            StatementResult(
                id=statement.id, text=statement.text, stats=_statement_stats(everyone, statement.id)
            )
            for statement in spec.statements
        ),
        differences=tuple(differences),
    )


def wave_result(
    dimensions: Sequence[DimensionSpec],
    respondents: Sequence[Respondent],
    groups: Sequence[str],
) -> WaveResult:
    """The results of one wave. ``groups`` gives the order of the stakeholder groups; a
    respondent of a group not in it is counted under its own name, after the others."""
    order = list(groups) + sorted({r.group for r in respondents} - set(groups))
    by_group: dict[str, list[Respondent]] = {group: [] for group in order}
    for respondent in respondents:
        by_group[respondent.group].append(respondent)
    everyone = list(respondents)
    return WaveResult(
        respondents=len(everyone),
        group_sizes=tuple((group, len(by_group[group])) for group in order if by_group[group]),
        dimensions=tuple(_dimension(spec, by_group, everyone, order) for spec in dimensions),
    )


# --- A region over time ------------------------------------------------------------------------


@dataclass(frozen=True)
class WaveSummary:
    """One wave of a region, for comparing: its label and its result."""

    id: int
    label: str
    result: WaveResult


@dataclass(frozen=True)
class TrendPoint:
    wave_id: int
    label: str
    #: None when the wave did not ask this dimension, or its figure is hidden.
    mean: float | None
    sd: float | None = None


@dataclass(frozen=True)
class TrendRow:
    key: str
    title: str
    points: tuple[TrendPoint, ...]

    @property
    def change(self) -> float | None:
        """Last shown mean minus the first shown one (None with fewer than two)."""
        shown = [p.mean for p in self.points if p.mean is not None]
        return shown[-1] - shown[0] if len(shown) >= 2 else None


def trend(waves: Sequence[WaveSummary]) -> list[TrendRow]:
    """Per dimension key, the overall mean in each wave (oldest first, as given). Dimensions
    come in the order of the last wave; keys only older waves asked follow. A title is taken
    from the last wave that asked the dimension."""
    keys: list[str] = []
    titles: dict[str, str] = {}
    for wave in reversed(waves):
        for dimension in wave.result.dimensions:
            if dimension.key not in titles:
                keys.append(dimension.key)
                titles[dimension.key] = dimension.title
    rows = []
    for key in keys:
        points = []
        for wave in waves:
            dimension = wave.result.dimension(key)
            stats = dimension.overall if dimension is not None else None
            points.append(
                TrendPoint(
                    wave_id=wave.id,
                    label=wave.label,
                    mean=stats.mean if stats else None,
                    sd=stats.sd if stats else None,
                )
            )
        rows.append(TrendRow(key=key, title=titles[key], points=tuple(points)))
    return rows


# --- Over regions, without naming them ---------------------------------------------------------


@dataclass(frozen=True)
class Spread:
    key: str
    title: str
    regions: int
    minimum: float | None = None
    q1: float | None = None
    median: float | None = None
    q3: float | None = None
    maximum: float | None = None

    @property
    def shown(self) -> bool:
        return self.median is not None


def spread(dimensions: Sequence[tuple[str, str, Sequence[float]]]) -> list[Spread]:
    """For each ``(key, title, region means)``: minimum, quartiles and maximum over regions.

    Quartiles interpolate between the sorted means (``statistics.quantiles``, inclusive). With
    fewer than ``MIN_REGIONS`` regions only the count is given: two values would name them.
    """
    rows = []
    for key, title, values in dimensions:
        values = sorted(values)
        if len(values) < MIN_REGIONS:
            rows.append(Spread(key=key, title=title, regions=len(values)))
            continue
        q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
        rows.append(
            Spread(
                key=key,
                title=title,
                regions=len(values),
                minimum=values[0],
                q1=q1,
                median=median,
                q3=q3,
                maximum=values[-1],
            )
        )
    return rows
