"""A rater's totals for the stops, and the per-rater transformations of them (pure NumPy).

Totals are points on 0–100, one per rater and stop (raters × stops), NaN where not scored.
"""

from __future__ import annotations

import numpy as np

from yuanqu.scoring.scheme import FloatArray

__all__ = ["ballot_points", "rater_ranks", "rater_totals", "zscore_totals"]


def rater_totals(values: FloatArray, weights: FloatArray, maxima: FloatArray) -> FloatArray:
    """Raters × stops totals on 0–100 from a raters × stops × criteria array of raw values.

    NaN where any criterion is missing (an incomplete card counts as not scored).
    """
    w = np.asarray(weights, dtype=np.float64)
    per_point = w / np.asarray(maxima, dtype=np.float64) / w.sum() * 100.0
    return np.asarray(values, dtype=np.float64) @ per_point  # NaN propagates through the product


def _rater_moments(totals: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Each rater's mean and population SD of their totals (NaN for no scores)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        n = np.sum(~np.isnan(totals), axis=1)
        mean = np.nansum(totals, axis=1) / n
        sd = np.sqrt(np.nansum((totals - mean[:, None]) ** 2, axis=1) / n)
    return mean, sd


def _zscores(totals: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Per-rater z-scores (0 for a rater with no spread) plus rater means and usable SDs (NaN if none)."""
    mean, sd = _rater_moments(totals)
    usable = sd > 1e-12
    z = np.where(usable[:, None], (totals - mean[:, None]) / np.where(usable, sd, 1.0)[:, None], 0.0)
    z[np.isnan(totals)] = np.nan
    return z, mean, np.where(usable, sd, np.nan)


def _from_z(z: FloatArray, centre: FloatArray | float, spread: FloatArray | float) -> FloatArray:
    return np.clip(z * spread + centre, 0.0, 100.0)


def zscore_totals(totals: FloatArray) -> FloatArray:
    """Per-rater z-scores mapped back to the common mean and spread, on 0–100.

    The common mean is the mean of the raters' means; the common spread the mean of their SDs
    (population SD over the stops each scored). A rater who gave every stop the same total, or
    scored a single stop, carries no information about order and maps to the common mean. Results
    are clipped to [0, 100]. NaN stays NaN.
    """
    z, mean, sd = _zscores(totals)
    if np.all(np.isnan(mean)):
        return z
    spread = np.nanmean(sd) if np.any(~np.isnan(sd)) else 0.0
    return _from_z(z, np.nanmean(mean), spread)


def rater_ranks(totals: FloatArray) -> FloatArray:
    """Each rater's rank of each stop they scored, 1 = highest total, ties get the mean rank."""
    x = np.where(np.isnan(totals), -np.inf, totals)
    greater = np.sum(x[:, None, :] > x[:, :, None], axis=2)
    equal = np.sum(x[:, None, :] == x[:, :, None], axis=2)
    ranks = greater + (equal + 1) / 2.0
    ranks[np.isnan(totals)] = np.nan
    return ranks


def ballot_points(totals: FloatArray) -> FloatArray:
    """Rank-ballot points: each rater's best stop 100, the next 97, 94, … (never below 0).

    A rater's order comes from their totals over the stops they scored; tied stops share the mean
    of the points of the places they occupy. NaN stays NaN.
    """
    return np.clip(100.0 - 3.0 * (rater_ranks(np.asarray(totals, dtype=np.float64)) - 1.0), 0.0, 100.0)
