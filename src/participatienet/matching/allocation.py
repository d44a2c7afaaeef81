"""Batch allocation of a waiting list over offer places (pure: numpy, OR-Tools; no Django).

Each newcomer gets at most one new place; an offer takes at most its free places; only pairs
that pass every hard filter of ``engine`` are allowed. The objective is lexicographic: first
place as many newcomers as possible, then maximise the total score of the placements.

``allocate`` solves it exactly as a min-cost flow (OR-Tools ``SimpleMinCostFlow``) on the sparse
graph of feasible pairs, without expanding offers into one node per place::

    newcomer (supply 1) ──cost C − s──▶ offer ──capacity free places, cost 0──▶ sink (−n)
    newcomer ──────────────cost C + B (left unplaced)────────────────────────▶ sink

with ``s`` the pair's score in integer micro-points (``SCALE``), ``C`` the largest possible
``s`` and ``B = C · n + 1``: one more placement always outweighs any difference in total score,
so the minimum cost is the lexicographic optimum. The bipartite b-matching polytope is
integral, so an exact LP over the same pairs reaches the same objective (``bench/`` checks it).

``greedy`` is the baseline: pairs best score first, taken while both sides are free.
Unplaced newcomers get the reason in Dutch from ``engine.unmet`` (which filter left nothing;
or that the fitting places went to others).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from participatienet.matching.engine import (
    Candidate,
    OfferTable,
    Pairs,
    Weights,
    feasible_pairs,
    unmet,
)

#: Scores enter the flow as integers of this many units per point (micro-points).
SCALE = 1_000_000
MAX_POINTS = 100


@dataclass(frozen=True)
class Assignment:
    candidate_id: int
    offer_id: int
    row: int
    score: float
    distance_km: float


@dataclass(frozen=True)
class Unplaced:
    candidate_id: int
    reason: str
    code: str


@dataclass(frozen=True)
class Allocation:
    """The proposal: who goes where, who stays unplaced and why, and the objective."""

    assignments: tuple[Assignment, ...]
    unplaced: tuple[Unplaced, ...]
    method: str
    feasible_pairs: int

    @property
    def placed(self) -> int:
        return len(self.assignments)

    @property
    def total_score(self) -> float:
        return float(sum(a.score for a in self.assignments))

    @property
    def objective(self) -> tuple[int, float]:
        """Lexicographic: (newcomers placed, total score)."""
        return self.placed, self.total_score


def allocate(
    candidates: Sequence[Candidate],
    table: OfferTable,
    weights: Weights | None = None,
    *,
    pairs: Pairs | None = None,
) -> Allocation:
    """The optimal proposal (most newcomers placed, then the highest total score)."""
    pairs = pairs if pairs is not None else feasible_pairs(candidates, table, weights)
    chosen = _min_cost_flow(len(candidates), table, pairs)
    return _result(candidates, table, pairs, chosen, method="min-cost flow")


def greedy(
    candidates: Sequence[Candidate],
    table: OfferTable,
    weights: Weights | None = None,
    *,
    pairs: Pairs | None = None,
) -> Allocation:
    """Baseline: pairs best score first (ties: nearer, then candidate, then offer order)."""
    pairs = pairs if pairs is not None else feasible_pairs(candidates, table, weights)
    order = np.lexsort((pairs.row, pairs.candidate, pairs.distance_km, -pairs.score))
    left = table.free_places.astype(np.int64).copy()
    placed = np.zeros(len(candidates), dtype=bool)
    chosen: list[int] = []
    cand_list = pairs.candidate.tolist()
    row_list = pairs.row.tolist()
    for index in order.tolist():
        c, r = cand_list[index], row_list[index]
        if not placed[c] and left[r] > 0:
            placed[c] = True
            left[r] -= 1
            chosen.append(index)
    return _result(candidates, table, pairs, np.asarray(chosen, dtype=np.int64), method="greedy")


def _min_cost_flow(n: int, table: OfferTable, pairs: Pairs) -> np.ndarray:
    """Indices of the chosen pairs."""
    from ortools.graph.python import min_cost_flow

    if len(pairs) == 0:
        return np.empty(0, dtype=np.int64)
    rows, offer_node = np.unique(pairs.row, return_inverse=True)
    m = len(rows)
    sink = n + m
    top = MAX_POINTS * SCALE
    big = top * n + 1
    points = np.rint(np.clip(pairs.score, 0, MAX_POINTS) * SCALE).astype(np.int64)
    everyone = np.arange(n, dtype=np.int64)
    starts = np.concatenate((pairs.candidate, everyone, n + np.arange(m, dtype=np.int64)))
    ends = np.concatenate((n + offer_node, np.full(n, sink), np.full(m, sink)))
    capacities = np.concatenate(
        (np.ones(len(pairs), dtype=np.int64), np.ones(n, dtype=np.int64), table.free_places[rows])
    )
    costs = np.concatenate(
        (top - points, np.full(n, top + big, dtype=np.int64), np.zeros(m, dtype=np.int64))
    )
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(starts, ends, capacities, costs)
    supplies = np.concatenate((np.ones(n, dtype=np.int64), np.zeros(m, dtype=np.int64), [-n]))
    flow.set_nodes_supplies(np.arange(n + m + 1, dtype=np.int64), supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    used = flow.flows(arcs[: len(pairs)])
    return np.flatnonzero(used > 0)


def _result(
    candidates: Sequence[Candidate],
    table: OfferTable,
    pairs: Pairs,
    chosen: np.ndarray,
    *,
    method: str,
) -> Allocation:
    chosen = np.sort(chosen)
    assignments = tuple(
        Assignment(
            candidate_id=candidates[int(pairs.candidate[i])].id,
            offer_id=int(table.id[pairs.row[i]]),
            row=int(pairs.row[i]),
            score=float(pairs.score[i]),
            distance_km=float(pairs.distance_km[i]),
        )
        for i in chosen
    )
    placed = np.zeros(len(candidates), dtype=bool)
    placed[pairs.candidate[chosen]] = True
    options = np.bincount(pairs.candidate, minlength=len(candidates))
    unplaced = []
    for index in np.flatnonzero(~placed).tolist():
        candidate = candidates[index]
        why = pairs.blocked.get(index) or unmet(candidate, table, taken=int(options[index]))
        unplaced.append(Unplaced(candidate_id=candidate.id, reason=why.reason, code=why.code))
    return Allocation(
        assignments=assignments,
        unplaced=tuple(unplaced),
        method=method,
        feasible_pairs=len(pairs),
    )
