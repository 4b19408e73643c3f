"""Benchmark of the scoring aggregation of yuanqu.scoring (aggregate, agreement, verify).

Times, as medians over ``--repeat`` runs interleaved in one process, on synthetic scores of
``--raters`` × ``--stops`` × 4 criteria (default criteria, recusal by district, 5 % missing):

* baseline: the same data's plain mean — rater totals, then the untrimmed mean per stop;
* ``point_ranking``: trimmed stop and district scores and ranks, no bootstrap;
* ``aggregate``: the published result with ``--resamples`` bootstrap resamples (normalise none,
  then zscore, whose resamples recompute the common mean and spread);
* ``rater_report`` (Kendall's W, bias, home preference) and ``compare_methods``;
* ``verify.recompute`` of the export file: digest, validation of every score record, aggregate.

Run:  .venv/bin/python benchmarks/bench_aggregate.py [--raters 300 --stops 100 --resamples 1000 --repeat 5]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import interleaved_medians  # noqa: E402

from yuanqu.scoring import verify  # noqa: E402
from yuanqu.scoring.aggregate import DEFAULT_CRITERIA, aggregate, point_ranking, rater_totals  # noqa: E402
from yuanqu.scoring.agreement import compare_methods, rater_report  # noqa: E402


def synthetic_export(raters: int, stops: int, districts: int, seed: int) -> dict:
    """An export file: stop quality + rater leniency + noise, values rounded to 0.5 points."""
    rng = np.random.default_rng(seed)
    quality, leniency = rng.normal(75, 8, stops), rng.normal(0, 4, raters)
    body = {
        "scheme": {
            "criteria": [{"key": c.key, "weight": c.weight, "max": c.maximum} for c in DEFAULT_CRITERIA],
            "trim": 1,
            "trim_min_raters": 5,
            "normalise": "none",
        },
        "stops": [{"id": f"S{s:03d}", "district": f"D{s % districts:02d}"} for s in range(stops)],
        "raters": [{"id": f"R{r:04d}", "district": f"D{r % (districts + 3):02d}"} for r in range(raters)],
        "scores": [],
    }
    for r, rater in enumerate(body["raters"]):
        for s, stop in enumerate(body["stops"]):
            if stop["district"] == rater["district"] or rng.random() < 0.05:
                continue
            share = np.clip((quality[s] + leniency[r] + rng.normal(0, 5, len(DEFAULT_CRITERIA))) / 100, 0, 1)
            for c, x in zip(DEFAULT_CRITERIA, share, strict=True):
                value = float(np.round(x * c.maximum * 2) / 2)
                body["scores"].append({"rater": rater["id"], "stop": stop["id"], "criterion": c.key, "value": value})
    body["sha256"] = verify.canonical_digest(body)
    return body




def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raters", type=int, default=300)
    parser.add_argument("--stops", type=int, default=100)
    parser.add_argument("--districts", type=int, default=12)
    parser.add_argument("--resamples", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    export = synthetic_export(args.raters, args.stops, args.districts, args.seed)
    scores = verify.load_export(export)
    zscores = dataclasses.replace(scores, scheme=dataclasses.replace(scores.scheme, normalise="zscore"))
    scheme = scores.scheme

    def baseline():
        return np.nanmean(rater_totals(scores.values, scheme.weights, scheme.maxima), axis=0)

    fns = {
        "baseline: plain mean, no trim, no bootstrap": baseline,
        "point_ranking (trim, ranks, no bootstrap)": lambda: point_ranking(scores),
        f"aggregate, {args.resamples} resamples, normalise none": lambda: aggregate(
            scores, resamples=args.resamples, seed=7
        ),
        f"aggregate, {args.resamples} resamples, normalise zscore": lambda: aggregate(
            zscores, resamples=args.resamples, seed=7
        ),
        "rater_report (Kendall W, bias, home)": lambda: rater_report(scores),
        "compare_methods (3 methods, points)": lambda: compare_methods(scores),
        f"verify.recompute ({len(export['scores']):,} records)": lambda: verify.recompute(export),
    }
    medians = interleaved_medians(fns, args.repeat)
    base = medians["baseline: plain mean, no trim, no bootstrap"]

    print(f"raters × stops × criteria: {args.raters} × {args.stops} × {len(DEFAULT_CRITERIA)}, ", end="")
    print(f"{int(np.sum(~np.isnan(scores.values[..., 0])))} rater-stop totals, repeat {args.repeat}")
    machine = f"{platform.machine()}, {os.cpu_count()} cores"
    print(f"machine: {machine}, Python {platform.python_version()}, NumPy {np.__version__}")
    print()
    print("| step | median | × baseline |")
    print("| --- | ---: | ---: |")
    for name, seconds in medians.items():
        shown = f"{seconds * 1000:.2f} ms" if seconds < 1 else f"{seconds:.2f} s"
        print(f"| {name} | {shown} | {seconds / base:,.0f} |")


if __name__ == "__main__":
    main()
