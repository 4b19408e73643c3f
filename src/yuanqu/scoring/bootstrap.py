"""The bootstrap over raters behind the confidence intervals (pure NumPy, no Django).

Rater indices are drawn as ``PCG64(seed).random_raw(resamples × raters) % raters`` (row-major,
one row per resample), as positions in the list of raters sorted by id: the raw PCG64 stream is
fixed by NumPy's compatibility policy, unlike ``Generator`` methods, so anyone can reproduce the
draws from the seed, and the order in which raters are listed does not matter.
"""

from __future__ import annotations

import warnings

import numpy as np

from yuanqu.scoring.scheme import FloatArray, ScoreSet
from yuanqu.scoring.totals import _from_z, _zscores, rater_totals

__all__ = ["bootstrap_indices", "bootstrap_stop_scores"]

_CHUNK_CELLS = 4_000_000  # int16 positions per chunk (~8 MB) — bounds peak memory


def bootstrap_indices(n_raters: int, resamples: int, seed: int) -> np.ndarray:
    """Resampled rater indices, shape (resamples, n_raters), from the raw PCG64 stream of ``seed``."""
    raw = np.random.PCG64(seed).random_raw(resamples * n_raters)
    return (raw % np.uint64(n_raters)).astype(np.intp).reshape(resamples, n_raters)


def _extreme_values(positions: np.ndarray, ordered: FloatArray, trim: int) -> tuple[FloatArray, FloatArray]:
    """The ``trim`` lowest and highest drawn values, each (stops, c, trim), from (stops, c, R) positions.

    ``positions`` holds each drawn rater's place in the stop's ascending order (``ordered``, stops ×
    raters), −1 where the rater did not score it: the unsigned view puts those last for the lows, the
    signed max ignores them for the highs. Gathering 2-byte positions instead of 8-byte values keeps
    trim ≥ 2 affordable (trim 1 walks instead: :func:`_drawn_extremes`). Only meaningful where more
    than 2 × trim were drawn.
    """
    unsigned = positions.view(np.uint16 if positions.dtype == np.int16 else np.uint32)
    if trim == 1:  # the common 去掉一个最高分和一个最低分: a reduction, no partition needed
        lo_pos, hi_pos = unsigned.min(axis=-1, keepdims=True), positions.max(axis=-1, keepdims=True)
    else:
        lo_pos = np.partition(unsigned, trim - 1, axis=-1)[..., :trim]
        hi_pos = np.partition(positions, positions.shape[-1] - trim, axis=-1)[..., -trim:]
    limit = ordered.shape[1] - 1
    stop = np.arange(ordered.shape[0])[:, None, None]
    lo = ordered[stop, np.minimum(lo_pos, limit).astype(np.intp)]
    return lo, ordered[stop, np.clip(hi_pos, 0, limit).astype(np.intp)]


def _drawn_extremes(
    drawn_times: FloatArray, order: np.ndarray, ordered: FloatArray, n_scored: np.ndarray, wanted: np.ndarray
) -> tuple[FloatArray, FloatArray]:
    """The lowest and highest drawn value, each (resamples, stops, 1), where ``wanted`` (trim 1).

    Walks each stop's ascending order (``order``: raters by value, stops × raters, the ``n_scored``
    who scored it first) from both ends and stops at the first rater drawn in the resample. About
    63 % of the raters are drawn in a resample, so a dozen steps settle every (resample, stop) and
    nothing of size resamples × raters × stops is gathered. Needs a drawn scorer wherever ``wanted``;
    elsewhere the values are meaningless.
    """
    steps = np.arange(order.shape[1])
    from_low = np.broadcast_to(steps, order.shape)
    from_high = np.maximum(n_scored[:, None] - 1 - steps, 0)
    extremes = []
    for walk in (from_low, from_high):
        place = np.zeros(wanted.shape, dtype=np.intp)
        b, s = np.nonzero(wanted)
        for step in steps:
            if not b.size:
                break
            at = walk[s, step]
            hit = drawn_times[b, order[s, at]] > 0
            place[b[hit], s[hit]] = at[hit]
            b, s = b[~hit], s[~hit]
        extremes.append(ordered[np.arange(order.shape[0]), place][..., None])
    return extremes[0], extremes[1]


def _dropped(lo: FloatArray, hi: FloatArray, centre: FloatArray, spread: FloatArray) -> FloatArray:
    """Sum of the dropped drawn totals per (resample, stop), from (resamples, stops, trim) extremes."""
    a, c = spread[:, None, None], centre[:, None, None]
    return _from_z(lo, c, a).sum(-1) + _from_z(hi, c, a).sum(-1)


def bootstrap_stop_scores(scores: ScoreSet, totals: FloatArray, resamples: int, seed: int) -> FloatArray:
    """Stop scores (0–100, NaN = not scored in that resample) of each resample, (resamples, stops).

    ``totals`` are the scheme's totals (:func:`~yuanqu.scoring.aggregate.scheme_totals`); each
    resample recomputes normalisation and trimming from the drawn raters.

    Equal to :func:`trimmed_scores` of each resample's drawn totals (the tests check it), computed
    faster. Every drawn total is ``clip(spread × base + centre, 0, 100)``: base = the totals with
    spread 1 and centre 0, or the z-scores with the resample's common spread and centre. Per-stop
    sums and counts are then (times each rater was drawn) @ base, one BLAS product, and only the
    ``trim`` extremes need the drawn raters themselves; resamples where the clip could bite are
    summed directly.
    """
    scheme = scores.scheme
    trim, minimum = scheme.trim, scheme.trim_min_raters
    n_raters, n_stops = totals.shape
    # Index into the raters sorted by id, so the order raters are listed in does not matter.
    by_id = np.array(sorted(range(n_raters), key=scores.rater_ids.__getitem__), dtype=np.intp)
    idx = by_id[bootstrap_indices(n_raters, resamples, seed)]
    if scheme.method == "score" and scheme.normalise == "zscore":
        base, rater_mean, rater_sd = _zscores(rater_totals(scores.values, scheme.weights, scheme.maxima))
        with warnings.catch_warnings(action="ignore", category=RuntimeWarning):
            centre = np.nanmean(rater_mean[idx], axis=1)
            spread = np.nan_to_num(np.nanmean(rater_sd[idx], axis=1))
    else:
        base, centre, spread = totals, np.zeros(resamples), np.ones(resamples)
    scored = ~np.isnan(base)
    base0 = np.where(scored, base, 0.0)
    rows = np.arange(resamples)[:, None] * n_raters
    drawn_times = np.bincount((rows + idx).ravel(), minlength=idx.size).reshape(idx.shape).astype(np.float64)
    counts = drawn_times @ scored.astype(np.float64)  # resamples × stops
    sums = spread[:, None] * (drawn_times @ base0) + centre[:, None] * counts
    # Where some drawn value would leave [0, 100], the clip makes the sum non-linear: sum directly.
    with warnings.catch_warnings(action="ignore", category=RuntimeWarning):
        top = np.take(np.nan_to_num(np.nanmax(base, axis=1), nan=-np.inf), idx).max(axis=1)
        bottom = np.take(np.nan_to_num(np.nanmin(base, axis=1), nan=np.inf), idx).min(axis=1)
    with np.errstate(invalid="ignore"):  # ±inf × 0 where no drawn rater scored anything
        clipped = np.flatnonzero((top * spread + centre > 100) | (bottom * spread + centre < 0))
    for b in clipped:
        sums[b] = np.nansum(_from_z(base[idx[b]], centre[b], spread[b]), axis=0)

    by_stop = np.where(scored, base, np.inf).T  # stops × raters, missing sorts last
    order = np.argsort(by_stop, axis=1, kind="stable")
    ordered = np.take_along_axis(by_stop, order, axis=1)
    trims = trim > 0 and n_raters > 2 * trim
    k = np.where(counts >= minimum, trim, 0) if trims else np.zeros_like(counts)
    if trims and trim == 1:
        lo, hi = _drawn_extremes(drawn_times, order, ordered, scored.sum(axis=0), k > 0)
        with np.errstate(invalid="ignore"):  # ±inf extremes only where k == 0
            sums = np.where(k > 0, sums - _dropped(lo, hi, centre, spread), sums)
    elif trims:
        position = np.empty(order.shape, dtype=np.int16 if n_raters < 2**15 else np.int32)
        np.put_along_axis(position, order, np.arange(n_raters, dtype=position.dtype)[None, :], axis=1)
        position[~scored.T] = -1
        chunk = max(1, _CHUNK_CELLS // max(1, n_raters * n_stops))
        for start in range(0, resamples, chunk):
            part = slice(start, start + chunk)
            lo, hi = _extreme_values(np.take(position, idx[part], axis=1), ordered, trim)
            with np.errstate(invalid="ignore"):
                dropped = _dropped(lo.transpose(1, 0, 2), hi.transpose(1, 0, 2), centre[part], spread[part])
                sums[part] = np.where(k[part] > 0, sums[part] - dropped, sums[part])
    kept = counts - 2 * k
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(kept > 0, sums / kept, np.nan)
