"""Carrier–project matching (载体与项目匹配), pure: no Django.

For a project's needs (floor area, industry, date) every carrier is either excluded, with the
reasons (not enough free area, not open, wrong kind, available too late), or scored in [0, 1]
as a weighted sum of three fits, each with its reason in Chinese:

* area: the need fits in the free area (floor − occupied, m²); 1 while the carrier is at most
  ``area_slack`` larger than needed, then need × (1 + slack) / free (a much larger carrier wastes space);
* industry: 1 when a leading industry of the carrier's park is the project's industry code, an
  ancestor or a descendant of it (GB/T 4754); 0.7 same division; 0.4 same section; 0 otherwise;
* date: 1 when available by the needed date; then falling linearly to 0 at ``date_grace_days`` late;
  later than that, excluded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from yuanqu.industry.codes import industry_code_relation, normalise_industry_code

__all__ = [
    "INDUSTRY_FIT",
    "CarrierExclusion",
    "CarrierMatch",
    "CarrierOffer",
    "MatchResult",
    "ProjectNeed",
    "match_carriers",
]

INDUSTRY_FIT = {"same_branch": 1.0, "same_division": 0.7, "same_section": 0.4, "unrelated": 0.0}


@dataclass(frozen=True)
class ProjectNeed:
    """What a project needs: floor area in m², a GB/T 4754 code, the date it must move in by,
    and optionally the acceptable carrier kinds (empty = any)."""

    area_m2: float
    industry_code: str
    needed_by: dt.date
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class CarrierOffer:
    """A carrier as the matcher sees it. ``available_from`` None = available now;
    ``accepting`` False = not open to new tenants (e.g. reserved)."""

    carrier_id: str
    name: str
    floor_area_m2: float
    occupied_m2: float
    park_industries: Sequence[str]
    available_from: dt.date | None = None
    kind: str = ""
    accepting: bool = True
    park: str = ""

    @property
    def free_m2(self) -> float:
        return max(self.floor_area_m2 - self.occupied_m2, 0.0)


@dataclass(frozen=True)
class CarrierMatch:
    rank: int
    carrier_id: str
    name: str
    score: float  # in [0, 1]
    area_fit: float
    industry_fit: float
    date_fit: float
    free_m2: float
    reasons: tuple[str, ...]  # Chinese, one per fit


@dataclass(frozen=True)
class CarrierExclusion:
    carrier_id: str
    name: str
    reasons: tuple[str, ...]  # Chinese, every reason that applies


@dataclass(frozen=True)
class MatchResult:
    matches: list[CarrierMatch]  # best first
    excluded: list[CarrierExclusion]  # input order


def _industry_fit(need_code: str, park_codes: Sequence[str]) -> tuple[float, str]:
    best, best_code = "unrelated", None
    for code in park_codes:
        relation = industry_code_relation(need_code, code)
        if INDUSTRY_FIT[relation] > INDUSTRY_FIT[best]:
            best, best_code = relation, normalise_industry_code(code)
    reasons = {
        "same_branch": f"园区主导产业 {best_code} 与项目行业 {need_code} 一致",
        "same_division": f"园区主导产业 {best_code} 与项目行业 {need_code} 同属一个大类",
        "same_section": f"园区主导产业 {best_code} 与项目行业 {need_code} 同属一个门类",
        "unrelated": f"项目行业 {need_code} 不在园区主导产业之列",
    }
    return INDUSTRY_FIT[best], reasons[best]


def match_carriers(
    need: ProjectNeed,
    carriers: Sequence[CarrierOffer],
    *,
    weights: tuple[float, float, float] = (0.4, 0.4, 0.2),
    area_slack: float = 0.5,
    date_grace_days: int = 90,
) -> MatchResult:
    """Rank the carriers that can host ``need`` and list the others with why not.

    ``weights``: of (area, industry, date) fits; normalised, so only their ratios matter.
    Ties are broken by the smaller free area (less waste), then the carrier id.
    """
    if not need.area_m2 > 0:
        raise ValueError("所需面积必须大于 0")
    if min(weights) < 0 or sum(weights) <= 0:
        raise ValueError("weights must be ≥ 0 and not all 0")
    if area_slack < 0 or date_grace_days < 0:
        raise ValueError("area_slack and date_grace_days must be ≥ 0")
    need_code = normalise_industry_code(need.industry_code)
    w_area, w_industry, w_date = (w / sum(weights) for w in weights)

    scored, excluded = [], []
    for carrier in carriers:
        free = carrier.free_m2
        late = 0 if carrier.available_from is None else (carrier.available_from - need.needed_by).days
        why_not = []
        if not carrier.accepting:
            why_not.append("载体暂不对外招商")
        if need.kinds and carrier.kind not in need.kinds:
            why_not.append(f"载体类型“{carrier.kind or '未填'}”不符合项目要求")
        if free < need.area_m2:
            why_not.append(f"可用面积 {free:,.0f} m²，不足所需 {need.area_m2:,.0f} m²")
        if late > date_grace_days:
            why_not.append(f"{carrier.available_from:%Y-%m-%d} 才可交付，晚于需求日期 {late} 天")
        if why_not:
            excluded.append(CarrierExclusion(carrier.carrier_id, carrier.name, tuple(why_not)))
            continue

        roomy = need.area_m2 * (1 + area_slack)
        area_fit = 1.0 if free <= roomy else roomy / free
        area_reason = f"可用面积 {free:,.0f} m²，满足所需 {need.area_m2:,.0f} m²"
        if area_fit < 1:
            area_reason += f"，富余较多（为所需的 {free / need.area_m2:.1f} 倍）"
        industry_fit, industry_reason = _industry_fit(need_code, carrier.park_industries)
        if late <= 0:
            date_fit, date_reason = 1.0, f"可于需求日期 {need.needed_by:%Y-%m-%d} 前交付"
        else:
            date_fit = 1.0 - late / date_grace_days if date_grace_days else 0.0
            date_reason = f"{carrier.available_from:%Y-%m-%d} 可交付，晚于需求日期 {late} 天"
        score = w_area * area_fit + w_industry * industry_fit + w_date * date_fit
        scored.append(
            (score, free, carrier, area_fit, industry_fit, date_fit, (area_reason, industry_reason, date_reason))
        )

    scored.sort(key=lambda s: (-s[0], s[1], s[2].carrier_id))
    matches = [
        CarrierMatch(rank, c.carrier_id, c.name, score, a, i, d, free, reasons)
        for rank, (score, free, c, a, i, d, reasons) in enumerate(scored, start=1)
    ]
    return MatchResult(matches=matches, excluded=excluded)
