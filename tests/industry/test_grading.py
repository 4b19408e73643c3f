"""Tests of the per-mu efficiency evaluation (亩均效益评价)."""

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from yuanqu.industry import grading as gr

KEYS = [i.key for i in gr.DEFAULT_INDICATORS]


def at_benchmark(**overrides):
    values = {i.key: i.benchmark for i in gr.DEFAULT_INDICATORS}
    values.update(overrides)
    return gr.EnterpriseValues("E1", values)


def test_enterprise_at_every_benchmark_scores_100_and_gets_a():
    (result,) = gr.grade_enterprises([at_benchmark()])
    assert result.score == 100.0
    assert result.grade == "A"
    assert result.reason_code == "graded"
    assert "100.00" in result.reason and "A" in result.reason
    assert sum(s.points for s in result.indicator_scores) == pytest.approx(100.0)


def test_default_weights_sum_to_100_and_pollutant_is_lower_is_better():
    assert sum(i.weight for i in gr.DEFAULT_INDICATORS) == 100
    by_key = {i.key: i for i in gr.DEFAULT_INDICATORS}
    assert not by_key["pollutant_per_va"].higher_is_better
    assert all(by_key[k].higher_is_better for k in KEYS if k != "pollutant_per_va")


def test_ratio_is_capped_and_lower_is_better_inverted():
    tax = gr.GradingIndicator("tax_per_mu", "亩均税收", 40, 30.0, cap=1.2)
    assert gr.indicator_ratio(tax, 15.0) == pytest.approx(0.5)
    assert gr.indicator_ratio(tax, 300.0) == pytest.approx(1.2)
    assert gr.indicator_ratio(tax, -5.0) == 0.0
    assert gr.indicator_ratio(tax, math.inf) == pytest.approx(1.2)
    pollutant = gr.GradingIndicator("p", "排放", 10, 2.0, cap=1.5, higher_is_better=False)
    assert gr.indicator_ratio(pollutant, 4.0) == pytest.approx(0.5)
    assert gr.indicator_ratio(pollutant, 0.0) == pytest.approx(1.5)
    assert gr.indicator_ratio(pollutant, math.inf) == 0.0
    with pytest.raises(ValueError):
        gr.indicator_ratio(pollutant, -1.0)


def test_cutoffs_and_grade_for_score():
    cut = gr.Cutoffs(a=90, b=70, c=50)
    assert [gr.grade_for_score(s, cut) for s in (90, 89.99, 70, 50, 49.99, 0)] == ["A", "B", "B", "C", "D", "D"]
    with pytest.raises(ValueError):
        gr.Cutoffs(a=50, b=70, c=10)


def test_weak_enterprise_gets_d():
    values = {k: 0.2 * i.benchmark for k, i in zip(KEYS, gr.DEFAULT_INDICATORS, strict=True)}
    values["pollutant_per_va"] = 10.0
    (result,) = gr.grade_enterprises([gr.EnterpriseValues("E9", values)])
    assert result.grade == "D"
    assert result.score == pytest.approx(100 * (90 * 0.2 + 10 * 0.1) / 100)


def test_missing_tax_per_mu_is_not_graded():
    (result,) = gr.grade_enterprises([at_benchmark(tax_per_mu=None)])
    assert result.grade is None and result.score is None
    assert result.reason_code == "missing_required"
    assert "亩均税收" in result.reason
    assert result.missing == ("tax_per_mu",)


def test_too_few_indicators_is_not_graded_and_nan_counts_as_missing():
    row = at_benchmark(sales_per_mu=None, rd_intensity=float("nan"), va_per_energy=None)
    (result,) = gr.grade_enterprises([row])
    assert result.grade is None
    assert result.reason_code == "too_few_indicators"
    assert "3 项" in result.reason
    (lenient,) = gr.grade_enterprises([row], min_indicators=3)
    assert lenient.grade == "A" and lenient.score == 100.0
    assert "研发经费投入强度" in lenient.reason and "折算" in lenient.reason


def test_missing_indicator_is_not_guessed_weights_renormalised():
    row = at_benchmark(rd_intensity=None, tax_per_mu=15.0)
    (result,) = gr.grade_enterprises([row])
    # tax earns 0.5 of its 40; the other 50 of the 90 remaining weight earn 1.
    assert result.score == pytest.approx(round(100 * (40 * 0.5 + 50) / 90, 2))
    assert result.missing == ("rd_intensity",)
    rd = next(s for s in result.indicator_scores if s.key == "rd_intensity")
    assert rd.value is None and rd.points is None


def test_invalid_configuration_is_rejected():
    with pytest.raises(ValueError):
        gr.GradingIndicator("x", "x", 10, 0.0)
    with pytest.raises(ValueError):
        gr.GradingIndicator("x", "x", -1, 1.0)
    with pytest.raises(ValueError):
        gr.grade_enterprises([at_benchmark()], min_indicators=7)
    with pytest.raises(ValueError):
        gr.grade_enterprises([at_benchmark()], indicators=list(gr.DEFAULT_INDICATORS) * 2)


def test_indicator_values_from_raw_figures():
    f = gr.EnterpriseFigures(
        "91320000MA1XXXXXX0",
        land_mu=50,
        tax=1500,
        sales=25000,
        value_added=6000,
        energy_tce=3000,
        rd_expense=750,
        employees=200,
        pollutant_kg=6000,
    )
    v = gr.indicator_values(f).values
    assert v == pytest.approx(
        {
            "tax_per_mu": 30.0,
            "sales_per_mu": 500.0,
            "va_per_energy": 2.0,
            "rd_intensity": 3.0,
            "labour_productivity": 30.0,
            "pollutant_per_va": 1.0,
        }
    )
    (result,) = gr.grade_enterprises([f])
    assert result.score == 100.0 and result.enterprise_id == "91320000MA1XXXXXX0"


def test_indicator_values_edge_cases():
    v = gr.indicator_values(gr.EnterpriseFigures("E", land_mu=0, tax=10, value_added=100, energy_tce=0)).values
    assert v["tax_per_mu"] is None  # no land: no per-mu figure
    assert v["va_per_energy"] == math.inf  # capped when scored
    assert v["labour_productivity"] is None and v["pollutant_per_va"] is None
    v = gr.indicator_values(gr.EnterpriseFigures("E", value_added=-5, pollutant_kg=10)).values
    assert v["pollutant_per_va"] == math.inf
    v = gr.indicator_values(gr.EnterpriseFigures("E", pollutant_kg=0)).values
    assert v["pollutant_per_va"] == 0.0
    with pytest.raises(ValueError, match="land_mu"):
        gr.indicator_values(gr.EnterpriseFigures("E", land_mu=-1))


value = st.one_of(st.none(), st.floats(0, 1e4, allow_nan=False))
rows = st.fixed_dictionaries({k: value for k in KEYS})


@given(rows, st.sampled_from(KEYS), st.floats(0, 1e4, allow_nan=False))
def test_improving_any_indicator_never_lowers_the_grade(values, key, other):
    assume(values[key] is not None)
    ind = next(i for i in gr.DEFAULT_INDICATORS if i.key == key)
    before = values[key]
    better = max(before, other) if ind.higher_is_better else min(before, other)
    (a,) = gr.grade_enterprises([gr.EnterpriseValues("E", values)])
    (b,) = gr.grade_enterprises([gr.EnterpriseValues("E", {**values, key: better})])
    assert a.reason_code == b.reason_code
    if a.grade is not None:
        assert b.score >= a.score
        assert "ABCD".index(b.grade) <= "ABCD".index(a.grade)


@given(st.floats(0, 200, allow_nan=False), st.floats(0, 200, allow_nan=False))
def test_grade_monotone_in_score(s1, s2):
    lo, hi = sorted((s1, s2))
    assert "ABCD".index(gr.grade_for_score(hi)) <= "ABCD".index(gr.grade_for_score(lo))


@given(rows)
def test_score_bounded_by_zero_and_cap(values):
    (r,) = gr.grade_enterprises([gr.EnterpriseValues("E", values)])
    if r.grade is not None:
        assert 0 <= r.score <= 120.0
    else:
        assert r.score is None and r.reason_code in {"missing_required", "too_few_indicators"}
