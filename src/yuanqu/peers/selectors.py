"""Reads of the peer benchmarking: restricted querysets, and the benchmark of one group/indicator/year computed
with the pure `yuanqu.industry.peers` (ranks, gaps to the leader and the median, trends)."""

from dataclasses import dataclass, field

import numpy as np
from django.conf import settings

from yuanqu.core import access
from yuanqu.industry.peers import PeerBenchmark, benchmark_peers
from yuanqu.peers.models import Indicator, IndicatorValue, PeerGroup, PeerRegion

# The city this platform runs for; highlighted in every table and chart.
HOME_CODE = getattr(settings, "YUANQU_HOME_REGION_CODE", "320900")


def groups(user):
    return access.restrict(PeerGroup.objects.all(), user).order_by("name")


def indicators(user):
    return access.restrict(Indicator.objects.all(), user)


def values(user):
    return access.restrict(IndicatorValue.objects.select_related("region", "indicator"), user)


def years(user, *, group: PeerGroup | None, indicator: Indicator | None) -> list[int]:
    """Years with at least one value for the group's members, newest first."""
    if group is None or indicator is None:
        return []
    rows = values(user).filter(indicator=indicator, region__groups=group)
    return sorted(set(rows.values_list("year", flat=True)), reverse=True)


@dataclass
class Row:
    region: PeerRegion
    result: PeerBenchmark
    illustrative: bool  # any of the region's values shown (this year or in its trend) is illustrative
    home: bool
    record: IndicatorValue | None = None  # this year's value with its source, None where none was found

    @property
    def cagr_pct(self) -> float | None:
        cagr = self.result.trend.cagr
        return None if cagr is None else cagr * 100


@dataclass
class Benchmark:
    group: PeerGroup
    indicator: Indicator
    year: int
    rows: list[Row]
    years: list[int]  # every year with data, oldest first (the trend chart's axis)
    leader: PeerRegion | None
    median: float | None
    home: Row | None
    illustrative: bool  # any value shown (this year or in a trend) is illustrative
    series: dict[str, list[float | None]] = field(default_factory=dict)  # home/leader/median over `years`

    def chart_data(self) -> dict:
        ranked = [r for r in self.rows if r.result.value is not None]
        return {
            "unit": self.indicator.unit,
            "names": [r.region.short_name for r in ranked],
            "values": [r.result.value for r in ranked],
            "home": [r.home for r in ranked],
            "median": self.median,
            "years": self.years,
            "series": self.series,
            "leader": self.leader.short_name if self.leader else None,
            "home_name": self.home.region.short_name if self.home else None,
        }


def benchmark(user, *, group: PeerGroup, indicator: Indicator, year: int) -> Benchmark:
    """Ranks and gaps of the group's members on `indicator` in `year`, each with its trend over every year."""
    members = list(group.members.order_by("code"))
    rows = list(values(user).filter(indicator=indicator, region__in=members))
    series: dict[str, dict[int, float]] = {m.code: {} for m in members}
    illustrative: dict[str, bool] = {m.code: False for m in members}
    records: dict[str, IndicatorValue] = {}
    for v in rows:
        series[v.region.code][v.year] = float(v.value)
        illustrative[v.region.code] |= v.illustrative
        if v.year == year:
            records[v.region.code] = v
    results = benchmark_peers(series, year, indicator.higher_is_better)
    by_code = {m.code: m for m in members}
    table = [
        Row(by_code[r.region], r, illustrative[r.region], r.region == HOME_CODE, records.get(r.region))
        for r in results
    ]
    leader = table[0].region if table and table[0].result.rank == 1 else None
    present = [r.result.value for r in table if r.result.value is not None]
    median = float(np.median(present)) if present else None
    all_years = sorted({v.year for v in rows})
    lines: dict[str, list[float | None]] = {}
    home = next((r for r in table if r.home), None)
    if home is not None:
        lines["home"] = [series[home.region.code].get(y) for y in all_years]
    if leader is not None:
        lines["leader"] = [series[leader.code].get(y) for y in all_years]
    lines["median"] = [_median([s.get(y) for s in series.values()]) for y in all_years]
    return Benchmark(
        group=group,
        indicator=indicator,
        year=year,
        rows=table,
        years=all_years,
        leader=leader,
        median=median,
        home=home,
        illustrative=any(illustrative.values()),
        series=lines,
    )


def _median(items: list[float | None]) -> float | None:
    present = [x for x in items if x is not None]
    return float(np.median(present)) if present else None
