"""Benchmark: network layout and every measure for one large region.

A synthetic region of 2,000 organisations and 20,000 ties (seeded; a few hubs, one of them
the coordinating organisation) over two years. Times `layout`, `measures_for_period` and the
quarterly series, prints a table and, as its last line, one JSON line with the figures and the
budget each is held to (DESIGN.md, performance budgets).

    uv run python -m bench.network [--organisations N] [--ties M] [--seed S] [--repeat R]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import date, timedelta

import numpy as np

from participatienet.network.layout import layout, node_sizes
from participatienet.network.measures import (
    Node,
    PeriodActivity,
    Quarter,
    Tie,
    measures_for_period,
    quarterly_series,
)

BUDGET_LAYOUT_AND_MEASURES_S = 2.0
FIRST_DAY = date(2024, 1, 1)
DAYS = 730
KINDS = ("club", "ngo", "local_government", "agii", "company", "school")
TIE_KINDS = ("referrals", "joint_offer", "information", "shared_resources", "agreement")


def synthetic_region(organisations: int, ties: int, seed: int):
    """Nodes, ties, per-quarter activity and municipality ids for one made-up region."""
    rng = np.random.default_rng(seed)
    municipalities = list(range(1, 41))
    joined = rng.integers(0, DAYS, organisations)
    joined[: organisations // 4] = 0  # a founding quarter of the network
    participations = np.floor(rng.pareto(1.2, organisations) * 4).astype(int)
    nodes = [
        Node(
            id=i,
            kind=KINDS[int(rng.integers(len(KINDS)))],
            municipality_id=municipalities[int(rng.integers(len(municipalities)))],
            is_coordinating=i == 0,
            joined_on=FIRST_DAY + timedelta(days=int(joined[i])),
            participations=int(participations[i]),
        )
        for i in range(organisations)
    ]
    # Preferential ends: a few hubs (the coordinator first) draw many ties.
    weight = rng.pareto(1.5, organisations) + 1
    weight[0] *= 40
    weight[1:6] *= 10
    weight /= weight.sum()
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < ties:
        a = rng.choice(organisations, size=ties, p=weight)
        b = rng.integers(0, organisations, size=ties)
        for x, y in zip(a.tolist(), b.tolist(), strict=True):
            if x != y:
                pairs.add((min(x, y), max(x, y)))
            if len(pairs) == ties:
                break
    tie_list = [
        Tie(
            a=x,
            b=y,
            kind=TIE_KINDS[(x + y) % len(TIE_KINDS)],
            strength=1 + (x * 7 + y) % 3,
            since=max(nodes[x].joined_on, nodes[y].joined_on) + timedelta(days=(x + y) % 60),
            declared=(x + y) % 3 != 0,
        )
        for x, y in sorted(pairs)
    ]
    quarters = {Quarter.of(FIRST_DAY + timedelta(days=d)) for d in range(0, DAYS, 30)}
    activity = {}
    for quarter in sorted(quarters):
        hosted = rng.binomial(participations, 0.25)
        activity[quarter] = PeriodActivity(
            participations={i: int(h) for i, h in enumerate(hosted.tolist()) if h},
            newcomers=int(hosted.sum() * 0.8),
            offer_municipality_ids=frozenset(
                rng.choice(municipalities, size=30, replace=False).tolist()
            ),
            demand_municipality_ids=frozenset(
                rng.choice(municipalities, size=25, replace=False).tolist()
            ),
        )
    return nodes, tie_list, activity, municipalities


def _timed(function, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def run(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="bench network", description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=2000)
    parser.add_argument("--ties", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    nodes, ties, activity, municipalities = synthetic_region(
        args.organisations, args.ties, args.seed
    )
    generate_s = time.perf_counter() - started
    last_quarter = max(activity)
    first_quarter = min(activity)

    layout_s, positions = _timed(lambda: layout(nodes, ties, 1200, 900, seed=1), args.repeat)
    sizes_s, _ = _timed(lambda: node_sizes(nodes), args.repeat)
    measures_s, measures = _timed(
        lambda: measures_for_period(
            nodes,
            ties,
            last_quarter.start,
            last_quarter.end,
            activity[last_quarter],
            municipalities,
        ),
        args.repeat,
    )
    series_s, series = _timed(
        lambda: quarterly_series(
            nodes, ties, first_quarter.start, last_quarter.start, activity, municipalities
        ),
        args.repeat,
    )
    small = [node for node in nodes if node.id < 300]
    layout_300_s, _ = _timed(lambda: layout(small, ties, 1200, 900, seed=1), args.repeat)

    total = layout_s + sizes_s + measures_s + series_s
    figures = {
        "bench": "network",
        "organisations": args.organisations,
        "ties": len(ties),
        "quarters": len(series.quarters),
        "layout_s": round(layout_s, 3),
        "layout_300_s": round(layout_300_s, 3),
        "node_sizes_s": round(sizes_s, 4),
        "measures_for_period_s": round(measures_s, 4),
        "quarterly_series_s": round(series_s, 3),
        "layout_and_measures_s": round(total, 3),
        "budget_layout_and_measures_s": BUDGET_LAYOUT_AND_MEASURES_S,
        "within_budget": total <= BUDGET_LAYOUT_AND_MEASURES_S,
    }

    print(
        f"network: {args.organisations} organisations, {len(ties)} ties, "
        f"{len(series.quarters)} quarters (generated in {generate_s:.2f} s; "
        f"median of {args.repeat})"
    )
    rows = [
        ("layout (2,000 organisations)", layout_s),
        ("layout (300 organisations)", layout_300_s),
        ("node sizes", sizes_s),
        (f"measures_for_period ({last_quarter.label})", measures_s),
        (f"quarterly_series ({len(series.quarters)} quarters)", series_s),
    ]
    print(f"{'step':<44} {'seconds':>9}")
    for name, seconds in rows:
        print(f"{name:<44} {seconds:>9.3f}")
    print(
        f"{'layout + all measures':<44} {total:>9.3f}   budget {BUDGET_LAYOUT_AND_MEASURES_S:.1f} s"
    )
    print(
        f"sample ({last_quarter.label}): density {measures.density:.4f}, "
        f"centralisation {measures.degree_centralisation:.3f}, "
        f"coordinator share {measures.coordinator_tie_share:.3f}, "
        f"top-5 share {measures.top5_share:.3f}, gini {measures.gini:.3f}, "
        f"hhi {measures.hhi:.4f}, placed {len(positions)}"
    )
    print(json.dumps(figures))
    return figures


if __name__ == "__main__":
    run()
