"""Placing enterprises and projects on industry-chain nodes, and a district's chain coverage; pure, no Django.

An item (an enterprise or a project) is placed on a node when one of the node's keywords occurs in the
item's name (the strong signal: "中车轨道列车车体" → 车体). An item whose name matches no keyword of the
chain falls back to its industry code: it is placed on every node listing that code (GB/T 4754, a node code
"37" takes items of "37", "371", "3711"). Each placement keeps its reason, shown beside the item.

Coverage per node counts the distinct items placed on it: 0 is a missing link (缺链), 1..weak_threshold a
weak link (弱链), more is covered (已覆盖).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["MISSING", "WEAK", "COVERED", "STATUS_LABELS", "NodeSpec", "Item", "Placement", "place", "coverage"]

MISSING, WEAK, COVERED = "missing", "weak", "covered"
STATUS_LABELS = {MISSING: "缺链", WEAK: "弱链", COVERED: "已覆盖"}


@dataclass(frozen=True)
class NodeSpec:
    key: str
    name: str
    codes: tuple[str, ...] = ()  # GB/T 4754 codes, with or without the section letter
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Item:
    key: str  # unique, e.g. "project:12"
    name: str
    industry_code: str | None = None


@dataclass(frozen=True)
class Placement:
    item: Item
    reason: str  # Chinese: which keyword or code placed it


def _digits(code: str | None) -> str:
    code = (code or "").strip().upper()
    return code[1:] if code[:1].isalpha() else code


def _code_match(item_code: str | None, node_codes: Sequence[str]) -> str | None:
    digits = _digits(item_code)
    if len(digits) < 2:  # a bare section says too little to place anything
        return None
    for code in node_codes:
        node = _digits(code)
        if node and (digits.startswith(node) or node.startswith(digits)):
            return code
    return None


def place(items: Iterable[Item], nodes: Sequence[NodeSpec]) -> dict[str, list[Placement]]:
    """node key → the items placed on it (input order); every node key is present, possibly empty."""
    placed: dict[str, list[Placement]] = {node.key: [] for node in nodes}
    for item in items:
        name = item.name or ""
        by_keyword = False
        for node in nodes:
            keyword = next((k for k in node.keywords if k and k in name), None)
            if keyword:
                placed[node.key].append(Placement(item, f"名称含“{keyword}”"))
                by_keyword = True
        if by_keyword:
            continue
        for node in nodes:
            code = _code_match(item.industry_code, node.codes)
            if code:
                placed[node.key].append(Placement(item, f"行业代码 {_digits(item.industry_code)} 属于 {code}"))
    return placed


def coverage(placed: dict[str, list[Placement]], weak_threshold: int = 1) -> dict[str, str]:
    """node key → MISSING (no item), WEAK (1..weak_threshold items) or COVERED."""
    if weak_threshold < 0:
        raise ValueError("weak_threshold must be ≥ 0")
    result = {}
    for key, placements in placed.items():
        count = len({p.item.key for p in placements})
        result[key] = MISSING if count == 0 else WEAK if count <= weak_threshold else COVERED
    return result
