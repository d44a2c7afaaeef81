"""Benchmark of the matching engine: ``python -m bench.matching [options]``.

(a) suggestions for one newcomer among 50,000 random offers across Flanders: p50 and p95 over
    many newcomers (budget p95 ≤ 50 ms);
(b) allocation of 5,000 newcomers over 20,000 offers (capacities 1–5): time (budget ≤ 10 s),
    the objective against an independent LP solve of the same feasible pairs (scipy ``linprog``,
    HiGHS; equal within 1e-6 relative) and against the greedy baseline;
(c) figures on the demo data in the configured database (run ``participatienet demo`` first):
    per region, the waiting list is allocated with the region's weights and again without load
    spreading; printed: share placed, median distance, theme fit, and the share of placements
    at the top 10 % organisations (by the newcomers they already host) with and without load
    spreading. Skipped when the database holds no offers.

Deterministic: everything random comes from one seeded ``numpy.random.Generator``.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

from participatienet.matching import (
    Candidate,
    OfferTable,
    Weights,
    allocate,
    feasible_pairs,
    greedy,
    suggest,
)

LAT = (50.7, 51.5)
LON = (2.6, 5.9)
MOBILITIES = ("foot", "bike", "public_transport", "car")
BUDGET_SUGGEST_P95_MS = 50
BUDGET_ALLOCATION_S = 10
BUDGET_LP_RELATIVE_GAP = 1e-6


def _random_masks(rng: np.random.Generator, count: int, low: int, high: int, bits: int):
    """``count`` masks with ``low``..``high`` distinct bits among ``bits``."""
    sizes = rng.integers(low, high + 1, size=count)
    keys = rng.random((count, bits))
    ranks = np.argsort(np.argsort(keys, axis=1), axis=1)
    chosen = ranks < sizes[:, None]
    return (chosen * (1 << np.arange(bits, dtype=np.int64))).sum(axis=1)


def municipalities(rng: np.random.Generator, count: int = 300) -> np.ndarray:
    return np.column_stack((rng.uniform(*LAT, count), rng.uniform(*LON, count)))


def offer_table(
    rng: np.random.Generator, count: int, towns: np.ndarray, places: tuple[int, int]
) -> OfferTable:
    lat = rng.uniform(*LAT, count)
    lon = rng.uniform(*LON, count)
    flexible_location = rng.random(count) < 0.03
    organisations = max(count // 8, 1)
    organisation = rng.integers(0, organisations, count)
    per_org = np.minimum(np.floor(rng.pareto(1.2, organisations) * 3), 300).astype(np.int64)
    serves: dict[int, list[int]] = {}
    for row in np.flatnonzero(flexible_location).tolist():
        distance = (towns[:, 0] - lat[row]) ** 2 + ((towns[:, 1] - lon[row]) * 0.63) ** 2
        for town in np.argsort(distance)[:3].tolist():
            serves.setdefault(town, []).append(row)
    return OfferTable(
        id=np.arange(1, count + 1),
        lat=lat,
        lon=lon,
        flexible_location=flexible_location,
        schedule_mask=_random_masks(rng, count, 1, 3, 21),
        flexible_schedule=rng.random(count) < 0.1,
        themes_mask=_random_masks(rng, count, 1, 2, 14),
        min_level=rng.choice(4, size=count, p=[0.5, 0.25, 0.15, 0.1]),
        childcare=rng.random(count) < 0.2,
        women_only=rng.random(count) < 0.1,
        wheelchair=rng.random(count) < 0.5,
        free_places=rng.integers(places[0], places[1] + 1, count),
        organisation_load=per_org[organisation],
        serves={town: np.asarray(rows) for town, rows in serves.items()},
    )


def candidates(rng: np.random.Generator, count: int, towns: np.ndarray) -> list[Candidate]:
    town = rng.integers(0, len(towns), count)
    availability = _random_masks(rng, count, 2, 8, 21)
    themes = _random_masks(rng, count, 1, 3, 14)
    level = rng.choice(4, size=count, p=[0.3, 0.3, 0.25, 0.15])
    distance = rng.choice([5, 10, 15, 20, 25], size=count)
    mobility = rng.choice(len(MOBILITIES), size=count, p=[0.15, 0.35, 0.4, 0.1])
    needs = rng.random((count, 3)) < [0.15, 0.08, 0.03]
    return [
        Candidate(
            id=i + 1,
            lat=float(towns[town[i], 0]),
            lon=float(towns[town[i], 1]),
            max_distance_km=float(distance[i]),
            mobility=MOBILITIES[mobility[i]],
            dutch_level=int(level[i]),
            themes_mask=int(themes[i]),
            availability_mask=int(availability[i]),
            needs_childcare=bool(needs[i, 0]),
            needs_women_only=bool(needs[i, 1]),
            needs_wheelchair=bool(needs[i, 2]),
            municipality_id=int(town[i]),
        )
        for i in range(count)
    ]


def lp_objective(n: int, table: OfferTable, pairs) -> tuple[int, float, float]:
    """The same problem as an LP (scipy ``linprog``, HiGHS), lexicographic in two stages:
    the most placements, then the highest total score with that many placed. The bipartite
    b-matching polytope is integral, so this is the exact optimum. Returns (placed, score, s)."""
    started = time.perf_counter()
    k = len(pairs)
    rows, offer = np.unique(pairs.row, return_inverse=True)
    m = len(rows)
    ones = np.ones(k)
    a = sparse.vstack(
        (
            sparse.csr_matrix((ones, (pairs.candidate, np.arange(k))), shape=(n, k)),
            sparse.csr_matrix((ones, (offer, np.arange(k))), shape=(m, k)),
        )
    ).tocsr()
    b = np.concatenate((np.ones(n), table.free_places[rows].astype(float)))
    first = linprog(-ones, A_ub=a, b_ub=b, bounds=(0, 1), method="highs")
    if first.status != 0:
        raise RuntimeError(f"LP (placements) failed: {first.message}")
    placed = round(-first.fun)
    a2 = sparse.vstack((a, sparse.csr_matrix(-ones))).tocsr()
    b2 = np.concatenate((b, [-(placed - 1e-7)]))
    second = linprog(-pairs.score, A_ub=a2, b_ub=b2, bounds=(0, 1), method="highs")
    if second.status != 0:
        raise RuntimeError(f"LP (score) failed: {second.message}")
    return placed, float(-second.fun), time.perf_counter() - started


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bench matching", description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=20260501)
    parser.add_argument("--offers", type=int, default=50_000, help="offers for (a)")
    parser.add_argument("--runs", type=int, default=300, help="newcomers timed in (a)")
    parser.add_argument("--newcomers", type=int, default=5_000, help="waiting list in (b)")
    parser.add_argument("--allocation-offers", type=int, default=20_000, help="offers in (b)")
    parser.add_argument("--no-lp", action="store_true", help="skip the independent LP check")
    parser.add_argument("--no-demo", action="store_true", help="skip (c), the demo data figures")
    return parser


def run(argv: list[str] | None = None) -> dict:
    args = _parser().parse_args(argv)
    rng = np.random.default_rng(args.seed)
    weights = Weights()
    towns = municipalities(rng)

    # (a) Suggestions for one newcomer.
    table = offer_table(rng, args.offers, towns, places=(0, 5))
    people = candidates(rng, args.runs + 10, towns)
    for person in people[:10]:  # warm up
        suggest(person, table, weights)
    times, found = [], []
    for person in people[10:]:
        started = time.perf_counter()
        result = suggest(person, table, weights, limit=20)
        times.append((time.perf_counter() - started) * 1000)
        found.append(len(result))
    p50, p95 = np.percentile(times, [50, 95])

    # (b) Allocation of a waiting list.
    alloc_table = offer_table(rng, args.allocation_offers, towns, places=(1, 5))
    waiting = candidates(rng, args.newcomers, towns)
    started = time.perf_counter()
    pairs = feasible_pairs(waiting, alloc_table, weights)
    pairs_s = time.perf_counter() - started
    started = time.perf_counter()
    best = allocate(waiting, alloc_table, weights, pairs=pairs)
    solve_s = time.perf_counter() - started
    allocation_s = pairs_s + solve_s
    started = time.perf_counter()
    base = greedy(waiting, alloc_table, weights, pairs=pairs)
    greedy_s = time.perf_counter() - started
    if args.no_lp:
        lp_placed = lp_score = lp_s = gap = None
    else:
        lp_placed, lp_score, lp_s = lp_objective(len(waiting), alloc_table, pairs)
        gap = abs(best.total_score - lp_score) / max(abs(lp_score), 1.0)
        if lp_placed != best.placed:
            gap = float("inf")
    placed_gain = 100.0 * (best.placed - base.placed) / max(base.placed, 1)
    score_gain = 100.0 * (best.total_score - base.total_score) / max(base.total_score, 1.0)
    unplaced_codes: dict[str, int] = {}
    for person in best.unplaced:
        unplaced_codes[person.code] = unplaced_codes.get(person.code, 0) + 1

    figures = {
        "bench": "matching",
        "seed": args.seed,
        "suggest_offers": args.offers,
        "suggest_runs": len(times),
        "suggest_p50_ms": round(float(p50), 2),
        "suggest_p95_ms": round(float(p95), 2),
        "budget_suggest_p95_ms": BUDGET_SUGGEST_P95_MS,
        "suggest_mean_found": round(float(np.mean(found)), 1),
        "allocation_newcomers": args.newcomers,
        "allocation_offers": args.allocation_offers,
        "allocation_places": int(alloc_table.free_places.sum()),
        "allocation_feasible_pairs": len(pairs),
        "allocation_pairs_s": round(pairs_s, 3),
        "allocation_solve_s": round(solve_s, 3),
        "allocation_s": round(allocation_s, 3),
        "budget_allocation_s": BUDGET_ALLOCATION_S,
        "allocation_placed": best.placed,
        "allocation_total_score": round(best.total_score, 4),
        "lp_placed": lp_placed,
        "lp_total_score": None if lp_score is None else round(lp_score, 4),
        "lp_s": None if lp_s is None else round(lp_s, 3),
        "lp_relative_gap": gap,
        "budget_lp_relative_gap": BUDGET_LP_RELATIVE_GAP,
        "greedy_s": round(greedy_s, 3),
        "greedy_placed": base.placed,
        "greedy_total_score": round(base.total_score, 4),
        "gain_over_greedy_placed_pct": round(placed_gain, 3),
        "gain_over_greedy_score_pct": round(score_gain, 3),
        "unplaced_by_reason": dict(sorted(unplaced_codes.items())),
    }
    figures.update(_demo_figures() if not args.no_demo else {"demo": "skipped (--no-demo)"})
    _print_table(figures)
    print(json.dumps(figures))
    return figures


def _demo_figures() -> dict:
    """(c): allocate every region's waiting list of the demo data, with and without load
    spreading. Uses the Django adapter (bench/ may use Django; matching/ may not)."""
    import dataclasses
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "participatienet.settings")
    django.setup()
    from django.db.models import Count, Q

    from participatienet.allocation import adapter, proposal_services
    from participatienet.network.models import Organisation
    from participatienet.offers.models import Offer
    from participatienet.regions.models import Region
    from participatienet.trajectories.choices import OCCUPYING_STATUSES

    if not Offer.objects.exists():
        return {"demo": "skipped: no demo data (run participatienet demo first)"}
    started = time.perf_counter()
    waiting_total = placed = 0
    distances: list[float] = []
    theme_hits = 0
    top_hits = {True: 0, False: 0}
    placed_by = {True: 0, False: 0}
    for region in Region.objects.order_by("name"):
        trajectories = list(proposal_services.waiting_list(region))
        if not trajectories:
            continue
        candidates = adapter.candidates_for(trajectories)
        table = adapter.offer_table(Offer.objects.filter(region=region))
        if len(table.id) == 0:
            waiting_total += len(candidates)
            continue
        organisation_of = dict(
            Offer.objects.filter(pk__in=table.id.tolist()).values_list("pk", "organisation_id")
        )
        load = (
            Organisation.objects.filter(region=region)
            .annotate(
                n=Count("participations", filter=Q(participations__status__in=OCCUPYING_STATUSES))
            )
            .order_by("-n", "pk")
            .values_list("pk", flat=True)
        )
        load = list(load)
        top = set(load[: max(1, len(load) // 10)])
        weights = adapter.weights_for(region)
        by_id = {c.id: c for c in candidates}
        for spreading in (True, False):
            used = weights if spreading else dataclasses.replace(weights, load_spreading=0.0)
            result = allocate(candidates, table, used)
            placed_by[spreading] += result.placed
            top_hits[spreading] += sum(
                organisation_of[a.offer_id] in top for a in result.assignments
            )
            if spreading:
                waiting_total += len(candidates)
                placed += result.placed
                for a in result.assignments:
                    distances.append(a.distance_km)
                    theme_hits += bool(
                        by_id[a.candidate_id].themes_mask & int(table.themes_mask[a.row])
                    )
    return {
        "demo": f"{len(distances)} placements in {time.perf_counter() - started:.1f} s",
        "demo_waiting": waiting_total,
        "demo_placed": placed,
        "demo_share_placed": placed / waiting_total if waiting_total else 0.0,
        "demo_median_km": float(np.median(distances)) if distances else 0.0,
        "demo_theme_fit": theme_hits / placed if placed else 0.0,
        "demo_top10_share": top_hits[True] / placed_by[True] if placed_by[True] else 0.0,
        "demo_top10_share_without_spreading": (
            top_hits[False] / placed_by[False] if placed_by[False] else 0.0
        ),
    }


def _verdict(value, budget, *, at_most: bool = True) -> str:
    if value is None:
        return "skipped"
    return "ok" if (value <= budget if at_most else value >= budget) else "OVER BUDGET"


def _print_table(f: dict) -> None:
    rows = [
        ("(a) suggestions", "", "", ""),
        ("offers", f"{f['suggest_offers']:,}", "", ""),
        ("newcomers timed", f"{f['suggest_runs']}", "", ""),
        ("p50", f"{f['suggest_p50_ms']:.2f} ms", "", ""),
        (
            "p95",
            f"{f['suggest_p95_ms']:.2f} ms",
            f"≤ {f['budget_suggest_p95_ms']} ms",
            _verdict(f["suggest_p95_ms"], f["budget_suggest_p95_ms"]),
        ),
        ("suggestions found (mean of 20)", f"{f['suggest_mean_found']}", "", ""),
        ("(b) allocation", "", "", ""),
        (
            "newcomers / offers / places",
            f"{f['allocation_newcomers']:,} / {f['allocation_offers']:,} / "
            f"{f['allocation_places']:,}",
            "",
            "",
        ),
        ("feasible pairs", f"{f['allocation_feasible_pairs']:,}", "", ""),
        (
            "time: pairs + min-cost flow",
            f"{f['allocation_pairs_s']:.2f} s + {f['allocation_solve_s']:.2f} s",
            "",
            "",
        ),
        (
            "time: total",
            f"{f['allocation_s']:.2f} s",
            f"≤ {f['budget_allocation_s']} s",
            _verdict(f["allocation_s"], f["budget_allocation_s"]),
        ),
        ("placed (min-cost flow)", f"{f['allocation_placed']:,}", "", ""),
        ("total score (min-cost flow)", f"{f['allocation_total_score']:,.4f}", "", ""),
        (
            "LP placed / total score",
            "skipped"
            if f["lp_placed"] is None
            else f"{int(f['lp_placed']):,} / {f['lp_total_score']:,.4f} ({f['lp_s']:.1f} s)",
            "",
            "",
        ),
        (
            "relative gap to LP",
            "skipped" if f["lp_relative_gap"] is None else f"{f['lp_relative_gap']:.2e}",
            f"≤ {f['budget_lp_relative_gap']:.0e}",
            _verdict(f["lp_relative_gap"], f["budget_lp_relative_gap"]),
        ),
        (
            "greedy placed / total score",
            f"{f['greedy_placed']:,} / {f['greedy_total_score']:,.4f} ({f['greedy_s']:.2f} s)",
            "",
            "",
        ),
        (
            "gain over greedy",
            f"+{f['gain_over_greedy_placed_pct']:.2f}% placed, "
            f"{f['gain_over_greedy_score_pct']:+.2f}% score",
            "",
            "",
        ),
        (
            "unplaced by reason",
            ", ".join(f"{k} {v}" for k, v in f["unplaced_by_reason"].items()) or "none",
            "",
            "",
        ),
        ("(c) demo data", f.get("demo", ""), "", ""),
    ]
    if "demo_waiting" in f:
        rows += [
            ("waiting newcomers / placed", f"{f['demo_waiting']} / {f['demo_placed']}", "", ""),
            ("share placed", f"{f['demo_share_placed']:.1%}", "", ""),
            ("median distance", f"{f['demo_median_km']:.1f} km", "", ""),
            ("theme fit (shares a theme)", f"{f['demo_theme_fit']:.1%}", "", ""),
            (
                "placements at top-10% organisations",
                f"{f['demo_top10_share']:.1%} with load spreading, "
                f"{f['demo_top10_share_without_spreading']:.1%} without",
                "",
                "",
            ),
        ]
    width = [max(len(r[i]) for r in rows) for i in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(width[i]) for i, cell in enumerate(row)).rstrip())


if __name__ == "__main__":
    run()
