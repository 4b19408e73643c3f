"""Rater agreement and bias, and the ranking under alternative methods (pure NumPy, no Django).

Deviations are in points on the 0–100 total scale, computed on the raw weighted totals (before any
normalisation), since the point is to show how lenient or severe a rater was.
"""

from __future__ import annotations

import dataclasses
import warnings
from dataclasses import dataclass

import numpy as np

from yuanqu.scoring.aggregate import point_ranking
from yuanqu.scoring.scheme import FloatArray, ScoreSet
from yuanqu.scoring.totals import rater_ranks, rater_totals

__all__ = [
    "DistrictPreference",
    "MethodComparison",
    "MethodRanking",
    "RaterReport",
    "RaterStats",
    "compare_methods",
    "deviations",
    "kendall_w",
    "rater_report",
]

FLAT_TOLERANCE = 1e-9  # points: totals closer than this count as "the same score"


def kendall_w(totals: FloatArray) -> float | None:
    """Kendall's coefficient of concordance W of the raters' orders of the stops, in [0, 1].

    ``totals`` is raters × stops (NaN = not scored); each rater's stops are mid-ranked (tie
    correction). With S = Σ_stops (Σ_raters d)², where d is a rater's rank minus their mean rank,
    W = S / (m Σ_raters V), V = Σ d² — exactly the tie-corrected W when every rater scored every
    stop. With missing scores (recusal) a rater who ranked k of the n stops has V scaled by
    (n³ − n) / (k³ − k), as if they had ranked all n, and the cross terms Σ d_i d_k are replaced by
    r_ik √(V_i V_k), r_ik the Pearson correlation of the two raters' ranks on the stops both scored
    (0 when they share fewer than 2 stops or one of them has no spread there); raters who agree
    perfectly then still get W = 1.
    None when there are fewer than 2 raters or no rater ordered at least 2 stops differently.
    """
    t = np.asarray(totals, dtype=np.float64)
    m = t.shape[0]
    if m < 2:
        return None
    ranks = rater_ranks(t)
    seen = ~np.isnan(ranks)
    with warnings.catch_warnings(action="ignore", category=RuntimeWarning):
        d = np.nan_to_num(ranks - np.nanmean(ranks, axis=1, keepdims=True))
    k = np.sum(seen, axis=1).astype(np.float64)
    n_stops = t.shape[1]
    with np.errstate(invalid="ignore", divide="ignore"):  # V on the scale of a full ranking of every stop
        scale = np.where(k >= 2, (n_stops**3 - n_stops) / (k**3 - k), 0.0)
    v = np.sum(d**2, axis=1) * scale
    if v.sum() <= 0:
        return None
    mask = seen.astype(np.float64)
    n = mask @ mask.T
    sx = d @ mask.T  # [i, k]: Σ of i's d over the stops k also scored
    sxx = (d**2) @ mask.T
    with np.errstate(invalid="ignore", divide="ignore"):
        cov = d @ d.T - sx * sx.T / n
        var_i = sxx - sx**2 / n
        r = cov / np.sqrt(var_i * var_i.T)
    r = np.where((n >= 2) & (var_i > 1e-12) & (var_i.T > 1e-12), r, 0.0)
    np.fill_diagonal(r, 1.0)
    s = np.sum(r * np.sqrt(np.outer(v, v)))
    return float(np.clip(s / (m * v.sum()), 0.0, 1.0))


def deviations(totals: FloatArray) -> FloatArray:
    """Raters × stops: a rater's total minus the mean of the other raters' totals on that stop.

    NaN where the rater did not score the stop or nobody else did.
    """
    t = np.asarray(totals, dtype=np.float64)
    n = np.sum(~np.isnan(t), axis=0)
    total = np.nansum(t, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        others = (total - t) / (n - 1)
    return np.where(n >= 2, t - others, np.nan)


@dataclass(frozen=True)
class RaterStats:
    """One rater: ``bias`` (points) is their mean deviation from the others on the same stops."""

    id: str
    district: str | None
    n_stops: int
    mean_total: float | None
    bias: float | None
    flat: bool  # gave every stop (at least two) the same total


@dataclass(frozen=True)
class DistrictPreference:
    """How the raters of one district scored: on other districts' stops and, if any, their own.

    ``away_bias`` below 0 means this district's raters marked the competing districts down.
    ``home_bias`` is None when recusal left no home scores (the normal case).
    """

    district: str
    n_raters: int
    away_bias: float | None
    home_bias: float | None
    n_home_scores: int


@dataclass(frozen=True)
class RaterReport:
    kendall_w: float | None
    raters: tuple[RaterStats, ...]
    districts: tuple[DistrictPreference, ...]


def _mean(x: FloatArray) -> float | None:
    x = x[~np.isnan(x)]
    return float(np.mean(x)) if x.size else None


def rater_report(scores: ScoreSet) -> RaterReport:
    """Agreement (Kendall's W), per-rater bias and flat-scoring flags, and home-district preference.

    A rater who scored no stop has ``n_stops`` 0 and None statistics; a stop scored by one rater
    only gives no deviation. Raters without a district are left out of the district table.
    """
    totals = rater_totals(scores.values, scores.scheme.weights, scores.scheme.maxima)
    dev = deviations(totals)
    raters = []
    for r, rid in enumerate(scores.rater_ids):
        own = totals[r][~np.isnan(totals[r])]
        raters.append(
            RaterStats(
                id=rid,
                district=scores.rater_districts[r],
                n_stops=int(own.size),
                mean_total=float(own.mean()) if own.size else None,
                bias=_mean(dev[r]),
                flat=bool(own.size >= 2 and np.ptp(own) < FLAT_TOLERANCE),
            )
        )
    stop_d = np.array(scores.stop_districts, dtype=object)
    rater_d = np.array(scores.rater_districts, dtype=object)
    districts = []
    for d in dict.fromkeys(x for x in scores.rater_districts if x is not None):
        rows = dev[rater_d == d]
        home = rows[:, stop_d == d]
        districts.append(
            DistrictPreference(
                district=d,
                n_raters=int(rows.shape[0]),
                away_bias=_mean(rows[:, stop_d != d].ravel()),
                home_bias=_mean(home.ravel()),
                n_home_scores=int(np.sum(~np.isnan(home))),
            )
        )
    return RaterReport(kendall_w=kendall_w(totals), raters=tuple(raters), districts=tuple(districts))


@dataclass(frozen=True)
class MethodRanking:
    """Scores (0–100) and ranks under one method; None = no scores."""

    method: str  # "trimmed_mean", "zscore" or "rank_ballot"
    stop_scores: dict[str, float | None]
    stop_ranks: dict[str, int | None]
    district_scores: dict[str, float | None]
    district_ranks: dict[str, int | None]


@dataclass(frozen=True)
class MethodComparison:
    methods: tuple[MethodRanking, ...]
    unstable_districts: tuple[str, ...]  # districts whose rank differs between methods
    warnings: tuple[str, ...]  # one bilingual message per unstable district


def _opt(x: float, cast=float):
    return None if np.isnan(x) else cast(x)


def compare_methods(scores: ScoreSet) -> MethodComparison:
    """The same scores ranked under the scheme's trim rule with three treatments of the totals.

    ``trimmed_mean``: raw weighted totals; ``zscore``: per-rater z-normalised totals;
    ``rank_ballot``: each rater's order turned into 100, 97, 94, … points. Trim rule and groups
    are the scheme's in all three, so only the treatment of the totals differs. Point estimates
    only (no bootstrap). A warning names every district whose rank is not the same under all three.
    """
    variants = {
        "trimmed_mean": dataclasses.replace(scores.scheme, method="score", normalise="none"),
        "zscore": dataclasses.replace(scores.scheme, method="score", normalise="zscore"),
        "rank_ballot": dataclasses.replace(scores.scheme, method="rank_ballot", normalise="none"),
    }
    rankings = []
    for name, scheme in variants.items():
        p = point_ranking(dataclasses.replace(scores, scheme=scheme))
        rankings.append(
            MethodRanking(
                method=name,
                stop_scores={s: _opt(x) for s, x in zip(p.stop_ids, p.stop_scores, strict=True)},
                stop_ranks={s: _opt(x, int) for s, x in zip(p.stop_ids, p.stop_ranks, strict=True)},
                district_scores={d: _opt(x) for d, x in zip(p.districts, p.district_scores, strict=True)},
                district_ranks={d: _opt(x, int) for d, x in zip(p.districts, p.district_ranks, strict=True)},
            )
        )
    unstable, messages = [], []
    for d in rankings[0].district_ranks:
        places = [m.district_ranks[d] for m in rankings]
        if len(set(places)) > 1:
            unstable.append(d)
            shown = ", ".join(f"{m.method} {'-' if p is None else p}" for m, p in zip(rankings, places, strict=True))
            messages.append(f"{d} 的名次取决于计分方法（{shown}）/ {d}: rank depends on the method ({shown})")
    return MethodComparison(methods=tuple(rankings), unstable_districts=tuple(unstable), warnings=tuple(messages))
