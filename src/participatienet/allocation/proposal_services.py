"""Allocation proposals: place a region's waiting list at once, adjust, send the referrals.

``build_proposal`` loads the waiting list (open trajectories in intake or searching without an
occupying participation) and the region's active offers with free places through ``adapter``,
runs the exact allocation and the greedy baseline with the region's weights and stores the
result. ``adjust_placement`` includes, excludes or moves one row to another feasible offer (the
engine's hard filters, and the offer's free places across the whole proposal). ``send_proposal``
refers every included placed row through ``trajectories.services.refer``: each referral still
waits for the partner's accept or decline; a row that fails (offer full, closed trajectory, …)
is kept with its error code and the others are sent. ``unmet_demand`` aggregates why the
long-waiting and unplaced newcomers of a region find nothing.

Every function reads a bounded number of queries, whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from participatienet.accounts import audit
from participatienet.allocation import adapter
from participatienet.allocation.models import (
    AllocationProposal,
    ProposalStatus,
    ProposedPlacement,
)
from participatienet.matching import engine
from participatienet.matching.allocation import allocate, greedy
from participatienet.offers.models import Offer
from participatienet.regions.models import Region
from participatienet.trajectories import services as trajectory_services
from participatienet.trajectories.choices import OCCUPYING_STATUSES, TrajectoryStatus
from participatienet.trajectories.models import Participation, Trajectory

#: Trajectories in these statuses wait for a place.
WAITING_STATUSES = (TrajectoryStatus.INTAKE, TrajectoryStatus.SEARCHING)
#: Newcomers waiting longer than this count as long-waiting for the unmet demand.
LONG_WAIT_DAYS = 42
#: Reason code of a long-waiting newcomer for whom an offer with free places fits.
FITS = "fits"
EXPLANATION_LENGTH = 300


class ProposalError(Exception):
    """An adjustment or send the proposal's state does not allow; ``code`` tells which."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# --- Loading -----------------------------------------------------------------------------------


def waiting_list(region: Region) -> QuerySet:
    """Open trajectories of ``region`` in intake or searching without an occupying
    participation, oldest first."""
    occupying = Participation.objects.filter(
        trajectory=OuterRef("pk"), status__in=OCCUPYING_STATUSES
    )
    return (
        Trajectory.objects.filter(region=region, status__in=WAITING_STATUSES)
        .exclude(Exists(occupying))
        .select_related("newcomer__municipality")
        .order_by("started_on", "pk")
    )


def region_offers(region: Region) -> QuerySet:
    """The region's offers; ``adapter.offer_table`` keeps the active ones that still run (full
    ones with 0 free places, so the engine can say they are full)."""
    return Offer.objects.filter(region=region)


@dataclass
class _Batch:
    trajectories: list[Trajectory]
    candidates: list[engine.Candidate]
    table: engine.OfferTable
    weights: engine.Weights

    def trajectory_of(self) -> dict[int, Trajectory]:
        return {c.id: t for c, t in zip(self.candidates, self.trajectories, strict=True)}

    def row_of(self) -> dict[int, int]:
        return {int(offer_id): row for row, offer_id in enumerate(self.table.id.tolist())}


def _load(region: Region, trajectories: Sequence[Trajectory] | None = None) -> _Batch:
    if trajectories is None:
        trajectories = list(waiting_list(region))
    candidates = list(adapter.candidates_for(trajectories))
    return _Batch(
        trajectories=list(trajectories),
        candidates=candidates,
        table=adapter.offer_table(region_offers(region)),
        weights=adapter.weights_for(region),
    )


def _one_row(table: engine.OfferTable, row: int) -> engine.OfferTable:
    """``table`` reduced to one row (the pair's score does not depend on the other rows)."""
    columns = {
        name: getattr(table, name)[row : row + 1]
        for name in (
            "id",
            "lat",
            "lon",
            "flexible_location",
            "schedule_mask",
            "flexible_schedule",
            "themes_mask",
            "min_level",
            "childcare",
            "women_only",
            "wheelchair",
            "free_places",
            "organisation_load",
        )
    }
    serves = {key: [0] for key, rows in table.serves.items() if row in rows.tolist()}
    return engine.OfferTable(**columns, serves=serves)


def _fit(
    candidate: engine.Candidate, table: engine.OfferTable, row: int, weights: engine.Weights
) -> engine.Suggestion | None:
    """The engine's verdict on one pair: the suggestion with its explanation, or None when a
    hard filter fails."""
    result = engine.suggest(candidate, _one_row(table, row), weights, limit=1)
    return result[0] if result else None


# --- Building ----------------------------------------------------------------------------------


@transaction.atomic
def build_proposal(*, actor: Any, region: Region) -> AllocationProposal:
    """Allocate the region's waiting list over its free places and store the proposal."""
    batch = _load(region)
    pairs = engine.feasible_pairs(batch.candidates, batch.table, batch.weights)
    best = allocate(batch.candidates, batch.table, batch.weights, pairs=pairs)
    baseline = greedy(batch.candidates, batch.table, batch.weights, pairs=pairs)
    proposal = AllocationProposal.objects.create(
        region=region,
        weights=asdict(batch.weights),
        placed=best.placed,
        unplaced=len(best.unplaced),
        total_score=round(best.total_score, 4),
        greedy_placed=baseline.placed,
        greedy_total_score=round(baseline.total_score, 4),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    by_id = batch.trajectory_of()
    candidate_by_id = {c.id: c for c in batch.candidates}
    rows = []
    for assignment in best.assignments:
        suggestion = _fit(
            candidate_by_id[assignment.candidate_id], batch.table, assignment.row, batch.weights
        )
        rows.append(
            ProposedPlacement(
                proposal=proposal,
                trajectory=by_id[assignment.candidate_id],
                offer_id=assignment.offer_id,
                score=round(assignment.score, 4),
                distance_km=round(assignment.distance_km, 3),
                explanation=(suggestion.explanation if suggestion else "")[:EXPLANATION_LENGTH],
            )
        )
    for unplaced in best.unplaced:
        rows.append(
            ProposedPlacement(
                proposal=proposal,
                trajectory=by_id[unplaced.candidate_id],
                reason_code=unplaced.code[:20],
                reason=unplaced.reason[:EXPLANATION_LENGTH],
                included=False,
            )
        )
    ProposedPlacement.objects.bulk_create(rows)
    audit.record(
        actor=actor,
        action="allocationproposal.created",
        obj=proposal,
        detail=f"placed={best.placed} unplaced={len(best.unplaced)}",
    )
    return proposal


# --- Reading -----------------------------------------------------------------------------------


@dataclass
class OfferOption:
    pk: int
    title: str
    organisation: str
    score: float
    distance_km: float


@dataclass
class ProposalPage:
    """What the proposal page shows: the rows (with the feasible offers of each placed row)."""

    proposal: AllocationProposal
    placed: list[ProposedPlacement]
    unplaced: list[ProposedPlacement]
    options: dict[int, list[OfferOption]] = field(default_factory=dict)

    @property
    def included(self) -> int:
        return sum(1 for row in self.placed if row.included and row.participation_id is None)

    @property
    def sent(self) -> int:
        return sum(1 for row in self.placed if row.participation_id is not None)

    @property
    def failed(self) -> list[ProposedPlacement]:
        return [row for row in self.placed if row.reason_code and row.participation_id is None]

    @property
    def placed_gain(self) -> int:
        return self.proposal.placed - self.proposal.greedy_placed

    @property
    def score_gain(self) -> float:
        return self.proposal.total_score - self.proposal.greedy_total_score


def proposal_rows(proposal: AllocationProposal) -> QuerySet:
    return proposal.placements.select_related(
        "trajectory__newcomer__municipality", "offer__organisation"
    ).order_by("pk")


def proposal_page(proposal: AllocationProposal) -> ProposalPage:
    rows = list(proposal_rows(proposal))
    placed = [row for row in rows if row.offer_id is not None]
    unplaced = [row for row in rows if row.offer_id is None]
    page = ProposalPage(proposal=proposal, placed=placed, unplaced=unplaced)
    if proposal.status == ProposalStatus.DRAFT and placed:
        page.options = feasible_options(proposal, placed)
    return page


def _used_places(proposal: AllocationProposal, exclude_pk: int | None = None) -> Counter:
    rows = proposal.placements.filter(included=True, offer__isnull=False)
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    return Counter(rows.values_list("offer_id", flat=True))


def feasible_options(
    proposal: AllocationProposal, placed: Sequence[ProposedPlacement]
) -> dict[int, list[OfferOption]]:
    """For each placed row (by pk): the offers it may move to, best first: every offer that
    passes the hard filters and keeps a free place once the other included rows are counted
    (the row's own offer always stays)."""
    batch = _load(proposal.region, [row.trajectory for row in placed])
    pairs = engine.feasible_pairs(batch.candidates, batch.table, batch.weights)
    used = Counter(row.offer_id for row in placed if row.included)
    free = {int(o): int(f) for o, f in zip(batch.table.id, batch.table.free_places, strict=True)}
    offers = {
        row["pk"]: row
        for row in Offer.objects.filter(pk__in=[int(i) for i in batch.table.id]).values(
            "pk", "title", "organisation__name"
        )
    }
    options: dict[int, list[OfferOption]] = defaultdict(list)
    for index, row_index, score, km in zip(
        pairs.candidate.tolist(),
        pairs.row.tolist(),
        pairs.score.tolist(),
        pairs.distance_km.tolist(),
        strict=True,
    ):
        placement = placed[index]
        offer_id = int(batch.table.id[row_index])
        mine = 1 if placement.included and placement.offer_id == offer_id else 0
        if offer_id != placement.offer_id and free[offer_id] - used[offer_id] + mine < 1:
            continue
        offer = offers[offer_id]
        options[placement.pk].append(
            OfferOption(offer_id, offer["title"], offer["organisation__name"], score, km)
        )
    for choices in options.values():
        choices.sort(key=lambda o: (-o.score, o.distance_km, o.pk))
    return dict(options)


# --- Adjusting ---------------------------------------------------------------------------------


def _lock_draft(proposal: AllocationProposal) -> AllocationProposal:
    locked = AllocationProposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status != ProposalStatus.DRAFT:
        raise ProposalError("not_draft")
    return locked


@transaction.atomic
def adjust_placement(
    *,
    actor: Any,
    placement: ProposedPlacement,
    included: bool,
    offer: Offer | None = None,
) -> ProposedPlacement:
    """Include or exclude a placed row, optionally moving it to ``offer``. The new offer must
    pass the engine's hard filters for this newcomer and keep a free place once the proposal's
    other included rows are counted. Raises ``ProposalError`` (and writes nothing) otherwise."""
    proposal = _lock_draft(placement.proposal)
    placement = ProposedPlacement.objects.select_related("trajectory__newcomer").get(
        pk=placement.pk, proposal=proposal
    )
    if placement.offer_id is None:
        raise ProposalError("not_placed")
    changed = []
    target = offer.pk if offer is not None else placement.offer_id
    if target != placement.offer_id or (included and not placement.included):
        batch = _load(proposal.region, [placement.trajectory])
        row = batch.row_of().get(target)
        if row is None:
            raise ProposalError("offer_unavailable")
        suggestion = _fit(batch.candidates[0], batch.table, row, batch.weights)
        if suggestion is None:
            raise ProposalError("not_feasible")
        if included:
            used = _used_places(proposal, exclude_pk=placement.pk)[target]
            if used >= int(batch.table.free_places[row]):
                raise ProposalError("no_place_left")
        if target != placement.offer_id:
            placement.offer_id = target
            placement.score = round(suggestion.score, 4)
            placement.distance_km = round(suggestion.distance_km, 3)
            placement.explanation = suggestion.explanation[:EXPLANATION_LENGTH]
            changed += ["offer", "score", "distance_km", "explanation"]
    if included != placement.included:
        placement.included = included
        changed.append("included")
    if changed:
        placement.save(update_fields=changed)
        audit.record(actor=actor, action="proposedplacement.changed", obj=placement, fields=changed)
    return placement


# --- Sending -----------------------------------------------------------------------------------


@dataclass
class SendResult:
    sent: list[ProposedPlacement] = field(default_factory=list)
    failed: list[tuple[ProposedPlacement, str]] = field(default_factory=list)


@transaction.atomic
def send_proposal(*, actor: Any, proposal: AllocationProposal) -> SendResult:
    """Refer every included placed row (each in its own savepoint); a row that fails keeps
    its error code, the rest is sent. The proposal is then marked sent."""
    proposal = _lock_draft(proposal)
    rows = list(
        proposal.placements.filter(
            included=True, offer__isnull=False, participation__isnull=True
        ).select_related("trajectory", "offer")
    )
    busy = set(
        Participation.objects.filter(
            trajectory_id__in=[row.trajectory_id for row in rows], status__in=OCCUPYING_STATUSES
        ).values_list("trajectory_id", flat=True)
    )
    result = SendResult()
    for row in rows:
        code = ""
        if row.trajectory_id in busy:
            code = "already_placed"
        else:
            try:
                with transaction.atomic():
                    participation = trajectory_services.refer(
                        actor=actor, trajectory=row.trajectory, offer=row.offer
                    )
            except trajectory_services.TrajectoryError as error:
                code = error.code
        if code:
            row.reason_code = code[:20]
            row.save(update_fields=["reason_code"])
            result.failed.append((row, code))
        else:
            row.participation = participation
            row.reason_code = ""
            row.save(update_fields=["participation", "reason_code"])
            result.sent.append(row)
    proposal.status = ProposalStatus.SENT
    proposal.sent_at = timezone.now()
    proposal.save(update_fields=["status", "sent_at"])
    audit.record(
        actor=actor,
        action="allocationproposal.sent",
        obj=proposal,
        detail=f"sent={len(result.sent)} failed={len(result.failed)}",
    )
    return result


# --- Unmet demand ------------------------------------------------------------------------------

PART_KEYS = ("morning", "afternoon", "evening")
NEED_KEYS = ("childcare", "women_only", "wheelchair")


def parts_of_day(candidate: engine.Candidate) -> tuple[str, ...]:
    """The parts of the day the newcomer is available in (all three when flexible)."""
    if candidate.flexible_availability:
        return PART_KEYS
    mask = int(candidate.availability_mask)
    return tuple(
        key
        for part, key in enumerate(PART_KEYS)
        if any(mask >> (day * 3 + part) & 1 for day in range(7))
    )


def needs_of(candidate: engine.Candidate) -> tuple[str, ...]:
    return tuple(
        key
        for key, wanted in zip(
            NEED_KEYS,
            (candidate.needs_childcare, candidate.needs_women_only, candidate.needs_wheelchair),
            strict=True,
        )
        if wanted
    )


@dataclass
class DemandRow:
    municipality_id: int | None
    municipality: str
    parts: tuple[str, ...]
    needs: tuple[str, ...]
    code: str
    count: int
    example: str = ""


@dataclass
class MunicipalityDemand:
    pk: int
    name: str
    latitude: float
    longitude: float
    count: int


@dataclass
class UnmetDemand:
    rows: list[DemandRow]
    municipalities: list[MunicipalityDemand]
    newcomers: int
    codes: dict[str, int]


def unmet_demand(region: Region, today: dt.date | None = None) -> UnmetDemand:
    """Why the region's long-waiting newcomers (waiting more than six weeks) and those left
    unplaced by its latest proposal find nothing: ``engine.unmet`` per newcomer against the
    region's offers, counted by municipality × parts of the day × needs × reason, most first.
    A newcomer for whom an offer with free places fits counts under ``FITS``."""
    today = today or timezone.localdate()
    since = today - dt.timedelta(days=LONG_WAIT_DAYS)
    waiting = waiting_list(region)
    latest = (
        AllocationProposal.objects.filter(region=region)
        .exclude(status=ProposalStatus.DISCARDED)
        .order_by("-created_at", "-pk")
        .values("pk")[:1]
    )
    unplaced_ids = ProposedPlacement.objects.filter(proposal__in=latest, offer__isnull=True).values(
        "trajectory_id"
    )
    trajectories = list(waiting.filter(Q(started_on__lte=since) | Q(pk__in=unplaced_ids)))
    batch = _load(region, trajectories)
    counts: Counter = Counter()
    examples: dict[tuple, str] = {}
    names: dict[int | None, str] = {}
    per_municipality: Counter = Counter()
    codes: Counter = Counter()
    for trajectory, candidate in zip(batch.trajectories, batch.candidates, strict=True):
        why = engine.unmet(candidate, batch.table)
        code = FITS if why.code == engine.TAKEN else why.code
        municipality = trajectory.newcomer.municipality
        key = (municipality.pk, parts_of_day(candidate), needs_of(candidate), code)
        counts[key] += 1
        if code != FITS:
            examples.setdefault(key, why.reason)
        names[municipality.pk] = municipality.name
        per_municipality[municipality.pk] += 1
        codes[code] += 1
    rows = [
        DemandRow(
            municipality_id=key[0],
            municipality=names[key[0]],
            parts=key[1],
            needs=key[2],
            code=key[3],
            count=count,
            example=examples.get(key, ""),
        )
        for key, count in counts.items()
    ]
    rows.sort(key=lambda r: (-r.count, r.municipality, r.parts, r.needs, r.code))
    municipalities = [
        MunicipalityDemand(m.pk, m.name, m.latitude, m.longitude, per_municipality.get(m.pk, 0))
        for m in region.municipalities.order_by("name")
    ]
    return UnmetDemand(
        rows=rows,
        municipalities=municipalities,
        newcomers=len(batch.trajectories),
        codes=dict(codes.most_common()),
    )


__all__ = [
    "FITS",
    "ProposalError",
    "SendResult",
    "adjust_placement",
    "build_proposal",
    "feasible_options",
    "proposal_page",
    "send_proposal",
    "unmet_demand",
    "waiting_list",
]
