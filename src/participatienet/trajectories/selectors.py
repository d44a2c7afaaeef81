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
    F,
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
from django.utils.translation import gettext_lazy, ngettext

from participatienet.accounts import policy
from participatienet.offers.choices import DutchLevel, Theme
from participatienet.offers.models import Offer
from participatienet.regions.models import Region
from participatienet.trajectories import fit
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
MAX_CANDIDATES = 5000
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


def _reason_text(reason: fit.Reason, *, municipality: str) -> str:
    code = reason.code
    if code == fit.R_HOME:
        return _("flexible location, also in %(municipality)s") % {"municipality": municipality}
    if code == fit.R_DISTANCE:
        if reason.number < 1:
            return _("less than 1 km")
        return _("%(km)s km") % {"km": formats.number_format(round(reason.number))}
    if code == fit.R_SCHEDULE:
        moments = [str(MOMENTS[tuple(slot)]) for slot in reason.items]
        text = ngettext("%(moments)s fits", "%(moments)s fit", len(moments)) % {
            "moments": _(" and ").join(moments)
        }
        if reason.number:
            more = int(reason.number)
            text += " " + ngettext(
                "(and %(count)s more moment)", "(and %(count)s more moments)", more
            ) % {"count": more}
        return text
    if code == fit.R_SCHEDULE_FLEXIBLE:
        return _("flexible schedule")
    if code == fit.R_THEMES:
        labels = [str(Theme(number).label) for number in reason.items if number in Theme.values]
        return ngettext("theme %(themes)s", "themes %(themes)s", len(labels)) % {
            "themes": ", ".join(labels)
        }
    if code == fit.R_LEVEL:
        if not reason.items or reason.items[0] == DutchLevel.NONE:
            return _("no Dutch needed")
        return _("%(level)s accepted") % {"level": DutchLevel(int(reason.number)).label}
    if code == fit.R_CHILDCARE:
        return _("childcare")
    if code == fit.R_WOMEN_ONLY:
        return _("women-only group")
    if code == fit.R_WHEELCHAIR:
        return _("wheelchair accessible")
    if code == fit.R_PLACES:
        count = int(reason.number)
        return ngettext("%(count)s place free", "%(count)s places free", count) % {"count": count}
    return ""


def explain(result: fit.Fit, *, municipality: str) -> str:
    """The one-line explanation: "7 km, Tuesday evening fits, theme cooking, A1 accepted"."""
    parts = [_reason_text(reason, municipality=municipality) for reason in result.reasons]
    return ", ".join(part for part in parts if part)


@dataclass
class Suggestion:
    offer: dict
    fit: fit.Fit
    explanation: str
    url: str


@dataclass
class OfferSearch:
    profile: fit.Profile
    problems: list[str] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    considered: int = 0


def profile_of(newcomer: Newcomer) -> fit.Profile:
    municipality = newcomer.municipality
    return fit.Profile(
        latitude=municipality.latitude if municipality else None,
        longitude=municipality.longitude if municipality else None,
        max_distance_km=newcomer.max_distance_km,
        dutch_level=newcomer.dutch_level,
        themes_mask=newcomer.themes_mask,
        availability_mask=newcomer.availability_mask,
        needs_childcare=newcomer.needs_childcare,
        needs_women_only=newcomer.needs_women_only,
        needs_wheelchair=newcomer.needs_wheelchair,
    )


OFFER_VALUES = (
    "pk",
    "title",
    "kind",
    "latitude",
    "longitude",
    "min_dutch_level",
    "themes_mask",
    "schedule_mask",
    "is_schedule_flexible",
    "is_location_flexible",
    "has_childcare",
    "is_women_only",
    "is_wheelchair_accessible",
    "hours_per_week",
    "capacity",
    "free_places",
    "serves_home",
    "start_date",
    "organisation__name",
    "municipality__name",
)


def candidate_offers(user: Any, trajectory: Trajectory, profile: fit.Profile) -> QuerySet:
    """Active offers the user may see that can pass the hard filters, in SQL: a bounding box
    around the newcomer (or a flexible location serving their municipality), level, needs,
    schedule overlap, free places; not already referred."""
    newcomer = trajectory.newcomer
    lat_min, lat_max, lon_min, lon_max = fit.bounding_box(
        profile.latitude, profile.longitude, profile.max_distance_km
    )
    served = Offer.municipalities_served.through.objects.filter(
        municipality_id=newcomer.municipality_id
    )
    near = Q(latitude__range=(lat_min, lat_max), longitude__range=(lon_min, lon_max)) | Q(
        is_location_flexible=True, pk__in=served.values("offer_id")
    )
    today = timezone.localdate()
    offers = (
        policy.visible(user, Offer.objects.published())
        .filter(near, min_dutch_level__lte=profile.dutch_level)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .exclude(
            pk__in=Participation.objects.filter(
                trajectory=trajectory, status__in=OCCUPYING_STATUSES, offer__isnull=False
            ).values("offer_id")
        )
    )
    if profile.needs_childcare:
        offers = offers.filter(has_childcare=True)
    if profile.needs_women_only:
        offers = offers.filter(is_women_only=True)
    if profile.needs_wheelchair:
        offers = offers.filter(is_wheelchair_accessible=True)
    offers = offers.alias(_overlap=F("schedule_mask").bitand(profile.availability_mask)).filter(
        Q(is_schedule_flexible=True) | Q(_overlap__gt=0)
    )
    return (
        offers.annotate(
            serves_home=Exists(
                served.filter(offer_id=OuterRef("pk")).filter(offer__is_location_flexible=True)
            )
        )
        .with_free_places()
        .filter(free_places__gte=1)
    )


def find_offers(user: Any, trajectory: Trajectory) -> OfferSearch:
    newcomer = trajectory.newcomer
    profile = profile_of(newcomer)
    search = OfferSearch(profile=profile)
    if not profile.has_location:
        search.problems.append(
            _("We do not know where this newcomer lives: add the municipality to the profile.")
        )
    if not profile.has_availability:
        search.problems.append(
            _(
                "The profile has no availability yet: tick in the profile when the newcomer "
                "can take part. Then we can look for offers at those moments."
            )
        )
    if not trajectory.is_open:
        search.problems.append(_("The trajectory is closed: nobody can be referred any more."))
    if search.problems:
        return search
    rows = list(candidate_offers(user, trajectory, profile).values(*OFFER_VALUES)[:MAX_CANDIDATES])
    search.considered = len(rows)
    facts = [
        fit.OfferFacts(
            key=row["pk"],
            latitude=row["latitude"],
            longitude=row["longitude"],
            min_dutch_level=row["min_dutch_level"],
            themes_mask=row["themes_mask"],
            schedule_mask=row["schedule_mask"],
            is_schedule_flexible=row["is_schedule_flexible"],
            serves_home=bool(row["serves_home"]),
            has_childcare=row["has_childcare"],
            is_women_only=row["is_women_only"],
            is_wheelchair_accessible=row["is_wheelchair_accessible"],
            free_places=row["free_places"],
        )
        for row in rows
    ]
    by_pk = {row["pk"]: row for row in rows}
    municipality = newcomer.municipality.name
    for result in fit.rank(profile, facts, limit=SUGGESTIONS):
        search.suggestions.append(
            Suggestion(
                offer=by_pk[result.key],
                fit=result,
                explanation=explain(result, municipality=municipality),
                url=offer_url(result.key),
            )
        )
    return search


# --- Region overview ---------------------------------------------------------------------------


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
