"""Timing shared by the benchmark scripts: medians of round-robin runs on a noisy shared machine."""

import statistics
import time


def interleaved_medians(fns: dict, repeat: int) -> dict[str, float]:
    """Median seconds of each function, run round-robin so that noise from other processes on a shared
    machine falls on all of them alike rather than on whichever ran during a burst. One warm-up call each."""
    for fn in fns.values():
        fn()  # warm-up (allocations, BLAS threads, caches)
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def median_seconds(fn, repeat: int) -> float:
    return interleaved_medians({"fn": fn}, repeat)["fn"]
