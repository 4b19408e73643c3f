"""Repair throughput against bare OpenCC t2s on the same damaged text (issue 7).

    .venv/bin/python benchmarks/bench_repair.py [--runs 9] [--copies 20]

Damaged text: the six test reports, each damaged with the test generator (s2t, 著 for 着, pinyin on
30% of characters, 1% lost, 0.5% truncated annotations), repeated --copies times. Both sides get
the same string; chars/s counts the damaged input's characters. Median of --runs runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import opencc  # noqa: E402

from tests.newsroom.corpus import REPORTS, damage  # noqa: E402
from yuanqu.newsroom.repair import repair  # noqa: E402


def _median_seconds(function, text: str, runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        function(text)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--copies", type=int, default=20)
    args = parser.parse_args()

    reports = [damage(text, seed=seed).text for seed, text in enumerate(REPORTS.values())]
    single = "\n".join(reports)
    t2s = opencc.OpenCC("t2s")
    repair(single)  # warm caches (readings, Traditional-only set) outside the timing

    print("| input | chars | OpenCC t2s chars/s | repair chars/s | ratio repair/OpenCC |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for label, text, runs in (
        ("one report at a time", None, args.runs),
        (f"all six reports x {args.copies}", "\n".join([single] * args.copies), args.runs),
    ):
        if text is None:  # per-report calls, as the import view makes them
            opencc_s = sum(_median_seconds(t2s.convert, r, runs * 20) for r in reports)
            repair_s = sum(_median_seconds(repair, r, runs * 20) for r in reports)
            chars = sum(map(len, reports))
        else:
            opencc_s = _median_seconds(t2s.convert, text, runs)
            repair_s = _median_seconds(repair, text, runs)
            chars = len(text)
        print(f"| {label} | {chars} | {chars / opencc_s:,.0f} | {chars / repair_s:,.0f} | "
              f"{opencc_s / repair_s:.2f} |")


if __name__ == "__main__":
    main()
