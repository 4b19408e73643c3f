"""Grading schemes: the parameters of the per-mu evaluation as a JSON document (what a stored version,
`industry.GradingScheme`, holds), their validation with Chinese messages naming the indicator, and the
:class:`GradingRules` they describe. Pure: no Django.

A scheme chooses among the indicators :func:`~.scores.indicator_values` computes (it cannot invent new ones)
and sets each one's weight, benchmark (in the indicator's unit), cap and direction, the required indicators,
the minimum number of indicators with data, and the cut-offs of grades A, B and C in points.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from yuanqu.industry.grading.scores import (
    DEFAULT_CUTOFFS,
    DEFAULT_INDICATORS,
    DEFAULT_MIN_INDICATORS,
    DEFAULT_REQUIRED,
    Cutoffs,
    EnterpriseFigures,
    EnterpriseValues,
    GradeResult,
    GradingIndicator,
    grade_enterprises,
)

__all__ = [
    "CATALOGUE",
    "DEFAULT_PARAMS",
    "DEFAULT_RULES",
    "ParamProblem",
    "GradingRules",
    "rules_from_params",
    "rules_params",
    "validate_params",
]


@dataclass(frozen=True)
class GradingRules:
    """Everything :func:`grade_enterprises` needs besides the rows."""

    indicators: tuple[GradingIndicator, ...] = DEFAULT_INDICATORS
    cutoffs: Cutoffs = DEFAULT_CUTOFFS
    min_indicators: int = DEFAULT_MIN_INDICATORS
    required: tuple[str, ...] = DEFAULT_REQUIRED

    def grade(self, rows: Iterable[EnterpriseValues | EnterpriseFigures]) -> list[GradeResult]:
        return grade_enterprises(rows, self.indicators, self.cutoffs, self.min_indicators, self.required)

    @property
    def required_names(self) -> tuple[str, ...]:
        names = {i.key: i.name_zh for i in self.indicators}
        return tuple(names.get(key, key) for key in self.required)

    @property
    def max_score(self) -> float:
        """An upper bound of the score in points: 100 × the largest cap (cut-off A must not exceed it)."""
        return 100.0 * max(i.cap for i in self.indicators)


DEFAULT_RULES = GradingRules()
# The indicators `indicator_values` computes: a scheme chooses among them and sets their parameters.
CATALOGUE: dict[str, GradingIndicator] = {i.key: i for i in DEFAULT_INDICATORS}
INDICATOR_FIELDS = ("key", "weight", "benchmark", "cap", "higher_is_better")


def rules_params(rules: GradingRules) -> dict:
    """The JSON form of grading rules (what a stored version holds)::

    {"indicators": [{"key", "weight", "benchmark", "cap", "higher_is_better"}, ...], "required": [keys],
     "min_indicators": int, "cutoffs": {"a", "b", "c"}}
    """
    return {
        "indicators": [{name: getattr(i, name) for name in INDICATOR_FIELDS} for i in rules.indicators],
        "required": list(rules.required),
        "min_indicators": rules.min_indicators,
        "cutoffs": {"a": rules.cutoffs.a, "b": rules.cutoffs.b, "c": rules.cutoffs.c},
    }


DEFAULT_PARAMS = rules_params(DEFAULT_RULES)


@dataclass(frozen=True)
class ParamProblem:
    """One thing wrong with a parameter document. ``field`` locates it: ``indicators.<key>.<name>``,
    ``required``, ``min_indicators``, ``cutoffs.a|b|c`` or ``""`` (the document as a whole)."""

    field: str
    message: str  # Chinese, naming the indicator


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _fmt(value) -> str:
    return f"{value:g}" if _number(value) else repr(value)


def _check_indicator(item, seen: set[str], out: list[ParamProblem]) -> GradingIndicator | None:
    if not isinstance(item, dict) or item.get("key") not in CATALOGUE:
        key = item.get("key") if isinstance(item, dict) else item
        known = "、".join(i.name_zh for i in DEFAULT_INDICATORS)
        out.append(ParamProblem("indicators", f"未知的指标：{key}（可用：{known}）。"))
        return None
    key, name = item["key"], CATALOGUE[item["key"]].name_zh
    where = f"indicators.{key}"
    if key in seen:
        out.append(ParamProblem(where, f"指标“{name}”重复。"))
        return None
    seen.add(key)
    before = len(out)
    for extra in sorted(set(item) - set(INDICATOR_FIELDS)):
        out.append(ParamProblem(where, f"指标“{name}”：未知的参数 {extra}。"))
    for field_name, label, ok, rule in (
        ("weight", "权重", lambda v: v > 0, "必须大于0"),
        ("benchmark", "基准值", lambda v: v > 0, "必须大于0"),
        ("cap", "封顶倍数", lambda v: v >= 1, "不能小于1"),
    ):
        value = item.get(field_name)
        if not _number(value):
            out.append(ParamProblem(f"{where}.{field_name}", f"指标“{name}”：{label}必须是数字。"))
        elif not ok(value):
            out.append(ParamProblem(f"{where}.{field_name}", f"指标“{name}”：{label}{rule}（现为 {_fmt(value)}）。"))
    if not isinstance(item.get("higher_is_better"), bool):
        out.append(ParamProblem(f"{where}.higher_is_better", f"指标“{name}”：方向必须为“越高越好”或“越低越好”。"))
    if len(out) > before:
        return None
    base = CATALOGUE[key]
    return GradingIndicator(
        key, base.name_zh, item["weight"], item["benchmark"], item["cap"], item["higher_is_better"], base.unit
    )


def _check(params) -> tuple[list[ParamProblem], GradingRules | None]:
    if not isinstance(params, dict):
        return [ParamProblem("", "评价参数必须是一个对象。")], None
    out = [ParamProblem("", f"未知的参数：{k}。") for k in sorted(set(params) - set(DEFAULT_PARAMS))]
    items = params.get("indicators")
    if not isinstance(items, list) or not items:
        out.append(ParamProblem("indicators", "至少需要一项评价指标。"))
        items = []
    seen: set[str] = set()
    indicators = [i for i in (_check_indicator(item, seen, out) for item in items) if i is not None]
    names = {k: i.name_zh for k, i in CATALOGUE.items()}
    required = params.get("required")
    if not isinstance(required, list) or not all(isinstance(k, str) for k in required):
        out.append(ParamProblem("required", "必需指标必须是指标代码的列表。"))
        required = []
    for key in required:
        if key not in names:
            out.append(ParamProblem("required", f"未知的必需指标：{key}。"))
        elif key not in seen:
            out.append(ParamProblem(f"indicators.{key}.required", f"必需指标“{names[key]}”未列入评价指标。"))
    count = len(seen)
    minimum = params.get("min_indicators")
    if not (isinstance(minimum, int) and not isinstance(minimum, bool) and 1 <= minimum <= max(count, 1)):
        out.append(
            ParamProblem("min_indicators", f"最少有效指标数必须是1到{count}之间的整数（现为 {_fmt(minimum)}）。")
        )
    cutoffs = params.get("cutoffs")
    cutoffs = cutoffs if isinstance(cutoffs, dict) else {}
    values = {g: cutoffs.get(g) for g in "abc"}
    for grade, value in values.items():
        if not _number(value):
            out.append(ParamProblem(f"cutoffs.{grade}", f"{grade.upper()} 类分档线必须是数字。"))
    top = GradingRules(tuple(indicators)).max_score if indicators else 100.0
    if all(_number(v) for v in values.values()):
        a, b, c = values["a"], values["b"], values["c"]
        if not a > b > c:
            out.append(ParamProblem("cutoffs.b", f"分档线必须从 A 到 C 依次降低（现为 A {a:g}、B {b:g}、C {c:g}）。"))
        if c < 0:
            out.append(ParamProblem("cutoffs.c", f"C 类分档线不能小于0（现为 {c:g}）。"))
        if a > top and indicators:
            out.append(ParamProblem("cutoffs.a", f"A 类分档线（{a:g}）不能超过最高可得分 {top:g}（100 × 封顶倍数）。"))
    if out:
        return out, None
    cut = Cutoffs(float(values["a"]), float(values["b"]), float(values["c"]))
    return [], GradingRules(tuple(indicators), cut, minimum, tuple(required))


def validate_params(params) -> list[ParamProblem]:
    """Everything wrong with a parameter document (see :func:`rules_params`); [] when it is valid.

    Rules: at least one known indicator, each at most once, weight > 0, benchmark > 0 (in the indicator's
    unit), cap ≥ 1, direction a boolean; required indicators among those used; 1 ≤ min_indicators ≤ the number
    of indicators; cut-offs in points with 0 ≤ C < B < A ≤ 100 × the largest cap.
    """
    return _check(params)[0]


def rules_from_params(params) -> GradingRules:
    """The rules a valid parameter document describes; ValueError with the Chinese messages otherwise."""
    problems, rules = _check(params)
    if rules is None:
        raise ValueError("；".join(p.message for p in problems))
    return rules
