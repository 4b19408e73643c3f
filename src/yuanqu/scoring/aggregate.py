"""Aggregation of on-site scores into stop and district rankings with confidence intervals.

Pure NumPy, no Django. All scores are points on a 0–100 scale. The pipeline:

1. :func:`rater_totals` — a rater's total for a stop, Σ weight × value ÷ maximum ÷ Σ weights × 100;
   NaN unless the rater scored every criterion of that stop.
2. optional :func:`zscore_totals` (``normalise="zscore"``) or :func:`ballot_points`
   (``method="rank_ballot"``) transform each rater's totals.
3. :func:`trimmed_scores` — per stop, the mean of the totals after dropping ``trim`` highest and
   ``trim`` lowest when at least ``trim_min_raters`` raters scored it (sort and slice).
4. district score = mean of its stops' scores; :func:`competition_ranks` — descending, ties share
   the better rank (1, 2, 2, 4), computed on scores rounded to :data:`SCORE_DECIMALS` so that the
   published ranks agree with the published scores.
5. :func:`aggregate` — the above plus a bootstrap over raters (seeded, reproducible) for 95 %
   intervals of every score and rank, and tie groups of stops / districts that cannot be told apart.

Tie groups: walk the ranking (within a group) from the top; a new tie group starts below a stop
only when it beat the next one in at least ``1 − (1 − confidence) / 2`` of the resamples (97.5 % for
95 %). Stops in one tie group are shown as tied, at the group's best rank (``tie_rank``).

The bootstrap and its reproducible draws are described in :mod:`yuanqu.scoring.bootstrap`.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from yuanqu.scoring.bootstrap import bootstrap_indices, bootstrap_stop_scores
from yuanqu.scoring.scheme import DEFAULT_CRITERIA, CriterionSpec, FloatArray, SchemeSpec, ScoreDataError, ScoreSet
from yuanqu.scoring.totals import ballot_points, rater_totals, zscore_totals

__all__ = [
    "DEFAULT_CRITERIA",
    "DEFAULT_RESAMPLES",
    "SCORE_DECIMALS",
    "Aggregation",
    "CriterionSpec",
    "PointRanking",
    "DistrictResult",
    "SchemeSpec",
    "ScoreDataError",
    "ScoreSet",
    "StopResult",
    "aggregate",
    "ballot_points",
    "bootstrap_indices",
    "competition_ranks",
    "point_ranking",
    "rater_totals",
    "scheme_totals",
    "trimmed_scores",
    "zscore_totals",
]

DEFAULT_RESAMPLES = 1000
SCORE_DECIMALS = 4


def scheme_totals(scores: ScoreSet) -> FloatArray:
    """Raters × stops totals after the scheme's method and normalisation (0–100, NaN missing)."""
    totals = rater_totals(scores.values, scores.scheme.weights, scores.scheme.maxima)
    if scores.scheme.method == "rank_ballot":
        return ballot_points(totals)
    if scores.scheme.normalise == "zscore":
        return zscore_totals(totals)
    return totals


def trimmed_scores(totals: FloatArray, trim: int, trim_min_raters: int) -> FloatArray:
    """Stop scores: mean of each stop's rater totals after trimming, along the raters axis (−2).

    ``totals`` is (..., raters, stops), NaN where not scored. A stop scored by at least
    ``trim_min_raters`` raters loses its ``trim`` highest and ``trim`` lowest totals; with fewer
    raters nothing is dropped (a single rater's total is the score). A stop nobody scored is NaN.
    Sorting and slicing is explicit: ``scipy.stats.trim_mean`` trims by proportion and silently
    trims nothing for some counts.
    """
    t = np.sort(np.asarray(totals, dtype=np.float64), axis=-2)  # NaN sort last
    n = np.sum(~np.isnan(t), axis=-2)
    k = np.where(n >= trim_min_raters, trim, 0)
    zero = np.zeros((*t.shape[:-2], 1, t.shape[-1]))
    csum = np.concatenate([zero, np.cumsum(np.nan_to_num(t), axis=-2)], axis=-2)
    hi = np.take_along_axis(csum, (n - k)[..., None, :], axis=-2)[..., 0, :]
    lo = np.take_along_axis(csum, k[..., None, :], axis=-2)[..., 0, :]
    kept = n - 2 * k
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(kept > 0, (hi - lo) / kept, np.nan)


def competition_ranks(scores: FloatArray, groups: Sequence[int] | None = None) -> FloatArray:
    """Descending ranks along the last axis, ties sharing the better rank (1, 2, 2, 4).

    With ``groups`` (one integer label per item) each group is ranked separately. NaN scores get
    NaN ranks and do not take a place. Compare rounded scores if near-equal floats must tie.
    """
    s = np.asarray(scores, dtype=np.float64)
    ranks = np.empty(s.shape)
    if s.shape[-1] == 0:
        return ranks
    labels = np.zeros(s.shape[-1], dtype=int) if groups is None else np.asarray(groups)
    for g in np.unique(labels):
        members = np.flatnonzero(labels == g)
        ranks[..., members] = _ranks_of(s[..., members])
    ranks[np.isnan(s)] = np.nan
    return ranks


def _ranks_of(s: FloatArray) -> FloatArray:
    """1 + the number of strictly greater items, along the last axis, from one sort per row.

    Sorted descending (NaN last), an item's rank is 1 + the position where its run of equal values
    starts; only comparisons are involved, so it equals counting the pairs (the tests check it)
    in O(n log n) instead of O(n²) per row — the 1,000 resamples' ranks are one argsort.
    """
    order = np.argsort(-s, axis=-1)
    ordered = np.take_along_axis(s, order, axis=-1)
    place = np.arange(s.shape[-1])
    starts = np.ones(s.shape, dtype=bool)
    starts[..., 1:] = ordered[..., 1:] != ordered[..., :-1]
    run_start = np.maximum.accumulate(np.where(starts, place, 0), axis=-1)
    ranks = np.empty(s.shape)
    np.put_along_axis(ranks, order, 1.0 + run_start, axis=-1)
    return ranks


@dataclass(frozen=True)
class StopResult:
    """One stop's result. ``score`` and CI bounds in points 0–100; None where nobody scored it."""

    id: str
    district: str
    n_raters: int
    score: float | None
    rank: int | None
    score_ci: tuple[float, float] | None
    rank_ci: tuple[int, int] | None
    tie_rank: int | None  # the rank shown: the best rank of its tie group


@dataclass(frozen=True)
class DistrictResult:
    """One district's result: the mean of its scored stops' scores (0–100)."""

    district: str
    group: str
    n_stops: int
    score: float | None
    rank: int | None
    score_ci: tuple[float, float] | None
    rank_ci: tuple[int, int] | None
    tie_rank: int | None


@dataclass(frozen=True)
class Aggregation:
    """Stops and districts in ranked order (by group, then rank, then id; unranked last)."""

    stops: tuple[StopResult, ...]
    districts: tuple[DistrictResult, ...]
    resamples: int
    seed: int
    confidence: float


def _district_scores(stop_scores: FloatArray, membership: FloatArray) -> FloatArray:
    """(..., stops) scores → (..., districts) means over each district's scored stops."""
    present = ~np.isnan(stop_scores)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (np.where(present, stop_scores, 0.0) @ membership) / (present @ membership)


@dataclass(frozen=True, eq=False)
class _Layout:
    """Which district each stop belongs to and which ranking group each district is in."""

    districts: tuple[str, ...]
    membership: FloatArray  # stops × districts, 0/1
    group_names: tuple[str, ...]
    district_groups: np.ndarray  # group index per district
    stop_groups: np.ndarray  # group index per stop

    @classmethod
    def of(cls, scores: ScoreSet) -> _Layout:
        districts = tuple(dict.fromkeys(scores.stop_districts))
        of_stop = [districts.index(d) for d in scores.stop_districts]
        membership = np.zeros((len(of_stop), len(districts)))
        membership[np.arange(len(of_stop)), of_stop] = 1.0
        groups = scores.scheme.groups
        group_names = tuple(dict.fromkeys(groups.get(d, "") for d in districts))
        district_groups = np.array([group_names.index(groups.get(d, "")) for d in districts], dtype=int)
        return cls(districts, membership, group_names, district_groups, district_groups[of_stop])


def _point_scores(totals: FloatArray, scheme: SchemeSpec, membership: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Published (rounded) stop and district scores."""
    stop_score = np.round(trimmed_scores(totals, scheme.trim, scheme.trim_min_raters), SCORE_DECIMALS)
    return stop_score, np.round(_district_scores(stop_score, membership), SCORE_DECIMALS)


@dataclass(frozen=True, eq=False)
class PointRanking:
    """Scores (0–100, rounded, NaN = no scores) and ranks (NaN = unranked) without intervals."""

    stop_ids: tuple[str, ...]
    stop_scores: FloatArray
    stop_ranks: FloatArray
    districts: tuple[str, ...]
    district_scores: FloatArray
    district_ranks: FloatArray


def point_ranking(scores: ScoreSet) -> PointRanking:
    """The scheme's stop and district scores and ranks, without the bootstrap (fast)."""
    layout = _Layout.of(scores)
    stop_score, district_score = _point_scores(scheme_totals(scores), scores.scheme, layout.membership)
    return PointRanking(
        stop_ids=scores.stop_ids,
        stop_scores=stop_score,
        stop_ranks=competition_ranks(stop_score, layout.stop_groups),
        districts=layout.districts,
        district_scores=district_score,
        district_ranks=competition_ranks(district_score, layout.district_groups),
    )


def _intervals(boot: FloatArray, ranks: FloatArray, alpha: float):
    """Percentile intervals of scores (linear) and ranks (observed values) per item, NaN-aware."""
    q = [100 * alpha / 2, 100 * (1 - alpha / 2)]
    # nanpercentile loops in Python over the columns; the common no-gap case does not need it.
    percentile = np.nanpercentile if np.isnan(boot).any() else np.percentile
    with warnings.catch_warnings(action="ignore", category=RuntimeWarning):
        score_ci = percentile(boot, q, axis=0)
        rank_ci = percentile(ranks, q, axis=0, method="inverted_cdf")
    return score_ci, rank_ci


def _tie_ranks(point: FloatArray, rank: FloatArray, boot: FloatArray, labels: np.ndarray, alpha: float):
    """Rank shown for each item: the best rank of its run of items that cannot be told apart."""
    tie = np.full(point.shape, np.nan)
    for g in np.unique(labels):
        members = [i for i in np.flatnonzero(labels == g) if not np.isnan(point[i])]
        members.sort(key=lambda i: (rank[i], i))
        if not members:
            continue
        # Share of the resamples (where both were scored) in which each item beat the next one down.
        above, below = boot[:, members[:-1]], boot[:, members[1:]]
        both = ~np.isnan(above) & ~np.isnan(below)
        n_both = both.sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(n_both > 0, np.sum((above > below) & both, axis=0) / n_both, 0.0)
        tie[members[0]] = rank[members[0]]
        for a, b, beat in zip(members, members[1:], share, strict=False):
            separate = point[a] > point[b] and beat >= 1 - alpha / 2
            tie[b] = rank[b] if separate else tie[a]
    return tie


def _opt_float(x: float) -> float | None:
    return None if np.isnan(x) else float(x)


def _opt_pair(lo: float, hi: float, cast=float):
    return None if np.isnan(lo) or np.isnan(hi) else (cast(lo), cast(hi))


def aggregate(
    scores: ScoreSet,
    *,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = 0,
    confidence: float = 0.95,
) -> Aggregation:
    """Stop and district scores (0–100), ranks, bootstrap intervals and tie groups.

    Scores and interval bounds are rounded to :data:`SCORE_DECIMALS`; ranks are computed on the
    rounded scores. The bootstrap resamples raters with replacement ``resamples`` times (use
    ≥ 1,000 for publication) and recomputes normalisation, trimming, district means and ranks in
    each resample; intervals are percentiles. Same input and seed → identical result.

    Edge cases: a stop nobody scored has score, rank and intervals None and sits last; a stop with
    fewer than ``trim_min_raters`` raters is averaged untrimmed; with a single rater the score is
    their total and the intervals have zero width; a district with no scored stop is unranked.
    A resample in which no drawn rater scored a stop leaves that stop out of that resample's ranks.
    """
    if resamples < 1:
        raise ValueError("resamples must be ≥ 1")
    if not 0 < confidence < 1:
        raise ValueError("confidence must be in (0, 1)")
    alpha = 1 - confidence
    scheme = scores.scheme
    n_raters, n_stops, _ = scores.shape
    totals = scheme_totals(scores)

    layout = _Layout.of(scores)
    districts, membership = layout.districts, layout.membership
    stop_groups, district_groups, group_names = layout.stop_groups, layout.district_groups, layout.group_names
    stop_score, district_score = _point_scores(totals, scheme, membership)
    if n_raters:
        stop_boot = bootstrap_stop_scores(scores, totals, resamples, seed)
        district_boot = _district_scores(stop_boot, membership)
    else:
        stop_boot = np.full((resamples, n_stops), np.nan)
        district_boot = np.full((resamples, len(districts)), np.nan)
    stop_boot, district_boot = np.round(stop_boot, SCORE_DECIMALS), np.round(district_boot, SCORE_DECIMALS)

    def items(point, boot, labels):
        rank = competition_ranks(point, labels)
        score_ci, rank_ci = _intervals(boot, competition_ranks(boot, labels), alpha)
        score_ci = np.round(score_ci, SCORE_DECIMALS)
        return rank, score_ci, rank_ci, _tie_ranks(point, rank, boot, labels, alpha)

    s_rank, s_ci, s_rank_ci, s_tie = items(stop_score, stop_boot, stop_groups)
    d_rank, d_ci, d_rank_ci, d_tie = items(district_score, district_boot, district_groups)
    n_scored = np.sum(~np.isnan(totals), axis=0)

    stops = [
        StopResult(
            id=scores.stop_ids[i],
            district=scores.stop_districts[i],
            n_raters=int(n_scored[i]),
            score=_opt_float(stop_score[i]),
            rank=None if np.isnan(s_rank[i]) else int(s_rank[i]),
            score_ci=_opt_pair(s_ci[0, i], s_ci[1, i]),
            rank_ci=_opt_pair(s_rank_ci[0, i], s_rank_ci[1, i], int),
            tie_rank=None if np.isnan(s_tie[i]) else int(s_tie[i]),
        )
        for i in range(n_stops)
    ]
    district_results = [
        DistrictResult(
            district=d,
            group=group_names[district_groups[j]],
            n_stops=int(np.sum(~np.isnan(stop_score) & (membership[:, j] > 0))),
            score=_opt_float(district_score[j]),
            rank=None if np.isnan(d_rank[j]) else int(d_rank[j]),
            score_ci=_opt_pair(d_ci[0, j], d_ci[1, j]),
            rank_ci=_opt_pair(d_rank_ci[0, j], d_rank_ci[1, j], int),
            tie_rank=None if np.isnan(d_tie[j]) else int(d_tie[j]),
        )
        for j, d in enumerate(districts)
    ]
    stops.sort(key=lambda r: (scheme.groups.get(r.district, ""), r.rank is None, r.rank or 0, r.id))
    district_results.sort(key=lambda r: (r.group, r.rank is None, r.rank or 0, r.district))
    return Aggregation(
        stops=tuple(stops),
        districts=tuple(district_results),
        resamples=resamples,
        seed=seed,
        confidence=confidence,
    )
