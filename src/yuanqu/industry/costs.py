"""Comprehensive cost comparison of locations (算好综合账) for cost-oriented industries; pure, no Django.

A reference factory (its land, floor area, staff, power, water, freight and revenue) is priced at
each candidate location over N years. One-off items (land, construction, one-off incentives) fall
in year 0; recurring items at the end of years 1..N. Results are in 万元, undiscounted and,
optionally, discounted at a yearly rate. Incentives are negative items, so a total is what the
investor actually pays.

Units of the inputs are the ones price lists use: land 万元/亩 (1 亩 = 666.67 m²), construction
元/m², rent 元/(m²·月), wages 万元/(人·年) including social insurance, power 元/kWh, water 元/t,
freight 元/(t·km); 1 万元 = 10,000 元.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

__all__ = [
    "COST_ITEMS",
    "LocationCosts",
    "LocationTotal",
    "ReferenceFactory",
    "reference_factory_cost",
]

YUAN_PER_WAN = 10_000.0

# item key → Chinese label, in display order
COST_ITEMS: dict[str, str] = {
    "land": "土地",
    "construction": "厂房建设",
    "rent": "厂房租金",
    "wages": "用工",
    "power": "用电",
    "water": "用水",
    "logistics": "物流",
    "taxes": "税费",
    "incentives": "政策优惠",
}


@dataclass(frozen=True)
class LocationCosts:
    """Prices and incentives at one location. Leave an item at 0 when it does not apply
    (e.g. construction when the floor is rented, rent when it is built)."""

    location: str
    land_price_per_mu: float = 0.0  # 万元/亩, one-off
    construction_cost_per_m2: float = 0.0  # 元/m², one-off
    rent_per_m2_month: float = 0.0  # 元/(m²·月)
    wage_per_employee_year: float = 0.0  # 万元/(人·年), including social insurance (五险一金)
    power_price_per_kwh: float = 0.0  # 元/kWh
    water_price_per_t: float = 0.0  # 元/t
    freight_price_per_t_km: float = 0.0  # 元/(t·km)
    tax_rate_on_revenue: float = 0.0  # local taxes as a fraction of revenue
    one_off_incentive: float = 0.0  # 万元, year 0 (落户奖励、土地款返还), entered ≥ 0, counted negative
    tax_rebate_share: float = 0.0  # fraction of taxes refunded (税收返还)
    tax_rebate_years: int = 0  # for the first this-many years
    annual_subsidy: float = 0.0  # 万元/年 (电费、租金补贴 ...), entered ≥ 0, counted negative

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name != "location" and not value >= 0:
                raise ValueError(f"{self.location}: {f.name} must be ≥ 0, got {value}")
        if self.tax_rebate_share > 1 or self.tax_rate_on_revenue > 1:
            raise ValueError(f"{self.location}: rates are fractions in [0, 1]")


@dataclass(frozen=True)
class ReferenceFactory:
    """The factory being located, per year where it says so."""

    land_mu: float = 0.0  # 亩
    floor_area_m2: float = 0.0  # m²
    employees: float = 0.0  # persons
    power_kwh_per_year: float = 0.0
    water_t_per_year: float = 0.0
    freight_t_km_per_year: float = 0.0  # t·km of inbound and outbound freight
    revenue_per_year: float = 0.0  # 万元, the base of taxes

    def __post_init__(self) -> None:
        for f in fields(self):
            if not getattr(self, f.name) >= 0:
                raise ValueError(f"reference factory: {f.name} must be ≥ 0")


@dataclass(frozen=True)
class LocationTotal:
    """Totals over the horizon at one location, in 万元; ``*_discounted`` are None without a rate."""

    rank: int
    location: str
    items: dict[str, float]
    total: float
    items_discounted: dict[str, float] | None
    total_discounted: float | None
    gap_to_best: float  # total (discounted if a rate was given) minus the best location's, ≥ 0


def _cash_flows(loc: LocationCosts, factory: ReferenceFactory, years: int) -> dict[str, list[float]]:
    """Per item, the amounts in 万元 for years 0..N (index = year)."""
    taxes = factory.revenue_per_year * loc.tax_rate_on_revenue
    recurring = {
        "rent": loc.rent_per_m2_month * 12 * factory.floor_area_m2 / YUAN_PER_WAN,
        "wages": loc.wage_per_employee_year * factory.employees,
        "power": loc.power_price_per_kwh * factory.power_kwh_per_year / YUAN_PER_WAN,
        "water": loc.water_price_per_t * factory.water_t_per_year / YUAN_PER_WAN,
        "logistics": loc.freight_price_per_t_km * factory.freight_t_km_per_year / YUAN_PER_WAN,
        "taxes": taxes,
    }
    flows = {key: [0.0] * (years + 1) for key in COST_ITEMS}
    flows["land"][0] = loc.land_price_per_mu * factory.land_mu
    flows["construction"][0] = loc.construction_cost_per_m2 * factory.floor_area_m2 / YUAN_PER_WAN
    flows["incentives"][0] = -loc.one_off_incentive
    for year in range(1, years + 1):
        for key, amount in recurring.items():
            flows[key][year] = amount
        rebate = taxes * loc.tax_rebate_share if year <= loc.tax_rebate_years else 0.0
        flows["incentives"][year] = -(rebate + loc.annual_subsidy)
    return flows


def reference_factory_cost(
    location_costs: Sequence[LocationCosts],
    factory: ReferenceFactory,
    years: int,
    discount_rate: float | None = None,
) -> list[LocationTotal]:
    """Total cost of the reference factory over ``years`` at each location, cheapest first.

    Per item and in total, in 万元: undiscounted, and with ``discount_rate`` (e.g. 0.05 a year)
    also the present value, year t weighted by (1 + rate)^-t (year 0 undiscounted). The ranking
    uses the discounted total when a rate is given; ties keep the input order.
    """
    if not isinstance(years, int) or years < 1:
        raise ValueError("years must be a whole number ≥ 1")
    if discount_rate is not None and not discount_rate > -1:
        raise ValueError("discount_rate must be > -1")
    names = [loc.location for loc in location_costs]
    if len(set(names)) != len(names):
        raise ValueError("locations must be unique")
    rows = []
    for loc in location_costs:
        flows = _cash_flows(loc, factory, years)
        items = {key: sum(amounts) for key, amounts in flows.items()}
        discounted = None
        if discount_rate is not None:
            factors = [(1.0 + discount_rate) ** -t for t in range(years + 1)]
            discounted = {
                key: sum(a * f for a, f in zip(amounts, factors, strict=True)) for key, amounts in flows.items()
            }
        rows.append((loc.location, items, discounted))

    def key_total(row: tuple) -> float:
        return sum((row[2] if row[2] is not None else row[1]).values())

    rows.sort(key=key_total)
    best = key_total(rows[0]) if rows else 0.0
    return [
        LocationTotal(
            rank=rank,
            location=location,
            items=items,
            total=sum(items.values()),
            items_discounted=discounted,
            total_discounted=None if discounted is None else sum(discounted.values()),
            gap_to_best=key_total((location, items, discounted)) - best,
        )
        for rank, (location, items, discounted) in enumerate(rows, start=1)
    ]
