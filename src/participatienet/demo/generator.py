"""Deterministic demo data for all 18 regions: the network, offers, newcomers and trajectories.

``seed()`` fills an empty database (the regions and municipalities come from a data migration)
with a plausible regional network and its service per programme region:

* one local government per municipality ("Stad Gent", "Gemeente Kasterlee", ...);
* exactly one office of the Agency for Integration and Civic Integration (AgII) per region;
* clubs, volunteer organisations, community centres, companies, schools, welfare and other
  organisations, spread over the region's municipalities with more in bigger places;
* 0-3 contact points per organisation (about one in ten has none, so coordinators have a to-do);
* network workers (two coordinators) and 2-5 trajectory counsellors per region, as users
  without a usable password (see ``people``);
* offers run by fitting organisations, in every status (see ``offers`` and ``catalogue``);
* newcomers from many countries with their trajectories over the last 18 months: referrals,
  participations, hours and feedback (see ``people`` and ``trajectories``);
* the network itself: roles, stages, join dates, declared ties, offers run together and the
  growth board, shaped per region (centralised in Gent, spread in the Kempen, growing fast in
  the Westhoek; see ``network``);
* demo accounts for every role in Gent and Kempen, plus a programme admin, all with
  ``DEMO_PASSWORD``. Their to-do lists are real: the demo counsellors have a caseload, the
  demo partner contacts have referrals, hours and feedback waiting, the coordinators offers to
  validate, the local workers newcomers in their municipality.

Everything is written with ``bulk_create`` in one transaction; ``full`` (about 3,000
organisations, 8,000 offers and 20,000 newcomers) takes under a minute on SQLite.

Only ``random.Random(seed)`` drives the choices, and regions and municipalities are walked in a
fixed order, so the same seed gives the same data on SQLite and PostgreSQL (dates are relative
to the day of seeding, or to ``now`` when given).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils.text import slugify

from participatienet.accounts.choices import Role
from participatienet.accounts.models import Membership, User
from participatienet.accounts.services import add_membership
from participatienet.demo import names, network, offers, people
from participatienet.demo.common import (
    Clock,
    ascii_text,
    email_part,
    largest_remainder,
    neighbours,
    office_time,
)
from participatienet.demo.trajectories import Pool, RowBuilder, Rows, Storyteller
from participatienet.network.choices import OrganisationKind
from participatienet.network.models import (
    ContactMoment,
    ContactPoint,
    Organisation,
    StageChange,
    Tie,
)
from participatienet.offers.models import Offer
from participatienet.regions.models import Municipality, Region
from participatienet.trajectories.models import (
    Feedback,
    HourEntry,
    Newcomer,
    Participation,
    Trajectory,
)

#: The one password of every demo account (passes the validators in settings).
DEMO_PASSWORD = "netwerk-demo-2026"  # noqa: S105 - a published demo password
#: Demo accounts live under this domain; ``reset=True`` removes only their memberships.
DEMO_EMAIL_DOMAIN = "participatienet.demo"
SIZES = ("small", "full")

#: Total number of organisations of a ``full`` seed, local governments and AgII included.
FULL_TOTAL = 3000
#: Non-government organisations per region in a ``small`` seed (inclusive bounds).
SMALL_RANGE = (6, 10)
#: Offers and newcomers of a ``full`` seed, over all regions.
FULL_OFFERS = 8000
FULL_NEWCOMERS = 20000
#: Offers and newcomers per region in a ``small`` seed (inclusive bounds).
SMALL_OFFERS = (10, 20)
SMALL_NEWCOMERS = (10, 20)
#: Newcomers of the demo counsellor in Gent and Kempen whose stories fill the demo partner's
#: to-do list (they live in the main city, so the demo local worker sees them too).
PINNED = 7
#: The demo counsellor's caseload (inclusive bounds) per size.
DEMO_CASELOAD = {"small": (9, 9), "full": (30, 60)}
BATCH_SIZE = 500

#: The main municipality of each region: home of the AgII office, weighted up for offers.
MAIN_CITY: dict[str, str] = {
    "antwerpen": "Antwerpen",
    "regio-antwerpen": "Brasschaat",
    "kempen": "Turnhout",
    "rivierenland": "Mechelen",
    "limburg": "Hasselt",
    "halle-vilvoorde": "Vilvoorde",
    "oost-brabant": "Leuven",
    "gent": "Gent",
    "regio-gent": "Eeklo",
    "waasland": "Sint-Niklaas",
    "denderregio": "Aalst",
    "vlaamse-ardennen": "Oudenaarde",
    "regio-brugge": "Brugge",
    "middenkust": "Oostende",
    "westhoek": "Ieper",
    "midwest": "Roeselare",
    "zuid-west-vlaanderen": "Kortrijk",
    "brussel": "Brussel",
}

#: Municipalities whose local government is called "Stad ..." rather than "Gemeente ...".
CITIES = frozenset(
    {
        "Antwerpen",
        "Gent",
        "Brugge",
        "Leuven",
        "Mechelen",
        "Aalst",
        "Kortrijk",
        "Hasselt",
        "Oostende",
        "Sint-Niklaas",
        "Genk",
        "Roeselare",
        "Turnhout",
        "Dendermonde",
        "Vilvoorde",
        "Lier",
        "Geel",
        "Ieper",
        "Tienen",
        "Halle",
        "Lokeren",
        "Waregem",
        "Herentals",
        "Mol",
        "Tongeren-Borgloon",
        "Ninove",
        "Menen",
        "Deinze",
        "Eeklo",
        "Oudenaarde",
        "Diest",
        "Bilzen-Hoeselt",
    }
)
BRUSSELS = "brussel"

#: Extra weight of the main city when spreading organisations over a region's municipalities.
MAIN_CITY_WEIGHT = 6
#: Extra weight of the two single-city regions when spreading a full seed over the regions.
CITY_REGION_WEIGHT = {"antwerpen": 30, "gent": 30}

#: How often each kind of organisation appears (non-government).
KIND_WEIGHTS: dict[str, int] = {
    OrganisationKind.CLUB: 30,
    OrganisationKind.VOLUNTEER_ORGANISATION: 20,
    OrganisationKind.COMMUNITY_CENTRE: 10,
    OrganisationKind.COMPANY: 17,
    OrganisationKind.SCHOOL: 10,
    OrganisationKind.WELFARE: 8,
    OrganisationKind.OTHER: 5,
}
#: Every region starts with one of each of these, so each shows a varied network.
GUARANTEED_KINDS = (
    OrganisationKind.CLUB,
    OrganisationKind.VOLUNTEER_ORGANISATION,
    OrganisationKind.COMMUNITY_CENTRE,
    OrganisationKind.COMPANY,
    OrganisationKind.SCHOOL,
)
#: Share of organisations with a mobile number for their contacts, per kind (else a landline).
MOBILE_SHARE: dict[str, float] = {
    OrganisationKind.CLUB: 0.85,
    OrganisationKind.VOLUNTEER_ORGANISATION: 0.6,
}
#: Landline zone per region (Belgian zone numbers without the leading 0).
PHONE_ZONE: dict[str, str] = {
    "antwerpen": "3",
    "regio-antwerpen": "3",
    "kempen": "14",
    "rivierenland": "15",
    "limburg": "11",
    "halle-vilvoorde": "2",
    "oost-brabant": "16",
    "gent": "9",
    "regio-gent": "9",
    "waasland": "3",
    "denderregio": "53",
    "vlaamse-ardennen": "55",
    "regio-brugge": "50",
    "middenkust": "59",
    "westhoek": "57",
    "midwest": "51",
    "zuid-west-vlaanderen": "56",
    "brussel": "2",
}
MOBILE_PREFIXES = (
    "468",
    "470",
    "471",
    "472",
    "473",
    "474",
    "475",
    "476",
    "477",
    "478",
    "479",
    "484",
    "485",
    "486",
    "487",
    "488",
    "489",
    "491",
    "492",
    "493",
    "494",
    "495",
    "496",
    "497",
    "498",
    "499",
)

#: The regions with a full set of demo accounts, and their people.
DEMO_REGIONS: dict[str, dict[str, str]] = {
    "gent": {
        Role.COORDINATOR: "Sofie De Clercq",
        Role.COUNSELLOR: "Youssef El Amrani",
        Role.LOCAL_WORKER: "Katrien Van Hecke",
        Role.PARTNER_CONTACT: "Dirk Van Damme",
        Role.VIEWER: "Marleen Goossens",
    },
    "kempen": {
        Role.COORDINATOR: "Bart Janssens",
        Role.COUNSELLOR: "Olena Kovalenko",
        Role.LOCAL_WORKER: "Ine Peeters",
        Role.PARTNER_CONTACT: "Jef Verlinden",
        Role.VIEWER: "Tom Geerts",
    },
}
ADMIN_EMAIL = f"admin@{DEMO_EMAIL_DOMAIN}"
ADMIN_NAME = "Programmateam Beheerder"


@dataclass
class DemoAccount:
    email: str
    role: str
    region: str
    organisation: str
    password: str


@dataclass
class SeedReport:
    organisations: int
    contact_points: int
    accounts: list[DemoAccount]
    seconds: float
    offers: int = 0
    newcomers: int = 0
    trajectories: int = 0
    participations: int = 0
    hour_entries: int = 0
    feedback: int = 0
    staff: int = 0
    scan_waves: int = 0
    action_plans: int = 0
    learning_day_registrations: int = 0
    practices: int = 0


@dataclass
class _Counts:
    organisations: int = 0
    contact_points: int = 0
    offers: int = 0
    newcomers: int = 0
    trajectories: int = 0
    participations: int = 0
    hour_entries: int = 0
    feedback: int = 0
    staff: int = 0

    def add(self, other: _Counts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class _PlannedOrganisation:
    organisation: Organisation
    slug: str
    contacts: list[ContactPoint] = field(default_factory=list)


# --- Public API --------------------------------------------------------------------------------


def database_is_empty() -> bool:
    """True when there are no organisations yet (the demo data can be seeded)."""
    return not Organisation.objects.exists()


def seed(
    *,
    size: str = "small",
    seed: int = 1,
    progress: Callable[[str, int, int], None] | None = None,
    reset: bool = False,
    now: dt.datetime | None = None,
) -> SeedReport:
    """Fill the database with the demo network, offers, newcomers, trajectories and accounts.

    ``size`` is ``"small"`` (6-10 organisations, 10-20 offers and 10-20 newcomers per region)
    or ``"full"`` (about 3,000 organisations, 8,000 offers and 20,000 newcomers in all).
    ``progress(label, done, total)`` is called once per region, then for the demo accounts and
    for the programme work (scans, action plans, learning days, practices).
    With ``reset=True`` the existing demo data is deleted first; without it a database that
    already holds organisations is refused. History is dated back from ``now`` (default: now).
    """
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}, not {size!r}")
    started = time.perf_counter()
    rng = random.Random(seed)
    clock = Clock.at(now)
    with transaction.atomic():
        regions = _load_reference_data()
        if reset:
            _reset()
        elif not database_is_empty():
            raise RuntimeError(
                "The database already holds organisations; seed demo data only into an empty "
                "database, or pass reset=True to delete the existing organisations first."
            )
        counts = _allocate(regions, size, rng)
        offer_counts, newcomer_counts = _allocate_activity(regions, counts, size, rng)
        taken = set(_staff_users().values_list("email", flat=True))
        total = _Counts()
        for done, (region, municipalities) in enumerate(regions, start=1):
            total.add(
                _seed_region(
                    region,
                    municipalities,
                    organisations=counts[region.slug],
                    offer_count=offer_counts[region.slug],
                    newcomer_count=newcomer_counts[region.slug],
                    size=size,
                    clock=clock,
                    rng=rng,
                    taken=taken,
                )
            )
            if progress is not None:
                progress(region.name, done, len(regions) + 2)
        accounts = create_demo_accounts()
        steps = len(regions) + 2
        if progress is not None:
            progress("demo accounts", len(regions) + 1, steps)
        programme = _seed_programme_work(rng=rng, now=clock.now)
        if progress is not None:
            progress("scans, plans, learning days, practices", steps, steps)
    return SeedReport(
        organisations=total.organisations,
        contact_points=total.contact_points,
        accounts=accounts,
        seconds=time.perf_counter() - started,
        offers=total.offers,
        newcomers=total.newcomers,
        trajectories=total.trajectories,
        participations=total.participations,
        hour_entries=total.hour_entries,
        feedback=total.feedback,
        staff=total.staff,
        **programme,
    )


@transaction.atomic
def create_demo_accounts() -> list[DemoAccount]:
    """Create (or reuse) the programme admin and one account per role in Gent and Kempen.

    Existing users are reused as they are (their password is left alone); a membership is only
    added when the user has no current membership with that role yet. Needs the organisations
    of ``seed()``: the AgII offices and the local governments of Gent and Turnhout.
    """
    accounts: list[DemoAccount] = []

    admin = User.objects.filter(email=ADMIN_EMAIL).first()
    if admin is None:
        admin = User.objects.create_superuser(ADMIN_EMAIL, DEMO_PASSWORD, full_name=ADMIN_NAME)
    if not Membership.objects.current().filter(user=admin, role=Role.PROGRAMME_ADMIN).exists():
        add_membership(actor=None, user=admin, role=Role.PROGRAMME_ADMIN)
    accounts.append(DemoAccount(ADMIN_EMAIL, Role.PROGRAMME_ADMIN.value, "", "", DEMO_PASSWORD))

    for region_slug, staff_names in DEMO_REGIONS.items():
        region = Region.objects.filter(slug=region_slug).first()
        if region is None:
            raise RuntimeError(f"Region {region_slug!r} is missing; run the migrations first.")
        scopes = _demo_scopes(region)
        for role in staff_names:
            user = _demo_user(role, region_slug)
            email = user.email
            organisation = scopes[role]
            if not Membership.objects.current().filter(user=user, role=role).exists():
                add_membership(
                    actor=None, user=user, role=role, region=region, organisation=organisation
                )
            accounts.append(
                DemoAccount(
                    email=email,
                    role=str(role),
                    region=region.name,
                    organisation=organisation.name if organisation else "",
                    password=DEMO_PASSWORD,
                )
            )
    return accounts


# --- One region ---------------------------------------------------------------------------------


def _seed_region(
    region: Region,
    municipalities: list[Municipality],
    *,
    organisations: int,
    offer_count: int,
    newcomer_count: int,
    size: str,
    clock: Clock,
    rng: random.Random,
    taken: set[str],
) -> _Counts:
    """The region's network, staff, offers, newcomers and their trajectories, saved in bulk."""
    counts = _Counts()
    planned = _plan_region(region, municipalities, organisations, rng)
    counts.organisations, counts.contact_points = _save(planned)
    agii = next(p.organisation for p in planned if p.organisation.kind == OrganisationKind.AGII)
    main = next(m for m in municipalities if m.name == MAIN_CITY[region.slug])
    is_demo = region.slug in DEMO_REGIONS

    # The people who work on it: the demo accounts (here already, so they can own cases) and
    # generated coordinators and counsellors.
    partner: Organisation | None = None
    partner_user = demo_counsellor = None
    coordinators: list[User] = []
    if is_demo:
        partner = _demo_scopes(region)[Role.PARTNER_CONTACT]
        coordinators.append(_demo_user(Role.COORDINATOR, region.slug))
        demo_counsellor = _demo_user(Role.COUNSELLOR, region.slug)
        partner_user = _demo_user(Role.PARTNER_CONTACT, region.slug)
    staff = people.plan_staff(
        region=region,
        agii=agii,
        counsellors=people.counsellors_for(region.slug),
        coordinators=1 if is_demo else 2,
        taken=taken,
        since=clock.datetime(office_time(rng, clock.day - 1200)),
        rng=rng,
        coordinating=agii,
    )
    _bulk(User, staff.coordinators + staff.counsellors)
    _bulk(Membership, staff.memberships)
    counts.staff = len(staff.coordinators) + len(staff.counsellors)
    coordinators.extend(staff.coordinators)

    # Offers
    near = neighbours(municipalities)
    hosts = offers.hosts_of([(p.organisation, p.contacts) for p in planned])
    planned_offers = offers.plan_offers(
        region=region,
        municipalities=municipalities,
        neighbours=near,
        hosts=hosts,
        count=offer_count,
        coordinators=coordinators,
        partner=partner,
        size=size,
        clock=clock,
        rng=rng,
    )
    _bulk(Offer, [p.offer for p in planned_offers])
    served = Offer.municipalities_served.through
    _bulk(
        served,
        [
            served(offer_id=p.offer.pk, municipality_id=municipality)
            for p in planned_offers
            for municipality in p.served
        ],
        need_keys=False,
    )
    counts.offers = len(planned_offers)

    # Newcomers and their trajectories
    pinned = PINNED if is_demo else 0
    plans = people.plan_newcomers(
        region=region,
        municipalities=municipalities,
        main_city=main,
        count=max(newcomer_count, pinned),
        counsellors=staff.counsellors,
        demo_counsellor=demo_counsellor,
        pinned=pinned,
        caseload=rng.randint(*DEMO_CASELOAD[size]) if is_demo else 0,
        rng=rng,
    )
    pool = Pool(planned_offers, near, partner.pk if partner else None, rng)
    teller = Storyteller(pool=pool, clock=clock, rng=rng, partner_user=partner_user)
    builder = RowBuilder(clock=clock, rng=rng, partner_user=partner_user)
    scripted = teller.partner_stories([p for p in plans if p.pinned])
    rows = Rows()
    for index, plan in enumerate(plans):
        stories = scripted[index] if plan.pinned else teller.stories(plan)
        for story in stories:
            teller.settle(story)
        first = stories[0].start if stories else clock.day - rng.randint(0, 20)
        consent = first - rng.randint(1, 14)
        plan.newcomer.consent_given_on = clock.date(consent)
        plan.newcomer.created_at = clock.datetime(office_time(rng, consent))
        for story in stories:
            builder.build(plan, story, rows)
    _bulk(Newcomer, [p.newcomer for p in plans])
    _bulk(Trajectory, rows.trajectories)
    _bulk(Participation, rows.participations)
    _bulk(HourEntry, rows.hours, need_keys=False)
    _bulk(Feedback, rows.feedback, need_keys=False)
    counts.newcomers = len(plans)
    counts.trajectories = len(rows.trajectories)
    counts.participations = len(rows.participations)
    counts.hour_entries = len(rows.hours)
    counts.feedback = len(rows.feedback)

    # The network around it all: roles, stages, join dates, ties, joint offers, growth board.
    government = next(
        p.organisation
        for p in planned
        if p.organisation.kind == OrganisationKind.LOCAL_GOVERNMENT
        and p.organisation.municipality_id == main.pk
    )
    network.save_network(
        network.plan_network(
            region_slug=region.slug,
            organisations=[(p.organisation, p.contacts) for p in planned],
            municipalities=municipalities,
            neighbours=near,
            coordinating=agii,
            main_government=government,
            keep_active=[partner] if partner is not None else [],
            offers=planned_offers,
            participations=rows.participations,
            coordinators=coordinators,
            clock=clock,
            rng=rng,
            demo_coordinator=coordinators[0] if is_demo else None,
        )
    )
    return counts


def _bulk(
    model: type[models.Model], objects: Sequence[models.Model], need_keys: bool = True
) -> None:
    """Insert in batches; the keys come back on SQLite 3.35+ and PostgreSQL."""
    if not objects:
        return
    model._default_manager.bulk_create(list(objects), batch_size=BATCH_SIZE)
    if need_keys and objects[-1].pk is None:  # pragma: no cover - every supported backend
        raise RuntimeError(f"The database did not return the keys of new {model.__name__} rows.")


def _demo_user(role: str, region_slug: str) -> User:
    """The demo account of ``role`` in the region, created with the demo password if new."""
    email = f"{role.replace('_', '-')}.{region_slug}@{DEMO_EMAIL_DOMAIN}"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=DEMO_PASSWORD, full_name=DEMO_REGIONS[region_slug][role]
        )
    return user


# --- Reference data, reset, sizes --------------------------------------------------------------


def _load_reference_data() -> list[tuple[Region, list[Municipality]]]:
    """The regions (by slug) with their municipalities (by NIS code); refuse when missing."""
    regions = sorted(Region.objects.all(), key=lambda region: region.slug)
    by_region: dict[int, list[Municipality]] = {region.pk: [] for region in regions}
    for municipality in Municipality.objects.all():
        by_region.setdefault(municipality.region_id, []).append(municipality)
    missing = [region.name for region in regions if not by_region[region.pk]]
    unknown = [region.slug for region in regions if region.slug not in MAIN_CITY]
    if not regions or missing or unknown:
        raise RuntimeError(
            "The reference data (regions and municipalities) is missing or incomplete; run "
            "'migrate' first, which loads it. "
            f"Regions without municipalities: {missing or 'none'}; unknown regions: "
            f"{unknown or 'none'}."
        )
    result = []
    for region in regions:
        municipalities = sorted(by_region[region.pk], key=lambda m: m.nis_code)
        if not any(m.name == MAIN_CITY[region.slug] for m in municipalities):
            raise RuntimeError(f"The main city of region {region.name} is missing.")
        result.append((region, municipalities))
    return result


def _staff_users() -> models.QuerySet[User]:
    """The generated counsellors and coordinators (not the demo accounts)."""
    condition = models.Q()
    for domain in people.STAFF_DOMAINS:
        condition |= models.Q(email__endswith=f"@{domain}")
    return User.objects.filter(condition)


def _seed_programme_work(*, rng: random.Random, now: dt.datetime) -> dict[str, int]:
    """What the regions and the programme team do together, on top of the networks: scan
    waves with action plans and timelines, learning days with their groups and report, and
    the practice library. Needs the organisations, staff and demo accounts."""
    from participatienet.demo import collaboration, exchange, practices

    return {
        "scan_waves": collaboration.seed_scans(rng=rng, now=now),
        "action_plans": collaboration.seed_plans(rng=rng, now=now),
        "learning_day_registrations": exchange.seed_learning_days(rng=rng, now=now),
        "practices": practices.seed_practices(rng=rng, now=now),
    }


def _reset_programme_work() -> None:
    from participatienet.demo import collaboration, exchange, practices

    collaboration.reset_scans()
    exchange.reset_learning_days()
    practices.reset_practices()


def _reset() -> None:
    """Delete the network's stage changes, contact moments, ties and joint-offer links, the
    trajectories, newcomers and offers, the generated staff and the memberships of demo
    accounts, then every contact point and organisation."""
    _reset_programme_work()
    try:
        for model in (StageChange, ContactMoment, Tie, Offer.co_organisers.through):
            model.objects.all().delete()
        for model in (Feedback, HourEntry, Participation, Trajectory, Newcomer, Offer):
            model.objects.all().delete()
    except ProtectedError as exc:
        raise RuntimeError(
            f"Cannot reset: other records still point to the demo data ({exc.args[0]})"
        ) from exc
    Membership.objects.filter(user__email__endswith=f"@{DEMO_EMAIL_DOMAIN}").delete()
    _staff_users().delete()
    others = Membership.objects.filter(organisation__isnull=False).count()
    if others:
        raise RuntimeError(
            f"Cannot reset: {others} membership(s) of non-demo users point to organisations. "
            "Reset only a database that holds demo data."
        )
    try:
        ContactPoint.objects.all().delete()
        Organisation.objects.all().delete()
    except ProtectedError as exc:
        raise RuntimeError(
            f"Cannot reset: other records still point to organisations ({exc.args[0]})"
        ) from exc


def _municipality_weights(region: Region, municipalities: Sequence[Municipality]) -> list[int]:
    """Bigger places get more organisations; postcodes are a cheap proxy for size."""
    main = MAIN_CITY[region.slug]
    return [
        1 + len(m.postcode_list) + (MAIN_CITY_WEIGHT if m.name == main else 0)
        for m in municipalities
    ]


def _allocate(
    regions: Sequence[tuple[Region, list[Municipality]]], size: str, rng: random.Random
) -> dict[str, int]:
    """Non-government organisations per region."""
    if size == "small":
        return {region.slug: rng.randint(*SMALL_RANGE) for region, _ in regions}
    governments = sum(len(municipalities) + 1 for _, municipalities in regions)
    to_spread = max(FULL_TOTAL - governments, 0)
    weights = {
        region.slug: sum(_municipality_weights(region, municipalities))
        + CITY_REGION_WEIGHT.get(region.slug, 0)
        for region, municipalities in regions
    }
    total = sum(weights.values())
    # Largest remainder, so the shares add up to exactly FULL_TOTAL.
    exact = {slug: to_spread * weight / total for slug, weight in weights.items()}
    counts = {slug: int(value) for slug, value in exact.items()}
    left = to_spread - sum(counts.values())
    by_remainder = sorted(exact, key=lambda slug: (counts[slug] - exact[slug], slug))
    for slug in by_remainder[:left]:
        counts[slug] += 1
    return counts


def _allocate_activity(
    regions: Sequence[tuple[Region, list[Municipality]]],
    organisations: dict[str, int],
    size: str,
    rng: random.Random,
) -> tuple[dict[str, int], dict[str, int]]:
    """Offers and newcomers per region. Newcomers follow ``people.NEWCOMER_SHARE`` (the cities
    weigh more); offers follow half the newcomers and half the size of the network."""
    if size == "small":
        offer_counts, newcomer_counts = {}, {}
        for region, _ in regions:
            offer_counts[region.slug] = rng.randint(*SMALL_OFFERS)
            newcomer_counts[region.slug] = (
                SMALL_NEWCOMERS[1] if region.slug in DEMO_REGIONS else rng.randint(*SMALL_NEWCOMERS)
            )
        return offer_counts, newcomer_counts
    shares = {region.slug: people.NEWCOMER_SHARE.get(region.slug, 2) for region, _ in regions}
    share_sum = sum(shares.values())
    organisation_sum = sum(organisations.values()) or 1
    blend = {
        slug: shares[slug] / share_sum + organisations[slug] / organisation_sum for slug in shares
    }
    return largest_remainder(FULL_OFFERS, blend), largest_remainder(FULL_NEWCOMERS, shares)


# --- Planning one region -----------------------------------------------------------------------


def _plan_region(
    region: Region,
    municipalities: list[Municipality],
    others: int,
    rng: random.Random,
) -> list[_PlannedOrganisation]:
    main_name = MAIN_CITY[region.slug]
    main = next(m for m in municipalities if m.name == main_name)
    taken: set[str] = set()
    planned: list[_PlannedOrganisation] = []

    def add(
        name: str,
        kind: str,
        municipality: Municipality,
        website: str,
        must_have_contacts: bool,
        slug: str = "",
    ) -> None:
        taken.add(name)
        slug = slug or _domain_slug(name)
        organisation = Organisation(
            name=name, kind=kind, region=region, municipality=municipality, website=website
        )
        item = _PlannedOrganisation(organisation=organisation, slug=slug)
        item.contacts = _plan_contacts(region, kind, slug, rng, must_have_contacts)
        planned.append(item)

    for municipality in municipalities:
        is_city = municipality.name in CITIES or (
            region.slug == BRUSSELS and municipality.name == "Brussel"
        )
        name = f"{'Stad' if is_city else 'Gemeente'} {municipality.name}"
        website = f"https://www.{slugify(municipality.name)}.be"
        add(name, OrganisationKind.LOCAL_GOVERNMENT, municipality, website, False)

    if region.slug == BRUSSELS:
        agii_name = "Agentschap Inburgering Brussel"
    else:
        agii_name = f"Agentschap Integratie en Inburgering – kantoor {main.name}"
    # A short invented mail domain ("agii-gent.be"), never the agency's real one.
    agii_slug = f"agii-{slugify(_ascii(main.name))}"
    website = "https://www.integratie-inburgering.be"
    add(agii_name, OrganisationKind.AGII, main, website, True, slug=agii_slug)

    weights = _municipality_weights(region, municipalities)
    kinds = list(KIND_WEIGHTS)
    kind_weights = list(KIND_WEIGHTS.values())
    for index in range(others):
        if index < len(GUARANTEED_KINDS):
            kind = GUARANTEED_KINDS[index]
        else:
            kind = rng.choices(kinds, weights=kind_weights)[0]
        municipality = rng.choices(municipalities, weights=weights)[0]
        name = _organisation_name(kind, municipality, taken, rng)
        website = f"https://www.{_domain_slug(name)}.be" if rng.random() < 0.5 else ""
        add(name, kind, municipality, website, index < len(GUARANTEED_KINDS))
    return planned


def _place(municipality: Municipality, rng: random.Random) -> str:
    sections = names.SECTIONS.get(municipality.name, ())
    if sections and rng.random() < 0.6:
        return rng.choice(sections)
    return municipality.name


def _organisation_name(
    kind: str, municipality: Municipality, taken: set[str], rng: random.Random
) -> str:
    """A name from the kind's patterns that is not yet used in the region."""
    patterns = names.ORGANISATION_PATTERNS[kind]
    name = ""
    for attempt in range(16):
        pattern = rng.choice(patterns)
        name = pattern.format(
            place=_place(municipality, rng),
            surname=rng.choice(names.SURNAMES),
            house=rng.choice(names.HOUSE_NAMES),
            saint=rng.choice(names.SAINTS),
        )
        # Draw afresh first; only then tell two namesakes apart by their municipality.
        if name in taken and attempt >= 8 and "{place}" not in pattern:
            name = f"{name} {municipality.name}"
        if name not in taken:
            return name
    number = 2
    while f"{name} {number}" in taken:
        number += 1
    return f"{name} {number}"


def _plan_contacts(
    region: Region, kind: str, org_slug: str, rng: random.Random, must_have: bool
) -> list[ContactPoint]:
    if must_have:
        count = rng.choices((1, 2, 3), weights=(30, 45, 25))[0]
    else:
        count = rng.choices((0, 1, 2, 3), weights=(10, 40, 32, 18))[0]
    has_direct = rng.random() < 0.85
    functions = names.CONTACT_FUNCTIONS[kind]
    used: set[tuple[str, str]] = set()
    contacts = []
    for index in range(count):
        first, last = rng.choice(names.FIRST_NAMES), rng.choice(names.SURNAMES)
        while (first, last) in used:
            first, last = rng.choice(names.FIRST_NAMES), rng.choice(names.SURNAMES)
        used.add((first, last))
        function = functions[0] if index == 0 and rng.random() < 0.5 else rng.choice(functions)
        email = f"{_email_part(first)}.{_email_part(last)}@{org_slug}.be"
        phone = _phone(region, kind, rng) if rng.random() < 0.85 else ""
        contacts.append(
            ContactPoint(
                name=f"{first} {last}",
                function=function,
                email=email,
                phone=phone,
                is_direct=has_direct and index == 0,
            )
        )
    return contacts


# --- Small helpers -----------------------------------------------------------------------------


_ascii = ascii_text
_email_part = email_part


def _domain_slug(name: str, limit: int = 50) -> str:
    """An ascii domain label from an organisation name, cut at a word boundary."""
    slug = slugify(_ascii(name))
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug


def _digits(rng: random.Random, count: int, first_min: int = 0) -> str:
    return str(rng.randint(first_min, 9)) + "".join(
        str(rng.randint(0, 9)) for _ in range(count - 1)
    )


def _phone(region: Region, kind: str, rng: random.Random) -> str:
    """A Belgian number in international notation: mobile, or a landline of the region."""
    if rng.random() < MOBILE_SHARE.get(kind, 0.3):
        number = _digits(rng, 6)
        return f"+32 {rng.choice(MOBILE_PREFIXES)} {number[:2]} {number[2:4]} {number[4:]}"
    zone = PHONE_ZONE.get(region.slug, "2")
    if len(zone) == 1:
        number = _digits(rng, 7, first_min=2)
        return f"+32 {zone} {number[:3]} {number[3:5]} {number[5:]}"
    number = _digits(rng, 6, first_min=2)
    return f"+32 {zone} {number[:2]} {number[2:4]} {number[4:]}"


def _save(planned: list[_PlannedOrganisation]) -> tuple[int, int]:
    organisations = Organisation.objects.bulk_create(
        [item.organisation for item in planned], batch_size=BATCH_SIZE
    )
    contacts: list[ContactPoint] = []
    for item, organisation in zip(planned, organisations, strict=True):
        if organisation.pk is None:  # pragma: no cover - every supported backend returns pks
            raise RuntimeError("The database did not return the keys of new organisations.")
        for contact in item.contacts:
            contact.organisation = organisation
            contacts.append(contact)
    ContactPoint.objects.bulk_create(contacts, batch_size=BATCH_SIZE)
    return len(organisations), len(contacts)


def _demo_scopes(region: Region) -> dict[str, Organisation | None]:
    """Where each demo role of ``region`` works."""
    in_region = Organisation.objects.filter(region=region).order_by("pk")
    agii = in_region.filter(kind=OrganisationKind.AGII).first()
    local = (
        Organisation.objects.filter(
            region=region,
            kind=OrganisationKind.LOCAL_GOVERNMENT,
            municipality__name=MAIN_CITY[region.slug],
        )
        .order_by("pk")
        .first()
    )
    candidates = list(
        Organisation.objects.filter(
            region=region,
            kind__in=[OrganisationKind.CLUB, OrganisationKind.VOLUNTEER_ORGANISATION],
            contact_points__isnull=False,
        ).distinct()
    )
    if agii is None or local is None or not candidates:
        raise RuntimeError(
            f"Region {region.name} lacks the organisations the demo accounts need (an AgII "
            "office, the local government of its main city, a club or volunteer organisation "
            "with contact points); run seed() rather than create_demo_accounts() alone."
        )
    # Sorted in Python, so SQLite and PostgreSQL collations pick the same organisation.
    partner = min(
        candidates, key=lambda o: (o.kind != OrganisationKind.CLUB, _ascii(o.name).lower(), o.pk)
    )
    return {
        Role.COORDINATOR: None,
        Role.COUNSELLOR: agii,
        Role.LOCAL_WORKER: local,
        Role.PARTNER_CONTACT: partner,
        Role.VIEWER: None,
    }
