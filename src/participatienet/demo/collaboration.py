"""Demo waves of the collaboration scan: three waves in six regions, each region with a story.

``seed_scans`` needs the regions (migrations) and, for realistic invitees, the organisations,
contact points and staff of ``demo.generator.seed``; it works on an empty network too (the
invitees then get made-up addresses). Waves open 12 and 6 months before ``now`` and recently;
the regions' stories:

- **Kempen**: ownership grows, from a network leaning on its coordinator (2.3) to partners who
  take turns leading (3.8).
- **Gent**: AgII and the local governments see roles and information exchange differently
  (more than a point apart); its latest wave is still open, so the live response rate and the
  reminders can be tried.
- **Westhoek**: energy is low and falling, and results with it.
- **Limburg, Regio Brugge, Waasland**: steadier networks, a little better each time.

The two coordinators of a region are a group too small to show; a few "other" invitees always
answer with them, so the two small groups are shown together and no larger group has to be
hidden to protect them.

Everything is written with ``bulk_create``; only ``rng`` drives the choices (the responses'
random ids too), so the same seed gives the same data. ``reset_scans`` deletes all waves, and
before them the action plans and milestones (``reset_plans``).

``seed_plans`` (run after ``seed_scans``, and after the network and its offers exist) gives each
of these regions two action plans through the services: last year's (closed) and this year's
(active), the lead taking turns from one partner to the next. This year's plan has goals tied to
measures (some met, some not, the targets chosen around the region's figures) and goals in
words, and actions in all three statuses with owners among the region's organisations, some of
them overdue. Milestones (highs, lows and turning points, in Dutch) tell each region's story
beside its waves. ``reset_plans`` deletes plans, goals, actions and milestones; call it (or
``reset_scans``) before deleting organisations.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from participatienet.accounts.choices import Role
from participatienet.accounts.models import LinkToken, Membership
from participatienet.collaboration import plan_services, services
from participatienet.collaboration.choices import StakeholderGroup as G
from participatienet.collaboration.choices import VersionStatus, WaveStatus
from participatienet.collaboration.goal_measures import RegionFacts
from participatienet.collaboration.models import (
    Action,
    ActionPlan,
    Answer,
    Dimension,
    Goal,
    Invitation,
    Milestone,
    OpenAnswer,
    Response,
    ScanVersion,
    Wave,
)
from participatienet.collaboration.selectors import group_of_organisation
from participatienet.network.models import ContactPoint, Organisation
from participatienet.regions.models import Municipality, Region

#: The regions with waves, and their story.
STORIES: dict[str, str] = {
    "kempen": "ownership_grows",
    "gent": "agii_and_local_disagree",
    "westhoek": "low_energy",
    "limburg": "steady",
    "regio-brugge": "steady",
    "waasland": "steady",
}
#: Days before ``now`` that each wave opened; it stays open ``WAVE_DAYS`` days.
WAVE_STARTS = (365, 182, 24)
WAVE_DAYS = 21
#: Gent's latest wave is still open: it opened this many days ago.
OPEN_WAVE_STARTED = 9
OPEN_WAVE_REGION = "gent"
#: Invitees per group (inclusive bounds).
GROUP_SIZES = {
    G.PARTNER: (10, 16),
    G.LOCAL_GOVERNMENT: (5, 8),
    G.AGII: (4, 6),
    G.COORDINATION: (2, 2),
    G.OTHER: (2, 3),
}
BATCH = 1000

#: Mean answer per dimension in a network doing "fine" (the stories move away from these).
BASE = {
    "shared_ambition": 3.4,
    "interests_roles": 3.0,
    "ownership": 2.9,
    "communication": 3.2,
    "trust_empathy": 3.6,
    "newcomer_focus": 3.5,
    "energy": 3.4,
    "results": 3.1,
}
#: How each group tends to answer, whatever the region.
GROUP_TONE = {G.PARTNER: -0.1, G.LOCAL_GOVERNMENT: 0.0, G.AGII: 0.0, G.COORDINATION: 0.3}

OPEN_TEXTS = {
    "shared_ambition": [
        "Elke nieuwkomer een plek waar hij zich welkom voelt.",
        "Samen een divers aanbod in elke gemeente, niet alleen in de stad.",
        "Dat we weten waarom we dit doen, ook als het druk is.",
    ],
    "interests_roles": [
        "Wie volgt op als een aanbodpartner afhaakt?",
        "Wat het Agentschap doet en wat de gemeente doet, loopt soms door elkaar.",
        "De rol van de integratiecoach is niet voor iedereen duidelijk.",
    ],
    "ownership": [
        "We kunnen om beurten het overleg voorzitten.",
        "Onze club wil een infomoment voor nieuwe vrijwilligers trekken.",
        "Nu hangt veel af van de netwerkcoach.",
    ],
    "communication": [
        "Een vaste contactpersoon per gemeente.",
        "Sneller horen wanneer een nieuwkomer start.",
        "Minder mails, meer even bellen.",
    ],
    "trust_empathy": [
        "Elkaar eens bezoeken op de werkvloer.",
        "Open zeggen wanneer iets niet lukt, zonder schuldige te zoeken.",
    ],
    "newcomer_focus": [
        "Kinderopvang tijdens de activiteiten.",
        "Meer aanbod 's avonds en in het weekend.",
        "Nieuwkomers zelf eens uitnodigen op het overleg.",
    ],
    "energy": [
        "De kookavond met drie partners samen.",
        "De uitwisseling met een andere regio gaf nieuwe ideeën.",
        "Het overleg voelt soms als een verplichting.",
    ],
    "results": [
        "Twee nieuwe sportclubs doen mee.",
        "Nieuwkomers die na hun traject vrijwilliger blijven.",
        "Meer deelnames buiten de centrumstad.",
    ],
}


def _story_mean(story: str, key: str, group: str, wave: int) -> float:
    """The mean answer of ``group`` on dimension ``key`` in wave 0, 1 or 2 of ``story``."""
    mean = BASE.get(key, 3.2) + GROUP_TONE.get(group, 0.0) + 0.08 * wave
    if story == "ownership_grows":
        if key == "ownership":
            mean = (2.3, 3.0, 3.8)[wave] + GROUP_TONE.get(group, 0.0) / 2
        elif key in ("shared_ambition", "energy"):
            mean += 0.15 * wave
    elif story == "agii_and_local_disagree":
        if key in ("interests_roles", "communication"):
            mean = {G.AGII: 2.1, G.LOCAL_GOVERNMENT: 3.7}.get(group, 3.0) + 0.05 * wave
        elif key == "trust_empathy":
            mean = {G.AGII: 2.9, G.LOCAL_GOVERNMENT: 3.6}.get(group, 3.5)
    elif story == "low_energy":
        if key == "energy":
            mean = (2.8, 2.4, 2.0)[wave] + GROUP_TONE.get(group, 0.0)
        elif key == "results":
            mean = (3.0, 2.8, 2.5)[wave]
    return mean


@dataclass
class _Invitee:
    email: str
    group: str


def _people(region: Region) -> dict[str, list[str]]:
    """E-mail addresses of the region's people per group (staff first, then contact points)."""
    found: dict[str, list[str]] = {group: [] for group in GROUP_SIZES}
    seen: set[str] = set()
    roles = {
        Role.COORDINATOR: G.COORDINATION,
        Role.COUNSELLOR: G.AGII,
        Role.LOCAL_WORKER: G.LOCAL_GOVERNMENT,
    }
    for role, email in (
        Membership.objects.current()
        .filter(region=region, role__in=list(roles))
        .order_by("pk")
        .values_list("role", "user__email")
    ):
        if email.lower() not in seen:
            seen.add(email.lower())
            found[roles[role]].append(email.lower())
    for kind, email in (
        ContactPoint.objects.filter(organisation__region=region)
        .exclude(email="")
        .order_by("pk")
        .values_list("organisation__kind", "email")
    ):
        if email.lower() not in seen:
            seen.add(email.lower())
            found.setdefault(group_of_organisation(kind), []).append(email.lower())
    return found


def _invitees(region: Region, rng: random.Random) -> list[_Invitee]:
    people = _people(region)
    chosen = []
    for group, (low, high) in GROUP_SIZES.items():
        size = rng.randint(low, high)
        emails = list(people.get(group, []))
        rng.shuffle(emails)
        emails = emails[:size]
        while len(emails) < size:
            emails.append(f"scan-{group}-{len(emails) + 1}@{region.slug}.participatienet.demo")
        chosen += [_Invitee(email=email, group=group) for email in emails]
    return chosen


def _season(day: dt.date) -> str:
    return "voorjaar" if day.month <= 6 else "najaar"


def _score(rng: random.Random, mean: float) -> int:
    return max(1, min(5, round(rng.gauss(mean, 0.65))))


@dataclass
class _Rows:
    responses: list[Response]
    answers: list[Answer]
    open_answers: list[OpenAnswer]


def _respond(
    *,
    wave: Wave,
    invitation: Invitation,
    story: str,
    index: int,
    dimensions: list[Dimension],
    rng: random.Random,
    rows: _Rows,
    submitted: bool,
) -> None:
    response = Response(
        id=uuid.UUID(int=rng.getrandbits(128), version=4),
        wave=wave,
        group=invitation.group,
        key=services.response_key(invitation.pk),
        submitted=submitted,
    )
    rows.responses.append(response)
    bias = rng.gauss(0, 0.35)
    writes = rng.random() < 0.3
    for number, dimension in enumerate(dimensions):
        if not submitted and number >= 3:
            break  # a draft: the first dimensions only
        mean = _story_mean(story, dimension.key, invitation.group, index) + bias
        dont_know = 0.14 if invitation.group == G.PARTNER and dimension.key == "results" else 0.05
        for statement in dimension.statements.all():
            score = None if rng.random() < dont_know else _score(rng, mean)
            rows.answers.append(Answer(response=response, statement=statement, score=score))
        question = getattr(dimension, "open_question", None)
        texts = OPEN_TEXTS.get(dimension.key)
        if writes and question is not None and texts and rng.random() < 0.35:
            rows.open_answers.append(
                OpenAnswer(response=response, question=question, text=rng.choice(texts))
            )


def _coordinator_id(region: Region) -> int | None:
    return (
        Membership.objects.current()
        .filter(region=region, role=Role.COORDINATOR)
        .order_by("pk")
        .values_list("user_id", flat=True)
        .first()
    )


@transaction.atomic
def seed_scans(*, rng: random.Random, now: dt.datetime) -> int:
    """Three waves with answers in each region of ``STORIES``; returns the number of waves."""
    version = ScanVersion.objects.filter(status=VersionStatus.PUBLISHED).first()
    if version is None:
        raise RuntimeError("No published version of the scan; run the migrations first.")
    dimensions = services.questionnaire(version)
    today = now.date()
    regions = Region.objects.in_bulk(list(STORIES), field_name="slug")
    created = 0
    for slug, story in STORIES.items():
        region = regions.get(slug)
        if region is None:
            continue
        coordinator = _coordinator_id(region)
        for index, days_ago in enumerate(WAVE_STARTS):
            still_open = slug == OPEN_WAVE_REGION and index == len(WAVE_STARTS) - 1
            opens_on = today - dt.timedelta(days=OPEN_WAVE_STARTED if still_open else days_ago)
            closes_on = opens_on + dt.timedelta(days=WAVE_DAYS)
            wave = Wave.objects.create(
                region=region,
                version=version,
                title=f"Samenwerkingsscan {region.name}, {_season(opens_on)} {opens_on.year}",
                opens_on=opens_on,
                closes_on=closes_on,
                status=WaveStatus.OPEN if still_open else WaveStatus.CLOSED,
                created_by_id=coordinator,
                created_at=now - dt.timedelta(days=(today - opens_on).days),
                closed_at=None if still_open else now - dt.timedelta(days=(today - closes_on).days),
            )
            created += 1
            _seed_wave(wave, region, story, index, still_open, dimensions, rng, now)
    return created


def _seed_wave(
    wave: Wave,
    region: Region,
    story: str,
    index: int,
    still_open: bool,
    dimensions: list[Dimension],
    rng: random.Random,
    now: dt.datetime,
) -> None:
    sent_at = now - dt.timedelta(days=(now.date() - wave.opens_on).days)
    invitations = Invitation.objects.bulk_create(
        Invitation(
            wave=wave,
            group=invitee.group,
            # A closed wave keeps no addresses.
            email=invitee.email if still_open else "",
            created_at=sent_at,
            sent_at=sent_at,
        )
        for invitee in _invitees(region, rng)
    )
    if not invitations or invitations[0].pk is None:
        invitations = list(Invitation.objects.filter(wave=wave).order_by("pk"))
    rows = _Rows(responses=[], answers=[], open_answers=[])
    responded: list[int] = []
    by_group: dict[str, list[Invitation]] = {}
    for invitation in invitations:
        by_group.setdefault(invitation.group, []).append(invitation)
    for group, members in by_group.items():
        rate = rng.uniform(0.35, 0.55) if still_open else rng.uniform(0.6, 0.85)
        count = round(rate * len(members))
        if group in (G.AGII, G.LOCAL_GOVERNMENT):
            count = max(count, min(3, len(members)))  # enough to show them side by side
        elif group == G.COORDINATION:
            count = len(members)
        elif group == G.OTHER:
            # With the two coordinators, at least three together: no group is hidden twice.
            count = max(count, 1)
        answering = rng.sample(members, min(count, len(members)))
        for invitation in answering:
            _respond(
                wave=wave,
                invitation=invitation,
                story=story,
                index=index,
                dimensions=dimensions,
                rng=rng,
                rows=rows,
                submitted=True,
            )
            responded.append(invitation.pk)
        if still_open:
            waiting = [m for m in members if m not in answering]
            for invitation in rng.sample(waiting, min(len(waiting), 1)):
                _respond(
                    wave=wave,
                    invitation=invitation,
                    story=story,
                    index=index,
                    dimensions=dimensions,
                    rng=rng,
                    rows=rows,
                    submitted=False,
                )
    Response.objects.bulk_create(rows.responses, batch_size=BATCH)
    Answer.objects.bulk_create(rows.answers, batch_size=BATCH)
    OpenAnswer.objects.bulk_create(rows.open_answers, batch_size=BATCH)
    Invitation.objects.filter(pk__in=responded).update(responded=True)
    if still_open:
        reminded = now - dt.timedelta(days=2)
        Invitation.objects.filter(wave=wave, responded=False).update(
            reminded_at=reminded, reminders=1
        )


@transaction.atomic
def reset_scans() -> None:
    """Delete every wave with its invitations, answers and links (the versions stay), and
    before them every action plan and milestone (``reset_plans``)."""
    reset_plans()
    ids = [str(pk) for pk in Invitation.objects.values_list("pk", flat=True)]
    LinkToken.objects.filter(
        Q(purpose=services.PURPOSE) | Q(object_type="collaboration.invitation", object_id__in=ids)
    ).delete()
    OpenAnswer.objects.all().delete()
    Answer.objects.all().delete()
    Response.objects.all().delete()
    Invitation.objects.all().delete()
    Wave.objects.all().delete()


# --- Action plans, actions and milestones --------------------------------------------------------

#: Milestones per story: (days before now, kind, title, text, index of the wave it belongs to).
MILESTONES: dict[str, list[tuple[int, str, str, str, int | None]]] = {
    "ownership_grows": [
        (
            400,
            "low",
            "Alles hangt aan de netwerkcoach",
            "Op het overleg kwamen vooral vragen naar de coördinator; de partners wachtten af.",
            None,
        ),
        (
            335,
            "turning",
            "Scan toont: eigenaarschap is laag",
            "We bespraken de resultaten open en spraken af om beurtelings de kop te nemen, "
            "zoals een wielerploeg.",
            0,
        ),
        (
            250,
            "high",
            "Eerste overleg voorgezeten door een partner",
            "De bibliotheek trok het overleg; drie partners namen elk een actie op.",
            None,
        ),
        (
            150,
            "high",
            "Kookavond met drie partners samen",
            "Samen dingen doen gaf energie: twaalf nieuwkomers en evenveel vrijwilligers.",
            1,
        ),
        (
            5,
            "high",
            "Eigenaarschap duidelijk gestegen",
            "De derde scan bevestigt het: partners voelen zich mee-eigenaar van het netwerk.",
            2,
        ),
    ],
    "agii_and_local_disagree": [
        (
            380,
            "high",
            "Gezamenlijke startdag met Agentschap en stad",
            "Iedereen aan één tafel: een gedeelde ambitie op papier.",
            None,
        ),
        (
            330,
            "low",
            "Scan: Agentschap en lokale besturen zien de rollen anders",
            "Meer dan een punt verschil over wie wat doet. Dat benoemen was niet makkelijk.",
            0,
        ),
        (
            260,
            "low",
            "Dubbele aanmeldingen door onduidelijke doorverwijzing",
            "Twee nieuwkomers werden door twee diensten tegelijk doorverwezen.",
            None,
        ),
        (
            200,
            "turning",
            "Vaste contactpersoon per gemeente afgesproken",
            "Korte lijnen: elke gemeente heeft nu één aanspreekpunt voor het Agentschap.",
            None,
        ),
        (
            120,
            "high",
            "Infomoment voor nieuwe vrijwilligers",
            "Stad, Agentschap en vier clubs organiseerden het samen.",
            1,
        ),
    ],
    "low_energy": [
        (
            390,
            "high",
            "Startdag met vijfentwintig partners",
            "Veel goesting om samen te werken; iedereen schreef een idee op.",
            None,
        ),
        (
            300,
            "low",
            "Overleg verschoven, halve opkomst",
            "Het maandelijkse overleg voelt voor veel partners als een verplichting.",
            None,
        ),
        (
            170,
            "low",
            "Twee clubs haken af",
            "Te weinig nieuwkomers en te veel papierwerk, zeggen ze.",
            1,
        ),
        (
            30,
            "turning",
            "Minder vergaderen, meer samen doen",
            "We schrappen de helft van de overlegmomenten en plannen twee gezamenlijke "
            "activiteiten.",
            None,
        ),
        (
            8,
            "low",
            "Scan: energie gezakt",
            "De derde scan toont wat we voelden: de energie is laag. Tijd voor een pauze en een "
            "nieuwe start.",
            2,
        ),
    ],
    "steady": [
        (
            360,
            "turning",
            "Actieplan samen opgesteld",
            "Voor het eerst schreven de partners het actieplan mee, niet alleen de coördinatie.",
            0,
        ),
        (
            240,
            "high",
            "Nieuw aanbod in een kleine gemeente",
            "Een sportclub buiten de centrumstad verwelkomt nu ook nieuwkomers.",
            None,
        ),
        (
            140,
            "low",
            "Vrijwilligerstekort in de zomer",
            "Drie buddyprojecten lagen twee maanden stil.",
            None,
        ),
        (
            60,
            "high",
            "Uitwisseling met een andere regio",
            "Op de leerdag leerden we hoe een andere regio lokale clubs warm maakt.",
            None,
        ),
    ],
}

#: The action a milestone is about: (story, milestone number) -> action title.
MILESTONE_ACTIONS = {
    ("ownership_grows", 2): "Overleg om beurten voorzitten",
    ("ownership_grows", 3): "Kookavond met drie partners",
    ("agii_and_local_disagree", 3): "Lijst met contactpunten per gemeente",
    ("agii_and_local_disagree", 4): "Infomoment voor nieuwe vrijwilligers",
    ("low_energy", 3): "Bezoek bij een partner op de werkvloer",
    ("steady", 1): "Sportclubs in de kleinere gemeenten aanspreken",
}

#: Goals in words (no measure): (title, target text).
WORD_GOALS = [
    (
        "Elke gemeente heeft een vast contactpunt",
        "Een aanspreekpunt per gemeente, gekend bij alle partners",
    ),
    ("Feedback na elk traject", "Partners en nieuwkomers geven na elk traject feedback"),
    (
        "Aanbod buiten de gebruikelijke partners",
        "Drie nieuwe partners die nog nooit nieuwkomers ontvingen",
    ),
]

#: Actions: (title, description, goal index or None, scan dimension key).
ACTIONS = [
    (
        "Infomoment voor nieuwe vrijwilligers",
        "Samen met twee clubs, in de bibliotheek.",
        0,
        "energy",
    ),
    (
        "Overleg om beurten voorzitten",
        "Elke maand trekt een andere partner het overleg.",
        None,
        "ownership",
    ),
    (
        "Lijst met contactpunten per gemeente",
        "Bijhouden en delen met alle partners.",
        1,
        "communication",
    ),
    ("Kookavond met drie partners", "Nieuwkomers en vrijwilligers koken samen.", 0, "energy"),
    (
        "Sportclubs in de kleinere gemeenten aanspreken",
        "Langsgaan op hun bestuursvergadering.",
        2,
        "results",
    ),
    ("Feedbackformulier na elk traject", "Kort, in eenvoudig Nederlands.", 1, "newcomer_focus"),
    (
        "Afspraken over doorverwijzing op papier",
        "Wie doet wat, van aanmelding tot bewijs.",
        None,
        "interests_roles",
    ),
    (
        "Kinderopvang tijdens activiteiten regelen",
        "Met de lokale kinderopvang.",
        0,
        "newcomer_focus",
    ),
    ("Bezoek bij een partner op de werkvloer", "Elkaar beter leren kennen.", None, "trust_empathy"),
]
#: Status of the actions of this year's plan, in the order above (three statuses, some late).
ACTION_STATUSES = ["done", "doing", "todo", "done", "doing", "todo", "todo", "doing", "done"]


def _plan_organisations(region: Region, rng: random.Random) -> list:
    organisations = list(
        Organisation.objects.filter(region=region).exclude(stage="prospect").order_by("pk")
    )
    rng.shuffle(organisations)
    # Local governments and the AgII office first: they often take the lead.
    organisations.sort(key=lambda o: 0 if o.kind in ("local_government", "agii") else 1)
    return organisations


def _measured_goals(region: Region, story: str, plan, today: dt.date) -> list[dict]:
    """Goals tied to measures, with targets around the region's figures: some met, some not."""
    facts = RegionFacts(region, today=today, period=(plan.starts_on, plan.ends_on))
    goals = []
    dimension = {
        "ownership_grows": ("ownership", "3.5"),
        "agii_and_local_disagree": ("interests_roles", "3.5"),
        "low_energy": ("energy", "3"),
    }.get(story, ("shared_ambition", "3.5"))
    goals.append(
        {
            "title": "Partners voelen zich mee-eigenaar"
            if dimension[0] == "ownership"
            else "De samenwerking scoort beter in de scan",
            "measure": "scan_dimension",
            "dimension_key": dimension[0],
            "comparator": "gte",
            "target_value": Decimal(dimension[1]),
        }
    )
    by_municipality = facts.active_offers_by_municipality
    if by_municipality:
        municipality_id, count = max(by_municipality.items(), key=lambda item: (item[1], -item[0]))
        municipality = Municipality.objects.get(pk=municipality_id)
        goals.append(
            {
                "title": f"Genoeg actief aanbod in {municipality.name}",
                "measure": "active_offers_municipality",
                "municipality": municipality,
                "comparator": "gte",
                # Met in most regions, just out of reach where energy is low.
                "target_value": Decimal(count + (3 if story == "low_energy" else -1)),
            }
        )
    coverage = facts.coverage()
    if coverage is not None:
        goals.append(
            {
                "title": "Aanbod in (bijna) elke gemeente",
                "measure": "coverage",
                "comparator": "gte",
                "target_value": Decimal(min(100, round(coverage) + 15)),
            }
        )
    goals.append(
        {
            "title": "Niet alles bij de gebruikelijke partners",
            "measure": "top5_share",
            "comparator": "lte",
            "target_value": Decimal(60 if story == "ownership_grows" else 40),
        }
    )
    return goals


@transaction.atomic
def seed_plans(*, rng: random.Random, now: dt.datetime) -> int:
    """Two action plans with goals and actions, and the milestones, for each region of
    ``STORIES`` (run after ``seed_scans``); returns the number of plans."""
    today = now.date()
    regions = Region.objects.in_bulk(list(STORIES), field_name="slug")
    created = 0
    for slug, story in STORIES.items():
        region = regions.get(slug)
        if region is None:
            continue
        organisations = _plan_organisations(region, rng)
        leads = organisations[:3]
        previous = plan_services.create_plan(
            actor=None,
            region=region,
            title=f"Actieplan {region.name} {today.year - 1}",
            ambition="Elkaar leren kennen en een eerste gedeelde ambitie afspreken.",
            starts_on=dt.date(today.year - 1, 1, 1),
            ends_on=dt.date(today.year - 1, 12, 31),
            lead_organisation=leads[0] if leads else None,
            next_lead_organisation=leads[1] if len(leads) > 1 else None,
            status="closed",
        )
        current = plan_services.create_plan(
            actor=None,
            region=region,
            title=f"Actieplan {region.name} {today.year}",
            ambition="Een divers aanbod in elke gemeente, met partners die elk een stuk "
            "eigenaarschap opnemen.",
            starts_on=dt.date(today.year, 1, 1),
            ends_on=dt.date(today.year, 12, 31),
            lead_organisation=leads[1] if len(leads) > 1 else None,
            next_lead_organisation=leads[2] if len(leads) > 2 else None,
            status="active",
        )
        created += 2
        plan_services.add_goal(
            actor=None,
            plan=previous,
            title="Een gedeelde ambitie op papier",
            target="Alle partners ondertekenen de ambitie",
            due_on=dt.date(today.year - 1, 6, 30),
            status="reached",
        )
        goals: list[Goal] = []
        for index, (title, target) in enumerate(WORD_GOALS):
            goals.append(
                plan_services.add_goal(
                    actor=None,
                    plan=current,
                    title=title,
                    target=target,
                    due_on=dt.date(today.year, 3 + 3 * index, 28),
                    status="reached" if index == 0 and story != "low_energy" else "open",
                )
            )
        for values in _measured_goals(region, story, current, today):
            goals.append(
                plan_services.add_goal(
                    actor=None, plan=current, due_on=dt.date(today.year, 12, 31), **values
                )
            )
        if organisations:
            _seed_actions(current, organisations, goals, story, rng, today)
            _seed_actions(previous, organisations, [], story, rng, today, closed=True)
        waves = list(
            Wave.objects.filter(region=region)
            .order_by("opens_on", "pk")
            .values_list("pk", flat=True)
        )
        actions = {action.title: action for action in Action.objects.filter(plan=current)}
        for number, (days_ago, kind, title, text, wave_index) in enumerate(MILESTONES[story]):
            wave_id = (
                waves[wave_index] if wave_index is not None and wave_index < len(waves) else None
            )
            action = actions.get(MILESTONE_ACTIONS.get((story, number), ""))
            plan_services.add_milestone(
                actor=None,
                region=region,
                date=today - dt.timedelta(days=days_ago + rng.randint(0, 6)),
                kind=kind,
                title=title,
                text=text,
                wave=Wave.objects.get(pk=wave_id) if wave_id else None,
                action=action,
            )
    return created


def _seed_actions(plan, organisations, goals, story, rng, today, *, closed: bool = False) -> None:
    chosen = ACTIONS if not closed else ACTIONS[:4]
    statuses = ACTION_STATUSES if not closed else ["done", "done", "done", "todo"]
    for index, ((title, description, goal_index, key), status) in enumerate(
        zip(chosen, statuses, strict=False)
    ):
        owner = organisations[index % len(organisations)]
        if closed:
            due_on = plan.starts_on + dt.timedelta(days=60 + 70 * index)
        elif status == "done":
            due_on = max(plan.starts_on, today - dt.timedelta(days=rng.randint(10, 150)))
        elif status != "done" and (index % 3 == 1 or story == "low_energy"):
            # Late: due before today and not done (more of them where energy is low).
            due_on = max(plan.starts_on, today - dt.timedelta(days=rng.randint(5, 40)))
        else:
            due_on = today + dt.timedelta(days=rng.randint(10, 90))
            if due_on > plan.ends_on >= today:
                due_on = plan.ends_on
        action = plan_services.add_action(
            actor=None,
            plan=plan,
            title=title,
            description=description,
            owner=owner,
            lead_name=_lead_name(rng),
            due_on=due_on,
            status=status,
            goal=goals[goal_index] if goal_index is not None and goal_index < len(goals) else None,
            dimension_key=key,
            today=today,
        )
        if status == "done":
            done_on = min(today, due_on - dt.timedelta(days=rng.randint(0, 10)))
            Action.objects.filter(pk=action.pk).update(done_on=done_on)


LEAD_NAMES = [
    "Sara Claes",
    "Tom Peeters",
    "Nadia El Amrani",
    "Jonas De Smet",
    "Fatma Yilmaz",
    "Lies Janssens",
    "Pieter Van den Broeck",
    "Amina Diallo",
]


def _lead_name(rng: random.Random) -> str:
    return rng.choice(LEAD_NAMES)


@transaction.atomic
def reset_plans() -> None:
    """Delete every milestone, action, goal and action plan (before organisations go)."""
    Milestone.objects.all().delete()
    Action.objects.all().delete()
    Goal.objects.all().delete()
    ActionPlan.objects.all().delete()
