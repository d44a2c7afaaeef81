"""Demo people of one region: network workers, trajectory counsellors and newcomers.

Counsellors and coordinators besides the demo accounts are ordinary users with an unusable
password (nobody logs in as them) under invented mail domains, so ``reset`` can find them.
Newcomers get names from many countries of origin, the languages spoken there, and the minimal
profile of DESIGN.md (no street address, no national register number).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from participatienet.accounts.choices import Role
from participatienet.accounts.models import Membership, User
from participatienet.demo import names
from participatienet.demo.common import email_part
from participatienet.network.models import Organisation
from participatienet.offers import schedule
from participatienet.offers.choices import Theme
from participatienet.regions.models import Municipality, Region
from participatienet.trajectories.choices import (
    ContactChannel,
    FeedbackLanguage,
    Mobility,
    Obligation,
)
from participatienet.trajectories.models import Newcomer

#: Mail domains of generated staff; ``reset`` deletes the users under them.
COUNSELLOR_DOMAIN = "agii-demo.be"
COORDINATOR_DOMAIN = "netwerk-demo.be"
STAFF_DOMAINS = (COUNSELLOR_DOMAIN, COORDINATOR_DOMAIN)
#: Invented newcomer mail domains (reserved for examples, so no mail reaches anyone).
NEWCOMER_DOMAINS = ("example.com", "example.net", "example.org")

#: Rough share of newcomers per region: where people find a home, the cities weigh more.
NEWCOMER_SHARE: dict[str, float] = {
    "antwerpen": 15,
    "gent": 8,
    "brussel": 10,
    "regio-antwerpen": 6,
    "kempen": 5,
    "rivierenland": 4,
    "limburg": 8,
    "halle-vilvoorde": 6,
    "oost-brabant": 6,
    "regio-gent": 3,
    "waasland": 3,
    "denderregio": 3.5,
    "vlaamse-ardennen": 2,
    "regio-brugge": 3.5,
    "middenkust": 2.5,
    "westhoek": 2,
    "midwest": 2.5,
    "zuid-west-vlaanderen": 3.5,
}
#: EU citizens are not obliged to follow the trajectory.
EU_ORIGINS = frozenset({"poland", "romania"})

_THEMES = [int(theme) for theme in Theme]
_ORIGIN_KEYS = list(names.ORIGINS)
_ORIGIN_WEIGHTS = [names.ORIGINS[key].weight for key in _ORIGIN_KEYS]


@dataclass
class Staff:
    coordinators: list[User]
    counsellors: list[User]
    memberships: list[Membership]


@dataclass
class NewcomerPlan:
    newcomer: Newcomer
    is_woman: bool
    #: Lives in the main city and belongs to the demo counsellor (scripted demo cases).
    pinned: bool = False


def counsellors_for(region_slug: str) -> int:
    """2-5 counsellors per region besides the demo account, more where more newcomers live."""
    low, high = min(NEWCOMER_SHARE.values()), max(NEWCOMER_SHARE.values())
    share = NEWCOMER_SHARE.get(region_slug, low)
    return 2 + round(3 * (share - low) / (high - low))


def plan_staff(
    *,
    region: Region,
    agii: Organisation,
    counsellors: int,
    coordinators: int,
    taken: set[str],
    since: dt.datetime,
    rng: random.Random,
    coordinating: Organisation | None = None,
) -> Staff:
    """Unsaved users and memberships for the region's extra counsellors and coordinators,
    at work ``since`` (well before the history starts). Counsellors work at the AgII office,
    coordinators at ``coordinating`` (the network measures count its ties) when given."""
    staff = Staff(coordinators=[], counsellors=[], memberships=[])
    for role, number, domain in (
        (Role.COORDINATOR, coordinators, COORDINATOR_DOMAIN),
        (Role.COUNSELLOR, counsellors, COUNSELLOR_DOMAIN),
    ):
        for _ in range(number):
            first, last, email = _staff_name(domain, taken, rng)
            user = User(email=email, full_name=f"{first} {last}", date_joined=since)
            user.set_unusable_password()
            membership = Membership(
                user=user,
                role=role,
                region=region,
                organisation=agii if role == Role.COUNSELLOR else coordinating,
                created_at=since,
            )
            staff.memberships.append(membership)
            (staff.coordinators if role == Role.COORDINATOR else staff.counsellors).append(user)
    return staff


def _staff_name(domain: str, taken: set[str], rng: random.Random) -> tuple[str, str, str]:
    while True:
        first, last = rng.choice(names.FIRST_NAMES), rng.choice(names.SURNAMES)
        email = f"{email_part(first)}.{email_part(last)}@{domain}"
        if email not in taken:
            taken.add(email)
            return first, last, email


def plan_newcomers(
    *,
    region: Region,
    municipalities: Sequence[Municipality],
    main_city: Municipality,
    count: int,
    counsellors: Sequence[User],
    demo_counsellor: User | None,
    pinned: int,
    caseload: int,
    rng: random.Random,
) -> list[NewcomerPlan]:
    """``count`` newcomers; the first ``pinned`` live in the main city with the demo counsellor,
    who gets ``caseload`` newcomers in all."""
    weights = [
        1 + len(m.postcode_list) + (12 if m.pk == main_city.pk else 0) for m in municipalities
    ]
    demo_extra = set(
        rng.sample(range(pinned, count), max(min(caseload - pinned, count - pinned), 0))
    )
    plans = []
    for index in range(count):
        is_pinned = index < pinned
        municipality = main_city if is_pinned else rng.choices(municipalities, weights=weights)[0]
        if demo_counsellor is not None and (is_pinned or index in demo_extra):
            counsellor = demo_counsellor
        else:
            counsellor = rng.choice(counsellors) if counsellors else None
        plans.append(_newcomer(region, municipality, counsellor, rng, is_pinned))
    return plans


def _newcomer(
    region: Region,
    municipality: Municipality,
    counsellor: User | None,
    rng: random.Random,
    pinned: bool,
) -> NewcomerPlan:
    origin_key = rng.choices(_ORIGIN_KEYS, weights=_ORIGIN_WEIGHTS)[0]
    origin = names.ORIGINS[origin_key]
    is_woman = rng.random() < origin.women
    first = rng.choice(origin.women_names if is_woman else origin.men_names)
    last = rng.choice(origin.surnames)
    languages = [
        code
        for index, (code, chance) in enumerate(origin.languages)
        if index == 0 or rng.random() < chance
    ]
    level = rng.choices((0, 1, 2, 3), weights=(25, 40, 25, 10))[0]

    has_email = rng.random() < 0.65
    has_phone = rng.random() < 0.93 or not has_email
    email = ""
    if has_email:
        suffix = str(rng.randint(10, 99)) if rng.random() < 0.5 else ""
        email = f"{email_part(first)}.{email_part(last)}{suffix}@{rng.choice(NEWCOMER_DOMAINS)}"
    phone = _mobile(rng) if has_phone else ""
    if not has_phone:
        channel = ContactChannel.EMAIL
    elif not has_email:
        channel = rng.choices(
            (ContactChannel.PHONE, ContactChannel.WHATSAPP, ContactChannel.SMS),
            weights=(45, 40, 15),
        )[0]
    else:
        channel = rng.choices(
            (
                ContactChannel.PHONE,
                ContactChannel.WHATSAPP,
                ContactChannel.EMAIL,
                ContactChannel.SMS,
            ),
            weights=(35, 35, 20, 10),
        )[0]

    mobility = rng.choices(
        (Mobility.FOOT, Mobility.BIKE, Mobility.PUBLIC_TRANSPORT, Mobility.CAR),
        weights=(15, 25, 50, 10),
    )[0]
    distance = {
        Mobility.FOOT: (1, 3),
        Mobility.BIKE: (4, 10),
        Mobility.PUBLIC_TRANSPORT: (8, 25),
        Mobility.CAR: (15, 40),
    }[mobility]
    childcare = rng.random() < (0.2 if is_woman else 0.04)
    newcomer = Newcomer(
        first_name=first,
        last_name=last,
        email=email,
        phone=phone,
        preferred_channel=channel,
        preferred_language=_preferred_language(languages, level, rng),
        municipality=municipality,
        region=region,
        languages=languages,
        dutch_level=level,
        themes_mask=schedule.mask_of_bits(rng.sample(_THEMES, rng.randint(2, 4))),
        availability_mask=_availability(rng, childcare),
        max_distance_km=rng.randint(*distance),
        mobility=mobility,
        needs_childcare=childcare,
        needs_women_only=is_woman and rng.random() < 0.08,
        needs_wheelchair=rng.random() < 0.02,
        obligation=(
            Obligation.OPTIONAL
            if origin_key in EU_ORIGINS or rng.random() < 0.12
            else Obligation.MANDATORY
        ),
        counsellor=counsellor,
        consent_share_contact=rng.random() < 0.85,
    )
    if rng.random() < 0.45:
        newcomer.kbi_reference = f"INB-{rng.randint(2024, 2026)}-{rng.randint(0, 999999):06d}"
    return NewcomerPlan(newcomer=newcomer, is_woman=is_woman, pinned=pinned)


def _mobile(rng: random.Random) -> str:
    digits = "".join(str(rng.randint(0, 9)) for _ in range(6))
    return f"+32 4{rng.randint(60, 99)} {digits[:2]} {digits[2:4]} {digits[4:]}"


def _preferred_language(languages: list[str], level: int, rng: random.Random) -> str:
    if level >= 2 and rng.random() < 0.5:
        return FeedbackLanguage.DUTCH
    if "uk" in languages:
        return FeedbackLanguage.UKRAINIAN if rng.random() < 0.75 else FeedbackLanguage.DUTCH
    if "ar" in languages:
        if rng.random() < 0.6:
            return FeedbackLanguage.ARABIC
        if "fr" in languages and rng.random() < 0.5:
            return FeedbackLanguage.FRENCH
        return FeedbackLanguage.DUTCH
    if "fr" in languages:
        return FeedbackLanguage.FRENCH if rng.random() < 0.65 else FeedbackLanguage.DUTCH
    if "en" in languages:
        return FeedbackLanguage.ENGLISH if rng.random() < 0.6 else FeedbackLanguage.DUTCH
    return FeedbackLanguage.DUTCH


def _availability(rng: random.Random, childcare: bool) -> int:
    """Several free slots: around the Dutch lessons, the school run or a part-time job."""
    weekdays = list(range(5))
    profile = rng.choices(("daytime", "evening", "mixed"), weights=(45, 25, 30))[0]
    slots: list[tuple[int, int]] = []
    if profile == "daytime" or childcare:
        for day in rng.sample(weekdays, rng.randint(2, 4)):
            slots.append((day, 0))
            if rng.random() < 0.5:
                slots.append((day, 1))
    elif profile == "evening":
        for day in rng.sample(weekdays, rng.randint(2, 4)):
            slots.append((day, 2))
        if rng.random() < 0.6:
            slots.append((5, rng.randint(0, 1)))
        if rng.random() < 0.3:
            slots.append((6, rng.randint(0, 1)))
    else:
        every = [(day, part) for day in range(7) for part in range(3)]
        slots = rng.sample(every, rng.randint(4, 8))
    return schedule.mask_of_slots(slots)
