"""Benchmark of yuanqu.meetings.itinerary.plan: optimality gap and wall time.

For n = 6, 8, 10 stops the reference is the exact optimum (Held-Karp dynamic programme); for 25, 30, 40
the reference is a long OR-Tools run (``--long-s`` seconds, run two at a time in worker processes, after
the timed default runs so they do not disturb them). Instances: one day, wide window (00:00–24:00), no
lunch, stops uniform in the Yancheng box (lat 33.30–33.50, lon 120.00–120.40), haversine × 1.3 at 40 km/h.
Travel is compared in the planner's own integer unit (tenths of a minute). Prints a Markdown table.

    .venv/bin/python benchmarks/bench_itinerary.py [--seeds 5] [--long-s 30]
"""

import argparse
import platform
import random
import statistics
import time
from concurrent.futures import ProcessPoolExecutor

from yuanqu.meetings.itinerary import DEFAULT_TIME_LIMIT_S, parse, plan

SMALL, LARGE = (6, 8, 10), (25, 30, 40)


def instance(n: int, seed: int) -> dict:
    rng = random.Random(f"{n}-{seed}")
    return {
        "days": [{"date": "2019-08-23", "start": "00:00", "end": "24:00", "depot": {"lat": 33.38, "lon": 120.16}}],
        "speed_kmh": 40, "detour": 1.3,
        "stops": [{"id": f"S{k}", "lat": rng.uniform(33.30, 33.50), "lon": rng.uniform(120.00, 120.40), "minutes": 5}
                  for k in range(n)],
    }


def held_karp(tenths) -> int:
    """Exact shortest tour from node 0 through nodes 1..n back to 0 (integer costs)."""
    n = len(tenths) - 1
    best = {(1 << k, k): tenths[0][k + 1] for k in range(n)}
    for mask in range(1, 1 << n):
        for last in range(n):
            cost = best.get((mask, last))
            if cost is None:
                continue
            for nxt in range(n):
                if not mask & (1 << nxt):
                    key, value = (mask | (1 << nxt), nxt), cost + tenths[last + 1][nxt + 1]
                    if value < best.get(key, value + 1):
                        best[key] = value
    full = (1 << n) - 1
    return min(best[(full, last)] + tenths[last + 1][0] for last in range(n))


def timed_plan(data: dict, time_limit_s: float | None) -> tuple[int, float]:
    started = time.perf_counter()
    result = plan(data, time_limit_s=time_limit_s)
    assert not result["unscheduled"]
    return round(result["total_travel_minutes"] * 10), time.perf_counter() - started


def long_run(args: tuple[int, int, float]) -> int:
    n, seed, seconds = args
    return timed_plan(instance(n, seed), seconds)[0]


def row(n: int, reference: str, gaps: list[float], walls: list[float]) -> str:
    return (f"| {n} | {len(gaps)} | {reference} | {statistics.median(gaps):.2f} | {max(gaps):.2f} | "
            f"{statistics.median(walls):.2f} | {max(walls):.2f} |")


def sweep(seeds: int) -> None:
    """Gap to Held-Karp of small tours by search time: what the automatic time's floor rests on."""
    limits = (0.1, 0.2, 0.3, 0.5)
    print("| stops | instances | " + " | ".join(f"max gap % at {t} s" for t in limits) + " |")
    print("| ---: | ---: |" + " ---: |" * len(limits))
    for n in (3, 6, 8, 10, 12):
        worst = dict.fromkeys(limits, 0.0)
        for seed in range(seeds):
            data = instance(n, seed)
            optimum = held_karp(parse(data).tenths)
            for limit in limits:
                worst[limit] = max(worst[limit], 100 * (timed_plan(data, limit)[0] - optimum) / optimum)
        print(f"| {n} | {seeds} | " + " | ".join(f"{worst[t]:.2f}" for t in limits) + " |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--large-seeds", type=int, default=3)
    parser.add_argument("--long-s", type=float, default=30.0)
    parser.add_argument("--time-limit", type=float, default=None,
                        help=f"seconds per plan (default: plan()'s, 0.05 s a stop, 0.3 to {DEFAULT_TIME_LIMIT_S} s)")
    parser.add_argument("--sweep", action="store_true", help="also: small tours' gap by search time (0.1–0.5 s)")
    options = parser.parse_args()
    print(f"python {platform.python_version()}, {platform.machine()}, time_limit_s={options.time_limit or 'automatic'}")
    print("| stops | instances | reference | median gap % | max gap % | median wall s | max wall s |")
    print("| ---: | ---: | --- | ---: | ---: | ---: | ---: |")
    for n in SMALL:
        gaps, walls = [], []
        for seed in range(options.seeds):
            data = instance(n, seed)
            optimum = held_karp(parse(data).tenths)
            found, wall = timed_plan(data, options.time_limit)
            gaps.append(100 * (found - optimum) / optimum)
            walls.append(wall)
        print(row(n, "Held-Karp exact", gaps, walls), flush=True)
    defaults = {(n, seed): timed_plan(instance(n, seed), options.time_limit)
                for n in LARGE for seed in range(options.large_seeds)}
    keys = list(defaults)
    with ProcessPoolExecutor(max_workers=2) as pool:
        references = dict(zip(keys, pool.map(long_run, [(n, seed, options.long_s) for n, seed in keys]), strict=True))
    for n in LARGE:
        mine = [key for key in keys if key[0] == n]
        gaps = [100 * (defaults[key][0] - references[key]) / references[key] for key in mine]
        print(row(n, f"OR-Tools {options.long_s:g} s", gaps, [defaults[key][1] for key in mine]), flush=True)
    if options.sweep:
        print()
        sweep(max(options.seeds, 8))


if __name__ == "__main__":
    main()
