"""Warning rules (亮灯规则): plain project facts and rule parameters in, a light colour and its reasons out.

No Django here. Amounts are in 万元, progress in percentage points (0–100), months are calendar months.

Rules and their defaults (the organiser edits the numbers and reason texts; every edit is a new version):

- `start_delay` (开工滞后): not started after the planned start month. `months` = calendar months from the planned
  start month to the evaluated month; yellow when months ≥ yellow (1), red when months ≥ red (3).
- `investment_lag` (投资滞后): time progress (share of [planned start, planned completion] elapsed) minus
  investment progress (cumulative / total). Yellow when the gap is ≥ yellow (10) and ≤ red (30), red when it is
  more than red. Only while the project is started and not completed, and only once a cumulative figure was reported.
- `report_missing` (月报缺报): consecutive ended months, counting back from the last ended month, without a
  monthly report. Yellow when ≥ yellow (1), red when ≥ red (2). Reports are due from `reports_due_from` on
  (the month the project entered the system) until the project reaches full output (达产).
"""

import datetime
import re
from dataclasses import dataclass, field

GREEN, YELLOW, RED = "green", "yellow", "red"
SEVERITY = {GREEN: 0, YELLOW: 1, RED: 2}

START_DELAY, INVESTMENT_LAG, REPORT_MISSING = "start_delay", "investment_lag", "report_missing"
RULE_LABELS = {START_DELAY: "开工滞后", INVESTMENT_LAG: "投资滞后", REPORT_MISSING: "月报缺报"}
RULE_UNITS = {START_DELAY: "个月", INVESTMENT_LAG: "个百分点", REPORT_MISSING: "个月"}
# Placeholders each reason text may use; anything else in braces is left as written.
PLACEHOLDERS = {
    START_DELAY: ("planned", "months"),
    INVESTMENT_LAG: ("time", "invest", "gap"),
    REPORT_MISSING: ("months", "count"),
}

DEFAULT_PARAMS: dict[str, dict] = {
    START_DELAY: {"enabled": True, "yellow": 1, "red": 3, "reason": "计划{planned}开工，已逾期{months}个月未开工"},
    INVESTMENT_LAG: {
        "enabled": True,
        "yellow": 10,
        "red": 30,
        "reason": "时间进度{time}%，投资完成{invest}%，落后{gap}个百分点",
    },
    REPORT_MISSING: {"enabled": True, "yellow": 1, "red": 2, "reason": "{months}月报未报送（连续{count}个月）"},
}

# Lifecycle stages in order (same values as projects.models.Stage).
STAGES = ["signed", "preparatory", "started", "completed", "producing", "full_output"]


@dataclass(frozen=True)
class ProjectFacts:
    """What the rules look at for one project.

    `total_investment` and `investment_cumulative` are in 万元; `investment_cumulative` is the latest reported
    cumulative figure up to the evaluated month (None: never reported). `last_report_month` is the first day of the
    latest month with a report (None: none). `reports_due_from` is the first month a report is due.
    """

    stage: str = "signed"
    planned_started: datetime.date | None = None
    actual_started: datetime.date | None = None
    planned_completed: datetime.date | None = None
    actual_completed: datetime.date | None = None
    total_investment: float = 0.0
    investment_cumulative: float | None = None
    last_report_month: datetime.date | None = None
    reports_due_from: datetime.date | None = None
    exempt_rules: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Reason:
    rule: str
    color: str
    text: str
    exempted: bool = False

    def as_dict(self) -> dict:
        return {"rule": self.rule, "color": self.color, "text": self.text, "exempted": self.exempted}


@dataclass(frozen=True)
class Evaluation:
    color: str
    reasons: list[Reason] = field(default_factory=list)
    time_progress: float | None = None  # percent, 0–100
    investment_progress: float | None = None  # percent, may exceed 100


def month_index(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month `months` after `day`'s month."""
    index = month_index(day) + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_end(day: datetime.date) -> datetime.date:
    return add_months(day, 1) - datetime.timedelta(days=1)


def month_label(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月"


def months_label(months: list[datetime.date]) -> str:
    """2025年4月、5月 — the year repeated only where it changes."""
    parts, year = [], None
    for m in months:
        parts.append(f"{m.month}月" if m.year == year else month_label(m))
        year = m.year
    return "、".join(parts)


def fill_reason(template: str, values: dict) -> str:
    """Replace `{name}` for known names only (a reason text is organiser input, never a format string)."""
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), template)


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def validate_params(params: object) -> list[str]:
    """Chinese messages for everything wrong with a rule-parameter document; [] when it is valid."""
    if not isinstance(params, dict):
        return ["规则参数必须是一个对象。"]
    errors = []
    for key in params:
        if key not in DEFAULT_PARAMS:
            errors.append(f"未知的规则：{key}。")
    for key, label in RULE_LABELS.items():
        rule = params.get(key)
        if not isinstance(rule, dict):
            errors.append(f"缺少规则“{label}”的参数。")
            continue
        if not isinstance(rule.get("enabled"), bool):
            errors.append(f"规则“{label}”：是否启用必须为是或否。")
        yellow, red = rule.get("yellow"), rule.get("red")
        numbers_ok = True
        for name, value in (("黄灯阈值", yellow), ("红灯阈值", red)):
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                errors.append(f"规则“{label}”：{name}必须是不小于0的数字。")
                numbers_ok = False
            elif key != INVESTMENT_LAG and value != int(value):
                errors.append(f"规则“{label}”：{name}必须是整数（月数）。")
                numbers_ok = False
        if numbers_ok:
            if key != INVESTMENT_LAG and yellow < 1:
                errors.append(f"规则“{label}”：黄灯阈值至少为1个月。")
            if red < yellow:
                errors.append(f"规则“{label}”：红灯阈值（{red}）不能小于黄灯阈值（{yellow}）。")
        reason = rule.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            errors.append(f"规则“{label}”：原因说明不能为空。")
        elif len(reason) > 200:
            errors.append(f"规则“{label}”：原因说明不能超过200字。")
    return errors


def _has_started(facts: ProjectFacts, month: datetime.date) -> bool:
    if facts.actual_started is not None:
        return month_index(facts.actual_started) <= month_index(month)
    # Imported data sometimes carries the stage without the date: trust the stage.
    return facts.stage in STAGES and STAGES.index(facts.stage) >= STAGES.index("started")


def _has_completed(facts: ProjectFacts, month: datetime.date) -> bool:
    if facts.actual_completed is not None:
        return month_index(facts.actual_completed) <= month_index(month)
    return facts.stage in STAGES and STAGES.index(facts.stage) >= STAGES.index("completed")


def _grade_months(value: int, rule: dict) -> str:
    if value >= rule["red"]:
        return RED
    if value >= rule["yellow"]:
        return YELLOW
    return GREEN


def start_delay(facts: ProjectFacts, month: datetime.date, rule: dict) -> Reason | None:
    if facts.planned_started is None or _has_started(facts, month):
        return None
    months = month_index(month) - month_index(facts.planned_started)
    color = _grade_months(months, rule)
    if color == GREEN:
        return None
    text = fill_reason(rule["reason"], {"planned": month_label(facts.planned_started), "months": months})
    return Reason(START_DELAY, color, text)


def progress(facts: ProjectFacts, as_of: datetime.date) -> tuple[float | None, float | None]:
    """(time progress %, investment progress %) at `as_of`; None where the facts do not allow it."""
    time_progress = None
    start, end = facts.planned_started, facts.planned_completed
    if start is not None and end is not None and end > start:
        share = (as_of - start).days / (end - start).days
        time_progress = round(min(max(share, 0.0), 1.0) * 100, 2)
    investment_progress = None
    if facts.investment_cumulative is not None and facts.total_investment and facts.total_investment > 0:
        investment_progress = round(float(facts.investment_cumulative) / float(facts.total_investment) * 100, 2)
    return time_progress, investment_progress


def investment_lag(
    facts: ProjectFacts, month: datetime.date, rule: dict, time_progress: float | None, investment: float | None
) -> Reason | None:
    if time_progress is None or investment is None:
        return None
    if not _has_started(facts, month) or _has_completed(facts, month):
        return None
    gap = round(time_progress - investment, 2)
    if gap > rule["red"]:
        color = RED
    elif gap >= rule["yellow"]:
        color = YELLOW
    else:
        return None
    values = {"time": _number(time_progress), "invest": _number(investment), "gap": _number(gap)}
    return Reason(INVESTMENT_LAG, color, fill_reason(rule["reason"], values))


def report_missing(facts: ProjectFacts, as_of: datetime.date, rule: dict) -> Reason | None:
    if facts.reports_due_from is None or facts.stage == "full_output":
        return None
    last_ended = add_months(as_of, -1)  # the report for a month is due once the month has ended
    first_due = month_start(facts.reports_due_from)
    if facts.last_report_month is not None:
        first_due = max(first_due, add_months(facts.last_report_month, 1))
    count = month_index(last_ended) - month_index(first_due) + 1
    if count <= 0:
        return None
    color = _grade_months(count, rule)
    if color == GREEN:
        return None
    missing = [add_months(first_due, i) for i in range(count)]
    shown = missing if count <= 6 else [*missing[:1], *missing[-2:]]
    label = months_label(shown) if count <= 6 else f"{month_label(missing[0])}至{month_label(missing[-1])}"
    return Reason(REPORT_MISSING, color, fill_reason(rule["reason"], {"months": label, "count": count}))


def evaluate(facts: ProjectFacts, month: datetime.date, params: dict, as_of: datetime.date | None = None) -> Evaluation:
    """The light of one project for `month` (any day of it).

    `as_of` is the day the state is judged at: the month's last day for a past month, today for the current month
    (default: the month's last day). An approved exemption of a rule keeps its reason on record, marked as exempted,
    without colouring the light.
    """
    month = month_start(month)
    as_of = as_of or month_end(month)
    time_progress, investment = progress(facts, as_of)
    found: list[Reason] = []
    checks = {
        START_DELAY: lambda rule: start_delay(facts, month, rule),
        INVESTMENT_LAG: lambda rule: investment_lag(facts, month, rule, time_progress, investment),
        REPORT_MISSING: lambda rule: report_missing(facts, as_of, rule),
    }
    for key, check in checks.items():
        rule = params.get(key) or {}
        if not rule.get("enabled"):
            continue
        reason = check(rule)
        if reason is None:
            continue
        if key in facts.exempt_rules:
            reason = Reason(reason.rule, reason.color, f"（已豁免）{reason.text}", exempted=True)
        found.append(reason)
    color = max((r.color for r in found if not r.exempted), key=SEVERITY.__getitem__, default=GREEN)
    return Evaluation(color=color, reasons=found, time_progress=time_progress, investment_progress=investment)
