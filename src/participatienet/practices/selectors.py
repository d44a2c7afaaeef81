"""Reads of the practice library: the filtered search, a practice with its links and interests,
and the printable guide grouped by theme.

Every function takes a queryset the caller already narrowed with ``policy.visible``; nothing
here widens it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from participatienet.network.models import ContactPoint
from participatienet.offers.models import normalise
from participatienet.practices.choices import PracticeStatus, PracticeTheme
from participatienet.practices.models import (
    Practice,
    PracticeInterest,
    PracticeLink,
    theme_bits,
)
from participatienet.regions.models import Region

#: Sort orders of the library.
SORTS: dict[str, tuple[str, ...]] = {
    "newest": ("-published_at", "-created_at", "-pk"),
    "title": ("title", "pk"),
    "interest": ("-interest_count", "title", "pk"),
}

#: The value of the status filter that shows every status the user may see.
ALL_STATUSES = "all"


@dataclass(frozen=True)
class LibraryFilters:
    """What the library searches for; every part is optional."""

    text: str = ""
    region: Region | None = None
    theme: int | None = None
    #: Only practices one of these regions wants to try (empty: no such filter).
    interest_of: frozenset[int] = frozenset()
    status: str = PracticeStatus.PUBLISHED  # a status, or ALL_STATUSES
    sort: str = "newest"


def words(text: str) -> list[str]:
    """The search words of ``text``, normalised like ``Practice.search_text``."""
    return [word for word in normalise(text).split() if word]


def search(
    practices: QuerySet[Practice], filters: LibraryFilters, *, my_regions: Iterable[int] = ()
) -> QuerySet[Practice]:
    """``practices`` narrowed by ``filters``, annotated with ``interest_count`` and
    ``interest_here`` (one of ``my_regions`` wants to try it), sorted, ready to paginate."""
    if filters.status and filters.status != ALL_STATUSES:
        practices = practices.filter(status=filters.status)
    for word in words(filters.text):
        practices = practices.filter(search_text__contains=word)
    if filters.region is not None:
        practices = practices.filter(region=filters.region)
    if filters.theme is not None:
        practices = practices.with_themes(1 << filters.theme)
    if filters.interest_of:
        wanted = PracticeInterest.objects.filter(region_id__in=sorted(filters.interest_of))
        practices = practices.filter(pk__in=wanted.values("practice_id"))
    sort = filters.sort if filters.sort in SORTS else "newest"
    return (
        practices.with_interest_counts()
        .with_interest_of(sorted(my_regions))
        .select_related("region")
        .order_by(*SORTS[sort])
    )


def theme_labels(practice: Practice) -> list[str]:
    """The labels of the practice's themes, its main theme first."""
    return [
        str(PracticeTheme(bit).label)
        for bit in theme_bits(practice.main_theme, practice.themes_mask)
    ]


def with_details(practices: QuerySet[Practice]) -> QuerySet[Practice]:
    """The region, the contact point and its organisation, and the links (one query more)."""
    return practices.select_related(
        "region", "contact__organisation", "created_by"
    ).prefetch_related(Prefetch("links", queryset=PracticeLink.objects.order_by("position", "pk")))


def interests_of(
    practice: Practice, interests: QuerySet[PracticeInterest]
) -> list[PracticeInterest]:
    """The interests in ``practice`` among ``interests`` (already narrowed), newest first."""
    return list(
        interests.filter(practice=practice)
        .select_related("region", "user")
        .order_by("region__name", "pk")
    )


def interested_regions(practice: Practice) -> list[str]:
    """The names of the regions that want to try ``practice`` (no people, no notes)."""
    return list(
        PracticeInterest.objects.filter(practice=practice)
        .order_by("region__name")
        .values_list("region__name", flat=True)
    )


def contact_choices(region: Region | None) -> QuerySet[ContactPoint]:
    """Contact points of the organisations of ``region`` (with their organisation)."""
    if region is None:
        return ContactPoint.objects.none()
    return (
        ContactPoint.objects.filter(organisation__region=region)
        .select_related("organisation")
        .order_by("organisation__name", "-is_direct", "name", "pk")
    )


# --- The printable guide -------------------------------------------------------------------------


@dataclass
class GuideEntry:
    practice: Practice
    themes: list[str]
    #: Other themes under which the practice is listed (it is printed under its main theme).
    see_also: list[str] = field(default_factory=list)


@dataclass
class GuideChapter:
    theme: int
    label: str
    anchor: str
    #: Practices printed in full in this chapter (their first theme).
    entries: list[GuideEntry] = field(default_factory=list)
    #: Practices printed in another chapter that also have this theme.
    references: list[Practice] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.entries) + len(self.references)


def guide(practices: Sequence[Practice]) -> list[GuideChapter]:
    """The published ``practices`` grouped by theme, in the order of ``PracticeTheme``: each
    practice printed once, under its main theme, and referred to from its other themes.
    Chapters without practices are left out."""
    chapters = {
        theme.value: GuideChapter(
            theme=theme.value, label=str(theme.label), anchor=f"theme-{theme.value}"
        )
        for theme in PracticeTheme
    }
    for practice in sorted(practices, key=lambda p: (normalise(p.title), p.pk)):
        bits = theme_bits(practice.main_theme, practice.themes_mask)
        if not bits:
            continue
        labels = [chapters[bit].label for bit in bits]
        chapters[bits[0]].entries.append(
            GuideEntry(practice=practice, themes=labels, see_also=labels[1:])
        )
        for bit in bits[1:]:
            chapters[bit].references.append(practice)
    return [chapter for chapter in chapters.values() if chapter.size]


def guide_practices(practices: QuerySet[Practice]) -> QuerySet[Practice]:
    """The published ones among ``practices`` with everything the guide prints (two queries)."""
    return with_details(practices.published()).order_by("title", "pk")
