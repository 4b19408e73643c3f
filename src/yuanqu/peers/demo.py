"""Demo peer values: four indicators for the 27 cities, 2021–2024, generated deterministically and stored with
`illustrative=True` (示例数据，非真实统计: every page showing them says so). Never overwrites an existing value,
so real imported figures survive; loading twice changes nothing."""

import random
from decimal import Decimal

from yuanqu.peers import shipped
from yuanqu.peers.models import Indicator, IndicatorValue, PeerGroup, PeerRegion

YEARS = range(2021, 2025)
SOURCE = "示例数据（演示用，非真实统计）"
# key, name, unit, higher is better, (low, high) of the first year, (low, high) of the yearly change
INDICATORS = [
    ("gdp", "地区生产总值", "亿元", True, (2000, 12000), (0.02, 0.08)),
    ("industry_va_growth", "规上工业增加值增速", "%", True, (2, 12), (-2.5, 2.5)),
    ("industrial_investment_growth", "工业投资增速", "%", True, (-5, 20), (-5, 5)),
    ("tax_per_mu", "亩均税收", "万元/亩", True, (15, 60), (0.0, 0.08)),
]
GROWTH_KEYS = {"gdp", "tax_per_mu"}  # these compound; the rates wander additively


def _indicators() -> dict[str, Indicator]:
    out = {}
    for key, name, unit, higher, _start, _step in INDICATORS:
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
    group = shipped.load(PeerRegion, PeerGroup)  # normally there from the migration; back after a flush
    indicators = _indicators()
    regions = list(group.members.all())
    created = 0
    for region in regions:
        for key, _name, _unit, _higher, start, step in INDICATORS:
            for year, value in zip(YEARS, _series(region.code, key, start, step), strict=True):
                _obj, new = IndicatorValue.objects.get_or_create(
                    region=region,
                    year=year,
                    indicator=indicators[key],
                    defaults={"value": Decimal(str(value)), "source": SOURCE, "illustrative": True},
                )
                created += new
    return {"indicators": len(indicators), "illustrative values created": created}
