"""Reads of the offer catalogue: the filtered search, the map of a page of results, schedules
in words and the newcomers' feedback aggregates.

Every function takes a queryset the caller already narrowed with ``policy.visible``; nothing
here widens it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Avg,
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.urls import reverse

from participatienet.network.models import ContactPoint, Organisation
from participatienet.offers import schedule
from participatienet.offers.choices import Language, OfferStatus, PartOfDay, Theme, Weekday
from participatienet.offers.models import Offer, normalise
from participatienet.regions import maps
from participatienet.regions.models import Municipality, Region

#: Kilometres per degree of latitude (and of longitude at the equator).
KM_PER_DEGREE = 111.2

#: Accessibility needs a newcomer may have, and the offer field that meets each.
NEEDS: dict[str, str] = {
    "childcare": "has_childcare",
    "wheelchair": "is_wheelchair_accessible",
    "women_only": "is_women_only",
    "public_transport": "near_public_transport",
    "free": "is_free",
}

#: Sort orders of the catalogue.
SORTS: dict[str, tuple[str, ...]] = {
    "title": ("title", "pk"),
    "newest": ("-created_at", "-pk"),
    "nearest": ("distance_sort", "title", "pk"),
    "free_places": ("-free_places", "title", "pk"),
}

#: The value of the status filter that shows every status the user may see.
ALL_STATUSES = "all"


@dataclass(frozen=True)
class CatalogueFilters:
    """What the catalogue searches for; every part is optional."""

    text: str = ""
    region: Region | None = None
    municipality: Municipality | None = None
    distance_km: float | None = None
    kind: str = ""
    theme: int | None = None
    weekday: int | None = None
    part_of_day: int | None = None
    max_level: int | None = None
    needs: Sequence[str] = ()
    free: str = ""  # "1": only offers with free places; "0": only full ones
    status: str = OfferStatus.ACTIVE  # a status, or ALL_STATUSES
    sort: str = "title"


def words(text: str) -> list[str]:
    """The search words of ``text``, normalised like ``Offer.search_text``."""
    return [word for word in normalise(text).split() if word]


def _distance_sq(latitude: float, longitude: float) -> ExpressionWrapper:
    """Squared equirectangular distance in km² from a point, in SQL (SQLite and PostgreSQL)."""
    kx = KM_PER_DEGREE * math.cos(math.radians(latitude))
    dy = (F("latitude") - Value(float(latitude))) * Value(KM_PER_DEGREE)
    dx = (F("longitude") - Value(float(longitude))) * Value(kx)
    return ExpressionWrapper(dy * dy + dx * dx, output_field=FloatField())


def _serves(municipality: Municipality) -> Q:
    served = Offer.municipalities_served.through.objects.filter(
        municipality_id=municipality.pk
    ).values("offer_id")
    return Q(is_location_flexible=True, pk__in=served)


def search(offers: QuerySet[Offer], filters: CatalogueFilters) -> QuerySet[Offer]:
    """``offers`` narrowed by ``filters``, annotated with ``free_places`` (and
    ``distance_sort`` when a municipality is given), sorted, ready to paginate."""
    if filters.status and filters.status != ALL_STATUSES:
        offers = offers.filter(status=filters.status)
    for word in words(filters.text):
        offers = offers.filter(search_text__contains=word)
    if filters.region is not None:
        offers = offers.filter(region=filters.region)
    if filters.municipality is not None:
        here = filters.municipality
        serves = _serves(here)
        offers = offers.alias(distance_sq=_distance_sq(here.latitude, here.longitude))
        if filters.distance_km is not None:
            near = Q(is_location_flexible=False, distance_sq__lte=filters.distance_km**2)
        else:
            near = Q(is_location_flexible=False, municipality=here)
        offers = offers.filter(near | serves).annotate(
            distance_sort=Case(When(serves, then=Value(0.0)), default=F("distance_sq"))
        )
    if filters.kind:
        offers = offers.filter(kind=filters.kind)
    if filters.theme is not None:
        offers = offers.overlapping("themes_mask", 1 << filters.theme)
    slot_mask = schedule_filter_mask(filters.weekday, filters.part_of_day)
    if slot_mask:
        offers = offers.alias(_slots=F("schedule_mask").bitand(slot_mask)).filter(
            Q(is_schedule_flexible=True) | Q(_slots__gt=0)
        )
    if filters.max_level is not None:
        offers = offers.filter(min_dutch_level__lte=filters.max_level)
    for need in filters.needs:
        offers = offers.filter(**{NEEDS[need]: True})
    offers = offers.with_free_places()
    if filters.free == "1":
        offers = offers.filter(free_places__gt=0)
    elif filters.free == "0":
        offers = offers.filter(free_places=0)
    sort = filters.sort if filters.sort in SORTS else "title"
    if sort == "nearest" and filters.municipality is None:
        sort = "title"
    return offers.select_related("organisation", "municipality").order_by(*SORTS[sort])


def with_served_municipalities(offers: QuerySet[Offer]) -> QuerySet[Offer]:
    """Prefetch the municipalities served (one query for the whole page)."""
    return offers.prefetch_related(
        Prefetch(
            "municipalities_served",
            queryset=Municipality.objects.only("pk", "name").order_by("name"),
        )
    )


def schedule_filter_mask(weekday: int | None, part_of_day: int | None) -> int:
    """The schedule bits a weekday and/or part of day stand for (0: no filter)."""
    if weekday is not None and part_of_day is not None:
        return 1 << schedule.slot(weekday, part_of_day)
    if weekday is not None:
        return schedule.day_mask(weekday)
    if part_of_day is not None:
        return schedule.part_mask(part_of_day)
    return 0


def distance_km(offer: Offer, municipality: Municipality) -> float:
    """The equirectangular distance in km from the centre of ``municipality``."""
    kx = KM_PER_DEGREE * math.cos(math.radians(municipality.latitude))
    dy = (offer.latitude - municipality.latitude) * KM_PER_DEGREE
    dx = (offer.longitude - municipality.longitude) * kx
    return math.hypot(dx, dy)


# --- Offers in words -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleDay:
    day: str
    parts: list[str]


def schedule_days(mask: int) -> list[ScheduleDay]:
    """``mask`` as days with their parts, e.g. Tuesday: afternoon, evening."""
    days: dict[int, list[str]] = {}
    for day, part in schedule.slots_of_mask(mask):
        days.setdefault(day, []).append(str(PartOfDay(part).label))
    return [ScheduleDay(str(Weekday(day).label), parts) for day, parts in days.items()]


def theme_labels(mask: int) -> list[str]:
    return [str(Theme(bit).label) for bit in schedule.bits_of_mask(mask) if bit in Theme.values]


def language_labels(codes: Iterable[str]) -> list[str]:
    labels = dict(Language.choices)
    return [str(labels[code]) for code in codes if code in labels]


def schedule_grid(mask: int) -> list[tuple[str, list[bool]]]:
    """Rows of (weekday, [morning, afternoon, evening]) for a table of the week."""
    slots = set(schedule.slots_of_mask(mask))
    return [
        (str(day.label), [(day.value, part.value) in slots for part in PartOfDay])
        for day in Weekday
    ]


def contact_choices(organisation: Organisation | None) -> QuerySet[ContactPoint]:
    """Contact points of ``organisation`` that can be an offer's contact (with an e-mail)."""
    if organisation is None:
        return ContactPoint.objects.none()
    return (
        ContactPoint.objects.filter(organisation=organisation)
        .exclude(email="")
        .order_by("-is_direct", "name", "pk")
    )


def co_organisers_allowed(*, region_id: int, organisation_id: int | None) -> QuerySet[Organisation]:
    """Organisations that may run an offer of ``region_id`` together with its organisation
    (``organisation_id``): those of the region and those serving it, the organisation itself
    excepted."""
    return (
        Organisation.objects.filter(Q(region_id=region_id) | Q(regions_served=region_id))
        .exclude(pk=organisation_id)
        .distinct()
        .order_by("name", "pk")
    )


def co_organiser_choices(organisation: Organisation | None) -> QuerySet[Organisation]:
    """What the offer form offers as co-organisers of an offer of ``organisation``."""
    if organisation is None:
        return Organisation.objects.none()
    return co_organisers_allowed(region_id=organisation.region_id, organisation_id=organisation.pk)


def with_co_organisers(offers: QuerySet[Offer]) -> QuerySet[Offer]:
    """Prefetch the organisations each offer is run together with (one query for a page)."""
    return offers.prefetch_related(
        Prefetch(
            "co_organisers",
            queryset=Organisation.objects.only("pk", "name", "region_id").order_by("name", "pk"),
        )
    )


# --- The map of a page of results ----------------------------------------------------------------


@dataclass(frozen=True)
class Marker:
    number: int
    x: float
    y: float
    url: str
    label: str
    flexible: bool
    label_x: float
    anchor: str


@dataclass(frozen=True)
class ResultsMap:
    width: int
    height: int
    markers: tuple[Marker, ...] = ()
    context: tuple[maps.MapPoint, ...] = ()
    here: maps.MapPoint | None = None
    missing: int = 0

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def results_map(
    offers: Sequence[Offer],
    *,
    start: int = 1,
    here: Municipality | None = None,
    context: Iterable[tuple[str, float, float]] = (),
) -> ResultsMap:
    """Markers numbered like the results list (from ``start``), the chosen municipality, and
    ``context`` municipalities (name, latitude, longitude) as faint dots for orientation."""
    places = [
        maps.Place(
            key=str(index),
            label=offer.title,
            latitude=offer.latitude,
            longitude=offer.longitude,
        )
        for index, offer in enumerate(offers)
    ]
    if here is not None:
        places.append(
            maps.Place(
                key="here", label=here.name, latitude=here.latitude, longitude=here.longitude
            )
        )
    if offers:
        places.extend(
            maps.Place(
                key=f"c{index}",
                label=name,
                latitude=latitude,
                longitude=longitude,
                highlighted=False,
            )
            for index, (name, latitude, longitude) in enumerate(context)
        )
    svg = maps.project(places, width=640, padding=32)
    markers = []
    context_points = []
    here_point = None
    for point in svg.points:
        if point.key == "here":
            here_point = point
            continue
        if point.key.startswith("c"):
            context_points.append(point)
            continue
        offer = offers[int(point.key)]
        markers.append(
            Marker(
                number=start + int(point.key),
                x=point.x,
                y=point.y,
                url=reverse("offers:detail", kwargs={"pk": offer.pk}),
                label=offer.title,
                flexible=offer.is_location_flexible,
                label_x=point.label_x,
                anchor=point.anchor,
            )
        )
    return ResultsMap(
        width=svg.width,
        height=svg.height,
        markers=tuple(markers),
        context=tuple(context_points),
        here=here_point,
        missing=len(offers) - len(markers),
    )


# --- Feedback of newcomers -----------------------------------------------------------------------

#: The newcomer's questions, in the order of the feedback form.
NEWCOMER_QUESTIONS = ("felt_welcome", "practised_dutch", "met_new_people", "wants_to_continue")
#: Averages are shown only from this many answers, so no single answer can be read back.
MIN_ANSWERS = 3


@dataclass(frozen=True)
class QuestionAverage:
    question: str
    label: str
    average: float | None
    answers: int


@dataclass(frozen=True)
class FeedbackSummary:
    answers: int
    questions: list[QuestionAverage] = field(default_factory=list)

    @property
    def enough(self) -> bool:
        return self.answers >= MIN_ANSWERS

    @property
    def minimum(self) -> int:
        return MIN_ANSWERS


def newcomer_feedback() -> QuerySet[Any]:
    """Feedback rows of newcomers. Only for aggregates (policy action
    ``feedback.view_aggregates``): single answers are personal data and stay with the
    trajectory."""
    from participatienet.trajectories.choices import Respondent
    from participatienet.trajectories.models import Feedback

    return Feedback.objects.filter(respondent=Respondent.NEWCOMER)


def feedback_summary(feedback: QuerySet[Any]) -> FeedbackSummary:
    """Averages (1–5) of the newcomer questions over ``feedback``, in one query. A question's
    average is given only when it has at least ``MIN_ANSWERS`` answers."""
    aggregates: dict[str, Any] = {"answers": Count("pk")}
    for name in NEWCOMER_QUESTIONS:
        aggregates[f"{name}__avg"] = Avg(name)
        aggregates[f"{name}__n"] = Count(name)
    row = feedback.order_by().aggregate(**aggregates)
    model = feedback.model
    questions = []
    for name in NEWCOMER_QUESTIONS:
        count = row[f"{name}__n"] or 0
        average = row[f"{name}__avg"]
        questions.append(
            QuestionAverage(
                question=name,
                label=str(model._meta.get_field(name).verbose_name),
                average=round(float(average), 1)
                if average is not None and count >= MIN_ANSWERS
                else None,
                answers=count,
            )
        )
    answers = row["answers"] or 0
    return FeedbackSummary(answers=answers, questions=questions if answers >= MIN_ANSWERS else [])
