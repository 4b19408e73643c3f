"""Peer-region benchmarking (对标), pure: no Django.

Ranks of regions on one indicator, their shortfall to the leader and to the median, and trends
over years. Values keep the indicator's own unit (万元, %, ...); gaps are in that unit too.
Missing values (None or NaN) are never ranked: they come last with rank None.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from yuanqu.industry.metrics import growth

__all__ = ["PeerBenchmark", "PeerRank", "Trend", "benchmark_peers", "peer_ranks", "trend"]


def _valid(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


@dataclass(frozen=True)
class PeerRank:
    region: str
    value: float | None
    rank: int | None  # competition ranking: equal values share a rank (1, 2, 2, 4)
    gap_to_leader: float | None  # how far behind the leader, ≥ 0 (0 for the leader)
    gap_to_median: float | None  # how far behind the median; negative = ahead of it


def peer_ranks(values_by_region: Mapping[str, float | None], higher_is_better: bool = True) -> list[PeerRank]:
    """Rank regions on one indicator, best first; regions without a value last, in input order.

    Gaps are shortfalls in the indicator's unit, oriented so that positive always means worse:
    leader − value (higher is better) or value − leader (lower is better); the same for the
    median of the regions with a value.
    """
    valid = {r: float(v) for r, v in values_by_region.items() if _valid(v)}
    sign = 1.0 if higher_is_better else -1.0
    ordered = sorted(valid, key=lambda r: -sign * valid[r])  # stable: ties keep input order
    leader = valid[ordered[0]] if ordered else None
    median = float(np.median(list(valid.values()))) if valid else None
    out: list[PeerRank] = []
    for position, region in enumerate(ordered, start=1):
        value = valid[region]
        rank = out[-1].rank if out and out[-1].value == value else position
        out.append(PeerRank(region, value, rank, sign * (leader - value), sign * (median - value)))
    for region in values_by_region:
        if region not in valid:
            out.append(PeerRank(region, None, None, None, None))
    return out


@dataclass(frozen=True)
class Trend:
    n_points: int  # years with a value
    first_year: int | None
    last_year: int | None
    cagr: float | None  # compound growth per year, first → last value (fraction); None if undefined
    slope: float | None  # OLS slope, indicator units per year; None with fewer than 2 points


def trend(values_by_year: Mapping[int, float | None]) -> Trend:
    """Trend of one series: CAGR between the first and last years with a value, and the OLS slope.

    CAGR is None with fewer than 2 points or a non-positive first value (see ``metrics.growth``);
    missing years are skipped, not interpolated.
    """
    points = sorted((int(y), float(v)) for y, v in values_by_year.items() if _valid(v))
    if len(points) < 2:
        year = points[0][0] if points else None
        return Trend(len(points), year, year, None, None)
    years = np.array([p[0] for p in points], dtype=np.float64)
    values = np.array([p[1] for p in points])
    (y0, v0), (y1, v1) = points[0], points[-1]
    rate = float(growth(v0, v1, years=y1 - y0))
    dy = years - years.mean()
    slope = float(dy @ (values - values.mean()) / (dy @ dy))
    return Trend(len(points), y0, y1, None if math.isnan(rate) else rate, slope)


@dataclass(frozen=True)
class PeerBenchmark:
    region: str
    year: int
    value: float | None
    rank: int | None
    gap_to_leader: float | None
    gap_to_median: float | None
    trend: Trend


def benchmark_peers(
    series_by_region: Mapping[str, Mapping[int, float | None]], year: int, higher_is_better: bool = True
) -> list[PeerBenchmark]:
    """Ranks and gaps in ``year`` plus each region's trend over all its years, in rank order."""
    ranks = peer_ranks({r: s.get(year) for r, s in series_by_region.items()}, higher_is_better)
    return [
        PeerBenchmark(
            p.region, year, p.value, p.rank, p.gap_to_leader, p.gap_to_median, trend(series_by_region[p.region])
        )
        for p in ranks
    ]
