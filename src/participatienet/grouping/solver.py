"""Forming the groups: a proper solver for the penalty of ``scoring``.

Mixed groups
    Start from ``greedy_baseline`` and improve it by simulated annealing over all rounds at
    once. Each step takes a random round and person ``p`` and evaluates, in one vectorised
    pass with incremental bookkeeping (counts per group of regions and roles, a meetings
    matrix, a pair-weight matrix), the exact change of the total for swapping ``p`` with
    *every* person in another group and for moving ``p`` to every group with room (only when
    sizes stay within ±1). The best of these moves (ties broken at random) is made when it
    does not worsen the total, or else with probability ``exp(−Δ/T)`` under a cooling
    temperature. A person in a keep-together cluster moves with the whole cluster (swapped
    against as many people of another group). Most steps start from someone who adds to the
    total (a crowded region, an unbalanced group, a repeat). The best assignment seen is
    returned; the search stops early at a proven lower bound (same-region pairs by pigeonhole,
    repeats by counting; ``Assignment.optimal``) or when the best has not improved for a
    while.

Learning tables
    One round is solved exactly as a min-cost flow (OR-Tools ``SimpleMinCostFlow``)::

        person ──choice cost──▶ (table, region) ──k-th person of that region: 10·(k−1)──▶
        table ──capacity──▶ sink

    the convex arcs make the flow count same-region pairs exactly, so the minimum cost is the
    minimum penalty (choices first, then region mix). Several rounds: round by round, the
    themes a person already had made expensive, then the same annealing as above (swaps,
    moves to free seats, and exchanging a person's tables between two rounds, which keeps
    their themes and changes only the mix). Choices then stay within a few points of the
    exact bound ``scoring.choice_lower_bound`` (often on it). Repeat meetings do not count
    at tables (the themes decide who meets).

Deterministic for a given seed: the number of steps follows from the problem's size
(``iterations`` overrides it); ``time_limit`` is a safety net that stops the search early on a
slow machine, and only then can two runs differ.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace

import numpy as np

from participatienet.grouping.baselines import greedy_baseline
from participatienet.grouping.model import Assignment, MixProblem, Problem, TableProblem
from participatienet.grouping.scoring import (
    WEIGHTS,
    choice_lower_bound,
    meetings_before,
    region_lower_bound,
    repeat_lower_bound,
    score,
)

W_HARD = WEIGHTS["hard"]
W_CHOICE = WEIGHTS["choice"]
W_REGION = WEIGHTS["region"]
W_REPEAT = WEIGHTS["repeat"]
W_ROLE = WEIGHTS["role"]

#: Steps of the annealing per person per round (bounded below and above); tables need fewer
#: (the flow has placed everyone by choice already).
STEPS_PER_PERSON_ROUND = 20
TABLE_STEPS_PER_PERSON_ROUND = 10
MIN_STEPS = 1_000
MAX_STEPS = 60_000
#: Stop when the best total has not improved for this many steps per person and round.
PATIENCE_PER_PERSON_ROUND = 5
MIN_PATIENCE = 600
#: Temperature from the start to the end of the annealing (in penalty points).
START_TEMPERATURE = 6.0
END_TEMPERATURE = 0.3
#: Share of the steps that start from a person who adds to the total (refreshed regularly).
FOCUS = 0.6
#: Tables over several rounds: share of the steps that exchange a person's rounds.
ROUND_SWAPS = 0.5


def form_groups(
    problem: Problem,
    *,
    seed: int = 0,
    time_limit: float = 2.0,
    iterations: int | None = None,
) -> Assignment:
    """The best assignment found (see the module docstring)."""
    started = time.perf_counter()
    if isinstance(problem, TableProblem):
        start = _tables_by_flow(problem)
        if problem.rounds == 1 or not problem.people:
            return replace(start, optimal=problem.rounds == 1)
        lower = W_CHOICE * choice_lower_bound(problem) + W_REGION * region_lower_bound(problem)
        method = "min-cost flow + annealing"
    else:
        start = greedy_baseline(problem)
        if not problem.people or problem.group_count < 2:
            return Assignment(rounds=start.rounds, method="annealing", optimal=True)
        lower = W_REGION * region_lower_bound(problem) + W_REPEAT * repeat_lower_bound(problem)
        method = "annealing"
    search = _Search(problem, start)
    steps = iterations
    if steps is None:
        per = TABLE_STEPS_PER_PERSON_ROUND if search.tables else STEPS_PER_PERSON_ROUND
        steps = min(MAX_STEPS, max(MIN_STEPS, per * len(problem.people) * problem.rounds))
    search.anneal(
        np.random.default_rng(seed),
        steps=steps,
        deadline=started + time_limit,
        lower_bound=lower,
    )
    return replace(search.result(method), optimal=search.best_total <= lower + 1e-6)


class _Search:
    """The incremental state of one assignment (person indices, not ids)."""

    def __init__(self, problem: Problem, start: Assignment) -> None:
        self.problem = problem
        people = problem.people
        self.n = n = len(people)
        self.ids = [p.id for p in people]
        index = {p.id: i for i, p in enumerate(people)}
        self.tables = tables = isinstance(problem, TableProblem)
        self.R = R = problem.rounds
        self.G = G = len(start.rounds[0])
        if tables:
            self.lo = np.zeros(G, dtype=np.int64)
            self.hi = np.array([t.capacity for t in problem.tables], dtype=np.int64)
        else:
            self.lo = np.full(G, problem.min_size, dtype=np.int64)
            self.hi = np.full(G, problem.max_size, dtype=np.int64)
        largest = max(len(group) for rnd in start.rounds for group in rnd)
        width = self.width = max(int(self.hi.max()), largest, 1)

        regions = sorted({p.region for p in people})
        self.reg = np.array([regions.index(p.region) for p in people], dtype=np.int64)
        self.wreg = np.array([0 if name == "" else 1 for name in regions], dtype=np.int64)
        roles = sorted({p.role for p in people})
        self.rol = np.array([roles.index(p.role) for p in people], dtype=np.int64)
        role_totals = np.bincount(self.rol, minlength=len(roles))
        sizes = np.arange(width + 2, dtype=np.int64)[:, None]
        self.role_lo = sizes * role_totals // n
        self.role_hi = -(-sizes * role_totals // n)
        self.use_role = not tables and len(roles) > 1

        self.gof = np.empty((R, n), dtype=np.int64)
        self.pos = np.empty((R, n), dtype=np.int64)
        self.memb = np.full((R, G, width), n, dtype=np.int64)
        self.size = np.zeros((R, G), dtype=np.int64)
        for t, rnd in enumerate(start.rounds):
            for g, group in enumerate(rnd):
                self.size[t, g] = len(group)
                for j, pid in enumerate(group):
                    i = index[pid]
                    self.gof[t, i] = g
                    self.pos[t, i] = j
                    self.memb[t, g, j] = i
        self.creg = np.zeros((R, G, len(regions)), dtype=np.int64)
        self.crole = np.zeros((R, G, len(roles)), dtype=np.int64)
        for t in range(R):
            np.add.at(self.creg[t], (self.gof[t], self.reg), 1)
            np.add.at(self.crole[t], (self.gof[t], self.rol), 1)
        self.drole = np.zeros(self.crole.shape, dtype=np.int64)
        self.urole = np.zeros(self.crole.shape, dtype=np.int64)
        self.prole = np.zeros((R, G), dtype=np.int64)
        if self.use_role:
            for t in range(R):
                self._refresh_roles(t, range(G))

        previous = problem.previous if isinstance(problem, MixProblem) else ()
        self.use_meet = not tables and R + len(previous) > 1
        if self.use_meet:
            # meet[x, y]: rounds (earlier and new) in which x and y share a group;
            # repeat_here[t, x]: people in x's group of round t whom x meets twice or more.
            self.meet = np.zeros((n + 1, n + 1), dtype=np.int32)
            for (a, b), count in meetings_before(problem).items():
                self.meet[index[a], index[b]] += count
                self.meet[index[b], index[a]] += count
            for t in range(R):
                for g in range(G):
                    members = self._members(t, g)
                    self.meet[np.ix_(members, members)] += 1
            np.fill_diagonal(self.meet, 0)
            self.repeat_here = np.zeros((R, n), dtype=np.int64)
            # known[t, x, g]: people in group g of round t whom x has met at least once.
            self.known = np.zeros((R, n, G), dtype=np.int64)
            met = (self.meet[:n, :n] >= 1).astype(np.int64)
            for t in range(R):
                self._recount_repeats(t, range(G))
                self.known[t] = met @ np.eye(G, dtype=np.int64)[self.gof[t]]

        # Keep apart / together as pair weights: +hard together, -hard together (a constant
        # per pair makes that "+hard apart"). Sparse: only ``paired`` people have any.
        self.paired = np.zeros(0, dtype=np.int64)
        self.has_pair = np.zeros(n, dtype=bool)
        if not tables and (problem.keep_apart or problem.keep_together):
            self.pair = np.zeros((n + 1, n + 1), dtype=np.float64)
            for pair, weight in ((problem.keep_apart, W_HARD), (problem.keep_together, -W_HARD)):
                for a, b in map(tuple, pair):
                    self.pair[index[a], index[b]] = weight
                    self.pair[index[b], index[a]] = weight
            self.has_pair = np.any(self.pair[:n] != 0, axis=1)
            self.paired = np.flatnonzero(self.has_pair)
        self.use_pairs = len(self.paired) > 0

        # A region is "crowded" in a group above its even spread over the groups.
        region_totals = np.bincount(self.reg, minlength=len(regions))
        self.region_fair = -(-region_totals // max(G, 1))

        self.cluster_of: list[np.ndarray | None] = [None] * n
        if not tables:
            for cluster in problem.clusters():
                members = np.array([index[i] for i in cluster], dtype=np.int64)
                for i in members.tolist():
                    self.cluster_of[i] = members
        self.clustered = np.array([c is not None for c in self.cluster_of], dtype=bool)

        self.use_choice = tables
        if tables:
            themes = list(problem.themes())
            self.theme = np.array([themes.index(t.theme) for t in problem.tables], dtype=np.int64)
            self.points = W_CHOICE * np.array(
                [[p.points(theme) for theme in themes] for p in people], dtype=np.int64
            ).reshape(n, len(themes))
            self.attended = np.zeros((n, len(themes)), dtype=np.int64)
            for t in range(R):
                np.add.at(self.attended, (np.arange(n), self.theme[self.gof[t]]), 1)
            # What leaving / joining a theme costs each person (themes × people), and where
            # each person's own theme of round t sits in those arrays, flattened.
            self.leave_cost = np.where(self.attended == 1, self.points, -W_HARD).T.copy()
            self.join_cost = np.where(self.attended == 0, -self.points, W_HARD).T.copy()
            self.own_theme = self.theme[self.gof] * n + np.arange(n)

        self.rows = np.arange(n, dtype=np.int64)[:, None]
        self.total = score(problem, start).total

    # --- Role bookkeeping ----------------------------------------------------------------

    def _role_penalty(self, counts: np.ndarray, size) -> np.ndarray:
        lo, hi = self.role_lo[size], self.role_hi[size]
        return np.maximum(lo - counts, 0) + np.maximum(counts - hi, 0)

    def _refresh_roles(self, t: int, groups) -> None:
        for g in groups:
            counts = self.crole[t, g]
            s = self.size[t, g]
            now = self._role_penalty(counts, s)
            self.drole[t, g] = self._role_penalty(counts - 1, s) - now
            self.urole[t, g] = self._role_penalty(counts + 1, s) - now
            self.prole[t, g] = now.sum()

    def _recount_repeats(self, t: int, groups) -> None:
        for g in groups:
            members = self._members(t, g)
            block = self.meet[members[:, None], members[None, :]]
            self.repeat_here[t, members] = np.count_nonzero(block >= 2, axis=1)

    def _meet(self, t: int, xs: np.ndarray, ys: np.ndarray, signs: np.ndarray) -> None:
        """Round ``t``'s meetings of the distinct pairs (xs[i], ys[i]) change by signs[i];
        ``known`` follows where a pair crosses one meeting, the other rounds' ``repeat_here``
        where it crosses two (round ``t`` itself is recounted, and its ``known`` moved,
        after the move)."""
        meet = self.meet
        meet[xs, ys] += signs
        meet[ys, xs] += signs
        now = meet[xs, ys]
        up = signs > 0
        first = np.flatnonzero(np.where(up, now == 1, now == 0))
        twice = np.flatnonzero(np.where(up, now == 2, now == 1))
        if not len(first) and not len(twice):
            return
        fx, fy, fs = xs[first], ys[first], signs[first]
        tx, ty, ts = xs[twice], ys[twice], signs[twice]
        for other in range(self.R):
            groups = self.gof[other]
            if len(first):
                np.add.at(self.known[other], (fx, groups[fy]), fs)
                np.add.at(self.known[other], (fy, groups[fx]), fs)
            if len(twice) and other != t:
                together = groups[tx] == groups[ty]
                if together.any():
                    np.add.at(self.repeat_here[other], tx[together], ts[together])
                    np.add.at(self.repeat_here[other], ty[together], ts[together])

    def conflicted(self) -> np.ndarray:
        """(round, person) pairs, flattened as ``t * n + p``, that add to the total: a region
        above its even spread, a role imbalance, a repeat meeting, a missed choice."""
        n = self.n
        flags = np.zeros((self.R, n), dtype=bool)
        for t in range(self.R):
            groups = self.gof[t]
            crowded = self.creg[t][groups, self.reg] > self.region_fair[self.reg]
            flags[t] = crowded & (self.wreg[self.reg] > 0)
            if self.use_role:
                flags[t] |= self.prole[t][groups] > 0
            if self.use_meet:
                flags[t] |= self.repeat_here[t] > 0
            if self.use_choice:
                best = self.points.max(axis=1)
                flags[t] |= self.points[np.arange(n), self.theme[groups]] < best
        return np.flatnonzero(flags.ravel())

    # --- Exact changes of the total -------------------------------------------------------

    def swap_deltas(self, t: int, p: int) -> np.ndarray:
        """Change of the total for swapping ``p`` with each person (inf: not a swap)."""
        n = self.n
        groups = self.gof[t]
        a_group = groups[p]
        counts = self.creg[t]
        a, b = self.reg[p], self.reg
        wreg = self.wreg
        d_a = -(counts[a_group, a] - 1) * wreg[a] + counts[a_group, b] * wreg[b]
        d_b = -(counts[groups, b] - 1) * wreg[b] + counts[groups, a] * wreg[a]
        delta = (W_REGION * (d_a + d_b) * (b != a)).astype(np.float64)
        if self.use_role:
            o, ro = self.rol[p], self.rol
            down, up = self.drole[t], self.urole[t]
            delta += (
                W_ROLE
                * (down[a_group, o] + up[a_group, ro] + down[groups, ro] + up[groups, o])
                * (ro != o)
            )
        in_a = self.memb[t, a_group]
        if self.use_meet:
            known = self.known[t]
            met = self.meet[p, :n] >= 1
            into_a = known[:, a_group] - met
            delta += W_REPEAT * (
                known[p, groups] - met - self.repeat_here[t, p] + into_a - self.repeat_here[t]
            )
        if self.use_pairs:
            pair = self.pair
            if self.has_pair[p]:
                row = pair[p, :n]
                gain = np.bincount(groups, weights=row, minlength=self.G)
                delta += gain[groups] - row - pair[p, in_a].sum()
            some = self.paired
            own = self.memb[t][groups[some]]
            delta[some] += (
                pair[some[:, None], in_a[None, :]].sum(axis=1)
                - pair[some, p]
                - pair[some[:, None], own].sum(axis=1)
            )
        if self.use_choice:
            delta += self._theme_swap(t, p, groups, a_group)
        delta[groups == a_group] = np.inf
        return delta

    def _theme_swap(self, t: int, p: int, groups: np.ndarray, a_group: int) -> np.ndarray:
        alpha = self.theme[a_group]
        beta = self.theme[groups]
        leave_p = self.leave_cost[alpha, p]
        join_p = self.join_cost[beta, p]
        leave_q = self.leave_cost.ravel().take(self.own_theme[t])
        join_q = self.join_cost[alpha]
        return (leave_p + join_p + leave_q + join_q) * (beta != alpha)

    def _change_theme(self, t: int, x: int, leave: int, join: int) -> None:
        alpha, beta = self.theme[leave], self.theme[join]
        self.attended[x, alpha] -= 1
        self.attended[x, beta] += 1
        for theme in (alpha, beta):
            seen = self.attended[x, theme]
            self.leave_cost[theme, x] = self.points[x, theme] if seen == 1 else -W_HARD
            self.join_cost[theme, x] = -self.points[x, theme] if seen == 0 else W_HARD
        self.own_theme[t, x] = beta * self.n + x

    def move_deltas(self, t: int, p: int) -> tuple[np.ndarray, np.ndarray] | None:
        """The groups ``p`` can move to (sizes stay allowed) and the change of the total for
        each, or None."""
        size = self.size[t]
        a_group = self.gof[t, p]
        if size[a_group] - 1 < self.lo[a_group]:
            return None
        room = size + 1 <= self.hi
        room[a_group] = False
        targets = np.flatnonzero(room)
        if not len(targets):
            return None
        a = self.reg[p]
        counts = self.creg[t]
        delta = (W_REGION * self.wreg[a] * (counts[targets, a] - (counts[a_group, a] - 1))).astype(
            np.float64
        )
        if self.use_role:
            o = self.rol[p]
            joined = self.crole[t, targets]  # a copy
            joined[:, o] += 1
            after = self._role_penalty(joined, size[targets] + 1).sum(axis=1)
            left = self.crole[t, a_group].copy()
            left[o] -= 1
            after_a = self._role_penalty(left, size[a_group] - 1).sum()
            change = after - self.prole[t, targets] + after_a - self.prole[t, a_group]
            delta += W_ROLE * change
        if self.use_meet:
            delta += W_REPEAT * (self.known[t, p, targets] - self.repeat_here[t, p])
        if self.use_pairs and self.has_pair[p]:
            gain = np.bincount(self.gof[t], weights=self.pair[p, : self.n], minlength=self.G)
            delta += gain[targets] - self.pair[p, self.memb[t, a_group]].sum()
        if self.use_choice:
            alpha = self.theme[a_group]
            beta = self.theme[targets]
            delta += (self.leave_cost[alpha, p] + self.join_cost[beta, p]) * (beta != alpha)
        return targets, delta

    # --- Making a move ----------------------------------------------------------------------

    def _members(self, t: int, g: int) -> np.ndarray:
        return self.memb[t, g, : self.size[t, g]]

    def swap(self, t: int, p: int, q: int) -> None:
        a_group, b_group = self.gof[t, p], self.gof[t, q]
        if self.use_meet:
            in_a = self._members(t, a_group)
            in_a = in_a[in_a != p]
            in_b = self._members(t, b_group)
            in_b = in_b[in_b != q]
            # p leaves A and joins B, q leaves B and joins A.
            counts = (len(in_a), len(in_b), len(in_b), len(in_a))
            self._meet(
                t,
                np.repeat(np.array([p, p, q, q], dtype=np.int64), counts),
                np.concatenate((in_a, in_b, in_b, in_a)),
                np.repeat(np.array([-1, 1, -1, 1], dtype=np.int32), counts),
            )
            moved = (self.meet[: self.n, p] >= 1).astype(np.int64) - (self.meet[: self.n, q] >= 1)
            self.known[t, :, a_group] -= moved
            self.known[t, :, b_group] += moved
        self.memb[t, a_group, self.pos[t, p]] = q
        self.memb[t, b_group, self.pos[t, q]] = p
        self.pos[t, p], self.pos[t, q] = self.pos[t, q], self.pos[t, p]
        self.gof[t, p], self.gof[t, q] = b_group, a_group
        for x, leave, join in ((p, a_group, b_group), (q, b_group, a_group)):
            self.creg[t, leave, self.reg[x]] -= 1
            self.creg[t, join, self.reg[x]] += 1
            self.crole[t, leave, self.rol[x]] -= 1
            self.crole[t, join, self.rol[x]] += 1
            if self.use_choice:
                self._change_theme(t, x, leave, join)
        if self.use_role:
            self._refresh_roles(t, (a_group, b_group))
        if self.use_meet:
            self._recount_repeats(t, (a_group, b_group))

    def relocate(self, t: int, p: int, g: int) -> None:
        a_group = self.gof[t, p]
        if self.use_meet:
            in_a = self._members(t, a_group)
            in_a = in_a[in_a != p]
            in_g = self._members(t, g)
            self._meet(
                t,
                np.full(len(in_a) + len(in_g), p, dtype=np.int64),
                np.concatenate((in_a, in_g)),
                np.repeat(np.array([-1, 1], dtype=np.int32), (len(in_a), len(in_g))),
            )
            moved = (self.meet[: self.n, p] >= 1).astype(np.int64)
            self.known[t, :, a_group] -= moved
            self.known[t, :, g] += moved
        last = self.size[t, a_group] - 1
        moved = self.memb[t, a_group, last]
        self.memb[t, a_group, self.pos[t, p]] = moved
        self.pos[t, moved] = self.pos[t, p]
        self.memb[t, a_group, last] = self.n
        self.memb[t, g, self.size[t, g]] = p
        self.pos[t, p] = self.size[t, g]
        self.size[t, a_group] -= 1
        self.size[t, g] += 1
        self.gof[t, p] = g
        self.creg[t, a_group, self.reg[p]] -= 1
        self.creg[t, g, self.reg[p]] += 1
        self.crole[t, a_group, self.rol[p]] -= 1
        self.crole[t, g, self.rol[p]] += 1
        if self.use_choice:
            self._change_theme(t, p, a_group, g)
        if self.use_role:
            self._refresh_roles(t, (a_group, g))
        if self.use_meet:
            self._recount_repeats(t, (a_group, g))

    # --- The annealing ----------------------------------------------------------------------

    def anneal(
        self, rng: np.random.Generator, *, steps: int, deadline: float, lower_bound: float
    ) -> None:
        best_total, best = self.total, self.gof.copy()
        rounds = rng.integers(self.R, size=steps)
        persons = rng.integers(self.n, size=steps)
        focus = rng.random(steps) < FOCUS
        picks = rng.random(steps)
        chance = rng.random(steps)
        kinds = rng.random(steps)
        ratio = END_TEMPERATURE / START_TEMPERATURE
        hot = self.conflicted()
        patience = max(MIN_PATIENCE, PATIENCE_PER_PERSON_ROUND * self.n * self.R)
        improved = 0
        for step in range(steps):
            if best_total <= lower_bound + 1e-6 or step - improved > patience:
                break
            if step % 16 == 0 and time.perf_counter() > deadline:
                break
            if step % 64 == 0:
                hot = self.conflicted()
            if focus[step] and len(hot):
                t, p = divmod(int(hot[int(picks[step] * len(hot))]), self.n)
            else:
                t, p = int(rounds[step]), int(persons[step])
            temperature = START_TEMPERATURE * ratio ** (step / steps)
            if self.clustered[p]:
                self._cluster_move(rng, t, p, temperature, chance[step])
            elif self.tables and self.R > 1 and kinds[step] < ROUND_SWAPS:
                other = int(rounds[(step + 1) % steps])
                if other != t:
                    self._round_swap(t, other, p, temperature, chance[step])
            else:
                swaps = self.swap_deltas(t, p) + rng.random(self.n) * 0.01
                q = int(np.argmin(swaps))
                delta, target = swaps[q], None
                moves = self.move_deltas(t, p)
                if moves is not None:
                    targets, changes = moves
                    j = int(np.argmin(changes + rng.random(len(changes)) * 0.01))
                    if changes[j] < delta:
                        delta, target = changes[j], int(targets[j])
                if not math.isfinite(delta):
                    continue
                delta = round(float(delta))  # every weight is whole: drop the tie-breaker
                if delta <= 0 or chance[step] < math.exp(-delta / temperature):
                    if target is None:
                        self.swap(t, p, q)
                    else:
                        self.relocate(t, p, target)
                    self.total += delta
            if self.total < best_total - 1e-9:
                best_total, best, improved = self.total, self.gof.copy(), step
        self.best_total = best_total
        self.best = best

    def _round_swap(self, t: int, other: int, p: int, temperature: float, chance: float) -> None:
        """Tables: ``p`` sits at ``other``'s table in round ``t`` and the other way round
        (the same themes, so only the mix changes), where both tables have a free seat."""
        here, there = self.gof[t, p], self.gof[other, p]
        if here == there:
            return
        if self.size[t, there] >= self.hi[there] or self.size[other, here] >= self.hi[here]:
            return
        a = self.reg[p]
        now, later = self.creg[t], self.creg[other]
        change = now[there, a] - (now[here, a] - 1) + later[here, a] - (later[there, a] - 1)
        delta = W_REGION * int(self.wreg[a]) * int(change)
        if delta <= 0 or chance < math.exp(-delta / temperature):
            self.relocate(t, p, there)
            self.relocate(other, p, here)
            self.total += delta

    def _cluster_move(
        self, rng: np.random.Generator, t: int, p: int, temperature: float, chance: float
    ) -> None:
        """Swap ``p``'s whole cluster against as many people of another group."""
        members = self.cluster_of[p]
        here = self.gof[t, p]
        other = int(rng.integers(self.G - 1))
        other += other >= here
        free = self._members(t, other)
        free = free[~self.clustered[free]]
        if members is None or len(free) < len(members):
            return
        partners = rng.choice(free, size=len(members), replace=False)
        delta = 0.0
        for x, y in zip(members.tolist(), partners.tolist(), strict=True):
            delta += float(self.swap_deltas(t, x)[y])
            self.swap(t, x, y)
        if delta <= 0 or chance < math.exp(-delta / temperature):
            self.total += delta
            return
        for x, y in reversed(list(zip(members.tolist(), partners.tolist(), strict=True))):
            self.swap(t, x, y)

    def result(self, method: str) -> Assignment:
        """The best assignment seen: ids, people in input order, mixed groups ordered by their
        first member."""
        rounds = []
        for t in range(self.R):
            groups: list[list[int]] = [[] for _ in range(self.G)]
            for i, g in enumerate(self.best[t].tolist()):
                groups[g].append(i)
            if not self.tables:
                groups.sort(key=lambda members: members[0] if members else self.n)
            rounds.append(tuple(tuple(self.ids[i] for i in members) for members in groups))
        table_ids = tuple(t.id for t in self.problem.tables) if self.tables else ()
        return Assignment(rounds=tuple(rounds), table_ids=table_ids, method=method)


def _tables_by_flow(problem: TableProblem) -> Assignment:
    """Round by round, each round an exact min-cost flow (see the module docstring)."""
    from ortools.graph.python import min_cost_flow

    people, tables = problem.people, problem.tables
    n, k = len(people), len(tables)
    regions = sorted({p.region for p in people if p.region})
    region_size = {r: sum(1 for p in people if p.region == r) for r in regions}
    attended: list[set[str]] = [set() for _ in people]
    rounds = []
    for _ in range(problem.rounds):
        if n == 0:
            rounds.append(tuple(() for _ in tables))
            continue
        # Nodes: people 0..n-1, tables n..n+k-1, then (table, region) nodes, the sink last.
        middle = {
            (g, r): n + k + j for j, (g, r) in enumerate((g, r) for g in range(k) for r in regions)
        }
        sink = n + k + len(middle)
        starts, ends, caps, costs = [], [], [], []
        person_arcs = []
        for i, person in enumerate(people):
            for g, table in enumerate(tables):
                if table.capacity == 0:
                    continue
                if table.theme in attended[i]:
                    cost = W_HARD + 3 * W_CHOICE
                else:
                    cost = W_CHOICE * (3 - person.points(table.theme))
                node = middle[(g, person.region)] if person.region else n + g
                person_arcs.append((len(starts), i, g))
                starts.append(i)
                ends.append(node)
                caps.append(1)
                costs.append(cost)
        for (g, r), node in middle.items():
            for extra in range(min(tables[g].capacity, region_size[r])):
                starts.append(node)
                ends.append(n + g)
                caps.append(1)
                costs.append(W_REGION * extra)
        for g, table in enumerate(tables):
            starts.append(n + g)
            ends.append(sink)
            caps.append(table.capacity)
            costs.append(0)
        flow = min_cost_flow.SimpleMinCostFlow()
        arcs = flow.add_arcs_with_capacity_and_unit_cost(
            np.array(starts, dtype=np.int64),
            np.array(ends, dtype=np.int64),
            np.array(caps, dtype=np.int64),
            np.array(costs, dtype=np.int64),
        )
        supplies = np.zeros(sink + 1, dtype=np.int64)
        supplies[:n] = 1
        supplies[sink] = -n
        flow.set_nodes_supplies(np.arange(sink + 1, dtype=np.int64), supplies)
        status = flow.solve()
        if status != flow.OPTIMAL:
            raise RuntimeError(f"min-cost flow failed with status {status}")
        used = flow.flows(arcs)
        groups: list[list[int]] = [[] for _ in tables]
        for arc, i, g in person_arcs:
            if used[arc] > 0:
                groups[g].append(people[i].id)
                attended[i].add(tables[g].theme)
        rounds.append(tuple(tuple(group) for group in groups))
    return Assignment(
        rounds=tuple(rounds), table_ids=tuple(t.id for t in tables), method="min-cost flow"
    )
