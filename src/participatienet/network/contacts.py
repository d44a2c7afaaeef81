"""The contact point directory of a region: per municipality and per theme, whom to call.

Proximity and short lines. Per municipality: the organisations based there and those whose
active offers are held there or serve it, each with its contact points, the direct one first.
Per theme: the organisations whose active offers carry the theme, with the offers' own
contact persons (the direct ones first), or the organisation's contact points when none of
those qualify. Municipalities, themes and organisations without a contact point stay in the
list as gaps, so a coordinator sees where short lines are missing.

Every function takes querysets the caller already narrowed with ``policy.visible``; nothing
here widens them. A region holds a few hundred organisations, so the directory is built in
memory from the same five queries whatever its size; the word search runs in Python too,
which makes it accent-insensitive on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from participatienet.network.models import ContactPoint, Organisation
from participatienet.offers.choices import OfferStatus, Theme
from participatienet.offers.models import Offer, normalise
from participatienet.regions.models import Municipality, Region

#: The two ways to group the directory; the first is the default.
VIEWS = ("municipality", "theme")

#: Why an organisation is listed under a municipality.
BASED, HELD, SERVED = "based", "offer", "served"
REASON_LABELS = {
    BASED: _("based here"),
    HELD: _("offer here"),
    SERVED: _("serves this municipality"),
}


@dataclass(frozen=True)
class DirectoryFilters:
    """What the directory shows; every part is optional."""

    view: str = VIEWS[0]
    text: str = ""
    municipality_id: int | None = None
    theme: int | None = None
    kind: str = ""
    direct_only: bool = False

    @property
    def words(self) -> list[str]:
        return normalise(self.text).split()


@dataclass(frozen=True)
class DirectoryRow:
    """One line of the directory: a contact point of an organisation under a municipality or
    a theme. Without ``contact`` the line is a gap: an organisation without a contact point,
    or (without ``organisation`` too) a municipality or theme without any."""

    group: int
    group_label: str
    organisation: Organisation | None = None
    contact: ContactPoint | None = None
    #: Municipality view: why the organisation is listed (BASED, HELD, SERVED).
    reasons: tuple[str, ...] = ()
    #: Theme view: the titles of the offers this person is the contact of.
    offers: tuple[str, ...] = ()

    @property
    def is_gap(self) -> bool:
        return self.contact is None

    @property
    def reason_labels(self) -> list[str]:
        return [str(REASON_LABELS[reason]) for reason in self.reasons]


@dataclass(frozen=True)
class DirectoryGroup:
    """A municipality or theme with its counts, for the overview."""

    key: int
    label: str
    organisations: int
    contacts: int
    direct: int

    @property
    def is_gap(self) -> bool:
        return self.contacts == 0


@dataclass(frozen=True)
class Directory:
    view: str
    groups: list[DirectoryGroup] = field(default_factory=list)
    rows: list[DirectoryRow] = field(default_factory=list)

    @property
    def contact_count(self) -> int:
        return contact_count(self.rows)

    @property
    def gap_count(self) -> int:
        return sum(1 for group in self.groups if group.is_gap)


class _Offer(NamedTuple):
    pk: int
    organisation_id: int
    municipality_id: int
    is_location_flexible: bool
    themes_mask: int
    contact_id: int
    title: str


def contact_count(rows: Iterable[DirectoryRow]) -> int:
    """How many different contact points ``rows`` show."""
    return len({row.contact.pk for row in rows if row.contact is not None})


def export_rows(directory: Directory) -> list[list[object]]:
    """The rows of a spreadsheet: group, organisation, kind, name, function, e-mail, phone,
    direct (empty cells for a gap)."""
    result: list[list[object]] = []
    for row in directory.rows:
        organisation, contact = row.organisation, row.contact
        result.append(
            [
                row.group_label,
                organisation.name if organisation is not None else "",
                organisation.get_kind_display() if organisation is not None else "",
                contact.name if contact is not None else "",
                contact.function if contact is not None else "",
                contact.email if contact is not None else "",
                contact.phone if contact is not None else "",
                contact.is_direct if contact is not None else None,
            ]
        )
    return result


def _matches(words: Sequence[str], *texts: str) -> bool:
    haystack = normalise(" ".join(text for text in texts if text))
    return all(word in haystack for word in words)


def _contact_matches(
    words: Sequence[str], organisation: Organisation, contact: ContactPoint
) -> bool:
    return _matches(words, contact.name, contact.function, organisation.name, contact.email)


def build_directory(
    region: Region,
    *,
    organisations: QuerySet[Organisation],
    contact_points: QuerySet[ContactPoint],
    offers: QuerySet[Offer],
    filters: DirectoryFilters,
) -> Directory:
    """The directory of ``region`` under ``filters``, from querysets narrowed to the user."""
    municipalities = list(
        Municipality.objects.filter(region=region).only("pk", "name").order_by("name", "pk")
    )
    served_through = Offer.municipalities_served.through
    active = offers.filter(status=OfferStatus.ACTIVE).filter(
        Q(region=region)
        | Q(municipality__region=region)
        | Q(
            is_location_flexible=True,
            pk__in=served_through.objects.filter(municipality__region=region).values("offer_id"),
        )
    )
    offer_rows = [
        _Offer(*values)
        for values in active.order_by("title", "pk").values_list(
            "pk",
            "organisation_id",
            "municipality_id",
            "is_location_flexible",
            "themes_mask",
            "contact_id",
            "title",
        )
    ]
    served: dict[int, set[int]] = {}
    for offer_id, municipality_id in served_through.objects.filter(
        offer_id__in=active.filter(is_location_flexible=True).values("pk"),
        municipality__region=region,
    ).values_list("offer_id", "municipality_id"):
        served.setdefault(offer_id, set()).add(municipality_id)

    # Organisations of the region or with an offer there, that the user may see, or whose
    # contact points the user may see.
    candidates = Organisation.objects.filter(
        Q(region=region)
        | Q(municipality__region=region)
        | Q(pk__in=active.values("organisation_id"))
    ).filter(
        Q(pk__in=organisations.values("pk")) | Q(pk__in=contact_points.values("organisation_id"))
    )
    if filters.kind:
        candidates = candidates.filter(kind=filters.kind)
    shown = {
        organisation.pk: organisation
        for organisation in candidates.annotate(
            can_open=Exists(organisations.filter(pk=OuterRef("pk")))
        ).order_by("name", "pk")
    }
    points = contact_points.filter(organisation_id__in=candidates.values("pk"))
    if filters.direct_only:
        points = points.filter(is_direct=True)
    by_organisation: dict[int, list[ContactPoint]] = {}
    by_pk: dict[int, ContactPoint] = {}
    for contact in points.order_by("-is_direct", "name", "pk"):
        if contact.organisation_id not in shown:
            continue  # added between the two queries
        contact.organisation = shown[contact.organisation_id]
        by_organisation.setdefault(contact.organisation_id, []).append(contact)
        by_pk[contact.pk] = contact

    offer_rows = [offer for offer in offer_rows if offer.organisation_id in shown]
    if filters.view == "theme":
        return _per_theme(
            filters, municipalities, shown, by_organisation, by_pk, offer_rows, served
        )
    return _per_municipality(filters, municipalities, shown, by_organisation, offer_rows, served)


def _sorted_organisations(ids: Iterable[int], shown: dict[int, Organisation]) -> list[Organisation]:
    return sorted((shown[pk] for pk in ids), key=lambda o: (normalise(o.name), o.pk))


def _organisation_rows(
    group: int,
    label: str,
    organisation: Organisation,
    contacts: Sequence[ContactPoint],
    words: Sequence[str],
    *,
    reasons: tuple[str, ...] = (),
    offers: dict[int, tuple[str, ...]] | None = None,
) -> list[DirectoryRow]:
    """The lines of one organisation in a group: its contacts, or a gap when it has none."""
    if not contacts:
        if words and not _matches(words, organisation.name):
            return []
        return [DirectoryRow(group, label, organisation, None, reasons)]
    return [
        DirectoryRow(
            group, label, organisation, contact, reasons, (offers or {}).get(contact.pk, ())
        )
        for contact in contacts
        if not words or _contact_matches(words, organisation, contact)
    ]


def _close_group(
    rows: list[DirectoryRow],
    groups: list[DirectoryGroup],
    group_rows: list[DirectoryRow],
    key: int,
    label: str,
    words: Sequence[str],
) -> None:
    """Add a group's rows and its overview line (a gap line when it has no rows at all)."""
    if not group_rows:
        if words:
            return  # nothing matched the search here: not a gap of the network
        group_rows = [DirectoryRow(key, label)]
    contacts = {row.contact.pk: row.contact for row in group_rows if row.contact is not None}
    groups.append(
        DirectoryGroup(
            key=key,
            label=label,
            organisations=len({row.organisation.pk for row in group_rows if row.organisation}),
            contacts=len(contacts),
            direct=sum(1 for contact in contacts.values() if contact.is_direct),
        )
    )
    rows.extend(group_rows)


def _per_municipality(
    filters: DirectoryFilters,
    municipalities: list[Municipality],
    shown: dict[int, Organisation],
    by_organisation: dict[int, list[ContactPoint]],
    offer_rows: list[_Offer],
    served: dict[int, set[int]],
) -> Directory:
    words = filters.words
    if filters.theme is not None:
        bit = 1 << filters.theme
        offer_rows = [offer for offer in offer_rows if offer.themes_mask & bit]
        with_theme = {offer.organisation_id for offer in offer_rows}
        based = [o for o in shown.values() if o.pk in with_theme]
    else:
        based = list(shown.values())
    links: dict[int, dict[int, set[str]]] = {m.pk: {} for m in municipalities}
    for organisation in based:
        if organisation.municipality_id in links:
            links[organisation.municipality_id].setdefault(organisation.pk, set()).add(BASED)
    for offer in offer_rows:
        if offer.municipality_id in links:
            links[offer.municipality_id].setdefault(offer.organisation_id, set()).add(HELD)
        for municipality_id in served.get(offer.pk, ()):
            if municipality_id in links:
                links[municipality_id].setdefault(offer.organisation_id, set()).add(SERVED)

    rows: list[DirectoryRow] = []
    groups: list[DirectoryGroup] = []
    for municipality in municipalities:
        if filters.municipality_id is not None and municipality.pk != filters.municipality_id:
            continue
        here = links[municipality.pk]
        group_rows: list[DirectoryRow] = []
        for organisation in _sorted_organisations(here, shown):
            reasons = tuple(r for r in (BASED, HELD, SERVED) if r in here[organisation.pk])
            group_rows += _organisation_rows(
                municipality.pk,
                municipality.name,
                organisation,
                by_organisation.get(organisation.pk, []),
                words,
                reasons=reasons,
            )
        _close_group(rows, groups, group_rows, municipality.pk, municipality.name, words)
    return Directory(view="municipality", groups=groups, rows=rows)


def _per_theme(
    filters: DirectoryFilters,
    municipalities: list[Municipality],
    shown: dict[int, Organisation],
    by_organisation: dict[int, list[ContactPoint]],
    by_pk: dict[int, ContactPoint],
    offer_rows: list[_Offer],
    served: dict[int, set[int]],
) -> Directory:
    words = filters.words
    if filters.municipality_id is not None:
        here = filters.municipality_id
        offer_rows = [
            offer
            for offer in offer_rows
            if offer.municipality_id == here or here in served.get(offer.pk, ())
        ]
    themes = sorted(
        (theme for theme in Theme if filters.theme is None or theme.value == filters.theme),
        key=lambda theme: normalise(str(theme.label)),
    )
    rows: list[DirectoryRow] = []
    groups: list[DirectoryGroup] = []
    for theme in themes:
        label = str(theme.label)
        bit = 1 << theme.value
        titles: dict[int, dict[int, list[str]]] = {}  # organisation -> contact -> offer titles
        for offer in offer_rows:
            if offer.themes_mask & bit:
                per_contact = titles.setdefault(offer.organisation_id, {})
                per_contact.setdefault(offer.contact_id, []).append(offer.title)
        group_rows: list[DirectoryRow] = []
        for organisation in _sorted_organisations(titles, shown):
            per_contact = titles[organisation.pk]
            own = sorted(
                (by_pk[pk] for pk in per_contact if pk in by_pk),
                key=lambda contact: (not contact.is_direct, normalise(contact.name), contact.pk),
            )
            group_rows += _organisation_rows(
                theme.value,
                label,
                organisation,
                own or by_organisation.get(organisation.pk, []),
                words,
                offers={pk: tuple(names) for pk, names in per_contact.items()},
            )
        _close_group(rows, groups, group_rows, theme.value, label, words)
    return Directory(view="theme", groups=groups, rows=rows)
