"""Demo peer values: four indicators for the 27 cities, 2021–2024, generated deterministically and stored with
`illustrative=True` (示例数据，非真实统计: every page showing them says so), ONLY in the cells (region, year,
indicator) that have no real value: the shipped, sourced figures (`shipped.load_figures`, loaded first) and a city's
own imports are never overwritten, so a real figure and an invented one are never mixed up. Loading twice changes
nothing."""

import random
from decimal import Decimal

from yuanqu.peers import shipped
from yuanqu.peers.models import Indicator, IndicatorValue, PeerGroup, PeerRegion

YEARS = range(2021, 2025)
SOURCE = "示例数据（演示用，非真实统计）"
# key, (low, high) of the first year, (low, high) of the yearly change; the first two are shipped indicators
# (name and unit from `shipped.INDICATORS`), the other two exist in the demo only.
INDICATORS = [
    ("gdp", (2000, 12000), (0.02, 0.08)),
    ("industry_va_growth", (2, 12), (-2.5, 2.5)),
    ("industrial_investment_growth", (-5, 20), (-5, 5)),
    ("tax_per_mu", (15, 60), (0.0, 0.08)),
]
DEMO_ONLY = {
    "industrial_investment_growth": ("工业投资增速", "%", True),
    "tax_per_mu": ("亩均税收", "万元/亩", True),
}
GROWTH_KEYS = {"gdp", "tax_per_mu"}  # these compound; the rates wander additively


def _indicators() -> dict[str, Indicator]:
    out = shipped.indicators(Indicator)
    for key, (name, unit, higher) in DEMO_ONLY.items():
        out[key], _created = Indicator.objects.get_or_create(
            key=key, defaults={"name": name, "unit": unit, "higher_is_better": higher}
        )
    return out


def _series(code: str, key: str, start: tuple, step: tuple) -> list[float]:
    rng = random.Random(f"{code}:{key}")  # a string seed is hashed deterministically (not by PYTHONHASHSEED)
    value = rng.uniform(*start)
    out = []
    for _year in YEARS:
        out.append(round(value, 2))
        value = value * (1 + rng.uniform(*step)) if key in GROWTH_KEYS else value + rng.uniform(*step)
    return out


def load() -> dict:
    # normally there from the migrations; back after a flush. Real figures first: the demo fills only the gaps.
    group = shipped.load(PeerRegion, PeerGroup)
    real = shipped.load_figures(PeerRegion, Indicator, IndicatorValue)
    indicators = _indicators()
    regions = list(group.members.all())
    taken = set(IndicatorValue.objects.values_list("region_id", "year", "indicator_id"))
    created = []
    for region in regions:
        for key, start, step in INDICATORS:
            for year, value in zip(YEARS, _series(region.code, key, start, step), strict=True):
                if (region.pk, year, indicators[key].pk) in taken:
                    continue  # a real figure (or this demo's own value from an earlier run) is there
                created.append(
                    IndicatorValue(
                        region=region,
                        year=year,
                        indicator=indicators[key],
                        value=Decimal(str(value)),
                        source=SOURCE,
                        illustrative=True,
                    )
                )
    IndicatorValue.objects.bulk_create(created)
    return {
        "indicators": len(indicators),
        "real values loaded": real["created"] + real["replaced"],
        "illustrative values created": len(created),
    }
