"""The measures a goal of an action plan can be tied to, and their live value for a region.

A goal such as "at least 25 active offers in Geel", "the five busiest organisations host at most
40 % of the participations" or "the scan's ownership scores at least 3.5" names a measure
participatienet computes already. The goal keeps the measure's key, its parameter (a
municipality or a scan dimension key), a comparator (≥ or ≤) and a number; this module says
which measures exist, checks that a target fits its measure, and computes today's value.

The registry (``MEASURES``) and the checks (``target_problem``, ``Progress``) use no database.
``RegionFacts`` loads what a region's goals need, lazily and once per page, in a fixed number of
queries however many goals there are:

- offers (one query): active offers per municipality of the region, and so the region's count
  and its coverage (share of its municipalities with an active offer; one more query for the
  municipalities);
- the network (``network.adapter.region_graph``, participations and confirmations, seven
  queries or so): the pure ``network.measures`` for the last twelve months, and at the end of
  each of the last quarters for a trend. Participations count in the twelve months before the
  day; ties and organisations as they stood that day;
- confirmed hours in the plan's period (one query): newcomers whose confirmed hours reached
  their required hours (40) within the period;
- the scan (six queries): the region's closed waves and their results (``selectors``). The
  value is the latest closed wave's mean of the dimension, None when it is hidden there (fewer
  than three people with a score); the trend is the mean per wave.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# --- The registry --------------------------------------------------------------------------------

#: Kinds of values.
COUNT = "count"
SHARE = "share"  # a percentage, 0-100
SCORE = "score"  # a mean on the scan's scale, 1-5
DAYS = "days"

#: Parameters a measure needs.
NONE = ""
MUNICIPALITY = "municipality"
DIMENSION = "dimension"

AT_LEAST, AT_MOST = "gte", "lte"

#: Twelve months of participations and confirmations for the network measures.
WINDOW_DAYS = 365
#: Quarter ends shown in the trend of a network measure (besides today).
TREND_QUARTERS = 4
#: Highest target of a count or a number of days that makes sense.
MAX_COUNT = 100_000
MAX_DAYS = 3650


@dataclass(frozen=True)
class MeasureSpec:
    key: str
    label: str | Promise
    kind: str
    parameter: str
    #: The direction that is usually wanted (the form's default comparator).
    comparator: str
    help: str | Promise = ""


MEASURES: dict[str, MeasureSpec] = {
    spec.key: spec
    for spec in (
        MeasureSpec(
            "active_offers_municipality",
            _("Active offers in a municipality"),
            COUNT,
            MUNICIPALITY,
            AT_LEAST,
            _("Offers of the region with status active in the chosen municipality, today."),
        ),
        MeasureSpec(
            "active_offers",
            _("Active offers in the region"),
            COUNT,
            NONE,
            AT_LEAST,
            _("Offers of the region with status active, today."),
        ),
        MeasureSpec(
            "active_offer_partners",
            _("Active offer partners"),
            COUNT,
            NONE,
            AT_LEAST,
            _("Organisations of the network that hosted a participation in the last 12 months."),
        ),
        MeasureSpec(
            "top5_share",
            _("Share of participations at the five busiest organisations"),
            SHARE,
            NONE,
            AT_MOST,
            _("Over the last 12 months. A high share points to the usual suspects."),
        ),
        MeasureSpec(
            "degree_centralisation",
            _("Superman index (degree centralisation)"),
            SHARE,
            NONE,
            AT_MOST,
            _(
                "How much the network turns around one organisation: 100 % is one superman at "
                "the wheel, 0 % ownership spread over the partners."
            ),
        ),
        MeasureSpec(
            "coordinator_tie_share",
            _("Share of ties through the coordinating organisation"),
            SHARE,
            NONE,
            AT_MOST,
            _("Ties that touch the organisation of the region's coordinators, today."),
        ),
        MeasureSpec(
            "coverage",
            _("Municipalities with an active offer"),
            SHARE,
            NONE,
            AT_LEAST,
            _("Share of the region's municipalities with at least one active offer, today."),
        ),
        MeasureSpec(
            "median_days_to_confirm",
            _("Median days to confirm hours"),
            DAYS,
            NONE,
            AT_MOST,
            _("Over the hours partners confirmed in the last 12 months."),
        ),
        MeasureSpec(
            "newcomers_40_hours",
            _("Newcomers who reached 40 hours"),
            COUNT,
            NONE,
            AT_LEAST,
            _("Newcomers whose confirmed hours reached 40 within the plan's period."),
        ),
        MeasureSpec(
            "scan_dimension",
            _("Mean of a scan dimension"),
            SCORE,
            DIMENSION,
            AT_LEAST,
            _(
                "Everyone's mean on the dimension in the region's latest closed wave (1-5); "
                "not shown when fewer than three people gave a score."
            ),
        ),
    )
}

KIND_UNITS: dict[str, str | Promise] = {
    COUNT: "",
    SHARE: "%",
    SCORE: "",
    DAYS: _("days"),
}
#: Lowest and highest value of each kind (None: no highest).
KIND_RANGES: dict[str, tuple[float, float | None]] = {
    COUNT: (0, MAX_COUNT),
    SHARE: (0, 100),
    SCORE: (1, 5),
    DAYS: (0, MAX_DAYS),
}
#: Network measures (values over a twelve-month window or as the network stands).
NETWORK_MEASURES = (
    "active_offer_partners",
    "top5_share",
    "degree_centralisation",
    "coordinator_tie_share",
    "median_days_to_confirm",
)


def spec(key: str) -> MeasureSpec | None:
    return MEASURES.get(key)


def target_problem(kind: str, value: Decimal) -> str | None:
    """Why ``value`` cannot be a target of a measure of ``kind`` (a code), or None."""
    if kind == SHARE and not (0 <= value <= 100):
        return "target_share"
    if kind == SCORE and not (1 <= value <= 5):
        return "target_score"
    if kind == COUNT and (value < 0 or value > MAX_COUNT or value != value.to_integral_value()):
        return "target_count"
    if kind == DAYS and not (0 <= value <= MAX_DAYS):
        return "target_days"
    return None


def goal_problems(
    *,
    measure: str,
    comparator: str,
    target_value: Decimal | None,
    municipality_id: int | None,
    region_municipality_ids: Iterable[int],
    dimension_key: str,
    dimension_keys: Iterable[str],
) -> list[str]:
    """Everything wrong with tying a goal to ``measure`` (codes; empty when it fits).

    A goal without a measure needs none of the other fields. A measured goal needs a
    comparator and a target of the measure's kind, the municipality (of the region) of a
    per-municipality measure and a dimension key of the current scan version for a scan
    measure; a parameter the measure does not take is refused too."""
    if not measure:
        return []
    found = MEASURES.get(measure)
    if found is None:
        return ["measure_unknown"]
    problems = []
    if comparator not in (AT_LEAST, AT_MOST):
        problems.append("comparator")
    if target_value is None:
        problems.append("target_missing")
    else:
        problem = target_problem(found.kind, target_value)
        if problem:
            problems.append(problem)
    if found.parameter == MUNICIPALITY:
        if municipality_id is None:
            problems.append("municipality_missing")
        elif municipality_id not in set(region_municipality_ids):
            problems.append("municipality_region")
    elif municipality_id is not None:
        problems.append("parameter_unused")
    if found.parameter == DIMENSION:
        if not dimension_key:
            problems.append("dimension_missing")
        elif dimension_key not in set(dimension_keys):
            problems.append("dimension_unknown")
    elif dimension_key:
        problems.append("parameter_unused")
    return list(dict.fromkeys(problems))


# --- Progress ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    label: str
    value: float | None


@dataclass(frozen=True)
class Progress:
    """A measured goal today: the measure's value against the target."""

    measure: MeasureSpec
    value: float | None
    target: float
    comparator: str
    trend: tuple[TrendPoint, ...] = ()
    #: Why there is no value: "no_data" (nothing to count yet), "no_wave" (no closed wave) or
    #: "hidden" (fewer than three scores on the dimension).
    missing: str = ""

    @property
    def met(self) -> bool | None:
        if self.value is None:
            return None
        if self.comparator == AT_MOST:
            return self.value <= self.target + 1e-9
        return self.value >= self.target - 1e-9

    @property
    def fraction(self) -> float:
        """How far along, 0 to 1, for the progress bar: from the kind's floor to the target
        for "at least"; for "at most", 1 when met, else how far the value is from the worst
        (the kind's ceiling, or for open-ended kinds the target over the value)."""
        if self.value is None:
            return 0.0
        if self.met:
            return 1.0
        low, high = KIND_RANGES[self.measure.kind]
        if self.comparator == AT_MOST:
            if self.measure.kind in (SHARE, SCORE) and high is not None and high > self.target:
                share = (high - self.value) / (high - self.target)
            else:
                share = self.target / self.value if self.value else 0.0
        else:
            span = self.target - low
            share = (self.value - low) / span if span > 0 else 0.0
        return max(0.0, min(1.0, share))

    @property
    def percent(self) -> int:
        return round(100 * self.fraction)


def to_number(value: float | int | Decimal | None) -> float | None:
    return None if value is None else float(value)


def _share(value: float | None) -> float | None:
    return None if value is None else 100.0 * value


# --- Values of a region --------------------------------------------------------------------------


class RegionFacts:
    """What the goals of one region (and one plan period) need, loaded on first use.

    ``progress(goal)`` answers for any goal of the region; each family of measures is loaded
    once, in a fixed number of queries."""

    def __init__(
        self,
        region: Any,
        *,
        today: dt.date | None = None,
        period: tuple[dt.date, dt.date] | None = None,
    ) -> None:
        self.region = region
        self.today = today or timezone.localdate()
        self.period = period

    # --- offers ---

    @cached_property
    def active_offers_by_municipality(self) -> dict[int, int]:
        from participatienet.offers.choices import OfferStatus
        from participatienet.offers.models import Offer

        return dict(
            Offer.objects.filter(region=self.region, status=OfferStatus.ACTIVE)
            .order_by()
            .values("municipality_id")
            .annotate(n=Count("pk"))
            .values_list("municipality_id", "n")
        )

    @cached_property
    def municipality_ids(self) -> list[int]:
        from participatienet.regions.models import Municipality

        return list(Municipality.objects.filter(region=self.region).values_list("pk", flat=True))

    def coverage(self) -> float | None:
        from participatienet.network import measures

        with_offer = [m for m, n in self.active_offers_by_municipality.items() if n]
        reach = measures.coverage(self.municipality_ids, with_offer)
        return _share(reach.share)

    # --- the network ---

    @cached_property
    def network(self) -> list[tuple[str, Any]]:
        """``(label, NetworkMeasures)`` at the end of each of the last quarters, then today;
        participations and confirmations over the twelve months before each day."""
        from participatienet.network import adapter, measures
        from participatienet.trajectories.models import Participation

        region, today = self.region, self.today
        quarter = measures.Quarter.of(today)
        ends: list[tuple[str, dt.date]] = []
        for _index in range(TREND_QUARTERS):
            quarter = quarter.previous()
            ends.insert(0, (quarter.label, quarter.end))
        ends.append((str(_("now")), today + dt.timedelta(days=1)))
        first = ends[0][1] - dt.timedelta(days=WINDOW_DAYS)
        last = ends[-1][1]
        nodes, ties = adapter.region_graph(region)
        hosted_on = [
            (organisation_id, timezone.localdate(created_at))
            for organisation_id, created_at in Participation.objects.filter(
                organisation__region=region,
                created_at__date__gte=first,
                created_at__date__lt=last,
            )
            .order_by()
            .values_list("organisation_id", "created_at")
        ]
        confirmations = adapter.confirmation_delays(region, first, last)
        found = []
        for label, end in ends:
            start = end - dt.timedelta(days=WINDOW_DAYS)
            hosted: dict[int, int] = defaultdict(int)
            for organisation_id, day in hosted_on:
                if start <= day < end:
                    hosted[organisation_id] += 1
            days: dict[int, list[float]] = defaultdict(list)
            for organisation_id, confirmed_on, delay in confirmations:
                if start <= confirmed_on < end:
                    days[organisation_id].append(delay)
            activity = measures.PeriodActivity(participations=dict(hosted), confirmation_days=days)
            found.append((label, measures.measures_for_period(nodes, ties, start, end, activity)))
        return found

    @staticmethod
    def _network_value(key: str, values: Any) -> float | None:
        if key == "active_offer_partners":
            return float(values.active_offer_partners)
        if key == "top5_share":
            return _share(values.top5_share) if values.active_offer_partners else None
        if key == "degree_centralisation":
            return _share(values.degree_centralisation) if values.organisations >= 3 else None
        if key == "coordinator_tie_share":
            return _share(values.coordinator_tie_share) if values.ties else None
        if key == "median_days_to_confirm":
            return to_number(values.median_days_to_confirm)
        raise KeyError(key)

    # --- hours ---

    @cached_property
    def newcomers_reaching_hours(self) -> int:
        """Newcomers of the region whose confirmed hours reached their required hours within
        the period (its end capped at today). One query."""
        from participatienet.trajectories.choices import HourStatus
        from participatienet.trajectories.models import HourEntry

        if self.period is None:
            return 0
        start, end = self.period[0], min(self.period[1], self.today)
        if end < start:
            return 0
        confirmed = HourEntry.objects.filter(
            participation__trajectory__region=self.region,
            status=HourStatus.CONFIRMED,
            confirmed_at__isnull=False,
        )
        touched = confirmed.filter(
            confirmed_at__date__gte=start, confirmed_at__date__lte=end
        ).values("participation__trajectory_id")
        rows = (
            confirmed.filter(participation__trajectory_id__in=touched, confirmed_at__date__lte=end)
            .order_by("participation__trajectory_id", "confirmed_at", "pk")
            .values_list(
                "participation__trajectory_id",
                "participation__trajectory__newcomer_id",
                "participation__trajectory__required_hours",
                "hours",
                "confirmed_at",
            )
        )
        totals: dict[int, Decimal] = defaultdict(Decimal)
        reached: set[int] = set()
        for trajectory_id, newcomer_id, required, hours, confirmed_at in rows:
            before = totals[trajectory_id]
            totals[trajectory_id] = before + hours
            crossed = before < required <= totals[trajectory_id]
            if crossed and start <= timezone.localdate(confirmed_at) <= end:
                reached.add(newcomer_id)
        return len(reached)

    # --- the scan ---

    @cached_property
    def scan(self) -> tuple[list[Any], dict[int, Any]]:
        """The region's closed waves, oldest first, and their results."""
        from participatienet.collaboration import selectors
        from participatienet.collaboration.choices import WaveStatus
        from participatienet.collaboration.models import Wave

        waves = list(
            Wave.objects.filter(region=self.region, status=WaveStatus.CLOSED).order_by(
                "opens_on", "pk"
            )
        )
        return waves, selectors.wave_results(waves) if waves else {}

    def dimension_means(self, key: str) -> list[TrendPoint]:
        waves, found = self.scan
        points = []
        for wave in waves:
            dimension = found[wave.pk].dimension(key)
            stats = dimension.overall if dimension is not None else None
            points.append(
                TrendPoint(
                    label=wave.opens_on.strftime("%m/%Y"), value=stats.mean if stats else None
                )
            )
        return points

    # --- a goal ---

    def value(
        self, key: str, *, municipality_id: int | None = None, dimension_key: str = ""
    ) -> tuple[float | None, tuple[TrendPoint, ...], str]:
        """The value of measure ``key`` today, its trend and why it is missing (if it is)."""
        if key == "active_offers_municipality":
            return float(self.active_offers_by_municipality.get(municipality_id, 0)), (), ""
        if key == "active_offers":
            return float(sum(self.active_offers_by_municipality.values())), (), ""
        if key == "coverage":
            value = self.coverage()
            return value, (), "" if value is not None else "no_data"
        if key in NETWORK_MEASURES:
            points = tuple(
                TrendPoint(label=label, value=self._network_value(key, values))
                for label, values in self.network
            )
            value = points[-1].value
            return value, points, "" if value is not None else "no_data"
        if key == "newcomers_40_hours":
            return float(self.newcomers_reaching_hours), (), ""
        if key == "scan_dimension":
            points = self.dimension_means(dimension_key)
            if not points:
                return None, (), "no_wave"
            value = points[-1].value
            return value, tuple(points), "" if value is not None else "hidden"
        raise KeyError(key)

    def progress(self, goal: Any) -> Progress | None:
        """Today's progress of a goal tied to a measure (None for a goal without one)."""
        found = MEASURES.get(goal.measure or "")
        if found is None or goal.target_value is None:
            return None
        value, trend, missing = self.value(
            found.key, municipality_id=goal.municipality_id, dimension_key=goal.dimension_key
        )
        return Progress(
            measure=found,
            value=value,
            target=float(goal.target_value),
            comparator=goal.comparator,
            trend=trend,
            missing=missing,
        )


def progress_of(goals: Sequence[Any], facts: RegionFacts) -> dict[int, Progress]:
    """Progress per goal id, for the goals tied to a measure."""
    found = {}
    for goal in goals:
        progress = facts.progress(goal)
        if progress is not None:
            found[goal.pk] = progress
    return found
