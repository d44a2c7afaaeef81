"""Demo offers of one region: fitting organisations, plain-Dutch texts, schedules, statuses.

Each offer comes from a template in ``catalogue`` that suits its organisation (a club runs club
offers, a company introductory internships, ...). Statuses follow a fixed share per region, so
every region has offers waiting for validation as well as active, paused and archived ones.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from participatienet.accounts.models import User
from participatienet.demo import catalogue, names
from participatienet.demo.catalogue import OfferTemplate
from participatienet.demo.common import Clock, half_hours, office_time
from participatienet.network.choices import OrganisationKind
from participatienet.network.models import ContactPoint, Organisation
from participatienet.offers import schedule
from participatienet.offers.choices import OfferKind, OfferStatus
from participatienet.offers.models import LATITUDE_RANGE, LONGITUDE_RANGE, Offer, offer_search_text
from participatienet.regions.models import Municipality, Region

#: Share of each status among a region's offers; active takes what is left.
STATUS_SHARES: dict[str, float] = {
    OfferStatus.DRAFT: 0.05,
    OfferStatus.SUBMITTED: 0.04,
    OfferStatus.VALIDATED: 0.03,
    OfferStatus.PAUSED: 0.05,
    OfferStatus.ARCHIVED: 0.09,
}
#: Statuses an offer reaches only after a coordinator validated it.
VALIDATED_STATUSES = (
    OfferStatus.VALIDATED,
    OfferStatus.ACTIVE,
    OfferStatus.PAUSED,
    OfferStatus.ARCHIVED,
)
#: Support languages besides Dutch, and how often each is offered.
SUPPORT_LANGUAGES = (("en", 40), ("fr", 25), ("ar", 15), ("uk", 10), ("tr", 5), ("es", 5))
#: Offers of the demo partner contact's organisation (always active, with room).
PARTNER_OFFERS = {"small": 3, "full": 4}


@dataclass
class Host:
    """An organisation that can run offers: it has a contact point with an e-mail address."""

    organisation: Organisation
    contacts: list[ContactPoint]
    templates: tuple[str, ...]
    offers: int = 0
    titles: set[str] = field(default_factory=set)


@dataclass
class PlannedOffer:
    offer: Offer
    template: OfferTemplate
    served: list[int]
    #: The day (ordinal) from which the offer could take newcomers (its validation).
    open_from: int | None


def status_counts(count: int, minimum_each: bool) -> list[str]:
    """The statuses of ``count`` offers: fixed shares, at least one submitted offer, and in the
    demo regions at least one of every status (two submitted)."""
    counts = {status: int(count * share + 0.5) for status, share in STATUS_SHARES.items()}
    counts[OfferStatus.SUBMITTED] = max(counts[OfferStatus.SUBMITTED], 2 if minimum_each else 1)
    if minimum_each:
        for status in counts:
            counts[status] = max(counts[status], 1)
    active = max(count - sum(counts.values()), 0)
    statuses = [OfferStatus.ACTIVE.value] * active
    for status, number in counts.items():
        statuses.extend([str(status)] * number)
    return statuses[:count]


def hosts_of(
    organisations: Sequence[tuple[Organisation, Sequence[ContactPoint]]],
) -> list[Host]:
    hosts = []
    for organisation, contacts in organisations:
        with_email = [contact for contact in contacts if contact.email]
        templates = catalogue.hosts_for(organisation.kind, organisation.name)
        if with_email and templates:
            hosts.append(Host(organisation, with_email, templates))
    return hosts


def plan_offers(
    *,
    region: Region,
    municipalities: Sequence[Municipality],
    neighbours: dict[int, list[int]],
    hosts: list[Host],
    count: int,
    coordinators: Sequence[User],
    partner: Organisation | None,
    size: str,
    clock: Clock,
    rng: random.Random,
) -> list[PlannedOffer]:
    """``count`` offers over ``hosts``; the demo partner (if any) gets a few active ones."""
    if not hosts or count <= 0:
        return []
    by_pk = {m.pk: m for m in municipalities}
    partner_host = next((h for h in hosts if partner and h.organisation.pk == partner.pk), None)
    reserved = PARTNER_OFFERS[size] if partner_host else 0
    weights = [catalogue.HOST_WEIGHT.get(h.organisation.kind, 1) for h in hosts]
    for host in rng.choices(hosts, weights=weights, k=max(count - reserved, 0)):
        host.offers += 1
    statuses = status_counts(count - reserved, minimum_each=partner is not None)
    rng.shuffle(statuses)

    planned: list[PlannedOffer] = []
    if partner_host is not None:
        for _ in range(reserved):
            planned.append(
                _plan_one(
                    partner_host,
                    OfferStatus.ACTIVE,
                    by_pk,
                    neighbours,
                    coordinators,
                    clock,
                    rng,
                    established=True,
                )
            )
            # Room for the partner's to-do list: referrals, running participations.
            planned[-1].offer.capacity = max(planned[-1].offer.capacity, 4)
    status_iter = iter(statuses)
    for host in hosts:
        for _ in range(host.offers):
            status = next(status_iter)
            planned.append(_plan_one(host, status, by_pk, neighbours, coordinators, clock, rng))
    return planned


def _plan_one(
    host: Host,
    status: str,
    by_pk: dict[int, Municipality],
    neighbours: dict[int, list[int]],
    coordinators: Sequence[User],
    clock: Clock,
    rng: random.Random,
    established: bool = False,
) -> PlannedOffer:
    organisation = host.organisation
    municipality = by_pk[organisation.municipality_id]
    template, title, trade = _title(host, municipality, rng)
    kind = template.kind

    # Where
    flexible_location = rng.random() < template.flexible_location
    served: list[int] = []
    if flexible_location:
        served = [municipality.pk] + neighbours[municipality.pk][: rng.randint(1, 4)]
        address = ""
        latitude, longitude = municipality.latitude, municipality.longitude
    else:
        postcode = rng.choice(municipality.postcode_list or [""])
        address = (
            f"{rng.choice(names.STREETS)} {rng.randint(1, 160)}, {postcode} {municipality.name}"
        )
        latitude = _inside(municipality.latitude + rng.gauss(0, 0.01), LATITUDE_RANGE)
        longitude = _inside(municipality.longitude + rng.gauss(0, 0.015), LONGITUDE_RANGE)

    # When and how much
    flexible_schedule = rng.random() < template.flexible_schedule
    mask = 0 if flexible_schedule else _schedule(template, rng)
    hours = half_hours(rng, *template.hours)
    weeks = rng.randint(*template.weeks) if template.weeks else None
    capacity = min(max(rng.randint(*template.places), 1), 6)

    # For whom
    level = rng.choices(range(4), weights=template.level)[0]
    women_only = rng.random() < template.women_only
    childcare = rng.random() < template.childcare
    in_city = organisation.kind in (OrganisationKind.AGII,) or len(municipality.postcode_list) > 4
    cost = rng.random() < template.cost
    cost_note = ""
    if cost:
        cost_note = rng.choice(catalogue.COST_NOTES)
    elif rng.random() < 0.12:
        cost_note = rng.choice(catalogue.REIMBURSEMENT_NOTES)
    languages: list[str] = []
    if rng.random() < 0.25:
        codes = [code for code, _ in SUPPORT_LANGUAGES]
        weights = [weight for _, weight in SUPPORT_LANGUAGES]
        for code in rng.choices(codes, weights=weights, k=rng.randint(1, 2)):
            if code not in languages:
                languages.append(code)

    contacts = host.contacts
    direct = [c for c in contacts if c.is_direct]
    contact = direct[0] if direct and rng.random() < 0.6 else rng.choice(contacts)

    themes = _themes(template, trade[1], rng)
    description = _description(template, organisation, municipality, level, trade[0], rng)

    offer = Offer(
        title=title,
        description=description,
        organisation=organisation,
        region_id=organisation.region_id,
        kind=kind,
        themes_mask=schedule.mask_of_bits(themes),
        is_location_flexible=flexible_location,
        address=address,
        municipality=municipality,
        latitude=round(latitude, 6),
        longitude=round(longitude, 6),
        is_schedule_flexible=flexible_schedule,
        schedule_mask=mask,
        hours_per_week=hours,
        duration_weeks=weeks,
        capacity=capacity,
        min_dutch_level=level,
        has_childcare=childcare,
        is_wheelchair_accessible=rng.random()
        < (0.7 if organisation.kind == OrganisationKind.COMMUNITY_CENTRE else 0.4),
        is_women_only=women_only,
        near_public_transport=rng.random() < (0.9 if in_city else 0.6),
        is_free=not cost,
        cost_note=cost_note,
        support_languages=languages,
        contact=contact,
        attests_dutch_context=True,
        attests_social_contact=True,
        status=status,
        search_text=offer_search_text(
            title=title, description=description, address=address, organisation=organisation.name
        ),
    )
    open_from = _lifecycle(offer, coordinators, clock, rng, established)
    return PlannedOffer(offer=offer, template=template, served=served, open_from=open_from)


def _inside(value: float, bounds: tuple[float, float]) -> float:
    return min(max(value, bounds[0] + 0.001), bounds[1] - 0.001)


def _title(
    host: Host, municipality: Municipality, rng: random.Random
) -> tuple[OfferTemplate, str, tuple[str, tuple[int, ...]]]:
    """A template the host runs, a title the host does not use yet, and for internships the
    place of work (the same in title, description and themes)."""
    organisation = host.organisation
    template = catalogue.TEMPLATES[host.templates[0]]
    trade: tuple[str, tuple[int, ...]] = ("", ())
    title = ""
    for _attempt in range(8):
        template = catalogue.TEMPLATES[rng.choice(host.templates)]
        trade = _trade(organisation, rng) if template.kind == OfferKind.INTERNSHIP else ("", ())
        title = _fill(rng.choice(template.titles), organisation, municipality, trade[0])
        if title not in host.titles:
            break
    if title in host.titles:
        number = 2
        while f"{title} (groep {number})" in host.titles:
            number += 1
        title = f"{title} (groep {number})"
    host.titles.add(title)
    return template, title[:150], trade


def _fill(pattern: str, organisation: Organisation, municipality: Municipality, trade: str) -> str:
    return pattern.format(
        place=municipality.name,
        org=organisation.name,
        sport=catalogue.sport_of(organisation.name),
        trade=trade or "in het bedrijf",
    )


def _trade(organisation: Organisation, rng: random.Random) -> tuple[str, tuple[int, ...]]:
    if organisation.kind == OrganisationKind.LOCAL_GOVERNMENT:
        return rng.choice(catalogue.GOVERNMENT_TRADES)
    return catalogue.trade_of(organisation.name) or ("in het bedrijf", ())


def _themes(
    template: OfferTemplate, trade_themes: tuple[int, ...], rng: random.Random
) -> list[int]:
    themes = [int(template.themes[0])]
    for theme in template.themes[1:]:
        if rng.random() < 0.7:
            themes.append(int(theme))
    for theme in trade_themes:
        if int(theme) not in themes:
            themes.append(int(theme))
    return themes


def _description(
    template: OfferTemplate,
    organisation: Organisation,
    municipality: Municipality,
    level: int,
    trade: str,
    rng: random.Random,
) -> str:
    what = _fill(template.text, organisation, municipality, trade)
    with_whom = rng.choice(catalogue.WITH_WHOM.get(template.kind, catalogue.WITH_WHOM["other"]))
    return f"{what} {with_whom} {catalogue.LEVEL_SENTENCE[level]}"


def _schedule(template: OfferTemplate, rng: random.Random) -> int:
    """A weekly schedule of 1-3 sensible slots (day, part of the day)."""
    weekdays = range(5)
    if template.kind == OfferKind.INTERNSHIP:
        days = rng.sample(list(weekdays), rng.choice((1, 1, 2)))
        slots = []
        for day in days:
            slots.append((day, 0))
            if len(slots) < 3 and rng.random() < 0.7:
                slots.append((day, 1))
        return schedule.mask_of_slots(slots)
    count = rng.choices((1, 2, 3), weights=(50, 35, 15))[0]
    evening = [(day, 2) for day in weekdays]
    weekend = [(day, part) for day in (5, 6) for part in (0, 1)]
    daytime = [(day, part) for day in weekdays for part in (0, 1)]
    pools = {
        "evening": evening,
        "weekend": weekend,
        "daytime": daytime,
        "afternoon": [(day, 1) for day in weekdays] + [(5, 0)],
        "club": evening + evening + weekend,
        "any": daytime + evening + [(5, 0), (5, 1)],
    }
    pool = pools.get(template.when, pools["any"])
    slots: list[tuple[int, int]] = []
    for _attempt in range(12):
        slot = rng.choice(pool)
        if slot not in slots:
            slots.append(slot)
        if len(slots) == count:
            break
    return schedule.mask_of_slots(slots)


def _lifecycle(
    offer: Offer,
    coordinators: Sequence[User],
    clock: Clock,
    rng: random.Random,
    established: bool = False,
) -> int | None:
    """Dates, validation and remarks that fit the status; returns the day it opened."""
    today = clock.day
    status = offer.status
    if status == OfferStatus.DRAFT:
        created = today - rng.randint(1, 60)
        if rng.random() < 0.3:
            offer.validation_remarks = rng.choice(catalogue.SENT_BACK_REMARKS)
        if rng.random() < 0.3:
            offer.attests_social_contact = False
    elif status == OfferStatus.SUBMITTED:
        created = today - rng.randint(1, 28)
    elif status == OfferStatus.VALIDATED:
        created = today - rng.randint(15, 90)
    elif status == OfferStatus.ARCHIVED:
        created = today - rng.randint(300, 1000)
    elif established:
        created = today - rng.randint(600, 900)
    else:
        created = today - 60 - int(840 * rng.random() ** 0.8)
    offer.created_at = clock.datetime(office_time(rng, created))
    if status not in VALIDATED_STATUSES:
        return None
    validated = min(created + rng.randint(2, 14), today - 1)
    offer.validated_at = clock.datetime(office_time(rng, validated))
    offer.validated_by = rng.choice(coordinators) if coordinators else None
    if rng.random() < 0.35:
        offer.validation_remarks = rng.choice(catalogue.VALIDATION_REMARKS)
    if rng.random() < 0.35:
        offer.start_date = clock.date(validated + rng.randint(0, 14))
    if status == OfferStatus.ARCHIVED:
        start = offer.start_date.toordinal() if offer.start_date else validated
        offer.end_date = clock.date(max(start + 1, min(start + rng.randint(60, 400), today - 7)))
    elif status == OfferStatus.ACTIVE and rng.random() < 0.08:
        offer.end_date = clock.date(today + rng.randint(30, 200))
    if offer.start_date:
        return max(validated, offer.start_date.toordinal())
    return validated
