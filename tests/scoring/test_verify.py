"""Tests of the score export format, its digest and recomputation (pure), and the recompute command."""

import copy
import hashlib
import io
import json

import numpy as np
import pytest

from yuanqu.scoring.aggregate import DEFAULT_CRITERIA, SchemeSpec, aggregate
from yuanqu.scoring.verify import (
    ExportError,
    canonical_digest,
    load_export,
    recompute,
    seed_from_digest,
)


def make_export(raters=12, stops=6, districts=3, seed=0, **scheme):
    rng = np.random.default_rng(seed)
    body = {
        "scheme": {
            "criteria": [{"key": c.key, "weight": c.weight, "max": c.maximum} for c in DEFAULT_CRITERIA],
            "trim": 1,
            "trim_min_raters": 5,
            "normalise": "none",
            **scheme,
        },
        "stops": [{"id": f"站点{s}", "district": f"区{s % districts}"} for s in range(stops)],
        "raters": [{"id": f"P{r:02d}", "district": f"区{r % (districts + 1)}"} for r in range(raters)],
        "scores": [],
    }
    quality = rng.uniform(50, 95, stops)
    for r in body["raters"]:
        for s, stop in enumerate(body["stops"]):
            if stop["district"] == r["district"]:
                continue  # recusal
            for c in DEFAULT_CRITERIA:
                value = round(float(np.clip(quality[s] + rng.normal(0, 6), 0, 100)) / 100 * c.maximum, 1)
                body["scores"].append({"rater": r["id"], "stop": stop["id"], "criterion": c.key, "value": value})
    return sign(body)


def sign(body):
    body = {k: v for k, v in body.items() if k != "sha256"}
    return {**body, "sha256": canonical_digest(body)}


# ----------------------------------------------------------------------------- digest


def test_digest_is_sha256_of_the_documented_canonical_json():
    data = make_export()
    body = {k: data[k] for k in ("scheme", "stops", "raters", "scores")}
    text = json.dumps(body, ensure_ascii=False, sort_keys=True)
    assert data["sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert "站点0" in text  # not \\u-escaped
    assert canonical_digest(data) == data["sha256"]  # the sha256 key itself is ignored
    assert seed_from_digest(data["sha256"]) == int(data["sha256"][:16], 16)


def test_a_file_through_json_text_keeps_its_digest():
    data = make_export()
    again = json.loads(json.dumps(data, ensure_ascii=False, indent=2))
    assert load_export(again).shape == (12, 6, 4)


def test_altered_file_is_refused():
    data = make_export()
    data["scores"][0]["value"] = data["scores"][0]["value"] / 2
    with pytest.raises(ExportError, match="digest mismatch") as info:
        load_export(data)
    assert "sha256 校验失败" in str(info.value)
    del data["sha256"]
    with pytest.raises(ExportError, match="no sha256"):
        load_export(data)


# ----------------------------------------------------------------------------- malformed files


def altered(mutate):
    data = make_export()
    mutate(data)
    return sign(data)


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (lambda d: d["scores"][0].update(stop="nowhere"), "unknown stop"),
        (lambda d: d["scores"][0].update(rater="P99"), "unknown rater"),
        (lambda d: d["scores"][0].update(criterion="beauty"), "unknown criterion"),
        (lambda d: d["scores"][0].update(value=31), "outside"),
        (lambda d: d["scores"][0].update(value=-1), "outside"),
        (lambda d: d["scores"][0].update(value="28"), "not a number"),
        (lambda d: d["scores"].append(dict(d["scores"][0])), "duplicate score"),
        (lambda d: d["stops"].append(dict(d["stops"][0])), "duplicate stop"),
        (lambda d: d["scores"][0].pop("value"), "missing field value"),
        (lambda d: d["scheme"].update(normalise="rank"), "unknown normalise"),
        (lambda d: d["scheme"].update(trim=3), "trim_min_raters"),
        (lambda d: d.pop("raters"), "missing raters"),
        (lambda d: d["scores"][0].update(rater=["P00"]), "wrong field type"),
    ],
)
def test_malformed_files_are_refused_with_the_reason(mutate, reason):
    with pytest.raises(ExportError, match=reason):
        load_export(altered(mutate))


def test_scores_from_a_recused_rater_are_refused():
    def recused(d):
        stop = d["stops"][0]
        rater = next(r for r in d["raters"] if r["district"] == stop["district"])
        d["scores"].append({"rater": rater["id"], "stop": stop["id"], "criterion": "development_quality", "value": 20})

    with pytest.raises(ExportError, match="recusal") as info:
        load_export(altered(recused))
    assert "回避" in str(info.value)


# ----------------------------------------------------------------------------- recompute


def test_recompute_output_format_and_determinism():
    data = make_export()
    out = recompute(data)
    assert set(out) == {"stops", "districts", "kendall_w"}
    assert [set(s) for s in out["stops"]] == [{"id", "score", "rank", "score_ci", "rank_ci"}] * 6
    assert [set(d) for d in out["districts"]] == [{"district", "score", "rank"}] * 3
    assert [s["rank"] for s in out["stops"]] == sorted(s["rank"] for s in out["stops"])
    assert 0 <= out["kendall_w"] <= 1
    for s in out["stops"]:
        assert s["score"] == round(s["score"], 4) and s["score_ci"][0] <= s["score"] <= s["score_ci"][1] + 1e-9
        assert all(isinstance(x, int) for x in s["rank_ci"])
    text = json.dumps(out, ensure_ascii=False)
    assert json.dumps(recompute(json.loads(json.dumps(data))), ensure_ascii=False) == text


def test_recompute_equals_the_aggregation_seeded_by_the_digest():
    data = make_export(normalise="zscore")
    scores = load_export(data)
    assert scores.scheme == SchemeSpec(criteria=scores.scheme.criteria, normalise="zscore")
    direct = aggregate(scores, resamples=1000, seed=seed_from_digest(data["sha256"]))
    out = recompute(data)
    assert [(s["id"], s["score"], s["rank"]) for s in out["stops"]] == [(s.id, s.score, s.rank) for s in direct.stops]
    assert [tuple(s["score_ci"]) for s in out["stops"]] == [s.score_ci for s in direct.stops]


def test_rater_order_in_the_file_does_not_change_scores_or_ranks():
    data = make_export()
    reordered = copy.deepcopy(data)
    reordered["raters"].reverse()
    reordered["scores"].reverse()
    a, b = recompute(data), recompute(sign(reordered))

    def points(out):
        return [(s["id"], s["score"], s["rank"]) for s in out["stops"]]

    assert points(a) == points(b)
    assert a["districts"] == b["districts"] and a["kendall_w"] == b["kendall_w"]


def test_stop_without_scores_and_optional_scheme_keys():
    data = make_export(method="rank_ballot", groups={"区2": "county"})
    data["stops"].append({"id": "空站", "district": "区9"})
    out = recompute(sign(data))
    empty = next(s for s in out["stops"] if s["id"] == "空站")
    assert empty == {"id": "空站", "score": None, "rank": None, "score_ci": None, "rank_ci": None}
    assert out["stops"][-1]["id"].startswith("站点")  # the county group is listed after the others
    ranks = {d["district"]: d["rank"] for d in out["districts"]}
    assert ranks["区2"] == 1 and ranks["区9"] is None


# ----------------------------------------------------------------------------- the command


def run_command(*argv):
    from django.conf import settings

    if not settings.configured:
        settings.configure(INSTALLED_APPS=[], USE_I18N=False)
    from yuanqu.scoring.management.commands.scoring import Command

    out, err = io.StringIO(), io.StringIO()
    command = Command(stdout=out, stderr=err)
    options = command.create_parser("yuanqu", "scoring").parse_args(list(argv))
    command.execute(**{**vars(options), "skip_checks": True})
    return out.getvalue()


def test_command_prints_the_recomputation(tmp_path):
    data = make_export()
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    printed = run_command("recompute", str(path))
    assert json.loads(printed) == recompute(data)
    assert "站点" in printed  # ensure_ascii=False


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "cannot read"),
        ("{not json", "not valid UTF-8 JSON"),
        ("TAMPER", "digest mismatch"),
    ],
)
def test_command_refuses_bad_files_with_status_2(tmp_path, content, reason):
    from django.core.management.base import CommandError

    path = tmp_path / "export.json"
    if content == "TAMPER":
        data = make_export()
        data["scores"][0]["value"] = 0
        content = json.dumps(data)
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=reason) as info:
        run_command("recompute", str(path))
    assert info.value.returncode == 2
