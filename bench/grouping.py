"""Benchmark of group formation for learning days: ``python -m bench.grouping [options]``.

A synthetic learning day: 400 participants from 18 regions of uneven size (one in ten without
a region: core partners and others), five roles as registrations spread them, 10 keep-apart
and 5 keep-together pairs, and theme choices (0–3, some themes far more popular) for 12
learning tables of 40 seats. Scenarios:

(a) mixed groups of 6, one round;
(b) mixed groups of 6, three rounds (the social-golfer condition: few repeat meetings);
(c) learning tables, one round (exact min-cost flow) and two rounds.

For each: the solver's time (budget ≤ 5 s, ``form_groups`` with that time limit) and its
score next to drawing lots (the mean of 5 seeds) and the greedy baseline: quality (0–100),
same-region pairs (and the unavoidable lower bound), role imbalance, repeat meetings, rules
broken, choices honoured. Deterministic: the day comes from one seeded generator.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from participatienet.grouping import (
    MixProblem,
    Person,
    Score,
    Table,
    TableProblem,
    form_groups,
    greedy_baseline,
    random_baseline,
    score,
)

BUDGET_S = 5.0
RANDOM_SEEDS = 5
ROLES = ("network_worker", "agii", "local_government", "core_partner", "other")
ROLE_SHARES = (0.32, 0.25, 0.25, 0.08, 0.10)
REGIONAL = {"network_worker", "agii", "local_government"}


def learning_day(
    rng: np.random.Generator,
    people: int,
    regions: int,
    tables: int,
    apart: int,
    together: int,
) -> tuple[list[Person], set[tuple[int, int]], set[tuple[int, int]], list[Table]]:
    """Participants, keep-apart and keep-together pairs (two disjoint matchings), tables."""
    region_share = rng.dirichlet(np.full(regions, 3.0))
    popularity = rng.dirichlet(np.full(tables, 1.2))
    themes = [f"theme-{j + 1}" for j in range(tables)]
    crowd = []
    for i in range(people):
        role = ROLES[int(rng.choice(len(ROLES), p=ROLE_SHARES))]
        has_region = role in REGIONAL or rng.random() < 0.3
        region = f"region-{int(rng.choice(regions, p=region_share)) + 1:02d}" if has_region else ""
        count = int(rng.choice(4, p=[0.1, 0.15, 0.25, 0.5]))
        chosen = rng.choice(tables, size=count, replace=False, p=popularity).tolist()
        crowd.append(
            Person(id=i + 1, region=region, role=role, choices=tuple(themes[j] for j in chosen))
        )
    order = (rng.permutation(people) + 1).tolist()
    apart_pairs = {(order[2 * i], order[2 * i + 1]) for i in range(apart)}
    rest = order[2 * apart :]
    together_pairs = {(rest[2 * i], rest[2 * i + 1]) for i in range(together)}
    seats = -(-people * 6 // 5 // tables)  # a fifth more seats than people
    table_list = [
        Table(id=f"table-{j + 1}", theme=themes[j], capacity=seats) for j in range(tables)
    ]
    return crowd, apart_pairs, together_pairs, table_list


def _figures(result: Score) -> dict:
    return {
        "quality": result.quality,
        "total": result.total,
        "same_region_pairs": result.same_region_pairs,
        "unavoidable_same_region_pairs": result.unavoidable_same_region_pairs,
        "role_imbalance": result.role_imbalance,
        "repeat_meetings": result.repeat_meetings,
        "rules_broken": result.kept_apart_violations
        + result.kept_together_violations
        + result.size_violations
        + result.duplicate_themes,
        "choices_honoured": list(result.choices_honoured),
        "missed_choice_points": result.missed_choice_points,
        "unavoidable_missed_choice_points": result.unavoidable_missed_choice_points,
    }


def _mean(scores: list[Score]) -> dict:
    figures = [_figures(s) for s in scores]
    mean = {}
    for key in figures[0]:
        if key == "choices_honoured":
            mean[key] = [round(float(np.mean([f[key][i] for f in figures])), 1) for i in range(4)]
        else:
            mean[key] = round(float(np.mean([f[key] for f in figures])), 1)
    return mean


def scenario(name: str, problem, *, seed: int, time_limit: float) -> dict:
    started = time.perf_counter()
    solved = form_groups(problem, seed=seed, time_limit=time_limit)
    elapsed = time.perf_counter() - started
    started = time.perf_counter()
    greedy = greedy_baseline(problem)
    greedy_s = time.perf_counter() - started
    drawn = [score(problem, random_baseline(problem, seed + s)) for s in range(RANDOM_SEEDS)]
    return {
        "name": name,
        "method": solved.method,
        "optimal": solved.optimal,
        "time_s": round(elapsed, 3),
        "greedy_time_s": round(greedy_s, 3),
        "solver": _figures(score(problem, solved)),
        "greedy": _figures(score(problem, greedy)),
        "random": _mean(drawn),
    }


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bench grouping", description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=20260601)
    parser.add_argument("--people", type=int, default=400)
    parser.add_argument("--regions", type=int, default=18)
    parser.add_argument("--group-size", type=int, default=6)
    parser.add_argument("--tables", type=int, default=12)
    parser.add_argument("--time-limit", type=float, default=BUDGET_S, help="solver limit (s)")
    return parser


def run(argv: list[str] | None = None) -> dict:
    args = _parser().parse_args(argv)
    rng = np.random.default_rng(args.seed)
    crowd, apart, together, tables = learning_day(
        rng, args.people, args.regions, args.tables, apart=10, together=5
    )
    mixed = {
        "people": crowd,
        "group_size": args.group_size,
        "keep_apart": apart,
        "keep_together": together,
    }
    runs = [
        scenario("(a) mixed, 1 round", MixProblem(**mixed), seed=1, time_limit=args.time_limit),
        scenario(
            "(b) mixed, 3 rounds",
            MixProblem(**mixed, rounds=3),
            seed=1,
            time_limit=args.time_limit,
        ),
        scenario(
            "(c) tables, 1 round",
            TableProblem(people=crowd, tables=tables),
            seed=1,
            time_limit=args.time_limit,
        ),
        scenario(
            "(c) tables, 2 rounds",
            TableProblem(people=crowd, tables=tables, rounds=2),
            seed=1,
            time_limit=args.time_limit,
        ),
    ]
    figures = {
        "bench": "grouping",
        "seed": args.seed,
        "people": args.people,
        "regions": len({p.region for p in crowd if p.region}),
        "without_region": sum(1 for p in crowd if not p.region),
        "group_size": args.group_size,
        "groups": MixProblem(**mixed).group_count,
        "tables": args.tables,
        "seats_per_table": tables[0].capacity,
        "budget_s": BUDGET_S,
        "time_limit_s": args.time_limit,
        "scenarios": runs,
        "max_time_s": max(r["time_s"] for r in runs),
    }
    _print_table(figures)
    print(json.dumps(figures))
    return figures


def _verdict(value: float, budget: float) -> str:
    return "ok" if value <= budget else "OVER BUDGET"


def _print_table(f: dict) -> None:
    rows = [
        (
            "learning day",
            f"{f['people']} people, {f['regions']} regions ({f['without_region']} without), "
            f"groups of {f['group_size']} ({f['groups']} groups), {f['tables']} tables of "
            f"{f['seats_per_table']}",
            "",
            "",
        )
    ]
    for run in f["scenarios"]:
        tables = run["name"].startswith("(c)")
        rows.append((run["name"], "", "", ""))
        rows.append(
            (
                "  time (solver / greedy)",
                f"{run['time_s']:.2f} s / {run['greedy_time_s']:.2f} s, {run['method']}"
                + (", proven optimal" if run["optimal"] else ""),
                f"≤ {f['budget_s']:.0f} s",
                _verdict(run["time_s"], f["budget_s"]),
            )
        )
        rows.append(("  ", "solver | greedy | random (mean of 5)", "", ""))
        keys = [("quality (0-100)", "quality"), ("penalty total", "total")]
        keys.append(("same-region pairs", "same_region_pairs"))
        if tables:
            keys += [("choice points missed", "missed_choice_points")]
        else:
            keys += [("role imbalance", "role_imbalance"), ("repeat meetings", "repeat_meetings")]
        keys.append(("rules broken", "rules_broken"))
        for label, key in keys:
            values = [run[who][key] for who in ("solver", "greedy", "random")]
            text = " | ".join(f"{v:,.1f}" if isinstance(v, float) else f"{v:,}" for v in values)
            note = ""
            if key == "same_region_pairs":
                note = f"lower bound {run['solver']['unavoidable_same_region_pairs']:,}"
            if key == "missed_choice_points":
                note = f"unavoidable {run['solver']['unavoidable_missed_choice_points']:,}"
            rows.append((f"  {label}", text, note, ""))
        if tables:
            text = " | ".join(
                "/".join(f"{c:g}" for c in run[who]["choices_honoured"])
                for who in ("solver", "greedy", "random")
            )
            rows.append(("  choices 1st/2nd/3rd/none", text, "", ""))
    width = [max(len(r[i]) for r in rows) for i in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(width[i]) for i, cell in enumerate(row)).rstrip())


if __name__ == "__main__":
    run()
