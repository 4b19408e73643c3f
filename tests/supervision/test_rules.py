"""The pure warning rules: each rule, its boundaries, exemptions and parameter validation."""

import copy
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yuanqu.supervision import rules
from yuanqu.supervision.rules import DEFAULT_PARAMS, ProjectFacts, evaluate

D = dt.date


def only(params_key: str) -> dict:
    """Default parameters with every other rule switched off."""
    params = copy.deepcopy(DEFAULT_PARAMS)
    for key in params:
        params[key]["enabled"] = key == params_key
    return params


# --- start delay -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("month", "color"),
    [(D(2025, 3, 1), "green"), (D(2025, 4, 1), "yellow"), (D(2025, 5, 1), "yellow"), (D(2025, 6, 1), "red")],
)
def test_start_delay_yellow_after_planned_month_red_at_exactly_three_months(month, color):
    facts = ProjectFacts(planned_started=D(2025, 3, 15))
    assert evaluate(facts, month, only(rules.START_DELAY)).color == color


def test_start_delay_reason_names_planned_month_and_months_late():
    result = evaluate(ProjectFacts(planned_started=D(2025, 3, 1)), D(2025, 7, 1), only(rules.START_DELAY))
    assert result.color == "red"
    assert [r.text for r in result.reasons] == ["计划2025年3月开工，已逾期4个月未开工"]


def test_start_delay_not_raised_once_started_but_history_month_still_counts():
    facts = ProjectFacts(planned_started=D(2025, 1, 1), actual_started=D(2025, 6, 10), stage="started")
    assert evaluate(facts, D(2025, 6, 1), only(rules.START_DELAY)).color == "green"
    # Evaluating April (before the actual start) still finds it late: the history is judged as it stood.
    assert evaluate(facts, D(2025, 4, 1), only(rules.START_DELAY)).color == "red"


def test_stage_without_date_counts_as_started():
    facts = ProjectFacts(planned_started=D(2024, 1, 1), stage="completed")
    assert evaluate(facts, D(2025, 6, 1), only(rules.START_DELAY)).color == "green"


# --- investment lag ----------------------------------------------------------------------------------------------

def lag_facts(cumulative: float) -> ProjectFacts:
    # 100 days of plan; as of day 50 the time progress is exactly 50 %.
    return ProjectFacts(
        stage="started",
        planned_started=D(2025, 1, 1),
        actual_started=D(2025, 1, 1),
        planned_completed=D(2025, 1, 1) + dt.timedelta(days=100),
        total_investment=1000.0,
        investment_cumulative=cumulative,
    )


AS_OF = D(2025, 1, 1) + dt.timedelta(days=50)


@pytest.mark.parametrize(
    ("cumulative", "color"),
    [
        (401.0, "green"),  # 9.9 points behind
        (400.0, "yellow"),  # exactly 10 points
        (200.0, "yellow"),  # exactly 30 points
        (199.0, "red"),  # 30.1 points
        (600.0, "green"),  # ahead of plan
    ],
)
def test_investment_lag_boundaries_exactly_10_and_30_points(cumulative, color):
    result = evaluate(lag_facts(cumulative), AS_OF, only(rules.INVESTMENT_LAG), as_of=AS_OF)
    assert result.time_progress == 50.0
    assert result.color == color


def test_investment_lag_reason_has_numbers():
    result = evaluate(lag_facts(150.0), AS_OF, only(rules.INVESTMENT_LAG), as_of=AS_OF)
    assert result.reasons[0].text == "时间进度50%，投资完成15%，落后35个百分点"
    assert result.investment_progress == 15.0


def test_investment_lag_needs_a_reported_figure_and_a_started_uncompleted_project():
    no_report = lag_facts(0.0).__class__(**{**lag_facts(0.0).__dict__, "investment_cumulative": None})
    assert evaluate(no_report, AS_OF, only(rules.INVESTMENT_LAG), as_of=AS_OF).color == "green"
    completed = ProjectFacts(**{**lag_facts(0.0).__dict__, "stage": "completed", "actual_completed": D(2025, 2, 1)})
    assert evaluate(completed, AS_OF, only(rules.INVESTMENT_LAG), as_of=AS_OF).color == "green"


def test_time_progress_is_clamped_to_the_plan():
    facts = lag_facts(1000.0)
    assert rules.progress(facts, D(2024, 6, 1))[0] == 0.0
    assert rules.progress(facts, D(2026, 6, 1))[0] == 100.0


@given(st.floats(min_value=0, max_value=2000, allow_nan=False))
def test_more_investment_never_makes_the_light_worse(cumulative):
    worse = evaluate(lag_facts(cumulative), AS_OF, only(rules.INVESTMENT_LAG), as_of=AS_OF)
    better = evaluate(lag_facts(cumulative + 50), AS_OF, only(rules.INVESTMENT_LAG), as_of=AS_OF)
    assert rules.SEVERITY[better.color] <= rules.SEVERITY[worse.color]


# --- report missing ----------------------------------------------------------------------------------------------

def report_facts(last: dt.date | None) -> ProjectFacts:
    return ProjectFacts(stage="started", reports_due_from=D(2025, 1, 1), last_report_month=last)


@pytest.mark.parametrize(
    ("last", "as_of", "color", "count"),
    [
        (D(2025, 4, 1), D(2025, 5, 20), "green", 0),  # April reported, May not ended yet
        (D(2025, 3, 1), D(2025, 5, 20), "yellow", 1),  # April missing after April ended
        (D(2025, 2, 1), D(2025, 5, 20), "red", 2),  # March and April missing
    ],
)
def test_report_missing_yellow_after_month_ends_red_after_two(last, as_of, color, count):
    result = evaluate(report_facts(last), as_of, only(rules.REPORT_MISSING), as_of=as_of)
    assert result.color == color
    if count:
        assert f"连续{count}个月" in result.reasons[0].text


def test_report_missing_counts_from_when_reports_are_due_and_names_months():
    result = evaluate(report_facts(None), D(2025, 3, 5), only(rules.REPORT_MISSING), as_of=D(2025, 3, 5))
    assert result.reasons[0].text == "2025年1月、2月月报未报送（连续2个月）"
    fresh = ProjectFacts(stage="signed", reports_due_from=D(2025, 3, 1))
    assert evaluate(fresh, D(2025, 3, 5), only(rules.REPORT_MISSING), as_of=D(2025, 3, 5)).color == "green"


def test_full_output_projects_report_no_more():
    facts = ProjectFacts(stage="full_output", reports_due_from=D(2024, 1, 1))
    assert evaluate(facts, D(2025, 3, 1), only(rules.REPORT_MISSING)).color == "green"


# --- combination, exemptions, parameters -----------------------------------------------------------------------

def test_worst_rule_wins_and_every_reason_is_listed():
    facts = ProjectFacts(planned_started=D(2025, 3, 1), reports_due_from=D(2025, 3, 1))
    result = evaluate(facts, D(2025, 5, 1), DEFAULT_PARAMS, as_of=D(2025, 5, 10))
    assert result.color == "red"  # two reports missing (March, April)
    assert {r.rule: r.color for r in result.reasons} == {"start_delay": "yellow", "report_missing": "red"}


def test_exempted_rule_is_kept_as_reason_but_does_not_colour():
    facts = ProjectFacts(planned_started=D(2025, 1, 1), exempt_rules=frozenset({rules.START_DELAY}))
    result = evaluate(facts, D(2025, 6, 1), only(rules.START_DELAY))
    assert result.color == "green"
    assert result.reasons[0].exempted and result.reasons[0].text.startswith("（已豁免）")


def test_disabled_rule_and_edited_thresholds():
    params = only(rules.START_DELAY)
    params[rules.START_DELAY].update(yellow=2, red=6, reason="滞后{months}个月（计划{planned}）{unknown}")
    result = evaluate(ProjectFacts(planned_started=D(2025, 1, 1)), D(2025, 4, 1), params)
    assert result.color == "yellow"
    assert result.reasons[0].text == "滞后3个月（计划2025年1月）{unknown}"
    params[rules.START_DELAY]["enabled"] = False
    assert evaluate(ProjectFacts(planned_started=D(2025, 1, 1)), D(2025, 4, 1), params).reasons == []


def test_validate_params_messages():
    assert rules.validate_params(DEFAULT_PARAMS) == []
    bad = copy.deepcopy(DEFAULT_PARAMS)
    bad[rules.INVESTMENT_LAG]["red"] = 5
    bad[rules.START_DELAY]["yellow"] = 1.5
    bad[rules.REPORT_MISSING]["reason"] = " "
    del bad["start_delay"]["enabled"]
    errors = rules.validate_params(bad)
    assert "规则“投资滞后”：红灯阈值（5）不能小于黄灯阈值（10）。" in errors
    assert "规则“开工滞后”：黄灯阈值必须是整数（月数）。" in errors
    assert "规则“月报缺报”：原因说明不能为空。" in errors
    assert "规则“开工滞后”：是否启用必须为是或否。" in errors
    assert rules.validate_params([]) == ["规则参数必须是一个对象。"]


def test_month_helpers():
    assert rules.add_months(D(2025, 11, 30), 3) == D(2026, 2, 1)
    assert rules.month_end(D(2024, 2, 3)) == D(2024, 2, 29)
    assert rules.months_label([D(2024, 12, 1), D(2025, 1, 1), D(2025, 2, 1)]) == "2024年12月、2025年1月、2月"
