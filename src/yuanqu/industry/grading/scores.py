"""Per-mu efficiency evaluation of enterprises (亩均效益评价), pure: no Django.

Each indicator's value is compared with a benchmark: ratio = value / benchmark (higher is better)
or benchmark / value (lower is better), clipped to [0, cap]. The enterprise's score is the
weighted mean of those ratios × 100 over the indicators that have data, so an enterprise exactly
at every benchmark scores 100 and the maximum is 100 × cap. The score (rounded to 2 decimals, as
published) is graded by cut-offs: A ≥ 85, B ≥ 65, C ≥ 45, D below, by default.

"Too little data": an enterprise is **not graded** (grade ``None``, with the reason) if any
required indicator (by default tax per mu, the core of every per-mu scheme) is missing, or fewer
than ``min_indicators`` (default 4 of 6) have data. Missing indicators are never filled in: the
weights are renormalised over those present, and the result lists what was missing.

Units: money in 万元 per year, land in 亩 (1 亩 = 666.67 m²), energy in tonnes of standard coal
(吨标准煤) per year, pollutant in kg of pollutant equivalent (污染物排放当量) per year.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

__all__ = [
    "DEFAULT_CUTOFFS",
    "DEFAULT_INDICATORS",
    "DEFAULT_MIN_INDICATORS",
    "DEFAULT_REQUIRED",
    "GRADES",
    "Cutoffs",
    "EnterpriseFigures",
    "EnterpriseValues",
    "GradeResult",
    "GradingIndicator",
    "IndicatorScore",
    "grade_enterprises",
    "grade_for_score",
    "indicator_ratio",
    "indicator_values",
]


@dataclass(frozen=True)
class GradingIndicator:
    """One evaluation indicator.

    ``weight``: relative weight (any positive scale; the defaults sum to 100).
    ``benchmark``: the value that earns the full weight, in ``unit``.
    ``cap``: the most a ratio can earn (1.2 = 120 % of the weight), so one excellent indicator
    cannot make up for all the others.
    """

    key: str
    name_zh: str
    weight: float
    benchmark: float
    cap: float = 1.2
    higher_is_better: bool = True
    unit: str = ""

    def __post_init__(self) -> None:
        if not self.weight >= 0:
            raise ValueError(f"{self.key}: weight must be ≥ 0")
        if not self.benchmark > 0:
            raise ValueError(f"{self.key}: benchmark must be > 0")
        if not self.cap > 0:
            raise ValueError(f"{self.key}: cap must be > 0")


# Jiangsu-style defaults for industrial enterprises (annual figures); every city sets its own.
DEFAULT_INDICATORS: tuple[GradingIndicator, ...] = (
    GradingIndicator("tax_per_mu", "亩均税收", 40, 30.0, 1.2, True, "万元/亩"),
    GradingIndicator("sales_per_mu", "亩均销售收入", 15, 500.0, 1.2, True, "万元/亩"),
    GradingIndicator("va_per_energy", "单位能耗增加值", 15, 2.0, 1.2, True, "万元/吨标准煤"),
    GradingIndicator("rd_intensity", "研发经费投入强度", 10, 3.0, 1.2, True, "%"),
    GradingIndicator("labour_productivity", "全员劳动生产率", 10, 30.0, 1.2, True, "万元/人"),
    GradingIndicator("pollutant_per_va", "单位增加值污染物排放当量", 10, 1.0, 1.2, False, "千克/万元"),
)
DEFAULT_REQUIRED: tuple[str, ...] = ("tax_per_mu",)
DEFAULT_MIN_INDICATORS = 4
GRADES = ("A", "B", "C", "D")


@dataclass(frozen=True)
class Cutoffs:
    """Lowest score of grades A, B and C (points); anything below ``c`` is D."""

    a: float = 85.0
    b: float = 65.0
    c: float = 45.0

    def __post_init__(self) -> None:
        if not self.a > self.b > self.c:
            raise ValueError("cut-offs must satisfy a > b > c")


DEFAULT_CUTOFFS = Cutoffs()


@dataclass(frozen=True)
class EnterpriseFigures:
    """Raw annual figures of one enterprise; ``None`` = not reported.

    land_mu 亩 (用地面积), tax 万元 (实缴税金), sales 万元 (营业收入), value_added 万元 (工业增加值),
    energy_tce 吨标准煤 (综合能耗), rd_expense 万元 (研发经费), employees persons (年平均职工人数),
    pollutant_kg kg of pollutant equivalent (主要污染物排放当量).
    """

    enterprise_id: str
    land_mu: float | None = None
    tax: float | None = None
    sales: float | None = None
    value_added: float | None = None
    energy_tce: float | None = None
    rd_expense: float | None = None
    employees: float | None = None
    pollutant_kg: float | None = None


@dataclass(frozen=True)
class EnterpriseValues:
    """Indicator values of one enterprise, by indicator key; ``None``/NaN/absent = no data."""

    enterprise_id: str
    values: Mapping[str, float | None]


@dataclass(frozen=True)
class IndicatorScore:
    key: str
    value: float | None
    ratio: float | None  # capped ratio to the benchmark, None without data
    points: float | None  # contribution to the score, in points (they sum to the score)


@dataclass(frozen=True)
class GradeResult:
    """``grade`` is "A".."D", or None = not graded (``reason_code`` says why)."""

    enterprise_id: str
    score: float | None
    grade: str | None
    reason_code: str  # "graded", "missing_required" or "too_few_indicators"
    reason: str  # Chinese, for the UI and exports
    indicator_scores: tuple[IndicatorScore, ...] = field(default_factory=tuple)
    missing: tuple[str, ...] = ()


def _present(value: float | None) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _ratio(num: float | None, den: float | None, zero_den: float | None) -> float | None:
    """num / den; ``zero_den`` when den == 0 and num != 0; None when either is missing or both are 0."""
    if not (_present(num) and _present(den)):
        return None
    if den == 0:
        return None if num == 0 else zero_den
    return num / den


def _non_negative(figures: EnterpriseFigures, *names: str) -> None:
    for name in names:
        value = getattr(figures, name)
        if _present(value) and value < 0:
            raise ValueError(f"企业 {figures.enterprise_id}: {name} 不能为负数（{value}）")


def indicator_values(figures: EnterpriseFigures) -> EnterpriseValues:
    """The six default indicators from raw figures.

    tax_per_mu, sales_per_mu 万元/亩 (None without land > 0); va_per_energy 万元/吨标准煤 (+inf when
    energy is 0 but value added is not: capped at scoring); rd_intensity % of sales;
    labour_productivity 万元/人; pollutant_per_va kg/万元 (0 when nothing is emitted, +inf when
    something is emitted and value added ≤ 0). Negative land, sales, energy, R&D, employees or
    pollutant raise ValueError.
    """
    f = figures
    _non_negative(f, "land_mu", "sales", "energy_tce", "rd_expense", "employees", "pollutant_kg")
    land = f.land_mu if _present(f.land_mu) and f.land_mu > 0 else None
    if f.pollutant_kg == 0:
        pollutant = 0.0
    elif _present(f.value_added) and f.value_added <= 0 and _present(f.pollutant_kg):
        pollutant = math.inf
    else:
        pollutant = _ratio(f.pollutant_kg, f.value_added, math.inf)
    rd = _ratio(f.rd_expense, f.sales, None)
    values = {
        "tax_per_mu": _ratio(f.tax, land, None),
        "sales_per_mu": _ratio(f.sales, land, None),
        "va_per_energy": _ratio(f.value_added, f.energy_tce, math.inf),
        "rd_intensity": None if rd is None else rd * 100.0,
        "labour_productivity": _ratio(f.value_added, f.employees, None),
        "pollutant_per_va": pollutant,
    }
    return EnterpriseValues(f.enterprise_id, values)


def indicator_ratio(indicator: GradingIndicator, value: float) -> float:
    """Capped ratio in [0, cap]: value/benchmark, or benchmark/value if lower is better.

    Higher-is-better: negative values score 0, +inf scores the cap. Lower-is-better: 0 scores the
    cap, +inf scores 0, a negative value raises ValueError (it has no meaning there).
    Non-decreasing in the quality of the value, which makes grades monotone.
    """
    if indicator.higher_is_better:
        raw = value / indicator.benchmark
    else:
        if value < 0:
            raise ValueError(f"{indicator.key}: a lower-is-better value cannot be negative ({value})")
        raw = math.inf if value == 0 else indicator.benchmark / value
    return min(max(raw, 0.0), indicator.cap)


def grade_for_score(score: float, cutoffs: Cutoffs = DEFAULT_CUTOFFS) -> str:
    """A/B/C/D for a score in points: A ≥ cutoffs.a > B ≥ cutoffs.b > C ≥ cutoffs.c > D."""
    for grade, cut in zip(GRADES, (cutoffs.a, cutoffs.b, cutoffs.c), strict=False):
        if score >= cut:
            return grade
    return "D"


def _grade_one(
    row: EnterpriseValues,
    indicators: Sequence[GradingIndicator],
    cutoffs: Cutoffs,
    min_indicators: int,
    required: Sequence[str],
) -> GradeResult:
    names = {i.key: i.name_zh for i in indicators}
    scored: list[tuple[GradingIndicator, float | None, float | None]] = []
    for ind in indicators:
        value = row.values.get(ind.key)
        if _present(value):
            scored.append((ind, float(value), indicator_ratio(ind, float(value))))
        else:
            scored.append((ind, None, None))
    missing = tuple(ind.key for ind, value, _ in scored if value is None)
    missing_required = [k for k in required if k in missing or k not in names]
    with_data = len(indicators) - len(missing)

    def not_graded(code: str, reason: str) -> GradeResult:
        detail = tuple(IndicatorScore(i.key, v, r, None) for i, v, r in scored)
        return GradeResult(row.enterprise_id, None, None, code, reason, detail, missing)

    if missing_required:
        listed = "、".join(names.get(k, k) for k in missing_required)
        return not_graded("missing_required", f"缺少必需指标：{listed}，不予评价")
    total_weight = sum(i.weight for i, v, _ in scored if v is not None)
    if with_data < min_indicators or total_weight <= 0:
        return not_graded("too_few_indicators", f"有数据的指标仅 {with_data} 项（少于 {min_indicators} 项），不予评价")
    detail = tuple(
        IndicatorScore(i.key, v, r, None if r is None else 100.0 * i.weight * r / total_weight) for i, v, r in scored
    )
    score = round(sum(d.points for d in detail if d.points is not None), 2)
    grade = grade_for_score(score, cutoffs)
    reason = f"综合得分 {score:.2f}，评为 {grade} 类"
    if missing:
        reason += f"（缺少{'、'.join(names[k] for k in missing)}，按其余指标权重折算）"
    return GradeResult(row.enterprise_id, score, grade, "graded", reason, detail, missing)


def grade_enterprises(
    rows: Iterable[EnterpriseValues | EnterpriseFigures],
    indicators: Sequence[GradingIndicator] = DEFAULT_INDICATORS,
    cutoffs: Cutoffs = DEFAULT_CUTOFFS,
    min_indicators: int = DEFAULT_MIN_INDICATORS,
    required: Sequence[str] = DEFAULT_REQUIRED,
) -> list[GradeResult]:
    """Score and grade each enterprise, in input order.

    ``rows`` are indicator values (or raw figures, converted by :func:`indicator_values`).
    Score in points = 100 × Σ w_i r_i / Σ w_i over indicators with data (r_i the capped ratio),
    rounded to 2 decimals; see the module docstring for "not graded".
    """
    keys = [i.key for i in indicators]
    if len(set(keys)) != len(keys):
        raise ValueError("indicator keys must be unique")
    if not 1 <= min_indicators <= len(indicators):
        raise ValueError(f"min_indicators must be between 1 and {len(indicators)}")
    results = []
    for row in rows:
        values = indicator_values(row) if isinstance(row, EnterpriseFigures) else row
        results.append(_grade_one(values, indicators, cutoffs, min_indicators, required))
    return results

