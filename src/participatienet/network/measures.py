"""Measures of a healthy regional network: pure functions over dataclasses.

No Django here (a test walks the AST to keep it so). An adapter in the app loads organisations,
ties and the period's participations into `Node`, `Tie` and `PeriodActivity`, calls
`measures_for_period` or `quarterly_series` and renders the result.

Conventions:
- The network is read as a simple undirected graph: several ties between the same two
  organisations (declared and derived, of different kinds) count as one edge; a tie from an
  organisation to itself and a tie to an organisation not in `nodes` are ignored.
- Periods are half-open: `start <= day < end`. A quarter of 2025 runs from 2025-01-01 up to,
  not including, 2025-04-01.
- A tie or an organisation without a date (`since`, `joined_on` is None) counts as having been
  there from the start.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date

NodeId = Hashable


@dataclass(frozen=True)
class Node:
    """An organisation in the network, as the measures and the layout see it."""

    id: NodeId
    kind: str = ""
    municipality_id: Hashable | None = None
    is_coordinating: bool = False
    joined_on: date | None = None
    participations: int = 0  # participations hosted (in the period the adapter loaded)


@dataclass(frozen=True)
class Tie:
    """A tie between two organisations: declared by someone, or derived from the data."""

    a: NodeId
    b: NodeId
    kind: str = ""
    strength: int = 1  # 1-3
    since: date | None = None
    declared: bool = True


@dataclass(frozen=True)
class PeriodActivity:
    """What the adapter counts from participations and offers for one period.

    participations: organisation id -> participations hosted in the period; None means "use
        `Node.participations`".
    newcomers: distinct newcomers with a participation in the period.
    offer_municipality_ids: municipalities with at least one active offer in the period.
    demand_municipality_ids: municipalities where newcomers live who look for an offer.
    confirmation_days: organisation id -> for each hour entry of a participation it hosted that
        was confirmed in the period, the days from entering the hours to their confirmation.
    """

    participations: Mapping[NodeId, int] | None = None
    newcomers: int = 0
    offer_municipality_ids: frozenset = frozenset()
    demand_municipality_ids: frozenset = frozenset()
    confirmation_days: Mapping[NodeId, Sequence[float]] = field(default_factory=dict)


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter, e.g. Quarter(2025, 1) is January to March 2025."""

    year: int
    number: int  # 1-4

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> date:
        return date(self.year, 3 * (self.number - 1) + 1, 1)

    @property
    def end(self) -> date:
        """The first day after the quarter (periods are half-open)."""
        return self.next().start

    @property
    def label(self) -> str:
        return f"{self.year}-K{self.number}"

    def next(self) -> Quarter:
        if self.number == 4:
            return Quarter(self.year + 1, 1)
        return Quarter(self.year, self.number + 1)

    def previous(self) -> Quarter:
        if self.number == 1:
            return Quarter(self.year - 1, 4)
        return Quarter(self.year, self.number - 1)


def quarters_between(first: date, last: date) -> list[Quarter]:
    """Every quarter from the one holding `first` up to and including the one holding `last`."""
    quarter, final = Quarter.of(first), Quarter.of(last)
    quarters = []
    while quarter <= final:
        quarters.append(quarter)
        quarter = quarter.next()
    return quarters


# --- the graph ---------------------------------------------------------------------------------


def edges(nodes: Iterable[Node], ties: Iterable[Tie]) -> set[frozenset]:
    """The distinct undirected pairs of known, different organisations that have a tie."""
    known = {node.id for node in nodes}
    return {
        frozenset((tie.a, tie.b))
        for tie in ties
        if tie.a != tie.b and tie.a in known and tie.b in known
    }


def degrees(nodes: Sequence[Node], ties: Iterable[Tie]) -> dict[NodeId, int]:
    """Number of distinct partners each organisation has a tie with (0 for the isolated)."""
    result = dict.fromkeys((node.id for node in nodes), 0)
    for pair in edges(nodes, ties):
        for node_id in pair:
            result[node_id] += 1
    return result


def density(nodes: Sequence[Node], ties: Iterable[Tie]) -> float:
    """Ties present / ties possible, in [0, 1]; 0 with fewer than two organisations."""
    n = len({node.id for node in nodes})
    if n < 2:
        return 0.0
    return len(edges(nodes, ties)) / (n * (n - 1) / 2)


def degree_centralisation(nodes: Sequence[Node], ties: Iterable[Tie]) -> float:
    """Freeman's degree centralisation, normalised to [0, 1]: the "superman" index.

    sum(max degree - degree) / ((n - 1)(n - 2)); a star gives 1, a ring or a complete graph 0.
    0 with fewer than three organisations (nothing can be central).
    """
    degree = degrees(nodes, ties)
    n = len(degree)
    if n < 3:
        return 0.0
    top = max(degree.values())
    return sum(top - d for d in degree.values()) / ((n - 1) * (n - 2))


def coordinator_tie_share(nodes: Sequence[Node], ties: Iterable[Tie]) -> float:
    """Share of the ties that touch a coordinating organisation; 0 without ties."""
    pairs = edges(nodes, ties)
    if not pairs:
        return 0.0
    coordinating = {node.id for node in nodes if node.is_coordinating}
    return sum(1 for pair in pairs if pair & coordinating) / len(pairs)


# --- concentration of participations -----------------------------------------------------------


def top_share(values: Iterable[float], top: int = 5) -> float:
    """Share of the total held by the `top` largest values; 0 when the total is 0."""
    ordered = sorted((max(v, 0) for v in values), reverse=True)
    total = sum(ordered)
    return sum(ordered[:top]) / total if total else 0.0


def gini(values: Iterable[float]) -> float:
    """Gini coefficient in [0, 1): 0 when all are equal, towards 1 when one holds everything.

    Over every organisation given, those with 0 included; 0 when the total is 0.
    """
    ordered = sorted(max(v, 0) for v in values)
    n, total = len(ordered), sum(ordered)
    if n == 0 or total == 0:
        return 0.0
    weighted = sum((2 * rank - n - 1) * value for rank, value in enumerate(ordered, start=1))
    return weighted / (n * total)


def hhi(values: Iterable[float]) -> float:
    """Herfindahl-Hirschman index on shares in [0, 1]: 1/n when spread evenly, 1 for a monopoly.

    (Multiply by 10,000 for the usual antitrust scale.) 0 when the total is 0.
    """
    positive = [max(v, 0) for v in values]
    total = sum(positive)
    if not total:
        return 0.0
    return sum((v / total) ** 2 for v in positive)


# --- growth and reach --------------------------------------------------------------------------


def newcomers_per_offer_partner(newcomers: int, active_offer_partners: int) -> float | None:
    """Newcomers per active offer partner; None when there is no active offer partner."""
    if active_offer_partners <= 0:
        return None
    return newcomers / active_offer_partners


def new_partners_per_quarter(nodes: Iterable[Node]) -> dict[Quarter, int]:
    """Organisations joining per quarter, from `joined_on`, with 0 for quiet quarters between."""
    joined = Counter(Quarter.of(node.joined_on) for node in nodes if node.joined_on)
    if not joined:
        return {}
    return {
        quarter: joined.get(quarter, 0)
        for quarter in quarters_between(min(joined).start, max(joined).start)
    }


@dataclass(frozen=True)
class Coverage:
    """Reach over the municipalities of a region."""

    municipalities: int
    with_offer: int
    share: float | None  # with_offer / municipalities; None for a region without municipalities
    demand_without_offer: tuple  # municipality ids, sorted where possible


def coverage(
    municipality_ids: Collection,
    offer_municipality_ids: Collection,
    demand_municipality_ids: Collection = (),
) -> Coverage:
    """Municipalities with at least one active offer, and those with demand but no offer.

    With `municipality_ids` empty, the region is taken as the municipalities named in the two
    other arguments.
    """
    offer = set(offer_municipality_ids)
    demand = set(demand_municipality_ids)
    region = set(municipality_ids) or (offer | demand)
    with_offer = len(offer & region)
    return Coverage(
        municipalities=len(region),
        with_offer=with_offer,
        share=with_offer / len(region) if region else None,
        demand_without_offer=_sorted(demand & region - offer),
    )


def _sorted(items: Iterable) -> tuple:
    items = list(items)
    try:
        return tuple(sorted(items))
    except TypeError:
        return tuple(sorted(items, key=repr))


# --- how quickly partners confirm hours --------------------------------------------------------


def median(values: Iterable[float]) -> float | None:
    """The middle value (the mean of the two middle ones for an even count); None when empty."""
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        return None
    middle = n // 2
    if n % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def median_days_to_confirm(days: Iterable[float]) -> float | None:
    """Median of the days partners took to confirm hour entries (a negative difference, from a
    clock that was off, counts as 0); None when no hours were confirmed."""
    return median(max(day, 0) for day in days)


@dataclass(frozen=True)
class ConfirmationDelay:
    """How long one organisation takes to confirm hours."""

    id: NodeId
    median_days: float
    entries: int  # confirmed hour entries the median is taken over


def slowest_confirmers(
    confirmation_days: Mapping[NodeId, Sequence[float]], top: int = 5
) -> list[ConfirmationDelay]:
    """The `top` organisations with the highest median days to confirm hours, slowest first
    (ties broken by more entries, then by id); organisations without entries are left out."""
    delays = []
    for node_id, days in confirmation_days.items():
        value = median_days_to_confirm(days)
        if value is not None:
            delays.append(ConfirmationDelay(id=node_id, median_days=value, entries=len(days)))
    delays.sort(key=lambda d: (-d.median_days, -d.entries, repr(d.id)))
    return delays[:top]


# --- all measures for a period -----------------------------------------------------------------


@dataclass(frozen=True)
class NetworkMeasures:
    """Every measure of a region for one period [start, end)."""

    start: date
    end: date
    organisations: int  # in the network by the end of the period
    active_organisations: int  # of those, with a tie or a hosted participation
    ties: int  # distinct pairs with a tie
    density: float
    degree_centralisation: float
    coordinator_tie_share: float
    top5_share: float
    gini: float
    hhi: float
    active_offer_partners: int  # organisations that hosted a participation in the period
    newcomers: int
    newcomers_per_offer_partner: float | None
    median_days_to_confirm: float | None  # None when no hours were confirmed in the period
    new_partners: int  # organisations that joined in the period
    municipalities_with_offer: int
    coverage: float | None
    demand_without_offer: tuple = field(default=())

    @property
    def label(self) -> str:
        if Quarter.of(self.start).start == self.start and Quarter.of(self.start).end == self.end:
            return Quarter.of(self.start).label
        return f"{self.start.isoformat()}/{self.end.isoformat()}"


MEASURE_TEXTS: dict[str, str] = {
    "organisations": (
        "Hoeveel organisaties bij het netwerk horen: de breedte waarop nieuwkomers kunnen steunen."
    ),
    "active_organisations": (
        "Hoeveel organisaties echt meedoen, met minstens één band of deelname: een netwerk "
        "leeft pas als zijn leden samenwerken."
    ),
    "ties": (
        "Hoeveel paren organisaties samenwerken: elke band is een korte lijn om een nieuwkomer "
        "verder te helpen."
    ),
    "density": (
        "Welk deel van alle mogelijke samenwerkingen echt bestaat: hoe hoger, hoe meer partners "
        "elkaar rechtstreeks vinden."
    ),
    "degree_centralisation": (
        "Hoe sterk het netwerk rond één organisatie draait: dicht bij 1 betekent één 'superman' "
        "aan het stuur, dicht bij 0 gedeeld eigenaarschap."
    ),
    "coordinator_tie_share": (
        "Welk deel van de banden via de coördinerende organisatie loopt: een hoog aandeel maakt "
        "het netwerk kwetsbaar als de coördinator wegvalt."
    ),
    "top5_share": (
        "Welk deel van de deelnames bij de vijf drukste organisaties ligt: een hoog aandeel "
        "wijst op de gebruikelijke verdachten."
    ),
    "gini": (
        "Hoe ongelijk de deelnames over de organisaties verdeeld zijn: 0 is perfect gelijk, "
        "dicht bij 1 draagt één organisatie bijna alles."
    ),
    "hhi": (
        "Hoe geconcentreerd de deelnames zijn (Herfindahl-index): hoe dichter bij 1, hoe meer "
        "alles van enkele organisaties afhangt."
    ),
    "active_offer_partners": (
        "Hoeveel aanbodpartners in deze periode nieuwkomers ontvingen: het aanbod dat nieuwkomers "
        "echt bereikt."
    ),
    "newcomers": (
        "Hoeveel nieuwkomers in deze periode deelnamen: de mensen voor wie het netwerk bestaat."
    ),
    "newcomers_per_offer_partner": (
        "Hoeveel nieuwkomers elke actieve aanbodpartner gemiddeld ontvangt: te hoog betekent "
        "overbelaste partners en een netwerk dat moet groeien."
    ),
    "median_days_to_confirm": (
        "Hoeveel dagen partners doorgaans (de mediaan) nodig hebben om ingegeven uren te "
        "bevestigen: snelle bevestiging houdt nieuwkomers gemotiveerd en hun traject op schema."
    ),
    "new_partners": (
        "Hoeveel organisaties in deze periode aansloten: toont of het netwerk groeit voorbij de "
        "gebruikelijke verdachten."
    ),
    "municipalities_with_offer": (
        "In hoeveel gemeenten er minstens één actief aanbod is: nabijheid maakt deelnemen haalbaar."
    ),
    "coverage": (
        "Welk deel van de gemeenten van de regio minstens één actief aanbod heeft: witte vlekken "
        "tonen waar het netwerk moet groeien."
    ),
    "demand_without_offer": (
        "Gemeenten waar nieuwkomers een aanbod zoeken maar er geen is: hier zoek je eerst nieuwe "
        "partners."
    ),
}

MEASURE_NAMES: tuple[str, ...] = tuple(
    f.name for f in fields(NetworkMeasures) if f.name not in ("start", "end")
)


def in_network(nodes: Iterable[Node], end: date) -> list[Node]:
    """The organisations that had joined before `end`."""
    return [node for node in nodes if node.joined_on is None or node.joined_on < end]


def ties_until(ties: Iterable[Tie], end: date) -> list[Tie]:
    """The ties that existed before `end` (a tie lasts once it is there)."""
    return [tie for tie in ties if tie.since is None or tie.since < end]


def measures_for_period(
    nodes: Sequence[Node],
    ties: Iterable[Tie],
    start: date,
    end: date,
    activity: PeriodActivity | None = None,
    municipality_ids: Collection = (),
) -> NetworkMeasures:
    """Every measure for the network as it stood in [start, end).

    The graph holds the organisations that joined before `end` and the ties `since` before
    `end`. Participations come from `activity.participations` when given, else from
    `Node.participations`; an active offer partner is an organisation that hosted at least
    one participation in the period. The median days to confirm hours is taken over every
    hour entry confirmed in the period at an organisation of the network.
    """
    activity = activity or PeriodActivity()
    members = in_network(nodes, end)
    pairs = edges(members, ties_until(ties, end))
    if activity.participations is None:
        hosted = {node.id: node.participations for node in members}
    else:
        hosted = {node.id: activity.participations.get(node.id, 0) for node in members}

    degree = dict.fromkeys((node.id for node in members), 0)
    for pair in pairs:
        for node_id in pair:
            degree[node_id] += 1
    n = len(degree)
    coordinating = {node.id for node in members if node.is_coordinating}
    top = max(degree.values(), default=0)
    active_partners = sum(1 for value in hosted.values() if value > 0)
    reach = coverage(
        municipality_ids, activity.offer_municipality_ids, activity.demand_municipality_ids
    )
    return NetworkMeasures(
        start=start,
        end=end,
        organisations=n,
        active_organisations=sum(1 for i in degree if degree[i] > 0 or hosted[i] > 0),
        ties=len(pairs),
        density=len(pairs) / (n * (n - 1) / 2) if n >= 2 else 0.0,
        degree_centralisation=(
            sum(top - d for d in degree.values()) / ((n - 1) * (n - 2)) if n >= 3 else 0.0
        ),
        coordinator_tie_share=(
            sum(1 for pair in pairs if pair & coordinating) / len(pairs) if pairs else 0.0
        ),
        top5_share=top_share(hosted.values(), 5),
        gini=gini(hosted.values()),
        hhi=hhi(hosted.values()),
        active_offer_partners=active_partners,
        newcomers=activity.newcomers,
        newcomers_per_offer_partner=newcomers_per_offer_partner(
            activity.newcomers, active_partners
        ),
        median_days_to_confirm=median_days_to_confirm(
            day
            for node_id, days in activity.confirmation_days.items()
            if node_id in degree
            for day in days
        ),
        new_partners=sum(
            1 for node in members if node.joined_on is not None and start <= node.joined_on < end
        ),
        municipalities_with_offer=reach.with_offer,
        coverage=reach.share,
        demand_without_offer=reach.demand_without_offer,
    )


@dataclass(frozen=True)
class QuarterlySeries:
    """The measures quarter by quarter, for trend lines."""

    quarters: tuple[Quarter, ...]
    measures: tuple[NetworkMeasures, ...]

    def values(self, name: str) -> list:
        """One measure over the quarters, e.g. `series.values("degree_centralisation")`."""
        if name not in MEASURE_NAMES:
            raise KeyError(name)
        return [getattr(m, name) for m in self.measures]

    def trend(self, name: str) -> list[tuple[str, object]]:
        """(quarter label, value) pairs of one measure."""
        return [(q.label, v) for q, v in zip(self.quarters, self.values(name), strict=True)]


def quarterly_series(
    nodes: Sequence[Node],
    ties: Sequence[Tie],
    first: date,
    last: date,
    activity_by_quarter: Mapping[Quarter, PeriodActivity] | None = None,
    municipality_ids: Collection = (),
) -> QuarterlySeries:
    """`measures_for_period` for every quarter from the one holding `first` to that of `last`.

    A quarter missing from `activity_by_quarter` counts no participations and no newcomers
    (rather than reusing `Node.participations`, which belongs to one period only); without
    `activity_by_quarter` at all, `Node.participations` is used for every quarter.
    """
    quarters = quarters_between(first, last)
    empty = PeriodActivity(participations={})
    results = []
    for quarter in quarters:
        activity = None if activity_by_quarter is None else activity_by_quarter.get(quarter, empty)
        results.append(
            measures_for_period(nodes, ties, quarter.start, quarter.end, activity, municipality_ids)
        )
    return QuarterlySeries(quarters=tuple(quarters), measures=tuple(results))
