"""Reads for the counsellor's and coordinator's pages: lists, progress, offers that fit, the
region overview. Every read starts from ``policy.visible``; a bounded number of queries each,
whatever the number of rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Avg,
    Count,
    Exists,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participatienet.accounts import policy
from participatienet.offers.models import Offer
from participatienet.regions.models import Region
from participatienet.trajectories.choices import (
    OCCUPYING_STATUSES,
    OPEN_TRAJECTORY_STATUSES,
    HourStatus,
    Respondent,
    TrajectoryStatus,
)
from participatienet.trajectories.models import (
    REQUIRED_HOURS,
    Feedback,
    HourEntry,
    Newcomer,
    Participation,
    Trajectory,
)

#: Where the offer catalogue lives when its URL cannot be reversed (it filters ``free=0`` for
#: offers without free places, in the current region).
CATALOGUE_PATH = "/aanbod/"


def catalogue_url() -> str:
    try:
        return reverse("offers:catalogue")
    except NoReverseMatch:
        return CATALOGUE_PATH


#: Waiting buckets of the region overview and the newcomer list, in days.
WAITING_SHORT_DAYS = 14
WAITING_LONG_DAYS = 42
#: Feedback averages are shown from this many answers on (fewer could point at a person).
MIN_FEEDBACK_ANSWERS = 3
#: Candidates scored for one newcomer at most (the bounding box keeps it far below this).
SUGGESTIONS = 20


def offer_url(pk: int) -> str:
    """The offer's page in the catalogue, or "" while the catalogue has no page for it."""
    try:
        return reverse("offers:detail", kwargs={"pk": pk})
    except NoReverseMatch:
        return ""


def format_hours(value: Decimal | int | float | None) -> str:
    """``32.50`` → ``32,5`` (in the active language), ``40.00`` → ``40``."""
    text = f"{Decimal(str(value or 0)).quantize(Decimal('0.01')):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return formats.number_format(Decimal(text), use_l10n=True)


@dataclass(frozen=True)
class Progress:
    """Confirmed hours against the hours required ("32 of 40 confirmed hours")."""

    confirmed: Decimal
    required: Decimal = REQUIRED_HOURS

    @property
    def percent(self) -> int:
        if not self.required:
            return 100
        return int(min(Decimal(100), self.confirmed * 100 / self.required))

    @property
    def is_enough(self) -> bool:
        return self.confirmed >= self.required

    @property
    def remaining(self) -> str:
        return format_hours(max(self.required - self.confirmed, Decimal(0)))

    @property
    def confirmed_text(self) -> str:
        return format_hours(self.confirmed)

    @property
    def required_text(self) -> str:
        return format_hours(self.required)


# --- Newcomers ---------------------------------------------------------------------------------


def _latest_trajectory() -> QuerySet:
    return Trajectory.objects.filter(newcomer=OuterRef("pk")).order_by("-started_on", "-pk")


def _occupying_participation() -> QuerySet:
    return Participation.objects.filter(trajectory=OuterRef("pk"), status__in=OCCUPYING_STATUSES)


def newcomers_in_scope(user: Any, region: Region | None) -> QuerySet:
    """The newcomers ``user`` sees in ``region`` (all their regions when None), annotated with
    their latest trajectory, its status, and since when they wait without a participation."""
    newcomers = policy.visible(user, Newcomer.objects.all())
    if region is not None:
        newcomers = newcomers.filter(region=region)
    latest = _latest_trajectory()
    waiting = (
        Trajectory.objects.filter(newcomer=OuterRef("pk"), status__in=OPEN_TRAJECTORY_STATUSES)
        .exclude(Exists(_occupying_participation()))
        .order_by("-started_on", "-pk")
    )
    return newcomers.annotate(
        trajectory_id=Subquery(latest.values("pk")[:1]),
        trajectory_status=Subquery(latest.values("status")[:1]),
        waiting_since=Subquery(waiting.values("started_on")[:1]),
    )


def waiting_bounds(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """Dates that split waiting newcomers into < 2 weeks, 2–6 weeks and > 6 weeks."""
    today = today or timezone.localdate()
    return today - dt.timedelta(days=WAITING_SHORT_DAYS), today - dt.timedelta(
        days=WAITING_LONG_DAYS
    )


def filter_waiting(newcomers: QuerySet, bucket: str) -> QuerySet:
    short, long = waiting_bounds()
    if bucket == "any":
        return newcomers.filter(waiting_since__isnull=False)
    if bucket == "lt2w":
        return newcomers.filter(waiting_since__gt=short)
    if bucket == "2to6w":
        return newcomers.filter(waiting_since__lte=short, waiting_since__gt=long)
    if bucket == "gt6w":
        return newcomers.filter(waiting_since__lte=long)
    return newcomers


def with_unconfirmed_hours(newcomers: QuerySet) -> QuerySet:
    unconfirmed = HourEntry.objects.filter(
        participation__trajectory__newcomer=OuterRef("pk"), status=HourStatus.UNCONFIRMED
    )
    return newcomers.filter(Exists(unconfirmed))


def attach_progress(rows: list[Newcomer]) -> None:
    """Give each newcomer of a page ``progress`` of its latest trajectory: one query."""
    ids = [row.trajectory_id for row in rows if row.trajectory_id]
    totals = {
        row["pk"]: Progress(row["confirmed_hours"], row["required_hours"])
        for row in Trajectory.objects.filter(pk__in=ids)
        .with_confirmed_hours()
        .values("pk", "confirmed_hours", "required_hours")
    }
    today = timezone.localdate()
    labels = dict(TrajectoryStatus.choices)
    for row in rows:
        row.trajectory_status_label = labels.get(row.trajectory_status, "")
        row.progress = totals.get(row.trajectory_id)
        row.waiting_days = (today - row.waiting_since).days if row.waiting_since else None


def progress_of(trajectory: Trajectory) -> Progress:
    confirmed = (
        Trajectory.objects.filter(pk=trajectory.pk)
        .with_confirmed_hours()
        .values_list("confirmed_hours", flat=True)
        .first()
    )
    return Progress(Decimal(confirmed or 0), trajectory.required_hours)


# --- Participations ----------------------------------------------------------------------------


def participations_in_scope(user: Any, region: Region | None) -> QuerySet:
    participations = policy.visible(user, Participation.objects.all())
    if region is not None:
        participations = participations.filter(trajectory__newcomer__region=region)
    # MIN rather than ORDER BY … LIMIT 1: SQLite then looks entries up by participation.
    oldest_unconfirmed = (
        HourEntry.objects.filter(participation=OuterRef("pk"), status=HourStatus.UNCONFIRMED)
        .order_by()
        .values("participation")
        .annotate(first=Min("entered_at"))
        .values("first")
    )
    return participations.annotate(
        oldest_unconfirmed=Subquery(oldest_unconfirmed),
        has_newcomer_feedback=Exists(
            Feedback.objects.filter(participation=OuterRef("pk"), respondent=Respondent.NEWCOMER)
        ),
        has_partner_feedback=Exists(
            Feedback.objects.filter(participation=OuterRef("pk"), respondent=Respondent.PARTNER)
        ),
    )


@dataclass
class HourTotals:
    confirmed: Decimal = Decimal(0)
    waiting: Decimal = Decimal(0)
    waiting_count: int = 0
    rejected_count: int = 0
    confirmers: list[str] = field(default_factory=list)

    @property
    def confirmed_text(self) -> str:
        return format_hours(self.confirmed)

    @property
    def waiting_text(self) -> str:
        return format_hours(self.waiting)


def hour_totals(entries: list[HourEntry]) -> dict[int, HourTotals]:
    """Per participation: confirmed and waiting hours, and who confirmed them. Each entry gets
    ``hours_text`` for display ("1,5" rather than "1,50")."""
    totals: dict[int, HourTotals] = {}
    for entry in entries:
        entry.hours_text = format_hours(entry.hours)
        entry.original_hours_text = (
            format_hours(entry.original_hours) if entry.original_hours is not None else ""
        )
        total = totals.setdefault(entry.participation_id, HourTotals())
        if entry.status == HourStatus.CONFIRMED:
            total.confirmed += entry.hours
            label = entry.confirmed_by_label
            if label and label not in total.confirmers:
                total.confirmers.append(label)
        elif entry.status == HourStatus.UNCONFIRMED:
            total.waiting += entry.hours
            total.waiting_count += 1
        else:
            total.rejected_count += 1
    return totals


# --- Find offers -------------------------------------------------------------------------------

MOMENTS = {
    (0, 0): gettext_lazy("Monday morning"),
    (0, 1): gettext_lazy("Monday afternoon"),
    (0, 2): gettext_lazy("Monday evening"),
    (1, 0): gettext_lazy("Tuesday morning"),
    (1, 1): gettext_lazy("Tuesday afternoon"),
    (1, 2): gettext_lazy("Tuesday evening"),
    (2, 0): gettext_lazy("Wednesday morning"),
    (2, 1): gettext_lazy("Wednesday afternoon"),
    (2, 2): gettext_lazy("Wednesday evening"),
    (3, 0): gettext_lazy("Thursday morning"),
    (3, 1): gettext_lazy("Thursday afternoon"),
    (3, 2): gettext_lazy("Thursday evening"),
    (4, 0): gettext_lazy("Friday morning"),
    (4, 1): gettext_lazy("Friday afternoon"),
    (4, 2): gettext_lazy("Friday evening"),
    (5, 0): gettext_lazy("Saturday morning"),
    (5, 1): gettext_lazy("Saturday afternoon"),
    (5, 2): gettext_lazy("Saturday evening"),
    (6, 0): gettext_lazy("Sunday morning"),
    (6, 1): gettext_lazy("Sunday afternoon"),
    (6, 2): gettext_lazy("Sunday evening"),
}


@dataclass
class Suggestion:
    """One offer on the find-offers page; ``fit`` is the matching engine's suggestion."""

    offer: dict
    fit: Any
    explanation: str
    url: str


@dataclass
class OfferSearch:
    problems: list[str] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    considered: int = 0


@dataclass
class Figure:
    label: str
    value: int
    url: str = ""
    key: str = ""


@dataclass
class Bar:
    label: str
    value: int
    url: str
    key: str
    y: float = 0
    width: float = 0


@dataclass
class FeedbackLine:
    label: str
    average: float | None
    answers: int

    @property
    def shown(self) -> bool:
        return self.average is not None and self.answers >= MIN_FEEDBACK_ANSWERS

    @property
    def percent(self) -> int:
        return int(round((self.average or 0) / 5 * 100))


@dataclass
class RegionOverview:
    region: Region | None
    statuses: list[Bar]
    total: int
    waiting: list[Figure]
    waiting_total: Figure
    oldest_waiting_days: int | None
    offers_full: Figure
    unconfirmed: Figure
    oldest_unconfirmed: dt.datetime | None
    newcomer_feedback: list[FeedbackLine]
    partner_feedback: list[FeedbackLine]
    newcomer_feedback_count: int
    partner_feedback_count: int
    newcomer_feedback_url: str
    partner_feedback_url: str
    chart_width: int = 420
    chart_height: int = 0
    bar_height: int = 28
    label_width: int = 125

    @property
    def min_answers(self) -> int:
        return MIN_FEEDBACK_ANSWERS

    @property
    def has_statuses(self) -> bool:
        return self.total > 0


def _url(name: str, **params: Any) -> str:
    url = reverse(f"trajectories:{name}")
    return f"{url}?{urlencode(params)}" if params else url


def region_overview(user: Any, region: Region | None) -> RegionOverview:
    """Figures of one region (all of the user's when None); each links to its filtered list."""
    newcomers = newcomers_in_scope(user, region)

    # Trajectories per status: the latest trajectory of each newcomer, as the list filters.
    counts = {
        row["trajectory_status"]: row["n"]
        for row in newcomers.order_by()
        .values("trajectory_status")
        .annotate(n=Count("pk", distinct=True))
    }
    statuses = [
        Bar(
            label=str(label),
            value=counts.get(value, 0),
            url=_url("newcomer_list", status=value),
            key=value,
        )
        for value, label in TrajectoryStatus.choices
    ]
    total = sum(bar.value for bar in statuses)

    short, long = waiting_bounds()
    waiting_counts = newcomers.order_by().aggregate(
        any=Count("pk", filter=Q(waiting_since__isnull=False)),
        lt2w=Count("pk", filter=Q(waiting_since__gt=short)),
        mid=Count("pk", filter=Q(waiting_since__lte=short, waiting_since__gt=long)),
        gt6w=Count("pk", filter=Q(waiting_since__lte=long)),
        oldest=Min("waiting_since"),
    )
    waiting = [
        Figure(
            _("less than 2 weeks"),
            waiting_counts["lt2w"],
            _url("newcomer_list", waiting="lt2w"),
            "lt2w",
        ),
        Figure(
            _("2 to 6 weeks"),
            waiting_counts["mid"],
            _url("newcomer_list", waiting="2to6w"),
            "2to6w",
        ),
        Figure(
            _("more than 6 weeks"),
            waiting_counts["gt6w"],
            _url("newcomer_list", waiting="gt6w"),
            "gt6w",
        ),
    ]
    oldest = waiting_counts["oldest"]

    offers = policy.visible(user, Offer.objects.published())
    if region is not None:
        offers = offers.filter(region=region)
    full = offers.with_free_places().filter(free_places=0).count()
    catalogue = catalogue_url() + "?" + urlencode({"free": 0})

    entries = policy.visible(user, HourEntry.objects.unconfirmed())
    if region is not None:
        entries = entries.filter(participation__trajectory__newcomer__region=region)
    unconfirmed = entries.aggregate(n=Count("pk"), oldest=Min("entered_at"))

    feedback = policy.visible(user, Feedback.objects.all())
    if region is not None:
        feedback = feedback.filter(participation__trajectory__newcomer__region=region)
    questions = {
        "felt_welcome": _("felt welcome"),
        "practised_dutch": _("practised Dutch"),
        "met_new_people": _("met new people"),
        "wants_to_continue": _("want to continue"),
        "fit": _("the newcomer fitted the offer"),
        "counsellor_contact": _("contact with the counsellor"),
        "would_host_again": _("would host a newcomer again"),
    }
    aggregates = feedback.aggregate(
        newcomers=Count("pk", filter=Q(respondent=Respondent.NEWCOMER)),
        partners=Count("pk", filter=Q(respondent=Respondent.PARTNER)),
        **{f"{name}_avg": Avg(name) for name in questions},
        **{f"{name}_n": Count(name) for name in questions},
    )

    def lines(names: tuple[str, ...]) -> list[FeedbackLine]:
        return [
            FeedbackLine(
                label=str(questions[name]),
                average=aggregates[f"{name}_avg"],
                answers=aggregates[f"{name}_n"],
            )
            for name in names
        ]

    overview = RegionOverview(
        region=region,
        statuses=statuses,
        total=total,
        waiting=waiting,
        waiting_total=Figure(
            _("waiting without a participation"),
            waiting_counts["any"],
            _url("newcomer_list", waiting="any", sort="waiting"),
            "any",
        ),
        oldest_waiting_days=(timezone.localdate() - oldest).days if oldest else None,
        offers_full=Figure(_("active offers without free places"), full, catalogue, "full"),
        unconfirmed=Figure(
            _("hour entries waiting for confirmation"),
            unconfirmed["n"],
            _url("participation_list", hours="unconfirmed"),
            "unconfirmed",
        ),
        oldest_unconfirmed=unconfirmed["oldest"],
        newcomer_feedback=lines(
            ("felt_welcome", "practised_dutch", "met_new_people", "wants_to_continue")
        ),
        partner_feedback=lines(("fit", "counsellor_contact", "would_host_again")),
        newcomer_feedback_count=aggregates["newcomers"],
        partner_feedback_count=aggregates["partners"],
        newcomer_feedback_url=_url("participation_list", feedback="newcomer"),
        partner_feedback_url=_url("participation_list", feedback="partner"),
    )
    _lay_out_chart(overview)
    return overview


def _lay_out_chart(overview: RegionOverview) -> None:
    """Geometry of the horizontal bar chart (numbers for SVG attributes, not for reading)."""
    top = max((bar.value for bar in overview.statuses), default=0) or 1
    room = overview.chart_width - overview.label_width - 45
    for index, bar in enumerate(overview.statuses):
        bar.y = 10 + index * (overview.bar_height + 10)
        bar.width = round(room * bar.value / top, 1) if bar.value else 0
    overview.chart_height = 20 + len(overview.statuses) * (overview.bar_height + 10)
