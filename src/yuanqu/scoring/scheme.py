"""Scoring schemes as the maths reads them (:class:`SchemeSpec`, :class:`CriterionSpec`: plain values of the models
`ScoringScheme` and `ScoringCriterion`) and the scored data of one meeting (pure: NumPy only, no Django).

A :class:`ScoreSet` holds a raters × stops × criteria array of raw values, ``NaN`` where a rater
did not score (recusal, absence, a skipped criterion). Every identifier is a plain string; a rater's
district may be ``None`` (a city-level rater who recuses from nothing).

Validation messages are bilingual (Chinese first) because they reach people through the
``recompute`` command and the web import: ``ScoreDataError`` is a ``ValueError``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "DEFAULT_CRITERIA",
    "METHODS",
    "NORMALISATIONS",
    "CriterionSpec",
    "SchemeSpec",
    "ScoreDataError",
    "ScoreSet",
]

FloatArray = NDArray[np.float64]

NORMALISATIONS = ("none", "zscore")
METHODS = ("score", "rank_ballot")


class ScoreDataError(ValueError):
    """Scored data that cannot be aggregated; the message is Chinese, then English."""


@dataclass(frozen=True)
class CriterionSpec:
    """One scoring criterion (the values of a `ScoringCriterion`): raters give a value in [0, ``maximum``] points;
    ``weight`` > 0."""

    key: str
    weight: float
    maximum: float
    name: str = ""  # Chinese display name (发展质态); not part of the maths or the export

    def __post_init__(self) -> None:
        if not self.key:
            raise ScoreDataError("评分项缺少 key / criterion without a key")
        for label, v in (("weight", self.weight), ("max", self.maximum)):
            if isinstance(v, bool) or not isinstance(v, int | float) or not np.isfinite(v) or v <= 0:
                raise ScoreDataError(
                    f"评分项 {self.key} 的 {label} 必须为正数 / criterion {self.key}: {label} must be > 0"
                )


# Weight and maximum are the same number: 发展质态 is "30 points", so a rater's total is the plain sum.
DEFAULT_CRITERIA: tuple[CriterionSpec, ...] = (
    CriterionSpec("development_quality", 30, 30, "发展质态"),
    CriterionSpec("intelligent_manufacturing", 25, 25, "智能制造水平"),
    CriterionSpec("resource_integration", 20, 20, "资源整合度"),
    CriterionSpec("industrial_driving", 25, 25, "产业带动性"),
)


@dataclass(frozen=True)
class SchemeSpec:
    """How a meeting's scores are aggregated (the values of a `ScoringScheme` and its criteria).

    ``trim``: drop that many highest and that many lowest rater totals of a stop, but only when at
    least ``trim_min_raters`` raters scored it (which must leave at least one: ``trim_min_raters
    > 2 * trim``). ``normalise``: ``"none"`` or ``"zscore"`` (per-rater z-scores mapped back to the
    common mean and spread). ``method``: ``"score"`` (weighted criteria) or ``"rank_ballot"``
    (each rater's order of the stops is worth 100, 97, 94, … points). ``groups`` maps a district to
    its ranking group (e.g. ``"urban"`` / ``"county"``); districts not listed share one group.
    """

    criteria: tuple[CriterionSpec, ...] = DEFAULT_CRITERIA
    trim: int = 1
    trim_min_raters: int = 5
    normalise: str = "none"
    method: str = "score"
    groups: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.criteria:
            raise ScoreDataError("评分方案没有评分项 / scheme has no criteria")
        keys = [c.key for c in self.criteria]
        if len(set(keys)) != len(keys):
            raise ScoreDataError("评分项 key 重复 / duplicate criterion keys")
        for label, v in (("trim", self.trim), ("trim_min_raters", self.trim_min_raters)):
            if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                raise ScoreDataError(f"{label} 必须为非负整数 / {label} must be a non-negative integer")
        if self.trim_min_raters <= 2 * self.trim:
            raise ScoreDataError(
                f"trim_min_raters ({self.trim_min_raters}) 必须大于 2×trim ({2 * self.trim}) / "
                "trim_min_raters must exceed 2 × trim so a trimmed stop keeps at least one total"
            )
        if self.normalise not in NORMALISATIONS:
            raise ScoreDataError(
                f"未知的标准化方式 {self.normalise!r} / unknown normalise, expected one of {NORMALISATIONS}"
            )
        if self.method not in METHODS:
            raise ScoreDataError(f"未知的计分方法 {self.method!r} / unknown method, expected one of {METHODS}")

    @property
    def weights(self) -> FloatArray:
        return np.array([c.weight for c in self.criteria], dtype=np.float64)

    @property
    def maxima(self) -> FloatArray:
        return np.array([c.maximum for c in self.criteria], dtype=np.float64)


@dataclass(frozen=True, eq=False)
class ScoreSet:
    """The scores of one meeting: ``values[r, s, c]`` is rater r's value for stop s on criterion c.

    ``values`` has shape (raters, stops, criteria) in raw points (0 … criterion maximum), NaN where
    missing. Build it with :meth:`from_records`, which validates everything.
    """

    scheme: SchemeSpec
    stop_ids: tuple[str, ...]
    stop_districts: tuple[str, ...]
    rater_ids: tuple[str, ...]
    rater_districts: tuple[str | None, ...]
    values: FloatArray

    @property
    def shape(self) -> tuple[int, int, int]:
        r, s, c = self.values.shape
        return r, s, c

    @classmethod
    def from_records(
        cls,
        scheme: SchemeSpec,
        stops: Iterable[tuple[str, str]],
        raters: Iterable[tuple[str, str | None]],
        scores: Iterable[tuple[str, str, str, float]],
    ) -> ScoreSet:
        """Validate and assemble ``(stop, district)``, ``(rater, district)`` and
        ``(rater, stop, criterion, value)`` records.

        Raises :class:`ScoreDataError` (Chinese + English, naming the record) for duplicate ids, an
        unknown stop, rater or criterion, a value that is not a number in [0, maximum], a rater
        scoring a stop of their own district (recusal), or the same (rater, stop, criterion) twice.
        Stops and raters without scores are allowed (their results are empty).
        """
        stops, raters = list(stops), list(raters)
        stop_index = _index([s for s, _ in stops], "观摩点", "stop")
        rater_index = _index([r for r, _ in raters], "评分人", "rater")
        crit_index = {c.key: i for i, c in enumerate(scheme.criteria)}
        stop_districts = tuple(str(d) for _, d in stops)
        rater_districts = tuple(None if d in (None, "") else str(d) for _, d in raters)
        maxima = [float(c.maximum) for c in scheme.criteria]
        n_stops, n_criteria = len(stops), len(crit_index)
        flat: list[int] = []
        numbers: list[float] = []
        seen: set[int] = set()
        for n, (rater, stop, criterion, value) in enumerate(scores, start=1):
            # The message prefix is built only on failure: this loop runs once per score record.
            r, s, c = rater_index.get(rater), stop_index.get(stop), crit_index.get(criterion)
            if r is None or s is None or c is None:
                what = "未知评分人 / unknown rater" if r is None else None
                what = what or ("未知观摩点 / unknown stop" if s is None else "未知评分项 / unknown criterion")
                raise ScoreDataError(f"{_where(n, rater, stop, criterion)}: {what}")
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise ScoreDataError(
                    f"{_where(n, rater, stop, criterion)}: 分值不是数字 / value {value!r} is not a number"
                )
            if not 0 <= value <= maxima[c]:
                raise ScoreDataError(
                    f"{_where(n, rater, stop, criterion)}: 分值 {value} 超出 [0, {maxima[c]:g}] / "
                    f"value {value} outside [0, {maxima[c]:g}]"
                )
            if rater_districts[r] is not None and rater_districts[r] == stop_districts[s]:
                raise ScoreDataError(
                    f"{_where(n, rater, stop, criterion)}: 评分人应回避本区县观摩点 {stop_districts[s]} / "
                    f"rater scored a stop of their own district (recusal)"
                )
            cell = (r * n_stops + s) * n_criteria + c
            if cell in seen:
                raise ScoreDataError(f"{_where(n, rater, stop, criterion)}: 重复评分 / duplicate score")
            seen.add(cell)
            flat.append(cell)
            numbers.append(float(value))
        values = np.full((len(raters), n_stops, n_criteria), np.nan)
        np.put(values, np.array(flat, dtype=np.intp), numbers)
        return cls(
            scheme=scheme,
            stop_ids=tuple(stop_index),
            stop_districts=stop_districts,
            rater_ids=tuple(rater_index),
            rater_districts=rater_districts,
            values=values,
        )


def _where(n: int, rater: object, stop: object, criterion: object) -> str:
    return f"第 {n} 条评分 / score #{n} ({rater}, {stop}, {criterion})"


def _index(ids: list[str], zh: str, en: str) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, x in enumerate(ids):
        if not isinstance(x, str) or not x:
            raise ScoreDataError(f"{zh}编号必须为非空字符串 / {en} id must be a non-empty string: {x!r}")
        if x in index:
            raise ScoreDataError(f"{zh}编号重复 / duplicate {en} id: {x}")
        index[x] = i
    return index
