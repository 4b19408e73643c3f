"""Benchmark of the relatedness chain (RCA → M → proximity → density) of yuanqu.industry.metrics.

Times, as medians over ``--repeat`` runs in one process, on a random sparse-ish matrix:

* ``relatedness()``: the whole chain, as the industry app calls it;
* its steps: rca, binary_m, proximity, density;
* baseline: a plain ``M.T @ M`` (float64 BLAS) of the same size: the floor any proximity costs;
* ``ecomplexity.ecomplexity`` (the reference package, pandas-based, also computes ECI/PCI/COG)
  on ``--eco-regions`` × ``--eco-industries``, next to our chain on the same matrix.

Run:  .venv/bin/python benchmarks/bench_relatedness.py [--regions 3000 --industries 500 --repeat 7]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import platform
import sys
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import interleaved_medians, median_seconds  # noqa: E402

from yuanqu.industry import metrics as mt  # noqa: E402


def random_matrix(rng: np.random.Generator, regions: int, industries: int, fill: float) -> np.ndarray:
    """Output-like values (万元): gamma-distributed, ``fill`` of the cells non-zero."""
    x = rng.gamma(0.6, 1000.0, size=(regions, industries)) * (rng.random((regions, industries)) < fill)
    x[:, 0] += 1.0  # no all-zero region or industry, so ecomplexity keeps the same shape
    x[0, :] += 1.0
    return x






def ecomplexity_seconds(x: np.ndarray, repeat: int) -> float | None:
    try:
        import pandas as pd
        from ecomplexity import ecomplexity
    except ImportError:
        return None
    regions, industries = x.shape
    frame = pd.DataFrame(
        {
            "year": 2024,
            "region": np.repeat([f"R{c:05d}" for c in range(regions)], industries),
            "industry": np.tile([f"P{p:04d}" for p in range(industries)], regions),
            "output": x.ravel(),
        }
    )
    cols = {"time": "year", "loc": "region", "prod": "industry", "val": "output"}

    def run() -> None:
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            ecomplexity(frame, cols, verbose=False, check_logsupermodularity=False)

    return median_seconds(run, repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regions", type=int, default=3000)
    parser.add_argument("--industries", type=int, default=500)
    parser.add_argument("--fill", type=float, default=0.2, help="share of non-zero cells")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--eco-regions", type=int, default=1000)
    parser.add_argument("--eco-industries", type=int, default=200)
    parser.add_argument("--eco-repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    x = random_matrix(rng, args.regions, args.industries, args.fill)
    r = mt.relatedness(x)
    m_float = r.m.astype(np.float64)

    size = f"{args.regions} × {args.industries}"
    medians = interleaved_medians(
        {
            "baseline: M.T @ M (float64 BLAS)": lambda: m_float.T @ m_float,
            "relatedness() = rca + M + proximity + density": lambda: mt.relatedness(x),
            "  rca": lambda: mt.rca(x),
            "  binary_m": lambda: mt.binary_m(r.rca),
            "  proximity": lambda: mt.proximity(r.m),
            "  density": lambda: mt.density(r.m, r.phi),
        },
        args.repeat,
    )
    baseline = medians["baseline: M.T @ M (float64 BLAS)"]
    rows = [(name, size, seconds) for name, seconds in medians.items()]

    if (args.eco_regions, args.eco_industries) == (args.regions, args.industries):
        small, small_size = x, size  # same matrix: compare with the median measured above
        ours_small = medians["relatedness() = rca + M + proximity + density"]
    else:
        small = random_matrix(rng, args.eco_regions, args.eco_industries, args.fill)
        small_size = f"{args.eco_regions} × {args.eco_industries}"
        ours_small = median_seconds(lambda: mt.relatedness(small), args.repeat)
    eco = ecomplexity_seconds(small, args.eco_repeat)

    print(f"python {platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} CPUs, {platform.machine()}")
    print(f"random matrix, {args.fill:.0%} non-zero cells, seed {args.seed}, medians of {args.repeat} runs\n")
    print("| computation | size | median | ratio |")
    print("| --- | --- | ---: | ---: |")
    for name, shape, seconds in rows:
        print(f"| {name} | {shape} | {seconds * 1000:.1f} ms | {seconds / baseline:.2f}× baseline |")
    if small is not x:
        print(f"| relatedness() | {small_size} | {ours_small * 1000:.1f} ms | 1.00× |")
    if eco is None:
        print(f"| ecomplexity (not installed) | {small_size} | – | – |")
    else:
        print(
            f"| ecomplexity.ecomplexity (median of {args.eco_repeat}) | {small_size} | {eco * 1000:.1f} ms "
            f"| {eco / ours_small:.1f}× relatedness() |"
        )


if __name__ == "__main__":
    main()
