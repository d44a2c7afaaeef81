"""The demo network of one region: roles, stages, join dates, declared ties, joint offers and
the growth board (contact moments, stage changes and next steps).

Each region follows a profile, so the network measures differ the way a coordinator would
recognise them:

* ``centralised`` (Gent): the AgII office, where the region's coordinators work, is tied to
  nearly every partner, and partners hardly know each other: a star with one "superman" at the
  wheel (high degree centralisation and coordinator tie share, low density);
* ``spread`` (Kempen): partners work together in every municipality, neighbouring local
  governments have agreements, several core partners reach across the region and clubs run
  offers together: ownership spread over partners (low coordinator tie share, higher density);
* ``growing`` (Westhoek): a young network that many organisations joined in the last three
  quarters, with a full pipeline of prospects and engaged organisations, their contact moments
  and next steps (some overdue);
* ``moderate`` (every other region): a mix of the above.

Everything is planned from the region's saved organisations, offers and participations: a join
date never comes after an organisation's first validated offer or first participation, and
prospects and engaged organisations have no validated offer and no participation (yet). Only
the ``rng`` passed in drives the choices, and organisations are walked in a fixed order.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from participatienet.accounts.models import User
from participatienet.demo.common import HISTORY_DAYS, Clock
from participatienet.demo.offers import VALIDATED_STATUSES, PlannedOffer
from participatienet.network.choices import (
    ContactChannel,
    NetworkRole,
    OrganisationKind,
    OrganisationStage,
    TieKind,
    mask_of_roles,
)
from participatienet.network.models import (
    ContactMoment,
    ContactPoint,
    Organisation,
    StageChange,
    Tie,
)
from participatienet.offers.choices import OfferStatus
from participatienet.offers.models import Offer
from participatienet.regions.models import Municipality
from participatienet.trajectories.models import Participation

BATCH_SIZE = 500

CENTRALISED = "centralised"
SPREAD = "spread"
GROWING = "growing"
MODERATE = "moderate"

#: The profiled regions; every other region is ``moderate``.
REGION_PROFILES: dict[str, str] = {"gent": CENTRALISED, "kempen": SPREAD, "westhoek": GROWING}

#: The network started this many days ago (inclusive bounds): the AgII office and the main
#: city's local government joined then.
FOUNDED_DAYS = (1300, 1800)
#: "Recently" for a growing network: the last three quarters.
RECENT_DAYS = 270
#: An organisation without a participation for this long, and without a live offer, may have
#: gone dormant.
QUIET_DAYS = 240


@dataclass(frozen=True)
class Profile:
    """How one kind of network is shaped. Shares are of all the region's organisations unless
    said otherwise."""

    prospects: float
    engaged: float
    dormant: float
    #: Share of the organisations without any activity (after the pipeline took its share)
    #: that joined in the last ``RECENT_DAYS`` days.
    recent: float
    #: Share of the organisations with a declared tie to the coordinating organisation.
    hub_ties: float
    #: Share of the organisations with a declared tie to their own local government.
    government_ties: float
    #: Expected declared ties of an organisation with others of its municipality.
    local_ties: float
    #: Declared ties of each local government to the nearest other local governments.
    neighbour_governments: int
    #: Core partners besides the AgII office and the main city, and the share of the
    #: organisations each of them has a declared tie to.
    core_partners: int
    core_reach: float
    #: Share of the live offers of fitting organisations that are run with a co-organiser.
    joint_offers: float
    #: The co-organiser is the coordinating organisation (else a neighbour of the offer's).
    joint_with_hub: bool = False
    #: Organisations joined at any time between the start of the network and their first
    #: activity (a young network's history stays thin), rather than shortly before it.
    spread_joins: bool = False
    min_prospects: int = 1
    min_engaged: int = 1


PROFILES: dict[str, Profile] = {
    CENTRALISED: Profile(
        prospects=0.03,
        engaged=0.015,
        dormant=0.04,
        recent=0.0,
        hub_ties=0.95,
        government_ties=0.05,
        local_ties=0.05,
        neighbour_governments=0,
        core_partners=0,
        core_reach=0.0,
        joint_offers=0.12,
        joint_with_hub=True,
        min_prospects=2,
    ),
    SPREAD: Profile(
        prospects=0.03,
        engaged=0.02,
        dormant=0.04,
        recent=0.0,
        hub_ties=0.0,
        government_ties=0.85,
        local_ties=3.0,
        neighbour_governments=3,
        core_partners=4,
        core_reach=0.18,
        joint_offers=0.3,
    ),
    GROWING: Profile(
        prospects=0.05,
        engaged=0.03,
        dormant=0.015,
        recent=0.95,
        hub_ties=0.45,
        government_ties=0.4,
        local_ties=0.8,
        neighbour_governments=1,
        core_partners=1,
        core_reach=0.1,
        joint_offers=0.08,
        spread_joins=True,
        min_prospects=4,
        min_engaged=2,
    ),
    MODERATE: Profile(
        prospects=0.03,
        engaged=0.02,
        dormant=0.06,
        recent=0.0,
        hub_ties=0.35,
        government_ties=0.5,
        local_ties=1.0,
        neighbour_governments=1,
        core_partners=2,
        core_reach=0.08,
        joint_offers=0.1,
    ),
}

R = NetworkRole
K = OrganisationKind
S = OrganisationStage

#: The roles every organisation of a kind holds.
BASE_ROLES: dict[str, tuple[NetworkRole, ...]] = {
    K.LOCAL_GOVERNMENT: (R.LOCAL_GOVERNMENT, R.REFERRER),
    K.AGII: (R.AGII, R.REFERRER, R.CORE_PARTNER),
    K.CLUB: (R.OFFER_PARTNER,),
    K.VOLUNTEER_ORGANISATION: (R.OFFER_PARTNER,),
    K.COMMUNITY_CENTRE: (R.OFFER_PARTNER, R.CORE_PARTNER),
    K.COMPANY: (R.OFFER_PARTNER,),
    K.SCHOOL: (R.OFFER_PARTNER,),
    K.WELFARE: (R.REFERRER,),
    K.OTHER: (R.OTHER,),
}
#: Extra roles some organisations of a kind hold: (role, chance).
EXTRA_ROLES: dict[str, tuple[tuple[NetworkRole, float], ...]] = {
    K.CLUB: ((R.AMBASSADOR, 0.12),),
    K.VOLUNTEER_ORGANISATION: ((R.AMBASSADOR, 0.15), (R.REFERRER, 0.2)),
    K.SCHOOL: ((R.REFERRER, 0.4),),
    K.WELFARE: ((R.OFFER_PARTNER, 0.5), (R.CORE_PARTNER, 0.15)),
    K.OTHER: ((R.OFFER_PARTNER, 0.4),),
}
#: Kinds that may become core partners besides AgII and the main city, most likely first.
CORE_KINDS = (K.COMMUNITY_CENTRE, K.WELFARE, K.VOLUNTEER_ORGANISATION, K.LOCAL_GOVERNMENT)
#: Kinds whose offers are run together with another organisation.
JOINT_KINDS = frozenset(
    {K.CLUB, K.VOLUNTEER_ORGANISATION, K.COMMUNITY_CENTRE, K.WELFARE, K.OTHER, K.SCHOOL}
)
#: Kinds that run offers together with them.
CO_ORGANISER_KINDS = frozenset(
    {
        K.VOLUNTEER_ORGANISATION,
        K.CLUB,
        K.COMMUNITY_CENTRE,
        K.WELFARE,
        K.LOCAL_GOVERNMENT,
        K.OTHER,
        K.SCHOOL,
    }
)

#: Strength weights (1, 2, 3) per kind of tie.
STRENGTH_WEIGHTS: dict[str, tuple[int, int, int]] = {
    TieKind.REFERRALS: (4, 4, 2),
    TieKind.JOINT_OFFER: (2, 5, 3),
    TieKind.INFORMATION_EXCHANGE: (5, 4, 1),
    TieKind.SHARED_RESOURCES: (3, 4, 3),
    TieKind.FORMAL_AGREEMENT: (1, 4, 5),
}
TIE_NOTES: dict[str, tuple[str, ...]] = {
    TieKind.REFERRALS: (
        "Verwijzen nieuwkomers naar elkaar door.",
        "Vaste contactpersoon voor doorverwijzingen; korte lijn via telefoon.",
        "Sturen nieuwkomers door die een sportclub of vrijwilligerswerk zoeken.",
    ),
    TieKind.JOINT_OFFER: (
        "Organiseren samen een taalcafé.",
        "Samen een zomerwerking met plaatsen voor nieuwkomers.",
        "Werken samen aan een doe-dag voor nieuwkomers en buurtbewoners.",
    ),
    TieKind.INFORMATION_EXCHANGE: (
        "Maandelijks overleg over nieuwe deelnemers.",
        "Wisselen info uit via de groepschat van het netwerk.",
        "Houden elkaar op de hoogte van nieuw aanbod in de gemeente.",
    ),
    TieKind.SHARED_RESOURCES: (
        "Delen een lokaal in het buurthuis.",
        "Lenen materiaal en vrijwilligers aan elkaar uit.",
        "Gebruiken samen de zaal en de keuken op woensdag.",
    ),
    TieKind.FORMAL_AGREEMENT: (
        "Samenwerkingsovereenkomst voor het participatie- en netwerktraject.",
        "Convenant rond lokale integratie, jaarlijks geëvalueerd.",
        "Engagementsverklaring ondertekend op het netwerkoverleg.",
    ),
}
NOTE_SHARE = 0.3

P, E, V, M = (
    ContactChannel.PHONE,
    ContactChannel.EMAIL,
    ContactChannel.VISIT,
    ContactChannel.MEETING,
)
#: What coordinators write down at each step of the growth board, with how the contact went
#: ({person}, {org}, {place} are filled in).
FIRST_CONTACT: tuple[tuple[str, str], ...] = (
    (
        P,
        "Eerste contact met {person}. {org} wil weten wat het participatietraject inhoudt; "
        "infofiche gemaild.",
    ),
    (
        V,
        "Kort gesprek met {person} op de markt in {place}. Interesse, maar ze willen eerst weten "
        "hoeveel tijd het vraagt.",
    ),
    (
        E,
        "{person} werd getipt door een andere partner en mailde zelf. Positief over nieuwkomers "
        "in de werking, vraagt hoe het zit met de verzekering.",
    ),
    (
        P,
        "Telefonisch kennisgemaakt met {person}. Ze hadden al eens een nieuwkomer over de vloer "
        "en staan open voor meer.",
    ),
    (M, "Op het netwerkoverleg in {place} aangesproken door {person}: ze zoeken nieuwe leden."),
)
ENGAGING: tuple[tuple[str, str], ...] = (
    (
        V,
        "Bezoek ter plaatse bij {person}: samen gekeken welke activiteiten open kunnen voor "
        "nieuwkomers. Ze bespreken het intern.",
    ),
    (
        M,
        "Overleg met {person} over de begeleiding: er is een vaste vrijwilliger die nieuwkomers "
        "wil opvangen.",
    ),
    (M, "{person} was op het netwerkoverleg en wil meedoen. Vraag: kan het ook op zaterdag?"),
    (P, "Gesprek met {person} over taal: iedereen spreekt Nederlands, geduld is er genoeg."),
)
FOLLOW_UP: tuple[tuple[str, str], ...] = (
    (E, "Herinnering gestuurd; {person} belt terug na de vakantie."),
    (P, "Geen antwoord op de mail van vorige week, nu telefonisch geprobeerd: terugbellen."),
    (P, "{person} vraagt nog wat bedenktijd; er is volgende maand intern overleg."),
    (E, "Infofiche opnieuw bezorgd, nu ook in een korte versie voor de vrijwilligers."),
)
JOINING: tuple[tuple[str, str], ...] = (
    (M, "Samenwerking bevestigd met {person}. Het eerste aanbod wordt deze maand ingevoerd."),
    (E, "Afspraken rond en doorgestuurd. {org} is nu partner van het netwerk."),
    (E, "Ondertekende engagementsverklaring ontvangen van {person}."),
)
GOING_QUIET: tuple[tuple[str, str], ...] = (
    (
        E,
        "Al maanden geen reactie op mails. {person} is er niet meer actief; nieuwe contactpersoon "
        "zoeken.",
    ),
    (P, "{org} legt de werking voorlopig stil door een tekort aan vrijwilligers."),
    (V, "Gesprek met {person}: dit seizoen geen ruimte om nieuwkomers te begeleiden."),
)
PROSPECT_STEPS = (
    "Kennismakingsgesprek inplannen",
    "Infofiche over het participatietraject mailen",
    "Opbellen na de bestuursvergadering",
    "Uitnodigen voor het volgende netwerkoverleg",
    "Via de gemeente de juiste contactpersoon vragen",
    "Langsgaan op de opendeurdag",
)
ENGAGED_STEPS = (
    "Samen het eerste aanbod invullen",
    "Afspraken over de begeleiding van nieuwkomers op papier zetten",
    "Proefdag voor twee nieuwkomers plannen",
    "Contactpersoon uitleggen hoe uren bevestigen werkt",
    "Terugkoppelen na overleg met de vrijwilligers",
)
NEW_PARTNER_STEPS = (
    "Eerste ervaringen bespreken na vier weken",
    "Voorstellen op het volgende netwerkoverleg",
    "Tweede aanbod bespreken",
)
DORMANT_STEPS = (
    "Opnieuw bellen: is er een nieuwe contactpersoon?",
    "Langsgaan om te horen wat er speelt",
)


@dataclass
class NetworkPlan:
    """Unsaved rows of one region's network; the organisations are saved and get updated."""

    organisations: list[Organisation]
    moments: list[ContactMoment] = field(default_factory=list)
    changes: list[StageChange] = field(default_factory=list)
    ties: list[Tie] = field(default_factory=list)
    co_organisers: list[tuple[int, int]] = field(default_factory=list)  # (offer, organisation)


def profile_of(region_slug: str) -> str:
    return REGION_PROFILES.get(region_slug, MODERATE)


def plan_network(
    *,
    region_slug: str,
    organisations: Sequence[tuple[Organisation, Sequence[ContactPoint]]],
    municipalities: Sequence[Municipality],
    neighbours: dict[int, list[int]],
    coordinating: Organisation,
    main_government: Organisation,
    keep_active: Sequence[Organisation],
    offers: Sequence[PlannedOffer],
    participations: Sequence[Participation],
    coordinators: Sequence[User],
    clock: Clock,
    rng: random.Random,
    demo_coordinator: User | None = None,
) -> NetworkPlan:
    """Roles, stage, join date and next step of every (saved) organisation of one region, and
    its contact moments, stage changes, declared ties and co-organised offers (unsaved).

    ``coordinating`` is where the coordinators work; ``keep_active`` organisations (the demo
    partner's) stay active; ``offers`` and ``participations`` are the region's saved rows.
    ``coordinators`` make the contacts and own the next steps; ``demo_coordinator`` (one of
    them) owns about half the next steps, so the demo account's own filter shows some.
    """
    planner = _Planner(
        profile=PROFILES[profile_of(region_slug)],
        organisations=organisations,
        places={municipality.pk: municipality.name for municipality in municipalities},
        neighbours=neighbours,
        hub=coordinating,
        main_government=main_government,
        keep_active={organisation.pk for organisation in keep_active},
        coordinators=list(coordinators),
        demo_owner=demo_coordinator,
        clock=clock,
        rng=rng,
    )
    planner.read_activity(offers, participations)
    planner.assign_roles()
    planner.assign_stages()
    planner.assign_join_dates()
    planner.write_history()
    planner.declare_ties()
    planner.run_offers_together(offers)
    return planner.plan


def save_network(plan: NetworkPlan) -> None:
    """Write the plan in bulk: the organisations' network fields, then the new rows."""
    _update_organisations(plan.organisations)
    ContactMoment.objects.bulk_create(plan.moments, batch_size=BATCH_SIZE)
    if plan.moments and plan.moments[-1].pk is None:  # pragma: no cover - every backend
        raise RuntimeError("The database did not return the keys of new contact moments.")
    StageChange.objects.bulk_create(plan.changes, batch_size=BATCH_SIZE)
    Tie.objects.bulk_create(plan.ties, batch_size=BATCH_SIZE)
    through = Offer.co_organisers.through
    through.objects.bulk_create(
        [through(offer_id=offer, organisation_id=org) for offer, org in plan.co_organisers],
        batch_size=BATCH_SIZE,
    )


#: The organisation fields the plan fills in.
NETWORK_FIELDS = (
    "roles_mask",
    "stage",
    "joined_on",
    "next_step",
    "next_step_due",
    "next_step_owner",
)


def _update_organisations(organisations: Sequence[Organisation]) -> None:
    """One UPDATE per organisation, sent with ``executemany``: ``bulk_update`` builds a CASE
    per field and row, which takes seconds for the 3,000 organisations of a full seed."""
    if not organisations:
        return
    meta, quote = Organisation._meta, connection.ops.quote_name
    fields = [meta.get_field(name) for name in NETWORK_FIELDS]
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    table, key = quote(meta.db_table), quote(meta.pk.column)
    # Only quoted names of our own model go into the text; the values are parameters.
    sql = f"UPDATE {table} SET {assignments} WHERE {key} = %s"  # noqa: S608
    rows = [
        [f.get_db_prep_save(getattr(o, f.attname), connection) for f in fields] + [o.pk]
        for o in organisations
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


class _Planner:
    def __init__(
        self,
        *,
        profile: Profile,
        organisations: Sequence[tuple[Organisation, Sequence[ContactPoint]]],
        places: dict[int, str],
        neighbours: dict[int, list[int]],
        hub: Organisation,
        main_government: Organisation,
        keep_active: set[int],
        coordinators: list[User],
        demo_owner: User | None,
        clock: Clock,
        rng: random.Random,
    ) -> None:
        self.profile = profile
        self.organisations = [organisation for organisation, _ in organisations]
        self.contacts = {
            organisation.pk: list(contacts) for organisation, contacts in organisations
        }
        self.by_pk = {organisation.pk: organisation for organisation in self.organisations}
        self.places = places
        self.neighbours = neighbours
        self.hub = hub
        self.main_government = main_government
        self.protected = {hub.pk, main_government.pk, *keep_active}
        self.coordinators = coordinators
        self.clock = clock
        self.rng = rng
        self.today = clock.day
        self.plan = NetworkPlan(organisations=self.organisations)
        self.first_active: dict[int, int] = {}
        self.last_participation: dict[int, int] = {}
        self.live_offer: set[int] = set()
        self.pending_offer: set[int] = set()
        self.recent: set[int] = set()
        self.joined: dict[int, int] = {}
        self.engaged_on: dict[int, int] = {}
        self.founded = self.today
        self.has_overdue = False
        self.demo_owner = demo_owner
        self.demo_owns = False
        self.pairs: set[tuple[int, int]] = set()
        self.ambassadors: list[Organisation] = []

    # --- reading what happened ------------------------------------------------------------

    def _day(self, moment: dt.datetime) -> int:
        return timezone.localtime(moment, self.clock.tz).date().toordinal()

    def read_activity(
        self, offers: Sequence[PlannedOffer], participations: Sequence[Participation]
    ) -> None:
        """First validated offer or participation, last participation, live and pending offers
        of each organisation."""
        first = self.first_active
        for planned in offers:
            offer = planned.offer
            owner = offer.organisation_id
            if offer.status in VALIDATED_STATUSES and offer.validated_at is not None:
                day = self._day(offer.validated_at)
                first[owner] = min(first.get(owner, day), day)
            if offer.status in (OfferStatus.ACTIVE, OfferStatus.VALIDATED):
                self.live_offer.add(owner)
            elif offer.status in (OfferStatus.DRAFT, OfferStatus.SUBMITTED):
                self.pending_offer.add(owner)
        for participation in participations:
            host = participation.organisation_id
            if host is None or host not in self.by_pk:
                continue
            day = self._day(participation.created_at)
            first[host] = min(first.get(host, day), day)
            self.last_participation[host] = max(self.last_participation.get(host, day), day)

    # --- roles and stages -----------------------------------------------------------------

    def assign_roles(self) -> None:
        rng = self.rng
        with_offers = self.live_offer | self.pending_offer | set(self.first_active)
        for organisation in self.organisations:
            roles = set(BASE_ROLES[organisation.kind])
            for role, chance in EXTRA_ROLES.get(organisation.kind, ()):
                if rng.random() < chance:
                    roles.add(role)
            if organisation.pk in with_offers:
                roles.add(R.OFFER_PARTNER)
            if organisation.pk == self.main_government.pk:
                roles.add(R.CORE_PARTNER)
            organisation.roles_mask = mask_of_roles(roles)
            if R.AMBASSADOR in roles and self.contacts[organisation.pk]:
                self.ambassadors.append(organisation)

    def assign_stages(self) -> None:
        """Prospects and engaged organisations among those without any activity, dormant ones
        among the quiet, recent joiners (a growing network) among the rest; active otherwise."""
        profile, rng, n = self.profile, self.rng, len(self.organisations)
        for organisation in self.organisations:
            organisation.stage = S.ACTIVE
        pool = [
            o
            for o in self.organisations
            if o.pk not in self.first_active and o.pk not in self.protected
        ]
        rng.shuffle(pool)
        prospects = min(len(pool), max(profile.min_prospects, round(n * profile.prospects)))
        engaged = min(len(pool) - prospects, max(profile.min_engaged, round(n * profile.engaged)))
        # A draft or submitted offer fits an organisation that is talking with the network.
        pending = [o for o in pool if o.pk in self.pending_offer]
        plain = [o for o in pool if o.pk not in self.pending_offer]
        chosen_engaged = (pending + plain)[:engaged]
        for organisation in chosen_engaged:
            organisation.stage = S.ENGAGED
        rest = [o for o in plain + pending if o.stage == S.ACTIVE]
        for organisation in rest[:prospects]:
            organisation.stage = S.PROSPECT
        idle = [o for o in pool if o.stage == S.ACTIVE]

        if profile.recent:
            since = self.today - RECENT_DAYS
            for organisation in idle:
                if rng.random() < profile.recent:
                    self.recent.add(organisation.pk)
            for organisation in self.organisations:
                first = self.first_active.get(organisation.pk)
                if organisation.pk not in self.protected and first is not None and first > since:
                    self.recent.add(organisation.pk)

        quiet_since = self.today - QUIET_DAYS
        quiet = [
            o
            for o in self.organisations
            if o.stage == S.ACTIVE
            and o.pk not in self.protected
            and o.pk not in self.recent
            and o.pk not in self.live_offer
            and self.last_participation.get(o.pk, 0) < quiet_since
        ]
        dormant = min(len(quiet), max(1, round(n * profile.dormant)))
        for organisation in rng.sample(quiet, dormant):
            organisation.stage = S.DORMANT

    def assign_join_dates(self) -> None:
        """The network started ``FOUNDED_DAYS`` ago with the AgII office and the main city;
        others joined before their first validated offer or participation (usually shortly
        before), recent joiners in the last three quarters, more of them lately."""
        rng, today = self.rng, self.today
        founded = today - rng.randint(*FOUNDED_DAYS)
        self.founded = founded
        # Recent joiners without activity yet: spread in strata over the recent days, more of
        # them lately, so even a handful shows the rise.
        fresh = [
            o.pk
            for o in self.organisations
            if o.pk in self.recent and o.pk not in self.first_active and o.stage == S.ACTIVE
        ]
        rng.shuffle(fresh)
        newest = {
            pk: today - 1 - int((RECENT_DAYS - 2) * ((index + rng.random()) / len(fresh)) ** 2.2)
            for index, pk in enumerate(fresh)
        }
        for organisation in self.organisations:
            pk = organisation.pk
            if organisation.stage in (S.PROSPECT, S.ENGAGED):
                organisation.joined_on = None
                continue
            first = self.first_active.get(pk)
            if pk in (self.hub.pk, self.main_government.pk):
                day = founded
            elif pk in newest:
                day = newest[pk]
            elif pk in self.recent:
                day = rng.randint(max(today - RECENT_DAYS, first - 45), first)
            elif first is not None and first <= founded:
                day = first
            elif first is not None and self.profile.spread_joins:
                day = founded + int((first - founded) * rng.random())
            elif first is not None:
                day = max(founded, first - int(rng.expovariate(1 / 90)))
            elif organisation.stage == S.DORMANT:
                day = founded + int((today - 400 - founded) * rng.random())
            else:
                day = founded + int((today - 30 - founded) * rng.random() ** 0.8)
            day = min(day, today - 1)
            self.joined[pk] = day
            organisation.joined_on = self.clock.date(day)

    # --- the growth board: contact moments, stage changes, next steps ---------------------

    def _person(self, organisation: Organisation) -> str:
        contacts = self.contacts.get(organisation.pk) or []
        return contacts[0].name if contacts else "de contactpersoon"

    def _text(self, template: str, organisation: Organisation) -> str:
        text = template.format(
            person=self._person(organisation),
            org=organisation.name,
            place=self.places.get(organisation.municipality_id, ""),
        )
        # "de contactpersoon" may open a sentence.
        return (text[:1].upper() + text[1:]).replace(". de ", ". De ")

    def _worker(self) -> User | None:
        return self.rng.choice(self.coordinators) if self.coordinators else None

    def _moment(
        self, organisation: Organisation, day: int, templates: Sequence[tuple[str, str]]
    ) -> ContactMoment:
        """A contact moment by a coordinator, now and then by an ambassador (no account)."""
        rng = self.rng
        channel, template = rng.choice(templates)
        worker = self._worker()
        ambassadors = [
            a
            for a in self.ambassadors
            if a.pk != organisation.pk and a.stage == S.ACTIVE and a.pk in self.joined
        ]
        if ambassadors and rng.random() < 0.12:
            ambassador = rng.choice(ambassadors)
            contacted_by = None
            name = f"{self._person(ambassador)} (ambassadeur, {ambassador.name})"[:150]
        else:
            contacted_by = worker
            name = worker.full_name if worker is not None else "Netwerkcoach"
        moment = ContactMoment(
            organisation=organisation,
            contacted_on=self.clock.date(day),
            contacted_by=contacted_by,
            contacted_by_name=name,
            channel=channel,
            summary=self._text(template, organisation),
            recorded_by=worker,
        )
        self.plan.moments.append(moment)
        return moment

    def _change(
        self,
        organisation: Organisation,
        from_stage: str,
        to_stage: str,
        day: int,
        moment: ContactMoment | None = None,
        by: User | None = None,
    ) -> None:
        if moment is not None:
            by = moment.recorded_by
        self.plan.changes.append(
            StageChange(
                organisation=organisation,
                from_stage=from_stage,
                to_stage=to_stage,
                changed_on=self.clock.date(day),
                changed_by=by,
                changed_by_name=by.full_name if by is not None else "",
                contact_moment=moment,
            )
        )

    def _next_step(
        self, organisation: Organisation, steps: Sequence[str], last_contact: int
    ) -> None:
        """A next step with a due date (a quarter of them overdue, the region's first one
        always when it can be) and, mostly, an owner."""
        rng, today = self.rng, self.today
        organisation.next_step = rng.choice(steps)
        late = rng.random() < 0.25 or not self.has_overdue
        if late and last_contact < today - 1:
            due = max(last_contact + 1, today - rng.randint(1, 21))
            self.has_overdue = True
        else:
            due = today + rng.randint(0, 40)
        organisation.next_step_due = self.clock.date(due)
        if self.demo_owner is not None and (rng.random() < 0.5 or not self.demo_owns):
            organisation.next_step_owner = self.demo_owner
            self.demo_owns = True
        else:
            organisation.next_step_owner = self._worker() if rng.random() < 0.9 else None

    def write_history(self) -> None:
        rng, today = self.rng, self.today
        history_start = today - HISTORY_DAYS
        for organisation in self.organisations:
            organisation.next_step, organisation.next_step_due = "", None
            organisation.next_step_owner = None
        for organisation in self.organisations:
            pk, stage = organisation.pk, organisation.stage
            if stage == S.PROSPECT:
                first = today - rng.randint(3, 150)
                moment = self._moment(organisation, first, FIRST_CONTACT)
                self._change(organisation, "", S.PROSPECT, first, moment)
                last = first
                if first < today - 20 and rng.random() < 0.5:
                    last = rng.randint(first + 7, today - 1)
                    self._moment(organisation, last, FOLLOW_UP)
                self._next_step(organisation, PROSPECT_STEPS, last)
            elif stage == S.ENGAGED:
                first = today - rng.randint(40, 300)
                moment = self._moment(organisation, first, FIRST_CONTACT)
                self._change(organisation, "", S.PROSPECT, first, moment)
                engaged = rng.randint(first + 7, today - 2)
                moment = self._moment(organisation, engaged, ENGAGING)
                self._change(organisation, S.PROSPECT, S.ENGAGED, engaged, moment)
                self.engaged_on[pk] = engaged
                last = engaged
                if rng.random() < 0.5:
                    last = rng.randint(engaged + 1, today - 1)
                    self._moment(organisation, last, FOLLOW_UP)
                self._next_step(organisation, ENGAGED_STEPS, last)
            else:
                joined = self.joined[pk]
                if joined >= history_start and pk not in self.protected:
                    # Joined while the platform was in use: the whole way through the board.
                    first = joined - rng.randint(21, 120)
                    engaged = rng.randint(first + 7, joined - 7)
                    moment = self._moment(organisation, first, FIRST_CONTACT)
                    self._change(organisation, "", S.PROSPECT, first, moment)
                    moment = self._moment(organisation, engaged, ENGAGING)
                    self._change(organisation, S.PROSPECT, S.ENGAGED, engaged, moment)
                    moment = self._moment(organisation, joined, JOINING)
                    self._change(organisation, S.ENGAGED, S.ACTIVE, joined, moment)
                    if stage == S.ACTIVE and joined > today - 90 and rng.random() < 0.5:
                        self._next_step(organisation, NEW_PARTNER_STEPS, joined)
                else:
                    self._change(organisation, "", S.ACTIVE, joined)
                if stage == S.DORMANT:
                    quiet_from = max(
                        joined + 120,
                        self.last_participation.get(pk, 0) + 60,
                        today - 400,
                    )
                    day = rng.randint(min(quiet_from, today - 14), today - 14)
                    day = min(max(day, joined + 1), today - 1)
                    moment = self._moment(organisation, day, GOING_QUIET)
                    self._change(organisation, S.ACTIVE, S.DORMANT, day, moment)
                    if rng.random() < 0.5:
                        self._next_step(organisation, DORMANT_STEPS, day)

    # --- declared ties --------------------------------------------------------------------

    def _tie(self, a: Organisation, b: Organisation, kind: str) -> None:
        """A declared tie between two members (or an engaged organisation), at most one per
        pair, since they both joined (usually soon after)."""
        since_a, since_b = self._since(a), self._since(b)
        pair = (min(a.pk, b.pk), max(a.pk, b.pk))
        if a.pk == b.pk or since_a is None or since_b is None or pair in self.pairs:
            return
        start = max(since_a, since_b)
        self.pairs.add(pair)
        rng = self.rng
        since = min(start + int(rng.expovariate(1 / 120)), self.today - 1)
        self.plan.ties.append(
            Tie(
                a=a,
                b=b,
                kind=kind,
                strength=rng.choices((1, 2, 3), weights=STRENGTH_WEIGHTS[kind])[0],
                since=self.clock.date(since),
                note=rng.choice(TIE_NOTES[kind]) if rng.random() < NOTE_SHARE else "",
                created_by=self._worker() if rng.random() < 0.8 else None,
            )
        )

    def _since(self, organisation: Organisation) -> int | None:
        """The day a member joined or an engaged organisation became engaged (else None)."""
        pk = organisation.pk
        return self.joined.get(pk, self.engaged_on.get(pk))

    def _kind_with(self, source: Organisation, target: Organisation) -> str:
        """A fitting kind of tie from ``source`` (a hub, a local government or a core partner)
        to ``target``."""
        rng = self.rng
        if target.kind in (K.LOCAL_GOVERNMENT, K.AGII) and source.kind in (
            K.LOCAL_GOVERNMENT,
            K.AGII,
        ):
            return rng.choice((TieKind.FORMAL_AGREEMENT, TieKind.INFORMATION_EXCHANGE))
        if target.has_role(R.OFFER_PARTNER) and source.has_role(R.REFERRER):
            return rng.choices(
                (TieKind.REFERRALS, TieKind.INFORMATION_EXCHANGE, TieKind.FORMAL_AGREEMENT),
                weights=(5, 3, 1),
            )[0]
        if target.kind == K.COMMUNITY_CENTRE or source.kind == K.COMMUNITY_CENTRE:
            return rng.choice((TieKind.SHARED_RESOURCES, TieKind.INFORMATION_EXCHANGE))
        return TieKind.INFORMATION_EXCHANGE

    def _partner_kind(self, a: Organisation, b: Organisation) -> str:
        """A fitting kind of tie between two partners of the same place."""
        rng = self.rng
        if a.has_role(R.REFERRER) or b.has_role(R.REFERRER):
            return rng.choice((TieKind.REFERRALS, TieKind.INFORMATION_EXCHANGE))
        return rng.choices(
            (TieKind.SHARED_RESOURCES, TieKind.INFORMATION_EXCHANGE, TieKind.JOINT_OFFER),
            weights=(4, 4, 2),
        )[0]

    def declare_ties(self) -> None:
        profile, rng = self.profile, self.rng
        members = [o for o in self.organisations if o.pk in self.joined]
        hub = self.hub
        # The coordinating organisation and the main city work together everywhere.
        self._tie(hub, self.main_government, TieKind.FORMAL_AGREEMENT)
        for organisation in members:
            if rng.random() < profile.hub_ties:
                self._tie(hub, organisation, self._kind_with(hub, organisation))
        # An engaged organisation already exchanges information with whoever it talks to:
        # the coordinating organisation in a centralised network, else its local government.
        governments = {o.municipality_id: o for o in members if o.kind == K.LOCAL_GOVERNMENT}
        for organisation in self.organisations:
            if organisation.pk in self.engaged_on:
                local = governments.get(organisation.municipality_id)
                partner = hub if profile.hub_ties >= 0.5 or local is None else local
                self._tie(partner, organisation, TieKind.INFORMATION_EXCHANGE)

        by_place: dict[int, list[Organisation]] = {}
        for organisation in members:
            by_place.setdefault(organisation.municipality_id, []).append(organisation)
        for place, here in by_place.items():
            government = governments.get(place)
            partners = [o for o in here if o.kind not in (K.LOCAL_GOVERNMENT, K.AGII)]
            if government is not None:
                for organisation in partners:
                    if rng.random() < profile.government_ties:
                        self._tie(
                            government, organisation, self._kind_with(government, organisation)
                        )
            if len(partners) > 1 and profile.local_ties:
                chance = min(0.6, profile.local_ties / (len(partners) - 1))
                for index, a in enumerate(partners):
                    for b in partners[index + 1 :]:
                        if rng.random() < chance:
                            self._tie(a, b, self._partner_kind(a, b))
            if government is not None:
                nearby = [
                    governments[m] for m in self.neighbours.get(place, []) if m in governments
                ]
                for other in nearby[: profile.neighbour_governments]:
                    self._tie(government, other, self._kind_with(government, other))

        # Core partners reach across the region.
        if profile.core_partners:
            rank = {kind: index for index, kind in enumerate(CORE_KINDS)}
            candidates = [
                o
                for o in members
                if o.kind in rank and o.pk not in (hub.pk, self.main_government.pk)
            ]
            rng.shuffle(candidates)
            candidates.sort(key=lambda o: rank[o.kind])
            cores = candidates[: profile.core_partners]
            for core in [self.main_government, *cores]:
                core.roles_mask |= 1 << int(R.CORE_PARTNER)
                self._tie(hub, core, self._kind_with(hub, core))
                for organisation in members:
                    if rng.random() < profile.core_reach:
                        self._tie(core, organisation, self._kind_with(core, organisation))

    # --- offers run together --------------------------------------------------------------

    def run_offers_together(self, offers: Sequence[PlannedOffer]) -> None:
        """A share of the live offers of clubs, volunteer organisations and the like gets a
        co-organiser that had joined by then: the coordinating organisation in a centralised
        network, else a partner of the same or a neighbouring municipality."""
        profile, rng = self.profile, self.rng
        if not profile.joint_offers:
            return
        by_place: dict[int, list[Organisation]] = {}
        for organisation in self.organisations:
            if organisation.pk in self.joined and organisation.kind in CO_ORGANISER_KINDS:
                by_place.setdefault(organisation.municipality_id, []).append(organisation)
        for planned in offers:
            offer = planned.offer
            owner = self.by_pk.get(offer.organisation_id)
            if (
                owner is None
                or owner.kind not in JOINT_KINDS
                or offer.status not in VALIDATED_STATUSES
                or rng.random() >= profile.joint_offers
            ):
                continue
            day = self._day(offer.created_at)
            if profile.joint_with_hub:
                candidates = [self.hub]
            else:
                places = [
                    owner.municipality_id,
                    *self.neighbours.get(owner.municipality_id, [])[:2],
                ]
                candidates = [o for place in places for o in by_place.get(place, [])]
            candidates = [
                o for o in candidates if o.pk != owner.pk and self.joined.get(o.pk, day + 1) <= day
            ]
            if not candidates:
                continue
            partner = rng.choice(candidates)
            self.plan.co_organisers.append((offer.pk, partner.pk))
