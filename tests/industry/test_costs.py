"""Tests of the comprehensive cost comparison (算好综合账)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yuanqu.industry import costs as cs

FACTORY = cs.ReferenceFactory(
    land_mu=50,
    floor_area_m2=20_000,
    employees=300,
    power_kwh_per_year=10_000_000,
    water_t_per_year=50_000,
    freight_t_km_per_year=2_000_000,
    revenue_per_year=50_000,
)

HERE = cs.LocationCosts(
    "本市",
    land_price_per_mu=30,
    construction_cost_per_m2=2_000,
    wage_per_employee_year=9,
    power_price_per_kwh=0.65,
    water_price_per_t=4,
    freight_price_per_t_km=0.5,
    tax_rate_on_revenue=0.04,
    one_off_incentive=500,
    tax_rebate_share=0.5,
    tax_rebate_years=3,
)
RIVAL = cs.LocationCosts(
    "竞争城市",
    rent_per_m2_month=25,
    wage_per_employee_year=12,
    power_price_per_kwh=0.7,
    water_price_per_t=5,
    freight_price_per_t_km=0.4,
    tax_rate_on_revenue=0.04,
    annual_subsidy=100,
)


def test_items_in_wan_yuan_over_the_horizon():
    (here,) = cs.reference_factory_cost([HERE], FACTORY, years=5)
    assert here.items == pytest.approx(
        {
            "land": 1_500.0,
            "construction": 4_000.0,
            "rent": 0.0,
            "wages": 5 * 2_700.0,
            "power": 5 * 650.0,
            "water": 5 * 20.0,
            "logistics": 5 * 100.0,
            "taxes": 5 * 2_000.0,
            "incentives": -500.0 - 3 * 1_000.0,
        }
    )
    assert here.total == pytest.approx(sum(here.items.values()))
    assert here.total_discounted is None and here.items_discounted is None
    assert list(here.items) == list(cs.COST_ITEMS)


def test_ranked_cheapest_first_with_gap():
    result = cs.reference_factory_cost([RIVAL, HERE], FACTORY, years=5)
    assert [r.location for r in result] == ["本市", "竞争城市"]
    assert [r.rank for r in result] == [1, 2]
    assert result[0].gap_to_best == 0.0
    assert result[1].gap_to_best == pytest.approx(result[1].total - result[0].total)
    # Rent: 25 元/m²/月 × 12 × 20,000 m² = 600 万元 a year.
    assert result[1].items["rent"] == pytest.approx(3_000.0)
    assert result[1].items["incentives"] == pytest.approx(-500.0)


def test_discounting_weights_later_years_less_and_can_change_the_ranking():
    # Upfront-heavy A vs. recurring-heavy B: equal undiscounted, B cheaper in present value.
    a = cs.LocationCosts("A", land_price_per_mu=10)
    b = cs.LocationCosts("B", wage_per_employee_year=1)
    factory = cs.ReferenceFactory(land_mu=10, employees=10)
    flat = cs.reference_factory_cost([a, b], factory, years=10)
    assert flat[0].total == flat[1].total == 100.0
    assert [r.location for r in flat] == ["A", "B"]  # ties keep input order
    pv = cs.reference_factory_cost([a, b], factory, years=10, discount_rate=0.05)
    assert [r.location for r in pv] == ["B", "A"]
    assert pv[0].total_discounted == pytest.approx(10 * (1 - 1.05**-10) / 0.05)
    assert pv[1].total_discounted == pytest.approx(100.0)
    assert pv[0].total == 100.0


@given(st.floats(0, 0.3), st.integers(1, 30))
def test_discounted_never_above_undiscounted_for_positive_costs(rate, years):
    (r,) = cs.reference_factory_cost([cs.LocationCosts("X", wage_per_employee_year=5)], FACTORY, years, rate)
    assert r.total_discounted <= r.total + 1e-9


def test_invalid_input():
    with pytest.raises(ValueError, match="years"):
        cs.reference_factory_cost([HERE], FACTORY, years=0)
    with pytest.raises(ValueError, match="discount_rate"):
        cs.reference_factory_cost([HERE], FACTORY, years=3, discount_rate=-1)
    with pytest.raises(ValueError, match="unique"):
        cs.reference_factory_cost([HERE, HERE], FACTORY, years=3)
    with pytest.raises(ValueError, match="power_price_per_kwh"):
        cs.LocationCosts("X", power_price_per_kwh=-0.1)
    with pytest.raises(ValueError, match="fractions"):
        cs.LocationCosts("X", tax_rebate_share=1.5)
    with pytest.raises(ValueError, match="employees"):
        cs.ReferenceFactory(employees=-1)
    assert cs.reference_factory_cost([], FACTORY, years=3) == []
