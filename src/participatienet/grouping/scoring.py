"""How good an assignment is: counts per criterion, one penalty ``total`` and a 0–100 quality.

The penalty (lower is better) is a weighted sum; the weights make the hard rules outweigh any
soft gain and, at learning tables, choices outweigh any mixing:

=============================  ====================  ========================================
criterion                      weight (``WEIGHTS``)  counted as
=============================  ====================  ========================================
keep-apart pair together       10,000 (``hard``)     per pair per round
keep-together pair apart       10,000 (``hard``)     per pair per round
group size outside ±1          10,000 (``hard``)     per person above/below the allowed sizes
table above capacity           10,000 (``hard``)     per person above capacity
same theme twice (tables)      10,000 (``hard``)     per person per extra time
choice points missed (tables)  1,000 (``choice``)    per point below the person's best
same-region pair               10 (``region``)       per pair sharing a group, per round
repeat meeting (mixed only)    6 (``repeat``)        per extra time a pair meets (new rounds)
role imbalance (mixed only)    3 (``role``)          per person off the even spread
=============================  ====================  ========================================

Choice points: 3 for a first choice, 2 for a second, 1 for a third; the best reachable is the
sum of a person's best ``rounds`` choices that have a table. Role imbalance of a group of ``s``
people: for every role with share ``N_ρ / n`` overall, how far its count lies outside
``[⌊s·N_ρ/n⌋, ⌈s·N_ρ/n⌉]``. An empty region is "no region" and never makes a pair.

``quality`` (0–100) is read as "how much better than drawing lots": a weighted mean of the
mixing parts, each 0–100 (``Score.parts``), where 100 reaches the lower bound (nothing
avoidable left) and 0 is no better than the exact expectation of a random assignment with the
same places per group:

* ``choices`` (weight 4, tables, when people chose): choice points (100: as many as the
  capacities allow);
* ``region_mix`` (3; 1 at tables, where choices come first): same-region pairs;
* ``role_balance`` (2, mixed groups): role imbalance;
* ``variety`` (2, mixed groups over more than one round): repeat meetings;

times the share of each rule kept (also in ``parts``, 0–100): ``wishes`` (keep apart/together
pairs respected, per round), ``sizes`` (groups within ±1), ``capacity`` (tables within
capacity), ``distinct_themes`` (people who never get a theme twice). A part that cannot vary
(e.g. one region only) is left out; with no mixing part the quality is 100 times the rules.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

from participatienet.grouping.model import (
    CHOICE_POINTS,
    Assignment,
    MixProblem,
    Problem,
    TableProblem,
    check_assignment,
)

WEIGHTS: dict[str, int] = {
    "hard": 10_000,
    "choice": 1_000,
    "region": 10,
    "repeat": 6,
    "role": 3,
}

PART_WEIGHTS: dict[str, int] = {
    "choices": 4,
    "region_mix": 3,
    "role_balance": 2,
    "variety": 2,
}
#: At learning tables choices come first: regions weigh less there.
TABLE_REGION_WEIGHT = 1
RULE_PARTS = ("wishes", "sizes", "capacity", "distinct_themes")


@dataclass(frozen=True)
class Score:
    """Counts over all rounds of the assignment (see the module docstring for weights).

    ``unavoidable_same_region_pairs`` is a lower bound (regions spread as evenly as the group
    sizes allow); ``avoidable_same_region_pairs`` the pairs beyond it. ``repeat_meetings``
    counts only repeats the new rounds add (earlier fixed rounds are history).
    ``choices_honoured``: people seated at their 1st, 2nd, 3rd choice, and seats at a theme
    the person did not choose (people who chose only). ``missed_choice_points``: points below
    each person's own best, ``unavoidable_missed_choice_points`` those that the capacities
    make unavoidable (exact). ``size_spread``: the largest difference between two groups'
    sizes in one round."""

    same_region_pairs: int
    unavoidable_same_region_pairs: int
    avoidable_same_region_pairs: int
    role_imbalance: int
    repeat_meetings: int
    kept_apart_violations: int
    kept_together_violations: int
    size_spread: int
    size_violations: int
    duplicate_themes: int
    choices_honoured: tuple[int, int, int, int]
    missed_choice_points: int
    unavoidable_missed_choice_points: int
    total: float
    quality: float
    parts: dict[str, float] = field(default_factory=dict)


def score(problem: Problem, assignment: Assignment) -> Score:
    """Judge ``assignment`` (everyone exactly once per round, else ``ValueError``)."""
    check_assignment(problem, assignment)
    people = {p.id: p for p in problem.people}
    rounds = assignment.rounds
    tables = isinstance(problem, TableProblem)
    role_counts = Counter(p.role for p in problem.people)
    n = len(problem.people)

    same_region = role_imbalance = 0
    for rnd in rounds:
        for group in rnd:
            regions = Counter(people[i].region for i in group if people[i].region)
            same_region += sum(c * (c - 1) // 2 for c in regions.values())
            role_imbalance += _role_imbalance([people[i].role for i in group], role_counts, n)
    unavoidable = region_lower_bound(problem)

    repeats = _repeats(problem, rounds)
    apart = together = 0
    if isinstance(problem, MixProblem):
        for rnd in rounds:
            where = {i: g for g, group in enumerate(rnd) for i in group}
            apart += sum(1 for a, b in map(sorted, problem.keep_apart) if where[a] == where[b])
            together += sum(
                1 for a, b in map(sorted, problem.keep_together) if where[a] != where[b]
            )

    spread = max((max(map(len, rnd)) - min(map(len, rnd)) for rnd in rounds if rnd), default=0)
    size_violations = 0
    groups_off = 0
    for rnd in rounds:
        for g, group in enumerate(rnd):
            if tables:
                low, high = 0, problem.tables[g].capacity
            else:
                low, high = problem.min_size, problem.max_size
            off = max(0, low - len(group), len(group) - high)
            size_violations += off
            groups_off += off > 0

    duplicates = missed = unavoidable_missed = 0
    honoured = [0, 0, 0, 0]
    people_with_duplicates = 0
    if tables:
        theme_of = [t.theme for t in problem.tables]
        attended: dict[int, list[str]] = {p.id: [] for p in problem.people}
        for rnd in rounds:
            for g, group in enumerate(rnd):
                for i in group:
                    attended[i].append(theme_of[g])
        reachable = set(theme_of)
        unavoidable_missed = choice_lower_bound(problem)
        for person in problem.people:
            themes = attended[person.id]
            extra = len(themes) - len(set(themes))
            duplicates += extra
            people_with_duplicates += extra > 0
            if not person.choices:
                continue
            got = 0
            for theme in set(themes):
                points = person.points(theme)
                got += points
                if points:
                    honoured[len(CHOICE_POINTS) - points] += 1
            honoured[3] += sum(1 for theme in themes if not person.points(theme))
            missed += max_points(person, reachable, problem.rounds) - got

    total = (
        WEIGHTS["hard"] * (apart + together + size_violations + duplicates)
        + WEIGHTS["choice"] * missed
        + WEIGHTS["region"] * same_region
        + (0 if tables else WEIGHTS["repeat"] * repeats + WEIGHTS["role"] * role_imbalance)
    )

    parts: dict[str, float] = {}
    reference = _random_reference(problem)
    _relative(parts, "region_mix", same_region, unavoidable, reference["region"])
    if not tables:
        _relative(parts, "role_balance", role_imbalance, 0, reference["role"])
        if problem.rounds + len(problem.previous) > 1:
            lower = repeat_lower_bound(problem)
            _relative(parts, "variety", repeats, lower, reference["repeat"])
    group_rounds = sum(len(rnd) for rnd in rounds)
    if tables:
        if any(p.choices for p in problem.people):
            best = sum(max_points(p, set(theme_of), problem.rounds) for p in problem.people)
            _relative(
                parts,
                "choices",
                missed,
                unavoidable_missed,
                best - reference["choice_points"],
            )
        if group_rounds:
            parts["capacity"] = 100.0 * (1 - groups_off / group_rounds)
        if problem.rounds > 1 and n:
            parts["distinct_themes"] = 100.0 * (1 - people_with_duplicates / n)
    else:
        wishes = len(problem.keep_apart) + len(problem.keep_together)
        if wishes:
            parts["wishes"] = 100.0 * (1 - (apart + together) / (wishes * problem.rounds))
        if group_rounds:
            parts["sizes"] = 100.0 * (1 - groups_off / group_rounds)
    weights = dict(PART_WEIGHTS, region_mix=TABLE_REGION_WEIGHT) if tables else PART_WEIGHTS
    mixing = [name for name in parts if name not in RULE_PARTS]
    weight = sum(weights[name] for name in mixing)
    quality = sum(weights[name] * parts[name] for name in mixing) / weight if weight else 100.0
    for name in RULE_PARTS:
        quality *= parts.get(name, 100.0) / 100.0
    return Score(
        same_region_pairs=same_region,
        unavoidable_same_region_pairs=unavoidable,
        avoidable_same_region_pairs=max(0, same_region - unavoidable),
        role_imbalance=role_imbalance,
        repeat_meetings=repeats,
        kept_apart_violations=apart,
        kept_together_violations=together,
        size_spread=spread,
        size_violations=size_violations,
        duplicate_themes=duplicates,
        choices_honoured=(honoured[0], honoured[1], honoured[2], honoured[3]),
        missed_choice_points=missed,
        unavoidable_missed_choice_points=unavoidable_missed,
        total=float(total),
        quality=round(quality, 1),
        parts={name: round(value, 1) for name, value in parts.items()},
    )


# --- Pieces shared with the solver ---------------------------------------------------------


def role_bounds(size: int, count: int, n: int) -> tuple[int, int]:
    """The even spread of a role with ``count`` of ``n`` people over a group of ``size``."""
    if n == 0:
        return 0, 0
    return size * count // n, -(-size * count // n)


def _role_imbalance(roles: Sequence[str], totals: Counter, n: int) -> int:
    here = Counter(roles)
    off = 0
    for role, count in totals.items():
        low, high = role_bounds(len(roles), count, n)
        c = here.get(role, 0)
        off += max(0, low - c, c - high)
    return off


def max_points(person, reachable: set[str], rounds: int) -> int:
    """The most choice points ``person`` can get in ``rounds`` rounds (themes with a table)."""
    points = sorted((person.points(t) for t in person.choices if t in reachable), reverse=True)
    return sum(points[:rounds])


def seats(problem: Problem) -> tuple[int, ...]:
    """Places per group in one round: the balanced sizes, or the tables' capacities."""
    if isinstance(problem, TableProblem):
        return tuple(t.capacity for t in problem.tables)
    return problem.sizes()


def _even_spread_pairs(count: int, capacities: Sequence[int]) -> int:
    """Fewest pairs when ``count`` people are spread over groups of these capacities."""
    if count <= 1 or not capacities:
        return 0
    k = len(capacities)
    caps = sorted(capacities)
    # Water-filling: raise every group's level together; groups stop at their capacity.
    placed = [0] * k
    left = count
    level = 0
    while left > 0:
        open_groups = [g for g in range(k) if caps[g] > level]
        if not open_groups:
            break  # more people than places: nothing more to spread
        take = min(left, len(open_groups))
        for g in open_groups[:take]:
            placed[g] += 1
        left -= take
        level += 1
    return sum(c * (c - 1) // 2 for c in placed)


@lru_cache(maxsize=16)
def region_lower_bound(problem: Problem) -> int:
    """Same-region pairs that no assignment avoids, over all rounds: per region, the more of
    spreading it as evenly as the group sizes allow and its pairs kept together."""
    capacities = seats(problem)
    regions = Counter(p.region for p in problem.people if p.region)
    forced: Counter = Counter()  # pairs of one region kept together
    if isinstance(problem, MixProblem):
        region_of = {p.id: p.region for p in problem.people}
        for cluster in problem.clusters():
            here = Counter(region_of[i] for i in cluster if region_of[i])
            for region, count in here.items():
                forced[region] += count * (count - 1) // 2
    per_round = sum(
        max(_even_spread_pairs(count, capacities), forced[region])
        for region, count in regions.items()
    )
    return per_round * problem.rounds


def meetings_before(problem: Problem) -> Counter:
    """How often each pair of the problem's people met in the fixed earlier rounds."""
    met: Counter = Counter()
    if not isinstance(problem, MixProblem):
        return met
    ids = {p.id for p in problem.people}
    for rnd in problem.previous:
        for group in rnd:
            members = sorted(i for i in set(group) if i in ids)
            met.update(combinations(members, 2))
    return met


def _repeats(problem: Problem, rounds: Iterable[Sequence[Sequence[int]]]) -> int:
    before = meetings_before(problem)
    met = Counter(before)
    for rnd in rounds:
        for group in rnd:
            met.update(combinations(sorted(group), 2))
    extra = sum(max(0, m - 1) for m in met.values())
    return extra - sum(max(0, m - 1) for m in before.values())


@lru_cache(maxsize=16)
def choice_lower_bound(problem: Problem) -> int:
    """Choice points that no seating reaches (tables; exact, regions aside): a min-cost flow
    gives every person ``rounds`` themes (a theme twice only when nothing else is left)
    within ``rounds`` times each theme's seats. Such a choice of themes can always be spread
    over the rounds (König: a bipartite multigraph of degree ``rounds`` splits into
    ``rounds`` matchings, with each table split into single seats)."""
    if not isinstance(problem, TableProblem) or not any(p.choices for p in problem.people):
        return 0
    from ortools.graph.python import min_cost_flow

    themes = problem.themes()
    seats = Counter()
    for table in problem.tables:
        seats[table.theme] += table.capacity
    people, rounds = problem.people, problem.rounds
    n, k = len(people), len(themes)
    flow = min_cost_flow.SimpleMinCostFlow()
    first = []
    for i, person in enumerate(people):
        for j, theme in enumerate(themes):
            points = person.points(theme)
            arc = flow.add_arc_with_capacity_and_unit_cost(i, n + j, 1, 3 - points)
            first.append((arc, points))
            if rounds > 1:  # the same theme again: only when nothing else is left
                flow.add_arc_with_capacity_and_unit_cost(i, n + j, rounds - 1, WEIGHTS["hard"])
        flow.set_node_supply(i, rounds)
    for j, theme in enumerate(themes):
        flow.add_arc_with_capacity_and_unit_cost(n + j, n + k, rounds * seats[theme], 0)
    flow.set_node_supply(n + k, -rounds * n)
    if flow.solve() != flow.OPTIMAL:
        raise RuntimeError("the choice bound's min-cost flow failed")
    got = sum(points for arc, points in first if flow.flow(arc) > 0)
    reachable = set(themes)
    return sum(max_points(p, reachable, rounds) for p in people) - got


@lru_cache(maxsize=16)
def repeat_lower_bound(problem: Problem) -> int:
    """Repeat meetings no assignment avoids, the larger of two counts: people kept together
    meet in every round; and someone meeting more new people in the new rounds than there are
    people they have not met yet must meet some again."""
    if not isinstance(problem, MixProblem) or problem.group_count == 0:
        return 0
    n = len(problem.people)
    before = meetings_before(problem)
    partners: Counter = Counter()
    for a, b in before:
        partners[a] += 1
        partners[b] += 1
    new = problem.rounds * (problem.min_size - 1)
    excess = sum(max(0, new - (n - 1 - partners[p.id])) for p in problem.people)
    together = 0
    for cluster in problem.clusters():
        for pair in combinations(sorted(cluster), 2):
            together += problem.rounds - (0 if before[pair] else 1)
    return max((excess + 1) // 2, together)


def _hypergeometric(population: int, successes: int, draws: int) -> list[float]:
    total = math.comb(population, draws)
    return [
        math.comb(successes, x) * math.comb(population - successes, draws - x) / total
        for x in range(draws + 1)
    ]


@lru_cache(maxsize=16)
def _random_reference(problem: Problem) -> dict[str, float]:
    """Exact expectations for a uniformly random assignment with the same places per group:
    same-region pairs, role imbalance, repeat meetings, choice points."""
    n = len(problem.people)
    capacities = seats(problem)
    places = sum(capacities)
    rounds = problem.rounds
    result = {"region": 0.0, "role": 0.0, "repeat": 0.0, "choice_points": 0.0}
    if n < 2 or places < 2:
        return result
    # Two given people share a group with this probability in one random round.
    p_meet = sum(c * (c - 1) for c in capacities) / (places * (places - 1))
    regions = Counter(p.region for p in problem.people if p.region)
    result["region"] = rounds * p_meet * sum(c * (c - 1) / 2 for c in regions.values())
    if isinstance(problem, MixProblem):
        roles = Counter(p.role for p in problem.people)
        expected = 0.0
        for size in capacities:
            for count in roles.values():
                low, high = role_bounds(size, count, n)
                pmf = _hypergeometric(n, count, size)
                expected += sum(pr * max(0, low - x, x - high) for x, pr in enumerate(pmf))
        result["role"] = rounds * expected
    pairs = n * (n - 1) / 2
    unmet = pairs - len(meetings_before(problem))
    result["repeat"] = pairs * rounds * p_meet - unmet * (1 - (1 - p_meet) ** rounds)
    if isinstance(problem, TableProblem):
        per_theme: Counter = Counter()
        for table in problem.tables:
            per_theme[table.theme] += table.capacity
        expected_points = 0.0
        for person in problem.people:
            for theme in person.choices:
                share = per_theme.get(theme, 0) / places
                expected_points += person.points(theme) * (1 - (1 - share) ** rounds)
        result["choice_points"] = expected_points
    return result


def _clip(x: float) -> float:
    return min(1.0, max(0.0, x))


def _relative(parts: dict[str, float], name: str, value: float, best: float, random: float) -> None:
    """100 at the lower bound ``best``, 0 at (or beyond) the random expectation."""
    if random - best > 1e-9:
        parts[name] = 100.0 * _clip((random - value) / (random - best))
