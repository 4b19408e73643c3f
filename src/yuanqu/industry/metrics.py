"""Structure and relatedness metrics of a region × industry matrix (pure: NumPy only, no Django).

The input everywhere is a matrix ``X`` with one row per region (c) and one column per industry (p).
Its cells are one non-negative quantity, the same for the whole matrix: output or value added
(万元), employment (persons) or enterprise counts. The functions never mix units, so the results
are dimensionless (shares, quotients, indices) except ``growth`` (a rate per period).

Input conventions, shared by every function here:

* ``NaN`` is a missing cell (a suppressed yearbook figure) and counts as 0;
* negative or infinite cells raise ``ValueError`` (they are data errors, not economics);
* a quotient whose denominator is zero (a region with no activity, an industry present nowhere)
  is ``NaN`` — undefined, never a guessed 0 or 1 — except where a function documents otherwise.

Relatedness follows Hidalgo et al. (2007), "The Product Space Conditions the Development of
Nations", with the definitions of the ``ecomplexity`` package (the tests check agreement to 1e-9):
RCA (Balassa) → binary M at a threshold → proximity φ → relatedness density.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "Contributor",
    "Relatedness",
    "binary_m",
    "contributions",
    "density",
    "growth",
    "hhi",
    "location_quotient",
    "proximity",
    "rca",
    "related_contributors",
    "relatedness",
    "shares",
]

FloatArray = NDArray[np.float64]


def _as_matrix(matrix: ArrayLike, name: str = "matrix") -> FloatArray:
    """A float64 copy of a 2-D non-negative matrix, with NaN (missing) replaced by 0."""
    x = np.array(matrix, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError(f"{name} must be 2-D (regions × industries), got shape {x.shape}")
    not_finite = ~np.isfinite(x)
    if not_finite.any():  # rare: only then pay for the checks
        if np.isinf(x).any():
            raise ValueError(f"{name} contains infinite values")
        x[not_finite] = 0.0
    if (x < 0).any():
        rows, cols = np.nonzero(x < 0)
        raise ValueError(f"{name} contains negative values, first at row {rows[0]}, column {cols[0]}")
    return x


def _divide(num: FloatArray, den: FloatArray, fill: float = np.nan) -> FloatArray:
    """num / den elementwise (broadcasting), with ``fill`` where den == 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.divide(num, den)
    zero = den == 0
    if np.any(zero):
        out[np.broadcast_to(zero, out.shape)] = fill
    return out


# ----------------------------------------------------------------------------- structure


def shares(matrix: ArrayLike, axis: int = 1) -> FloatArray:
    """Shares of each cell in its row (``axis=1``, default) or column (``axis=0``) total.

    ``axis=1``: the industry structure of each region (each row sums to 1).
    ``axis=0``: each region's share of an industry's total (each column sums to 1).
    A row (column) whose total is 0 gives NaN shares. Dimensionless, in [0, 1].
    """
    x = _as_matrix(matrix)
    if axis not in (0, 1):
        raise ValueError("axis must be 0 (columns) or 1 (rows)")
    return _divide(x, x.sum(axis=axis, keepdims=True))


def growth(prev: ArrayLike, curr: ArrayLike, years: float = 1.0) -> FloatArray:
    """Growth rate per period from ``prev`` to ``curr``, elementwise (any matching shapes).

    With ``years == 1`` this is ``curr / prev - 1``; otherwise the compound annual growth rate
    ``(curr / prev) ** (1 / years) - 1``. A fraction (0.08 = 8 %), not a percentage.
    NaN where ``prev`` is NaN, zero or negative (no meaningful base), where ``curr`` is NaN, and,
    for ``years != 1``, where ``curr`` is negative (no real root). Units of prev and curr must match.
    """
    if not years > 0:
        raise ValueError("years must be positive")
    p = np.asarray(prev, dtype=np.float64)
    c = np.asarray(curr, dtype=np.float64)
    p, c = np.broadcast_arrays(p, c)
    valid = np.isfinite(p) & np.isfinite(c) & (p > 0)
    if years != 1:
        valid &= c >= 0
    out = np.full(p.shape, np.nan)
    ratio = np.divide(c, p, out=np.zeros_like(out), where=valid)
    out[valid] = ratio[valid] ** (1.0 / years) - 1.0
    return out


def rca(matrix: ArrayLike) -> FloatArray:
    """Revealed comparative advantage (Balassa): RCA_cp = (X_cp / X_c) / (X_p / X).

    X_c is the region total, X_p the industry total, X the grand total. Dimensionless, ≥ 0;
    1 means the region is exactly as specialised in p as the whole. NaN for a region whose
    total is 0 or an industry whose total is 0 (undefined, like ``ecomplexity`` which drops them).
    """
    x = _as_matrix(matrix)
    # Same order of operations as ecomplexity, so agreement is to the last bits.
    within_region = _divide(x, x.sum(axis=1, keepdims=True))
    col_total = x.sum(axis=0, keepdims=True)
    overall = _divide(col_total, np.array([[col_total.sum()]]))
    return _divide(within_region, overall)


def location_quotient(matrix: ArrayLike) -> FloatArray:
    """Location quotient LQ_cp = (X_cp / X_c) / (X_p / X): the same formula as :func:`rca`.

    Conventionally computed on employment or output (万元); LQ > 1 marks a specialisation.
    A region whose industry mix equals the whole's has LQ = 1 in every industry. Edge cases as rca.
    """
    return rca(matrix)


def hhi(matrix: ArrayLike, axis: int = 1) -> FloatArray:
    """Herfindahl–Hirschman index of concentration, as a fraction in [1/n, 1].

    ``axis=1`` (default): per region, Σ_p s_cp² over its industry shares (1 = one industry only).
    ``axis=0``: per industry, Σ_c s_cp² over the regions' shares (1 = all in one region).
    Multiply by 10,000 for the antitrust convention. NaN where the row (column) total is 0.
    """
    s = shares(matrix, axis=axis)
    out = np.sum(np.nan_to_num(s) ** 2, axis=axis)
    out[np.isnan(s).all(axis=axis)] = np.nan
    return out


# ----------------------------------------------------------------------------- relatedness


def binary_m(rca_matrix: ArrayLike, threshold: float = 1.0) -> NDArray[np.int8]:
    """M_cp = 1 where RCA_cp ≥ threshold, else 0 (NaN RCA counts as 0). Returns an int8 0/1 matrix."""
    r = np.asarray(rca_matrix, dtype=np.float64)
    if r.ndim != 2:
        raise ValueError(f"rca must be 2-D, got shape {r.shape}")
    return (np.nan_to_num(r, nan=0.0) >= threshold).astype(np.int8)


def proximity(m: ArrayLike) -> FloatArray:
    """Proximity φ_pq = Σ_c M_cp M_cq / max(k_p, k_q), with ubiquity k_p = Σ_c M_cp.

    The conditional probability of being specialised in both, taking the smaller direction;
    symmetric, in [0, 1], φ_pp = 1. An industry present nowhere (k_p = 0) has φ = 0 in its row
    and column (including φ_pp), so it is related to nothing.
    """
    raw = np.asarray(m)
    if raw.ndim != 2:
        raise ValueError(f"m must be 2-D, got shape {raw.shape}")
    # Co-occurrence counts are integers ≤ regions: float32 BLAS is exact below 2**24 regions and about
    # twice as fast as float64; the division below is done in float64.
    if raw.dtype.kind in "biu":  # binary_m's int8: a min/max is enough to know it is 0/1
        binary = raw.size == 0 or (raw.min() >= 0 and raw.max() <= 1)
    else:
        binary = bool(((raw == 0) | (raw == 1)).all())
    work = raw.astype(np.float32 if binary and raw.shape[0] < 2**24 else np.float64)
    co = (work.T @ work).astype(np.float64)
    k = np.diagonal(co).copy()
    return _divide(co, np.maximum.outer(k, k), fill=0.0)


def density(m: ArrayLike, phi: ArrayLike) -> FloatArray:
    """Relatedness density d_cp = Σ_q M_cq φ_pq / Σ_q φ_pq, in [0, 1].

    The share of industry p's proximity mass that region c already has. The sums include q = p
    (as in ``ecomplexity``), so a present industry gets at least 1 / Σ_q φ_pq. An industry related
    to nothing (Σ_q φ_pq = 0) has density 0.
    """
    mm = np.asarray(m, dtype=np.float64)
    ph = np.asarray(phi, dtype=np.float64)
    if ph.ndim != 2 or ph.shape[0] != ph.shape[1] or mm.ndim != 2 or mm.shape[1] != ph.shape[0]:
        raise ValueError(f"shapes do not match: m {mm.shape}, phi {ph.shape}")
    # d = M φᵀ / S; φᵀ rather than φ so an asymmetric φ given by a caller still means φ_pq.
    return _divide(mm @ ph.T, ph.sum(axis=1)[np.newaxis, :], fill=0.0)


@dataclass(frozen=True)
class Relatedness:
    """The relatedness chain of one matrix: regions × industries except ``phi`` (industries²)."""

    rca: FloatArray
    m: NDArray[np.int8]
    phi: FloatArray
    density: FloatArray


def relatedness(matrix: ArrayLike, threshold: float = 1.0) -> Relatedness:
    """RCA, binary M at ``threshold``, proximity and density of a region × industry matrix in one call."""
    r = rca(matrix)
    m = binary_m(r, threshold)
    phi = proximity(m)
    return Relatedness(rca=r, m=m, phi=phi, density=density(m, phi))


@dataclass(frozen=True)
class Contributor:
    """One present industry's part in a density: ``contribution`` = φ_pq / Σ_q φ_pq."""

    industry_index: int
    proximity: float
    contribution: float


def contributions(m_row: ArrayLike, phi: ArrayLike, industry_index: int) -> FloatArray:
    """Per-industry terms M_cq φ_pq / Σ_q φ_pq of one region's density d_cp (they sum to d_cp)."""
    ph = np.asarray(phi, dtype=np.float64)
    row = np.asarray(m_row, dtype=np.float64)
    total = ph[industry_index].sum()
    if total == 0:
        return np.zeros_like(row)
    return row * ph[industry_index] / total


def related_contributors(
    m: ArrayLike, phi: ArrayLike, region_index: int, industry_index: int, top: int = 5
) -> list[Contributor]:
    """The present industries that contribute most to density d_cp, largest first (at most ``top``).

    Industry p itself is left out (it explains nothing about why p is related); industries with
    zero contribution are left out, so the list may be shorter than ``top`` or empty.
    """
    mm = np.asarray(m)
    terms = contributions(mm[region_index], phi, industry_index)
    terms[industry_index] = 0.0
    order = np.argsort(-terms, kind="stable")[:top]
    ph = np.asarray(phi, dtype=np.float64)
    return [
        Contributor(industry_index=int(q), proximity=float(ph[industry_index, q]), contribution=float(terms[q]))
        for q in order
        if terms[q] > 0
    ]
