"""Repair throughput against bare OpenCC t2s on the same damaged text (issue 7).

    .venv/bin/python benchmarks/bench_repair.py [--runs 15] [--copies 20] [--previous REV]

Damaged text: the six test reports, each damaged with the test generator (s2t, 著 for 着, pinyin on
30% of characters, 1% lost, 0.5% truncated annotations), repeated --copies times. Both sides get
the same string; chars/s counts the damaged input's characters.

The box is shared and noisy, so OpenCC and repair run interleaved (one call of each per round,
same load for both) and each is timed twice: wall clock (``perf_counter``) and this process's CPU
time (``process_time``, which other processes' load disturbs much less). Figures are medians of
the rounds; the ratio is the median of the per-round ratios. ``--previous REV`` also times
``repair.py`` as it was at git revision REV (loaded from ``git show``), in the same rounds.
``--stages`` adds where repair's time goes, one report at a time (medians of the stage timings).
"repair, Python scan" is repair with the pure-Python specification of the C scan (``_scan_python``),
as it runs where the extension is not built.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

import opencc  # noqa: E402

from tests.newsroom.corpus import REPORTS, damage  # noqa: E402
from yuanqu.newsroom.repair import repair  # noqa: E402


def _previous_repair(revision: str):
    source = subprocess.run(
        ["git", "show", f"{revision}:src/yuanqu/newsroom/repair.py"], cwd=ROOT, capture_output=True, text=True,
        check=True,
    ).stdout
    path = Path(tempfile.mkdtemp()) / "repair_previous.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("repair_previous", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module.repair


def _rounds(functions: dict, texts: list[str], rounds: int) -> dict[str, tuple[list[float], list[float]]]:
    """Per function: (wall seconds per round, CPU seconds per round), each round over all ``texts``."""
    timings = {name: ([], []) for name in functions}
    for _ in range(rounds):
        for name, function in functions.items():
            wall, cpu = time.perf_counter(), time.process_time()
            for text in texts:
                function(text)
            timings[name][0].append(time.perf_counter() - wall)
            timings[name][1].append(time.process_time() - cpu)
    return timings


def _repair_with_python_scan(text: str):
    """``repair`` as it runs where the C extension is not built (``_scan_python`` instead of ``_scan.scan``)."""
    from yuanqu.newsroom import repair as core

    native, core._SCAN = core._SCAN, core._scan_python
    try:
        return repair(text)
    finally:
        core._SCAN = native


def _stages(reports: list[str], rounds: int) -> None:
    """Median microseconds per stage of repair over the six reports (stages as repair runs them)."""
    from yuanqu.newsroom import repair as core

    timings: dict[str, list[float]] = {}
    clock = time.perf_counter
    for _ in range(rounds):
        totals = dict.fromkeys(("scan (C): strip, count Traditional, match damage", "Traditional test",
                                "classify damage", "OpenCC t2s in repair", "phrase fixes", "whole repair()"), 0.0)
        for text in reports:
            t0 = clock()
            stripped = core._strip(text)
            t1 = clock()
            core._is_traditional(text, stripped.traditional_count)
            t2 = clock()
            found = core._find_damage(text, stripped.damage)
            t3 = clock()
            out = core._T2S.convert(stripped.text)
            t4 = clock()
            if "著" in out:
                core._fix_phrases(out)
            t5 = clock()
            del found
            repair(text)
            t6 = clock()
            for name, seconds in zip(totals, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5), strict=True):
                totals[name] += seconds
        for name, seconds in totals.items():
            timings.setdefault(name, []).append(seconds)
    print("\n| stage (six reports, one call each) | median µs |\n| --- | ---: |")
    for name, values in timings.items():
        print(f"| {name} | {statistics.median(values) * 1e6:,.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--previous", help="git revision whose repair.py to time alongside")
    parser.add_argument("--stages", action="store_true", help="also time repair's stages")
    args = parser.parse_args()

    reports = [damage(text, seed=seed).text for seed, text in enumerate(REPORTS.values())]
    single = "\n".join(reports)
    t2s = opencc.OpenCC("t2s")
    functions = {"OpenCC t2s": t2s.convert, "repair": repair, "repair, Python scan": _repair_with_python_scan}
    if args.previous:
        functions[f"repair @ {args.previous}"] = _previous_repair(args.previous)
    for function in functions.values():
        function(single)  # warm caches (readings, Traditional-only set) outside the timing

    names = list(functions)
    print("| input | chars | clock | " + " | ".join(f"{name} chars/s" for name in names) + " | "
          + " | ".join(f"ratio {name}/OpenCC" for name in names[1:]) + " |")
    print("| --- | ---: | --- |" + " ---: |" * (2 * len(names) - 1))
    for label, texts, rounds in (
        ("one report at a time (6 calls)", reports, args.runs * 10),
        (f"all six reports x {args.copies} (1 call)", ["\n".join([single] * args.copies)], args.runs),
    ):
        chars = sum(map(len, texts))
        timings = _rounds(functions, texts, rounds)
        for clock, which in (("wall", 0), ("CPU", 1)):
            base = timings[names[0]][which]
            speeds = [f"{chars / statistics.median(timings[name][which]):,.0f}" for name in names]
            ratios = [
                f"{statistics.median(b / t for b, t in zip(base, timings[name][which], strict=True) if t):.2f}"
                for name in names[1:]
            ]
            print(f"| {label} | {chars} | {clock} | " + " | ".join(speeds) + " | " + " | ".join(ratios) + " |")
    if args.stages:
        _stages(reports, args.runs * 10)


if __name__ == "__main__":
    main()
