"""Tests of carrier–project matching and of the GB/T 4754 code helpers."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yuanqu.industry import codes
from yuanqu.industry import matching as mc

NEED = mc.ProjectNeed(area_m2=5_000, industry_code="C3841", needed_by=dt.date(2026, 6, 30))


def carrier(cid, floor=8_000, occupied=2_000, industries=("C38",), **kw):
    return mc.CarrierOffer(cid, f"{cid}号标准厂房", floor, occupied, industries, **kw)


def test_code_normalisation_and_relations():
    assert codes.normalise_industry_code(" c3841 ") == "C3841"
    assert codes.normalise_industry_code("3841") == "C3841"
    assert codes.normalise_industry_code("0511") == "A0511"
    assert codes.normalise_industry_code("6510") == "I6510"
    assert codes.normalise_industry_code("C") == "C"
    for bad in ("", "C38411", "X38", "A38", "C3x", "98"):
        with pytest.raises(ValueError):
            codes.normalise_industry_code(bad)
    assert codes.industry_code_relation("C3841", "C38") == "same_branch"
    assert codes.industry_code_relation("C38", "3841") == "same_branch"
    assert codes.industry_code_relation("C3841", "C3849") == "same_division"
    assert codes.industry_code_relation("C3841", "C35") == "same_section"
    assert codes.industry_code_relation("C3841", "C") == "same_section"
    assert codes.industry_code_relation("C3841", "I65") == "unrelated"


def test_ranked_by_fit_with_reasons():
    carriers = [
        carrier("A", industries=("C35",)),  # right size, same section only
        carrier("B", floor=40_000, occupied=0),  # industry fits, far too big
        carrier("C"),  # right size, industry fits, available now
        carrier("D", available_from=dt.date(2026, 7, 30)),  # 30 days late
    ]
    result = mc.match_carriers(NEED, carriers)
    assert [m.carrier_id for m in result.matches] == ["C", "D", "A", "B"]
    assert result.excluded == []
    best = result.matches[0]
    assert best.score == pytest.approx(1.0) and best.rank == 1 and best.free_m2 == 6_000
    assert "满足所需" in best.reasons[0] and "一致" in best.reasons[1] and "前交付" in best.reasons[2]
    late = result.matches[1]
    assert late.date_fit == pytest.approx(1 - 30 / 90)
    assert "晚于需求日期 30 天" in late.reasons[2]
    assert result.matches[2].industry_fit == 0.4 and "同属一个门类" in result.matches[2].reasons[1]
    big = result.matches[3]
    assert big.area_fit == pytest.approx(7_500 / 40_000) and "富余较多" in big.reasons[0]


def test_unavailable_carriers_are_excluded_with_every_reason():
    carriers = [
        carrier("X", floor=6_000, occupied=2_000, accepting=False),
        carrier("Y", available_from=dt.date(2027, 1, 1), kind="孵化器"),
        carrier("Z", floor=3_000, occupied=4_000),
    ]
    need = mc.ProjectNeed(5_000, "C3841", dt.date(2026, 6, 30), kinds=("标准厂房",))
    result = mc.match_carriers(need, carriers)
    assert result.matches == []
    x, y, z = result.excluded
    assert x.reasons[0] == "载体暂不对外招商"
    assert any("4,000 m²，不足所需 5,000 m²" in r for r in x.reasons)
    assert any("孵化器" in r for r in y.reasons) and any("晚于需求日期 185 天" in r for r in y.reasons)
    assert any("可用面积 0 m²" in r for r in z.reasons)


def test_unrelated_industry_scores_but_is_not_excluded():
    result = mc.match_carriers(NEED, [carrier("S", industries=("I65",))])
    assert result.matches[0].industry_fit == 0.0
    assert "不在园区主导产业之列" in result.matches[0].reasons[1]


def test_invalid_input():
    with pytest.raises(ValueError):
        mc.match_carriers(mc.ProjectNeed(0, "C38", dt.date(2026, 1, 1)), [])
    with pytest.raises(ValueError):
        mc.match_carriers(NEED, [], weights=(0, 0, 0))
    with pytest.raises(ValueError):
        mc.match_carriers(mc.ProjectNeed(10, "Z99", dt.date(2026, 1, 1)), [])


@given(st.floats(5_000, 100_000), st.integers(-200, 90))
def test_scores_in_unit_interval_and_fits_monotone(free, late_days):
    c = carrier("P", floor=free, occupied=0, available_from=NEED.needed_by + dt.timedelta(days=late_days))
    (m,) = mc.match_carriers(NEED, [c]).matches
    assert 0 <= m.score <= 1 + 1e-12
    earlier = carrier("Q", floor=free, occupied=0, available_from=NEED.needed_by + dt.timedelta(days=late_days - 1))
    (m2,) = mc.match_carriers(NEED, [earlier]).matches
    assert m2.score >= m.score
