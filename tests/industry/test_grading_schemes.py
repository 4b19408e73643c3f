"""The grading parameters as a document: defaults round-trip, every rule refuses with a Chinese message naming
the indicator, and a scheme grades like the parameters say."""

import copy

import pytest

from yuanqu.industry import grading as gr


def params(**changes):
    data = copy.deepcopy(gr.DEFAULT_PARAMS)
    data.update(changes)
    return data


def indicator(data, key):
    return next(i for i in data["indicators"] if i["key"] == key)


def messages(data) -> dict[str, str]:
    return {p.field: p.message for p in gr.validate_params(data)}


def test_default_params_describe_the_default_scheme_exactly():
    assert gr.validate_params(gr.DEFAULT_PARAMS) == []
    scheme = gr.rules_from_params(gr.DEFAULT_PARAMS)
    assert scheme == gr.DEFAULT_RULES
    assert scheme.indicators == gr.DEFAULT_INDICATORS and scheme.cutoffs == gr.DEFAULT_CUTOFFS
    assert (scheme.min_indicators, scheme.required) == (gr.DEFAULT_MIN_INDICATORS, gr.DEFAULT_REQUIRED)
    assert gr.rules_params(scheme) == gr.DEFAULT_PARAMS


@pytest.mark.parametrize(
    ("key", "name", "value", "field", "text"),
    [
        ("tax_per_mu", "weight", 0, "indicators.tax_per_mu.weight", "指标“亩均税收”：权重必须大于0（现为 0）。"),
        ("sales_per_mu", "weight", -5, "indicators.sales_per_mu.weight", "指标“亩均销售收入”：权重必须大于0"),
        ("rd_intensity", "benchmark", 0, "indicators.rd_intensity.benchmark", "“研发经费投入强度”：基准值必须大于0"),
        ("va_per_energy", "cap", 0.9, "indicators.va_per_energy.cap", "指标“单位能耗增加值”：封顶倍数不能小于1"),
        ("tax_per_mu", "weight", "40", "indicators.tax_per_mu.weight", "指标“亩均税收”：权重必须是数字。"),
        ("tax_per_mu", "cap", float("nan"), "indicators.tax_per_mu.cap", "指标“亩均税收”：封顶倍数必须是数字。"),
        ("pollutant_per_va", "higher_is_better", "no", "indicators.pollutant_per_va.higher_is_better", "方向"),
    ],
)
def test_indicator_rules_name_the_indicator(key, name, value, field, text):
    data = params()
    indicator(data, key)[name] = value
    assert text in messages(data)[field]
    with pytest.raises(ValueError, match=text[:8]):
        gr.rules_from_params(data)


def test_cap_of_exactly_one_and_small_positive_weights_are_accepted():
    data = params()
    indicator(data, "tax_per_mu")["cap"] = 1
    indicator(data, "sales_per_mu")["weight"] = 0.5
    assert gr.validate_params(data) == []


def test_cutoffs_must_descend_strictly_within_zero_and_the_cap():
    assert "依次降低" in messages(params(cutoffs={"a": 85, "b": 85, "c": 45}))["cutoffs.b"]
    assert "依次降低" in messages(params(cutoffs={"a": 65, "b": 85, "c": 45}))["cutoffs.b"]
    assert "C 类分档线不能小于0" in messages(params(cutoffs={"a": 85, "b": 65, "c": -1}))["cutoffs.c"]
    too_high = messages(params(cutoffs={"a": 121, "b": 65, "c": 45}))["cutoffs.a"]
    assert "不能超过最高可得分 120" in too_high
    assert gr.validate_params(params(cutoffs={"a": 120, "b": 65, "c": 0})) == []
    raised = params(cutoffs={"a": 140, "b": 65, "c": 45})
    indicator(raised, "tax_per_mu")["cap"] = 1.5  # the largest cap sets the ceiling
    assert gr.validate_params(raised) == []
    assert "B 类分档线必须是数字" in messages(params(cutoffs={"a": 85, "c": 45}))["cutoffs.b"]


def test_required_must_be_among_the_indicators_and_min_indicators_within_their_number():
    data = params(required=["tax_per_mu", "rd_intensity"])
    data["indicators"] = [i for i in data["indicators"] if i["key"] != "rd_intensity"]
    found = messages(data)
    assert found["indicators.rd_intensity.required"] == "必需指标“研发经费投入强度”未列入评价指标。"
    assert messages(params(required=["nothing"]))["required"] == "未知的必需指标：nothing。"
    assert "1到6之间的整数（现为 7）" in messages(params(min_indicators=7))["min_indicators"]
    assert "1到6之间的整数（现为 0）" in messages(params(min_indicators=0))["min_indicators"]
    assert "min_indicators" in messages(params(min_indicators=True))
    assert gr.validate_params(params(min_indicators=6)) == []


def test_unknown_duplicate_or_missing_indicators_are_refused():
    data = params()
    data["indicators"].append({**data["indicators"][0]})
    assert messages(data)["indicators.tax_per_mu"] == "指标“亩均税收”重复。"
    data = params()
    data["indicators"][0] = {**data["indicators"][0], "key": "profit_per_mu"}
    assert messages(data)["indicators"].startswith("未知的指标：profit_per_mu（可用：亩均税收、")
    assert messages(params(indicators=[]))["indicators"] == "至少需要一项评价指标。"
    assert messages(params(extra=1))[""] == "未知的参数：extra。"
    assert messages([1, 2]) == {"": "评价参数必须是一个对象。"}


def test_a_scheme_grades_with_its_own_parameters():
    at_benchmark = gr.EnterpriseValues("E1", {i.key: i.benchmark for i in gr.DEFAULT_INDICATORS})
    assert gr.DEFAULT_RULES.grade([at_benchmark])[0].grade == "A"
    strict = gr.rules_from_params(params(cutoffs={"a": 110, "b": 90, "c": 60}))
    (result,) = strict.grade([at_benchmark])
    assert (result.score, result.grade) == (100.0, "B")
    only_tax = params(required=["tax_per_mu"], min_indicators=1)
    only_tax["indicators"] = [indicator(only_tax, "tax_per_mu")]
    indicator(only_tax, "tax_per_mu")["benchmark"] = 60.0  # twice as demanding: 30 万元/亩 earns half
    (half,) = gr.rules_from_params(only_tax).grade([at_benchmark])
    assert (half.score, half.grade) == (50.0, "C")
