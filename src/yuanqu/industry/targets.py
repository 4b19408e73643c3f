"""Target industries for a district (产业链精准招商), pure: no Django.

Candidates are the industries the district lacks. Each is scored by two things the investment
bureau can check by hand: how related it is to what the district already has (relatedness
density, see :mod:`yuanqu.industry.metrics`) and whether it fills a gap in one of the district's
industry chains. Every target carries its explanation: the present industries that make it
related, the chain links it fills and the strategy of its orientation (产业转移导向).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from yuanqu.industry.metrics import contributions

__all__ = [
    "ORIENTATIONS",
    "ORIENTATION_STRATEGIES",
    "RelatedIndustry",
    "Target",
    "rank_targets",
]

ORIENTATIONS: dict[str, str] = {
    "cost": "成本导向型",
    "resource": "资源导向型",
    "market": "市场导向型",
    "service": "服务配套型",
}

ORIENTATION_STRATEGIES: dict[str, str] = {
    "cost": "算好综合账：对比用地、用工、用电、物流及政策等综合成本，突出成本优势",
    "resource": "依托本地资源禀赋（原材料、能源、土地、岸线等），推动资源就地转化增值",
    "market": "贴近本地及周边市场，开放应用场景，以市场换产业",
    "service": "围绕已落地的链主企业招引配套，就近服务龙头企业",
}


@dataclass(frozen=True)
class RelatedIndustry:
    """A present industry that makes the target related: φ to the target and its density share."""

    code: str
    proximity: float
    contribution: float


@dataclass(frozen=True)
class Target:
    rank: int
    code: str
    score: float  # in [0, 1]: density_weight × relative density + chain_weight × fills-a-gap
    density: float  # relatedness density d_cp in [0, 1]
    relative_density: float  # density / best candidate's density, in [0, 1]
    chain_links: tuple[str, ...]  # chain links (names) this industry fills
    related: tuple[RelatedIndustry, ...]
    orientation: str | None  # key of ORIENTATIONS
    strategy: str | None
    explanation: str  # Chinese, one paragraph


def _vector(values: ArrayLike, n: int, name: str) -> np.ndarray:
    v = np.asarray(values)
    if v.shape != (n,):
        raise ValueError(f"{name} must have one value per industry code ({n}), got shape {v.shape}")
    return v


def rank_targets(
    codes: Sequence[str],
    density_row: ArrayLike,
    present: ArrayLike,
    phi: ArrayLike,
    *,
    m_row: ArrayLike | None = None,
    chain_gaps: Mapping[str, Sequence[str]] | None = None,
    orientations: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
    density_weight: float = 0.7,
    chain_weight: float = 0.3,
    top_related: int = 3,
    limit: int | None = None,
) -> list[Target]:
    """Rank the industries a district lacks as investment targets, best first.

    ``codes``: industry codes (e.g. GB/T 4754 "C3562"), the column order of ``density_row``
    (the district's row of relatedness density), ``present`` (bool: industries the district
    already has; they are not candidates) and ``phi`` (proximity, industries × industries).
    ``m_row``: the district's binary M row used to name related industries (default: ``present``).
    ``chain_gaps``: code → names of the chain links (产业链环节) that industry would fill.
    ``orientations``: code → key of :data:`ORIENTATIONS`; ``names``: code → industry name.

    score = density_weight × density / max candidate density + chain_weight × [fills ≥ 1 link].
    Ties: more chain links, then higher density, then code. Unknown codes in ``chain_gaps`` or
    ``orientations`` and unknown orientation keys raise ValueError.
    """
    n = len(codes)
    index = {code: i for i, code in enumerate(codes)}
    if len(index) != n:
        raise ValueError("industry codes must be unique")
    d = _vector(density_row, n, "density_row").astype(np.float64)
    has = _vector(present, n, "present").astype(bool)
    m = has if m_row is None else _vector(m_row, n, "m_row")
    ph = np.asarray(phi, dtype=np.float64)
    if ph.shape != (n, n):
        raise ValueError(f"phi must be {n} × {n}, got shape {ph.shape}")
    if density_weight < 0 or chain_weight < 0 or density_weight + chain_weight <= 0:
        raise ValueError("weights must be ≥ 0 and not both 0")
    chain_gaps = chain_gaps or {}
    orientations = orientations or {}
    names = names or {}
    unknown = sorted(set(chain_gaps) - set(index) | set(orientations) - set(index))
    if unknown:
        raise ValueError(f"unknown industry codes: {', '.join(unknown)}")
    bad = sorted({o for o in orientations.values() if o not in ORIENTATIONS})
    if bad:
        raise ValueError(f"unknown orientations: {', '.join(bad)}")

    candidates = [i for i in range(n) if not has[i]]
    best = max((d[i] for i in candidates), default=0.0)
    total_weight = density_weight + chain_weight
    rows = []
    for i in candidates:
        code = codes[i]
        links = tuple(chain_gaps.get(code, ()))
        relative = d[i] / best if best > 0 else 0.0
        score = (density_weight * relative + chain_weight * (1.0 if links else 0.0)) / total_weight
        rows.append((score, len(links), d[i], code, i, relative, links))
    rows.sort(key=lambda r: (-r[0], -r[1], -r[2], r[3]))
    if limit is not None:
        rows = rows[:limit]

    targets = []
    for rank, (score, _, dens, code, i, relative, links) in enumerate(rows, start=1):
        terms = contributions(m, ph, i)
        terms[i] = 0.0
        order = [q for q in np.argsort(-terms, kind="stable")[:top_related] if terms[q] > 0]
        related = tuple(RelatedIndustry(codes[q], float(ph[i, q]), float(terms[q])) for q in order)
        orientation = orientations.get(code)
        strategy = ORIENTATION_STRATEGIES[orientation] if orientation else None
        targets.append(
            Target(
                rank=rank,
                code=code,
                score=float(score),
                density=float(dens),
                relative_density=float(relative),
                chain_links=links,
                related=related,
                orientation=orientation,
                strategy=strategy,
                explanation=_explain(code, float(dens), related, links, orientation, names),
            )
        )
    return targets


def _label(code: str, names: Mapping[str, str]) -> str:
    return f"{names[code]}（{code}）" if code in names else code


def _explain(
    code: str,
    dens: float,
    related: Sequence[RelatedIndustry],
    links: Sequence[str],
    orientation: str | None,
    names: Mapping[str, str],
) -> str:
    parts = [f"{_label(code, names)}：关联密度 {dens:.3f}"]
    if related:
        listed = "、".join(f"{_label(r.code, names)}（邻近度 {r.proximity:.2f}）" for r in related)
        parts.append(f"与现有优势产业{listed}相关")
    else:
        parts.append("与现有优势产业无明显关联")
    if links:
        parts.append(f"可补齐产业链环节：{'、'.join(links)}")
    if orientation:
        parts.append(f"{ORIENTATIONS[orientation]}，{ORIENTATION_STRATEGIES[orientation]}")
    return "；".join(parts) + "。"
