"""The export file of a meeting's scores, its digest, and recomputing the published result from it.

Pure: no Django. The file is JSON::

    {"scheme": {"criteria": [{"key", "weight", "max"}], "trim", "trim_min_raters", "normalise"},
     "stops": [{"id", "district"}], "raters": [{"id", "district"}],
     "scores": [{"rater", "stop", "criterion", "value"}], "sha256"}

``scheme`` may also carry ``"method": "rank_ballot"`` and ``"groups": {district: group}``; both are
covered by the digest like everything else. Raters are pseudonyms; a rater's district may be null.

``sha256`` is the hex SHA-256 of the UTF-8 bytes of
``json.dumps({"scheme", "stops", "raters", "scores"}, ensure_ascii=False, sort_keys=True)``
(default separators). Numbers are hashed as Python writes them, so ``90`` and ``90.0`` differ:
exporters must write the file with ``json.dumps`` from the same objects they hashed.

Recomputation is deterministic: 1,000 bootstrap resamples (:data:`RECOMPUTE_RESAMPLES`) seeded with
the first 16 hex digits of ``sha256`` read as an integer (:func:`seed_from_digest`), scores and
interval bounds rounded to 4 decimals, ``kendall_w`` to 4 decimals. The output lists stops and
districts in ranked order (group, rank, id; unranked last).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from yuanqu.scoring.aggregate import DEFAULT_RESAMPLES, SCORE_DECIMALS, aggregate
from yuanqu.scoring.agreement import kendall_w
from yuanqu.scoring.scheme import CriterionSpec, SchemeSpec, ScoreDataError, ScoreSet
from yuanqu.scoring.totals import rater_totals

__all__ = [
    "PAYLOAD_KEYS",
    "RECOMPUTE_RESAMPLES",
    "ExportError",
    "canonical_digest",
    "load_export",
    "recompute",
    "seed_from_digest",
]

PAYLOAD_KEYS = ("scheme", "stops", "raters", "scores")
RECOMPUTE_RESAMPLES = DEFAULT_RESAMPLES


class ExportError(ValueError):
    """An export file that must be refused; the message is Chinese, then English."""


def canonical_digest(payload: Mapping[str, Any]) -> str:
    """Hex SHA-256 of the canonical JSON of the four payload keys (any ``sha256`` key is ignored).

    Raises :class:`ExportError` if a payload key is missing.
    """
    missing = [k for k in PAYLOAD_KEYS if k not in payload]
    if missing:
        raise ExportError(f"导出文件缺少字段 {', '.join(missing)} / export is missing {', '.join(missing)}")
    body = {k: payload[k] for k in PAYLOAD_KEYS}
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def seed_from_digest(digest: str) -> int:
    """The bootstrap seed of a recomputation: the first 16 hex digits of the digest as an integer."""
    return int(digest[:16], 16)


def _field(record: Any, key: str, where: str) -> Any:
    if not isinstance(record, Mapping) or key not in record:
        raise ExportError(f"{where} 缺少字段 {key} / {where}: missing field {key}")
    return record[key]


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data[key]
    if not isinstance(value, list):
        raise ExportError(f"{key} 必须是数组 / {key} must be a list")
    return value


def _score_records(raw: list[Any]) -> list[tuple[Any, Any, Any, Any]]:
    try:  # the fast path: one file can hold 100,000+ records
        return [(s["rater"], s["stop"], s["criterion"], s["value"]) for s in raw]
    except (KeyError, TypeError, IndexError):
        return [
            tuple(_field(s, k, f"scores[{i}]") for k in ("rater", "stop", "criterion", "value"))
            for i, s in enumerate(raw)
        ]


def _scheme(raw: Any) -> SchemeSpec:
    if not isinstance(raw, Mapping):
        raise ExportError("scheme 必须是对象 / scheme must be an object")
    criteria_raw = _field(raw, "criteria", "scheme")
    if not isinstance(criteria_raw, list):
        raise ExportError("scheme.criteria 必须是数组 / scheme.criteria must be a list")
    criteria = tuple(
        CriterionSpec(
            key=_field(c, "key", f"scheme.criteria[{i}]"),
            weight=_field(c, "weight", f"scheme.criteria[{i}]"),
            maximum=_field(c, "max", f"scheme.criteria[{i}]"),
        )
        for i, c in enumerate(criteria_raw)
    )
    groups = raw.get("groups", {})
    if not isinstance(groups, Mapping) or not all(isinstance(v, str) for v in groups.values()):
        raise ExportError("scheme.groups 必须是 区县→分组 的对象 / scheme.groups must map district to group name")
    return SchemeSpec(
        criteria=criteria,
        trim=_field(raw, "trim", "scheme"),
        trim_min_raters=_field(raw, "trim_min_raters", "scheme"),
        normalise=_field(raw, "normalise", "scheme"),
        method=raw.get("method", "score"),
        groups=dict(groups),
    )


def load_export(data: Mapping[str, Any]) -> ScoreSet:
    """Check the digest and validate an export (parsed JSON) into a :class:`ScoreSet`.

    Raises :class:`ExportError` — never returns partial data — for: a missing or mismatching
    ``sha256``; a malformed scheme; duplicate stop or rater ids; a score naming an unknown stop,
    rater or criterion; a value that is not a number in [0, max]; a score from a rater of the
    stop's own district (recusal); the same (rater, stop, criterion) twice.
    """
    if not isinstance(data, Mapping):
        raise ExportError("导出文件必须是 JSON 对象 / export must be a JSON object")
    digest = canonical_digest(data)
    claimed = data.get("sha256")
    if not isinstance(claimed, str) or not claimed:
        raise ExportError("导出文件缺少 sha256 / export has no sha256")
    if claimed.lower() != digest:
        raise ExportError(
            f"sha256 校验失败，文件已被修改 / digest mismatch, the file was altered: "
            f"file says {claimed}, content hashes to {digest}"
        )
    try:
        scheme = _scheme(data["scheme"])
        stops = [
            (_field(s, "id", f"stops[{i}]"), _field(s, "district", f"stops[{i}]"))
            for i, s in enumerate(_list(data, "stops"))
        ]
        raters = [
            (_field(r, "id", f"raters[{i}]"), _field(r, "district", f"raters[{i}]"))
            for i, r in enumerate(_list(data, "raters"))
        ]
        scores = _score_records(_list(data, "scores"))
        for i, (_, district) in enumerate(stops):
            if not isinstance(district, str) or not district:
                raise ExportError(f"stops[{i}] 的区县为空 / stops[{i}]: district must be a non-empty string")
        return ScoreSet.from_records(scheme, stops, raters, scores)
    except ScoreDataError as exc:
        raise ExportError(str(exc)) from exc
    except TypeError as exc:  # e.g. an unhashable id such as a list
        raise ExportError(f"导出文件字段类型错误 / wrong field type in export: {exc}") from exc


def recompute(data: Mapping[str, Any]) -> dict[str, Any]:
    """Recompute the published result from an export alone (see the module docstring).

    Returns ``{"stops": [{"id", "score", "rank", "score_ci", "rank_ci"}], "districts":
    [{"district", "score", "rank"}], "kendall_w"}``; scores in points 0–100, ``null`` for a stop or
    district without scores, ``kendall_w`` null with fewer than two raters. Raises
    :class:`ExportError` as :func:`load_export`.
    """
    scores = load_export(data)
    result = aggregate(scores, resamples=RECOMPUTE_RESAMPLES, seed=seed_from_digest(data["sha256"].lower()))
    w = kendall_w(rater_totals(scores.values, scores.scheme.weights, scores.scheme.maxima))
    return {
        "stops": [
            {
                "id": s.id,
                "score": s.score,
                "rank": s.rank,
                "score_ci": list(s.score_ci) if s.score_ci else None,
                "rank_ci": list(s.rank_ci) if s.rank_ci else None,
            }
            for s in result.stops
        ],
        "districts": [{"district": d.district, "score": d.score, "rank": d.rank} for d in result.districts],
        "kendall_w": None if w is None else round(w, SCORE_DECIMALS),
    }
