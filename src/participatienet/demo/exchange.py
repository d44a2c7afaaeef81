"""Demo learning days: the exploration day of 27 June 2024 and one upcoming day.

The exploration day (verkenningsdag) follows the programme's own account of it
(``/work/shared/context`` in the project notes): in the NH Hotel in the centre of Brussels, the
36 network workers of the 18 regions (two per region) and staff of the Agency for Integration
and Civic Integration met; testimonies, the core partners' vision and three stories from the
regions in the morning, then two rounds of mixed groups across regions, lunch, the
collaboration per region, and a close. The core partners who spoke are registered under
invented names.

The network workers and AgII staff are the coordinators and counsellors the generator made
for each region, when there are (their names and addresses); otherwise invented people with
addresses on the demo domain. The upcoming day has open registration, learning tables by
theme and a dozen registrations with their theme choices.

On the exploration day the groups were formed with the solver (the two rounds of mixed groups)
and per region; every group had a reporter, and the reporters wrote down the groups' insights,
bottlenecks and ideas, drawn from the account of the day. The programme team merged two that
said the same and published the report on 5 July 2024, the day the account was posted.

Only ``rng`` drives the choices, so the same seed gives the same days.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from participatienet.accounts.choices import Role
from participatienet.accounts.models import LinkToken, Membership, User
from participatienet.demo import names
from participatienet.demo.common import email_part
from participatienet.exchange import group_services, report_services
from participatienet.exchange.choices import (
    DayStatus,
    InsightKind,
    InsightTheme,
    ParticipantRole,
    RegistrationStatus,
    ReportStatus,
    SessionKind,
)
from participatienet.exchange.group_services import PURPOSE_REPORT
from participatienet.exchange.models import (
    Group,
    GroupMember,
    Insight,
    LearningDay,
    LearningTable,
    Registration,
    Session,
)
from participatienet.exchange.services import PURPOSE_CANCEL
from participatienet.network.choices import OrganisationKind
from participatienet.network.models import Organisation
from participatienet.regions.models import Region

#: The demo accounts' mail domain (``generator.DEMO_EMAIL_DOMAIN``; not imported, to keep the
#: generator free to import this module).
DEMO_EMAIL_DOMAIN = "participatienet.demo"
ADMIN_EMAIL = f"admin@{DEMO_EMAIL_DOMAIN}"

EXPLORATION_DATE = dt.date(2024, 6, 27)
EXPLORATION_TITLE = (
    "Verkenningsdag netwerkmedewerkers en medewerkers Agentschappen Integratie & Inburgering"
)
EXPLORATION_DESCRIPTION = (
    "36 netwerkmedewerkers bouwen in 18 regio's organisatienetwerken rond het participatie- en "
    "netwerktraject voor nieuwkomers. De Agentschappen Integratie en Inburgering zijn, samen "
    "met de lokale besturen, key actor in die netwerken. Na anderhalf jaar netwerken bouwen is "
    "het tijd om over de regio's heen uit te wisselen over de nieuwe samenwerking.\n\n"
    "In de voormiddag: getuigenissen van de doelgroep, een pitch en panelgesprek met de Vlaamse "
    "kernpartners en drie verhalen van regio's die vandaag samenwerken in de praktijk. Daarna "
    "gaan we in gemengde groepen over de regio's heen met elkaar in gesprek, en na de lunch "
    "nemen we per regio de samenwerking onder de loep."
)

#: (start, end, kind, title, description, rounds, group size)
EXPLORATION_PROGRAMME: tuple[tuple[str, str, str, str, str, int, int | None], ...] = (
    (
        "09:30",
        "10:15",
        SessionKind.PLENARY,
        "Krachtige getuigenissen van de doelgroep",
        "Een netwerkcoördinator en ex-inburgeraar vertelt waarom dit programma ertoe doet: "
        "\u201cEenzaamheid is een zeer donker pad. Een netwerk heeft me geholpen om het leven "
        "lichter te maken.\u201d Een nieuw filmpje van het Agentschap Integratie en Inburgering "
        "toont de kracht van verbinding.",
        1,
        None,
    ),
    (
        "10:15",
        "11:00",
        SessionKind.PLENARY,
        "Visie van de Vlaamse kernpartners",
        "Pitch en panelgesprek met het management van Europa WSE, VVSG, het Agentschap "
        "Integratie en Inburgering en ABB over het belang van deze samenwerking.",
        1,
        None,
    ),
    (
        "11:00",
        "11:30",
        SessionKind.PLENARY,
        "Drie verhalen over samenwerking op het terrein",
        "De regio's Limburg, Kempen en Zuid-West-Vlaanderen delen hun verhaal.",
        1,
        None,
    ),
    (
        "11:30",
        "12:30",
        SessionKind.MIXED_GROUPS,
        "Uitwisseling in gemengde groepen over de regio's heen",
        "Twee rondes in kleine groepen met collega's uit andere regio's: hoe loopt de nieuwe "
        "samenwerking tussen het netwerk, de lokale besturen en het Agentschap?",
        2,
        6,
    ),
    (
        "12:30",
        "13:30",
        SessionKind.BREAK,
        "Lunch",
        "Een gezellige lunch, met tijd voor informele babbels.",
        1,
        None,
    ),
    (
        "13:30",
        "15:15",
        SessionKind.REGION_GROUPS,
        "Samenwerking per regio onder de loep",
        "Hoe schalen we onze eigen samenwerking vandaag in en wat staat ons concreet te doen om "
        "de samenwerking te versterken?",
        1,
        None,
    ),
    (
        "15:15",
        "16:00",
        SessionKind.PLENARY,
        "Afsluiting: wat nemen we mee?",
        "Samen bouwen we verder aan sterke sociale netwerken voor nieuwkomers.",
        1,
        None,
    ),
)

#: The core partners who spoke (invented people, the real partner organisations).
CORE_PARTNERS = ("Europa WSE", "VVSG", "Agentschap Integratie en Inburgering", "ABB")

UPCOMING_TITLE = "Leerdag organisatienetwerken: van praktijk naar patronen"
UPCOMING_DESCRIPTION = (
    "Een jaar na de verkenningsdag komen de netwerkmedewerkers, de medewerkers van het "
    "Agentschap en de lokale besturen opnieuw samen. Aan leertafels per thema delen we wat "
    "werkt en wat knelt, en gaan we van concrete casussen naar patronen. In de namiddag zet "
    "elke regio haar volgende tussendoelen."
)
UPCOMING_PROGRAMME: tuple[tuple[str, str, str, str, str, int, int | None], ...] = (
    ("09:30", "10:00", SessionKind.BREAK, "Onthaal met koffie", "", 1, None),
    (
        "10:00",
        "10:45",
        SessionKind.PLENARY,
        "Welkom: wat leerden we sinds de verkenningsdag?",
        "",
        1,
        None,
    ),
    (
        "10:45",
        "12:15",
        SessionKind.LEARNING_TABLES,
        "Leertafels per thema",
        "Kies bij je inschrijving drie thema's. Aan elke tafel brengt een regio een casus mee.",
        1,
        8,
    ),
    ("12:15", "13:15", SessionKind.BREAK, "Lunch", "", 1, None),
    (
        "13:15",
        "14:45",
        SessionKind.REGION_GROUPS,
        "Per regio: van inzicht naar actie",
        "Welke tussendoelen zetten we voor het komende halfjaar, en wie neemt de kop?",
        1,
        None,
    ),
    ("14:45", "15:30", SessionKind.PLENARY, "Afsluiting en volgende stappen", "", 1, None),
)
UPCOMING_THEMES = (
    "Lokaal aanbod warm maken, voorbij de usual suspects",
    "Schaal: aanbod organiseren per gemeente of per regio?",
    "Afstemming tussen het Agentschap en de lokale besturen",
    "Feedback van nieuwkomers en aanbodpartners na elk traject",
    "Eigenaarschap spreiden: geen superman aan het stuur",
)

#: Rooms of the NH Hotel the groups met in (invented names).
EXPLORATION_ROOMS = ("Zaal Horta", "Zaal Magritte", "Zaal Brel", "Foyer")

_T = InsightTheme
#: What the mixed groups wrote down, one item per group: (kind, text, themes). Drawn from the
#: programme's account of the day.
MIXED_GROUP_INSIGHTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        InsightKind.INSIGHT,
        "Samen dingen doen geeft energie aan de samenwerking: een gezamenlijke activiteit zet "
        "meer in beweging dan nog een overleg.",
        (_T.COLLABORATION,),
    ),
    (
        InsightKind.INSIGHT,
        "Een samenwerking zomaar van de ene naar de andere regio kopiëren lukt niet. Elke regio "
        "heeft een eigen tempo en dynamiek.",
        (_T.COLLABORATION, _T.SCALE),
    ),
    (
        InsightKind.INSIGHT,
        "Het netwerk laat actoren naar elkaar toe bewegen en kennis delen, zodat de "
        "dienstverlening beter aansluit bij een zeer diverse groep mensen.",
        (_T.COMMUNICATION, _T.LOCAL_OFFER),
    ),
    (
        InsightKind.INSIGHT,
        "Een succesvol netwerk heeft niet één superman aan het stuur: elke partner neemt een "
        "stuk eigenaarschap op.",
        (_T.OWNERSHIP,),
    ),
    (
        InsightKind.INSIGHT,
        "Empathie is het sleutelwoord: wie vanuit het perspectief van de ander naar de eigen "
        "organisatie kijkt, begrijpt beter waarom iets traag gaat.",
        (_T.ROLES, _T.COLLABORATION),
    ),
    (
        InsightKind.INSIGHT,
        "Wie vertrekt vanuit het verhaal van de nieuwkomer, vindt sneller een gedeelde ambitie: "
        "voor wie doen we dit finaal?",
        (_T.NEWCOMERS, _T.COLLABORATION),
    ),
    (
        InsightKind.BOTTLENECK,
        "Rollen en belangen uitklaren tussen het netwerk, het lokaal bestuur en het Agentschap "
        "blijft een zoektocht.",
        (_T.ROLES,),
    ),
    (
        InsightKind.BOTTLENECK,
        "De organisatienetwerken zijn nieuw: een gedeelde ambitie moet nog vorm krijgen en dat "
        "vraagt tijd.",
        (_T.COLLABORATION, _T.CAPACITY),
    ),
    (
        InsightKind.BOTTLENECK,
        "Complexe maatschappelijke uitdagingen los je niet op met kortlopende projecten; de "
        "middelen zijn vaak wel kortlopend.",
        (_T.CAPACITY,),
    ),
    (
        InsightKind.BOTTLENECK,
        "Het is niet altijd duidelijk wie bij het Agentschap het aanspreekpunt is voor het "
        "netwerk, en omgekeerd.",
        (_T.COMMUNICATION, _T.ROLES),
    ),
    (
        InsightKind.BOTTLENECK,
        "Knelpunten blijven te vaak onbenoemd, waardoor de samenwerking stilvalt.",
        (_T.COMMUNICATION,),
    ),
    (
        InsightKind.BOTTLENECK,
        "Netwerkmedewerkers hebben te weinig tijd om nieuwe aanbodpartners warm te maken, "
        "voorbij de usual suspects.",
        (_T.CAPACITY, _T.LOCAL_OFFER),
    ),
    (
        InsightKind.IDEA,
        "Werk als een wielerploeg: formuleer tussendoelen, neem af en toe een pauze, neem "
        "beurtelings de kop en zet elkaar uit de wind.",
        (_T.OWNERSHIP, _T.COLLABORATION),
    ),
    (
        InsightKind.IDEA,
        "Begin klein met een coalition of the willing en bouw van daaruit op.",
        (_T.COLLABORATION, _T.OWNERSHIP),
    ),
    (
        InsightKind.IDEA,
        "Plan een vast overlegmoment tussen de netwerkcoördinator en de collega's van het "
        "Agentschap in de regio.",
        (_T.COMMUNICATION, _T.ROLES),
    ),
    (
        InsightKind.IDEA,
        "Blijf over de regio's heen uitwisselen, zoals vandaag: wat werkt elders, en waarom?",
        (_T.COMMUNICATION,),
    ),
    (
        InsightKind.IDEA,
        "Betrek ex-inburgeraars als ervaringsdeskundigen bij het netwerk: zij weten wat een "
        "netwerk het leven lichter maakt.",
        (_T.NEWCOMERS,),
    ),
    (
        InsightKind.IDEA,
        "Maak samen een overzicht van het lokale vrijetijds- en vrijwilligersaanbod, zodat "
        "trajectbegeleiders sneller doorverwijzen.",
        (_T.LOCAL_OFFER,),
    ),
)
#: What region groups wrote down about their own collaboration (the first two say the same:
#: the programme team merges them).
REGION_GROUP_INSIGHTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        InsightKind.BOTTLENECK,
        "Onze regio is groot: het is moeilijk om alle gemeenten even sterk bij het netwerk te "
        "betrekken.",
        (_T.SCALE,),
    ),
    (
        InsightKind.BOTTLENECK,
        "Met zoveel gemeenten in de regio raken de kleinere gemeenten makkelijk uit beeld.",
        (_T.SCALE, _T.LOCAL_OFFER),
    ),
    (
        InsightKind.INSIGHT,
        "We kennen elkaar intussen, maar weten nog niet goed wat we van elkaar mogen "
        "verwachten. Dat uitspreken was vandaag al een stap.",
        (_T.ROLES, _T.COLLABORATION),
    ),
    (
        InsightKind.IDEA,
        "Een startdag met het lokaal bestuur en het Agentschap om samen de gedeelde ambitie uit "
        "te schrijven.",
        (_T.COLLABORATION, _T.OWNERSHIP),
    ),
    (
        InsightKind.IDEA,
        "Per gemeente één vast aanspreekpunt voor het netwerk aanduiden.",
        (_T.SCALE, _T.COMMUNICATION),
    ),
    (
        InsightKind.INSIGHT,
        "Onze samenwerking kende hoogtepunten, dieptepunten en kantelpunten, maar ze is "
        "absoluut de moeite waard.",
        (_T.COLLABORATION,),
    ),
    (
        InsightKind.IDEA,
        "Knelpunten meteen benoemen op het volgende netwerkoverleg: open communicatie brengt ons "
        "vooruit.",
        (_T.COMMUNICATION,),
    ),
)
#: Things people said in the groups (quoted with a name only with their consent).
QUOTES = (
    "We moeten niet alles zelf willen doen: een netwerk is er net om de kop te kunnen doorgeven.",
    "Pas toen we onze knelpunten op tafel legden, kwam er beweging in.",
    "Wat bij ons werkt, werkt niet vanzelf in een andere regio.",
    "Eigenlijk zoeken we allemaal hetzelfde: een warm netwerk rond de nieuwkomer.",
    "Het Agentschap en het netwerk hebben elkaar nodig, maar we spreken nog niet altijd "
    "dezelfde taal.",
    "Taal leren en werken lukt pas als iemand zich goed voelt. Daar begint ons werk.",
)
REPORT_INTRODUCTION = (
    "Op 27 juni 2024 kwamen de netwerkmedewerkers en de medewerkers van de Agentschappen "
    "Integratie en Inburgering uit 18 regio's samen in Brussel. In gemengde groepen over de "
    "regio's heen en daarna per regio wisselden ze uit over de nieuwe samenwerking. Dit zijn de "
    "inzichten, knelpunten en ideeën die de rapporteurs van de groepen noteerden. Aan het eind "
    "van de dag merkten we veel energie, nieuwsgierigheid en goesting om verdere stappen te "
    "zetten."
)
REPORT_PUBLISHED = dt.datetime(2024, 7, 5, 10, 0)

#: Dietary needs as people write them, with their weights ("" is none).
DIETS = (("", 70), ("vegetarisch", 15), ("halal", 6), ("veganistisch", 4), ("glutenvrij", 3))
ACCESS = (("", 96), ("rolstoeltoegankelijk", 2), ("ringleiding", 1), ("rustige ruimte", 1))


@dataclass
class _Person:
    name: str
    email: str
    organisation_name: str
    organisation: Organisation | None
    region: Region | None
    role: str


def seed_learning_days(*, rng: random.Random, now: dt.datetime) -> int:
    """Create the exploration day of 27 June 2024 (held) and one upcoming day with open
    registration, with their programmes and registrations. Returns the number of
    registrations written. Call on a database without learning days (see
    ``reset_learning_days``)."""
    tz = timezone.get_current_timezone()
    today = timezone.localtime(now, tz).date()
    with transaction.atomic():
        regions = list(Region.objects.order_by("name"))
        admin = User.objects.filter(email=ADMIN_EMAIL).first()
        taken: set[str] = set()
        workers = _people_of_regions(regions, rng, taken)
        held_day, held = _exploration_day(regions, workers, admin, rng, taken, tz)
        upcoming = _upcoming_day(regions, workers, admin, rng, today, now, tz)
        _exploration_groups(held_day, admin, rng, tz)
    return held + upcoming


def reset_learning_days() -> None:
    """Delete every learning day with its programme, registrations, groups, pair rules and
    report, and the cancel and reporter links."""
    with transaction.atomic():
        LinkToken.objects.filter(purpose__in=[PURPOSE_CANCEL, PURPOSE_REPORT]).delete()
        Registration.objects.all().delete()
        LearningDay.objects.all().delete()


# --- People --------------------------------------------------------------------------------------


def _invented(rng: random.Random, taken: set[str]) -> tuple[str, str]:
    while True:
        first, last = rng.choice(names.FIRST_NAMES), rng.choice(names.SURNAMES)
        email = f"{email_part(first)}.{email_part(last)}@{DEMO_EMAIL_DOMAIN}"
        if email not in taken:
            taken.add(email)
            return f"{first} {last}", email


def _people_of_regions(
    regions: Sequence[Region], rng: random.Random, taken: set[str]
) -> dict[int, list[_Person]]:
    """Per region: its two network workers, then one AgII staff member."""
    coordinators: dict[int, list[User]] = defaultdict(list)
    for membership in (
        Membership.objects.current()
        .filter(role=Role.COORDINATOR, region__isnull=False)
        .select_related("user")
        .order_by("region_id", "user_id")
    ):
        coordinators[membership.region_id].append(membership.user)
    counsellors: dict[int, list[User]] = defaultdict(list)
    for membership in (
        Membership.objects.current()
        .filter(role=Role.COUNSELLOR, organisation__kind=OrganisationKind.AGII)
        .select_related("user")
        .order_by("region_id", "user_id")
    ):
        counsellors[membership.region_id].append(membership.user)
    offices = {
        organisation.region_id: organisation
        for organisation in Organisation.objects.filter(kind=OrganisationKind.AGII).order_by("-pk")
    }
    people: dict[int, list[_Person]] = {}
    for region in regions:
        found: list[_Person] = []
        known = coordinators.get(region.pk, [])[:2]
        for index in range(2):
            if index < len(known):
                name, email = known[index].full_name, known[index].email
                taken.add(email)
            else:
                name, email = _invented(rng, taken)
            found.append(
                _Person(
                    name,
                    email,
                    f"Regionaal netwerk {region.name}",
                    None,
                    region,
                    ParticipantRole.NETWORK_WORKER,
                )
            )
        office = offices.get(region.pk)
        staff = counsellors.get(region.pk, [])
        if staff:
            name, email = staff[0].full_name, staff[0].email
            taken.add(email)
        else:
            name, email = _invented(rng, taken)
        found.append(
            _Person(
                name,
                email,
                office.name if office else "Agentschap Integratie en Inburgering",
                office,
                region,
                ParticipantRole.AGII,
            )
        )
        people[region.pk] = found
    return people


def _weighted(rng: random.Random, options: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([o for o, _w in options], weights=[w for _o, w in options])[0]


def _registration(
    day: LearningDay, person: _Person, rng: random.Random, created_at: dt.datetime
) -> Registration:
    return Registration(
        day=day,
        name=person.name,
        email=person.email.lower(),
        organisation_name=person.organisation_name,
        organisation=person.organisation,
        region=person.region,
        role=person.role,
        dietary_needs=_weighted(rng, DIETS),
        access_needs=_weighted(rng, ACCESS),
        consent_named_in_report=rng.random() < 0.8,
        status=RegistrationStatus.CONFIRMED,
        created_at=created_at,
        confirmed_at=created_at,
    )


def _sessions(
    day: LearningDay,
    programme: Sequence[tuple[str, str, str, str, str, int, int | None]],
) -> list[Session]:
    return Session.objects.bulk_create(
        Session(
            day=day,
            starts_at=dt.time.fromisoformat(start),
            ends_at=dt.time.fromisoformat(end),
            kind=kind,
            title=title,
            description=description,
            rounds=rounds,
            group_size=size,
            room="Zaal 1" if kind in (SessionKind.PLENARY, SessionKind.BREAK) else "",
        )
        for start, end, kind, title, description, rounds, size in programme
    )


def _moment(day: dt.date, rng: random.Random, tz: dt.tzinfo) -> dt.datetime:
    minutes = rng.randint(8 * 60, 18 * 60)
    return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=tz)


# --- The exploration day -------------------------------------------------------------------------


def _exploration_day(
    regions: Sequence[Region],
    workers: dict[int, list[_Person]],
    admin: User | None,
    rng: random.Random,
    taken: set[str],
    tz: dt.tzinfo,
) -> tuple[LearningDay, int]:
    opened = dt.date(2024, 5, 6)
    day = LearningDay.objects.create(
        title=EXPLORATION_TITLE,
        date=EXPLORATION_DATE,
        venue="NH Hotel, centrum Brussel",
        description=EXPLORATION_DESCRIPTION,
        capacity=70,
        status=DayStatus.HELD,
        registration_closes_on=dt.date(2024, 6, 20),
        created_by=admin,
        created_at=_moment(dt.date(2024, 4, 22), rng, tz),
    )
    _sessions(day, EXPLORATION_PROGRAMME)
    span = (dt.date(2024, 6, 20) - opened).days
    people = [person for region in regions for person in workers[region.pk]]
    for organisation in CORE_PARTNERS:
        name, email = _invented(rng, taken)
        people.append(_Person(name, email, organisation, None, None, ParticipantRole.CORE_PARTNER))
    rows = []
    for person in people:
        created = _moment(opened + dt.timedelta(days=int(rng.triangular(0, span, 3))), rng, tz)
        rows.append(_registration(day, person, rng, created))
    # Two AgII colleagues could not come after all and cancelled in the last week.
    agii = [row for row in rows if row.role == ParticipantRole.AGII]
    for row in rng.sample(agii, k=min(2, len(agii))):
        row.status = RegistrationStatus.CANCELLED
        row.cancelled_at = _moment(EXPLORATION_DATE - dt.timedelta(days=rng.randint(2, 6)), rng, tz)
    Registration.objects.bulk_create(rows)
    return day, len(rows)


def _exploration_groups(
    day: LearningDay, admin: User | None, rng: random.Random, tz: dt.tzinfo
) -> None:
    """The groups of the exploration day, their reporters, what they wrote, and the published
    report (through the services, as the programme team and the reporters did)."""
    sessions = {
        s.kind: s
        for s in day.sessions.filter(kind__in=[SessionKind.MIXED_GROUPS, SessionKind.REGION_GROUPS])
    }
    for kind in (SessionKind.MIXED_GROUPS, SessionKind.REGION_GROUPS):
        group_services.form_groups(
            actor=admin,
            session=sessions[kind],
            seed=rng.randrange(1_000_000),
            rooms=EXPLORATION_ROOMS,
        )
    groups = list(
        Group.objects.filter(plan__session__day=day)
        .select_related("plan__session")
        .order_by("plan__session__starts_at", "round", "number")
    )
    members: dict[int, list[GroupMember]] = defaultdict(list)
    for member in (
        GroupMember.objects.filter(plan__session__day=day)
        .select_related("registration")
        .order_by("registration__name", "pk")
    ):
        members[member.group_id].append(member)
    raws: dict[int, str] = {}
    for group in groups:
        reporter = rng.choice(members[group.pk])
        group_services.set_reporter(actor=admin, group=group, registration=reporter.registration)
        reporter.is_reporter = True
        raws[group.pk] = group_services.reporter_link(reporter)
    mixed = [g for g in groups if g.plan.session.kind == SessionKind.MIXED_GROUPS]
    regional = [g for g in groups if g.plan.session.kind == SessionKind.REGION_GROUPS]
    pool = list(MIXED_GROUP_INSIGHTS)
    rng.shuffle(pool)
    quotes = list(QUOTES)
    rng.shuffle(quotes)
    written: list[tuple[Group, tuple[str, str, tuple[str, ...]]]] = [
        (group, item) for group, item in zip(mixed, pool, strict=False)
    ]
    written += zip(
        rng.sample(regional, k=min(len(regional), len(REGION_GROUP_INSIGHTS))),
        REGION_GROUP_INSIGHTS,
        strict=False,
    )
    for index, (group, (kind, text, themes)) in enumerate(written):
        quote, quoted = "", None
        if index % 3 == 0 and quotes:
            quote = quotes.pop()
            quoted = rng.choice(members[group.pk]).registration
        report_services.save_insight(
            raw=raws[group.pk], kind=kind, text=text, themes=themes, quote=quote, quoted=quoted
        )
    # One reporter kept their list as a draft and never submitted it.
    forgotten = written[-1][0] if len(written) > 1 else None
    submitted_on = dt.datetime.combine(EXPLORATION_DATE, dt.time(17, 0), tzinfo=tz)
    for group, _item in written:
        if group != forgotten:
            report_services.submit(
                raw=raws[group.pk],
                now=submitted_on + dt.timedelta(minutes=rng.randint(0, 2880)),
            )
    # The programme team merges the two region groups that said the same about scale.
    scale = list(
        Insight.objects.filter(
            day=day, text__in=[item[1] for item in REGION_GROUP_INSIGHTS[:2]]
        ).order_by("pk")
    )
    if len(scale) == 2:
        merged = report_services.merge_insights(actor=admin, day=day, insights=scale)
        report_services.edit_insight(
            actor=admin,
            insight=merged,
            kind=InsightKind.BOTTLENECK,
            text="De regio's zijn groot: het is moeilijk om alle gemeenten even sterk bij het "
            "netwerk te betrekken, en de kleinere gemeenten raken makkelijk uit beeld.",
            themes=[InsightTheme.SCALE, InsightTheme.LOCAL_OFFER],
            quote=merged.quote,
            quoted=merged.quoted,
        )
    Insight.objects.filter(day=day).update(created_at=submitted_on)
    report_services.save_introduction(actor=admin, day=day, introduction=REPORT_INTRODUCTION)
    report_services.set_report_status(
        actor=admin,
        day=day,
        status=ReportStatus.PUBLISHED,
        now=REPORT_PUBLISHED.replace(tzinfo=tz),
    )


# --- The upcoming day ----------------------------------------------------------------------------


def _next_thursday(after: dt.date) -> dt.date:
    return after + dt.timedelta(days=(3 - after.weekday()) % 7)


def _upcoming_day(
    regions: Sequence[Region],
    workers: dict[int, list[_Person]],
    admin: User | None,
    rng: random.Random,
    today: dt.date,
    now: dt.datetime,
    tz: dt.tzinfo,
) -> int:
    date = _next_thursday(today + dt.timedelta(days=42))
    day = LearningDay.objects.create(
        title=UPCOMING_TITLE,
        date=date,
        venue="Stadsfeestzaal, Mechelen",
        description=UPCOMING_DESCRIPTION,
        capacity=60,
        status=DayStatus.OPEN,
        registration_closes_on=date - dt.timedelta(days=7),
        created_by=admin,
        created_at=min(_moment(today - dt.timedelta(days=14), rng, tz), now),
    )
    sessions = _sessions(day, UPCOMING_PROGRAMME)
    table_session = next(s for s in sessions if s.kind == SessionKind.LEARNING_TABLES)
    hosts = [_invented(rng, set())[0] for _theme in UPCOMING_THEMES]
    tables = LearningTable.objects.bulk_create(
        LearningTable(session=table_session, theme=theme, host=host, room=f"Zaal {index + 2}")
        for index, (theme, host) in enumerate(zip(UPCOMING_THEMES, hosts, strict=True))
    )
    chosen_regions = rng.sample(list(regions), k=min(6, len(regions)))
    people = [person for region in chosen_regions for person in workers[region.pk]]
    rows = []
    for person in people[:14]:
        created = min(_moment(today - dt.timedelta(days=rng.randint(0, 12)), rng, tz), now)
        row = _registration(day, person, rng, created)
        row.first_choice, row.second_choice, row.third_choice = rng.sample(tables, k=3)
        rows.append(row)
    Registration.objects.bulk_create(rows)
    return len(rows)
