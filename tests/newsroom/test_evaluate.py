"""Scoring extraction and repair against gold files (issue 13). Texts are invented; every person is fictional."""

import io
import json
from types import SimpleNamespace

import pytest
from django.conf import settings

from yuanqu.newsroom.evaluate import (
    SCORED_FIELDS,
    Case,
    CorpusError,
    FieldScore,
    apply_corrections,
    evaluate,
    format_report,
    items,
    load_corpus,
    score_facts,
    score_repair,
)


def _span(offset, marker, input_offset, raw):
    return {"offset": offset, "marker": marker, "input_offset": input_offset, "raw": raw}


# --- normalisation -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("city", "柳河市", ["柳河"]),
        ("city", "柳河市市", ["柳河市"]),  # one 市 only: "聊城市市" from a "市市委" sentence stays wrong
        ("meeting_kind", "全市第十八次产业园区现场推进会", ["产业园区现场推进会"]),
        ("meeting_kind", "2024年上半年重点项目观摩会", ["重点项目观摩会"]),
        ("meeting_kind", "“三比一提升”项目观摩活动", ["三比一提升项目观摩活动"]),
        ("visited_projects", ["青松（柳河）物流园"], ["青松(柳河)物流园"]),
        ("reporter", "林小木 方一舟", ["林小木、方一舟"]),
        ("year_basis", "inferred from the publication date 2024-05-02 printed in the report", ["publication_date"]),
        ("year_basis", "stated with the meeting date", ["text"]),
        ("days", [7, 8], ["7", "8"]),
        ("rankings", [{"rank": 1, "name": "东山区", "score": 95.10}], ["1|东山区|95.1"]),
        ("rankings", [{"rank": 2, "name": "西岭县", "score": None}], ["2|西岭县|"]),
        ("leader", None, []),
        ("leader", "", []),
        ("attendees", [], []),
    ],
)
def test_items_normalise(field, value, expected):
    assert items(field, value) == expected


# --- extraction scores ---------------------------------------------------------------------------------------


def test_a_known_wrong_extraction_gives_known_precision_and_recall():
    gold = {"leader": "苏青禾", "leader_title": "市委书记", "attendees": ["方一舟", "林小木"], "month": 5, "days": [6]}
    extracted = {
        "leader": "市委书记苏青禾", "attendees": ["方一舟", "林小木", "邵远主持推进会"], "month": 5, "days": [6, 7],
    }
    scores = score_facts(gold, extracted)
    assert (scores["attendees"].correct, scores["attendees"].extracted, scores["attendees"].gold) == (2, 3, 2)
    assert scores["attendees"].precision == pytest.approx(2 / 3) and scores["attendees"].recall == 1.0
    assert scores["attendees"].f1 == pytest.approx(0.8)
    # a title left on the name is a wrong value: extracted, not correct
    assert (scores["leader"].correct, scores["leader"].extracted, scores["leader"].gold) == (0, 1, 1)
    assert scores["leader"].precision == 0.0 and scores["leader"].f1 == 0.0
    # a field the extractor does not return counts as extracted empty
    assert (scores["leader_title"].extracted, scores["leader_title"].gold) == (0, 1)
    assert scores["leader_title"].precision is None and scores["leader_title"].recall == 0.0
    assert scores["days"].precision == 0.5 and scores["days"].recall == 1.0
    assert set(scores) == set(SCORED_FIELDS)


def test_a_value_where_gold_has_none_costs_precision_only():
    scores = score_facts({"round": None}, {"round": 12})
    assert (scores["round"].correct, scores["round"].extracted, scores["round"].gold) == (0, 1, 0)
    assert scores["round"].recall is None and scores["round"].f1 is None


def test_lists_are_multisets():
    gold = {"rankings": [{"rank": 2, "name": "甲项目"}, {"rank": 2, "name": "甲项目"}]}
    scores = score_facts(gold, {"rankings": [{"rank": 2, "name": "甲项目"}]})
    assert (scores["rankings"].correct, scores["rankings"].extracted, scores["rankings"].gold) == (1, 1, 2)


def test_micro_adds_counts_not_ratios():
    case_a = Case("a", "甲", {"month": 5, "attendees": ["方一舟", "林小木", "邵远", "钟禾"]})
    case_b = Case("b", "乙", {"month": 9})
    facts = {"甲": {"month": 5, "attendees": ["方一舟"]}, "乙": {"month": 3}}
    result = evaluate([case_a, case_b], _identity_repair, facts.__getitem__)
    micro = result.micro
    assert (micro.correct, micro.extracted, micro.gold) == (2, 3, 6)
    assert micro.precision == pytest.approx(2 / 3) and micro.recall == pytest.approx(1 / 3)
    assert result.fields["month"].precision == 0.5 and result.reports == 2
    assert result.per_report["b"]["month"].correct == 0


def test_field_score_undefined_ratios():
    empty = FieldScore()
    assert (empty.precision, empty.recall, empty.f1) == (None, None, None)


# --- repair scores -------------------------------------------------------------------------------------------


def _identity_repair(text):
    return SimpleNamespace(text=text, spans=[])


def test_apply_corrections_and_overlap():
    text = "柳河縣長邵遠"
    corrections = [
        {"offset": 4, "length": 2, "replacement": "邵远"},  # any order
        {"offset": 2, "length": 1, "replacement": "县"},
        {"offset": 3, "length": 1, "replacement": "长"},
    ]
    assert apply_corrections(text, corrections) == "柳河县长邵远"
    with pytest.raises(CorpusError):
        overlapping = [{"offset": 0, "length": 3, "replacement": ""}, {"offset": 2, "length": 1, "replacement": ""}]
        apply_corrections(text, overlapping)
    with pytest.raises(CorpusError):
        apply_corrections(text, [{"offset": 5, "length": 3, "replacement": ""}])


def test_clean_text_must_come_back_unchanged():
    text = "5月6日，市长苏青禾带队观摩。"
    assert score_repair(text, None, text, []).accuracy == 1.0
    changed = score_repair(text, None, text.replace("观摩", "观看"), [])
    assert (changed.correct, changed.errors) == (len(text) - 1, 1)


def test_char_accuracy_counts_errors_and_skips_flagged_spans():
    text = "苏青禾帶隊觀?(mó)項目"
    gold = {
        "corrections": [
            {"offset": 3, "length": 1, "replacement": "带"},
            {"offset": 4, "length": 1, "replacement": "队"},
            {"offset": 5, "length": 1, "replacement": "观"},
            {"offset": 6, "length": 5, "replacement": "摩"},
            {"offset": 11, "length": 1, "replacement": "项"},
        ],
        "flagged": [{"offset": 6, "length": 5, "kind": "lost_characters"}],
    }
    target = apply_corrections(text, gold["corrections"])
    assert target == "苏青禾带队观摩项目"
    # the lost character flagged, one conversion missed (項): 7 of 8 counted characters right
    repaired = "苏青禾带队观□項目"
    score = score_repair(text, gold, repaired, [_span(6, "□", 6, "?(mó)")])
    assert (score.correct, score.errors, score.excluded) == (7, 1, 1)
    assert score.accuracy == pytest.approx(7 / 8)
    assert (score.damaged_spans, score.unflagged_spans) == (1, 0)
    # the same output without the flag: the □ is an error and the damaged span is unflagged
    unflagged = score_repair(text, gold, repaired, [])
    assert (unflagged.correct, unflagged.errors, unflagged.unflagged_spans) == (7, 2, 1)


def test_a_flagged_deletion_excludes_what_it_touches():
    text = "甲乙,\n丙丁"
    gold = {
        "corrections": [{"offset": 3, "length": 1, "replacement": ""}],
        "flagged": [{"offset": 3, "length": 1, "kind": "injected_break"}],
    }
    # the repair deleted the break and flagged the deletion with an empty marker
    score = score_repair(text, gold, "甲乙,丙丁", [_span(3, "", 3, "\n")])
    assert (score.correct, score.errors, score.unflagged_spans) == (5, 0, 0)
    # left in and not flagged: one error
    assert score_repair(text, gold, text, []).errors == 1


# --- folders and the command ---------------------------------------------------------------------------------


def _folder(tmp_path, reports, csv_rows=None):
    (tmp_path / "gold").mkdir()
    (tmp_path / "texts").mkdir()
    for ident, (text, gold) in reports.items():
        (tmp_path / "gold" / f"{ident}.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
        if text is not None:
            (tmp_path / "texts" / f"{ident}.txt").write_text(text, encoding="utf-8")
    if csv_rows:
        lines = ["id,url,split"] + [f"{ident},http://example.invalid/{ident},{split}" for ident, split in csv_rows]
        (tmp_path / "reports.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


def test_load_corpus_filters_by_split(tmp_path):
    reports = {"a": ("5月6日。", {"month": 5}), "b": ("7月8日。", {"month": 7})}
    folder = _folder(tmp_path, reports, [("a", "dev"), ("b", "test")])
    assert [case.id for case in load_corpus(folder)] == ["a", "b"]
    [case] = load_corpus(folder, "test")
    assert (case.id, case.split, case.text) == ("b", "test", "7月8日。")


@pytest.mark.parametrize(
    ("reports", "csv_rows", "split", "message"),
    [
        ({"a": (None, {"month": 5})}, None, None, "缺少文本"),
        ({"a": ("5月6日。", {"month": 5})}, None, "test", "reports.csv"),
        ({"a": ("5月6日。", {"month": 5})}, [("a", "dev")], "test", "没有可评估的报告"),
    ],
)
def test_load_corpus_explains_what_is_wrong(tmp_path, reports, csv_rows, split, message):
    folder = _folder(tmp_path, reports, csv_rows)
    with pytest.raises(CorpusError, match=message):
        load_corpus(folder, split)


def test_load_corpus_names_a_broken_gold_file(tmp_path):
    folder = _folder(tmp_path, {"a": ("5月6日。", {"month": 5})})
    (folder / "gold" / "a.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(CorpusError, match="a.json"):
        load_corpus(folder)
    with pytest.raises(CorpusError, match="gold"):
        load_corpus(tmp_path / "nowhere")


def test_format_report_prints_fields_and_micro():
    case = Case("a", "甲", {"month": 5, "city": "柳河"})
    result = evaluate([case], _identity_repair, lambda _: {"month": 5, "city": "青松"})
    table = format_report(result, "dev")
    assert "报告 1 份（划分 dev）" in table
    month_row = next(line for line in table.splitlines() if line.startswith("month"))
    assert month_row.split() == ["month", "1", "1", "1", "1.000", "1.000", "1.000"]
    micro_row = next(line for line in table.splitlines() if line.startswith("合计"))
    assert micro_row.split()[2:] == ["2", "1", "2", "0.500", "0.500", "0.500"]
    assert "修复字符准确率" in table and "未被标记的受损区段: 0 / 0" in table


@pytest.mark.skipif(not settings.configured, reason="needs Django settings (pytest-django)")
def test_news_evaluate_command(tmp_path):
    from django.core.management import CommandError, call_command

    text = "5月6日，青松市第三次项目观摩会举行。市长苏青禾主持。\n"
    gold = {"round": 3, "month": 5, "days": [6], "presiding": "苏青禾"}
    folder = _folder(tmp_path, {"r1": (text, gold)}, [("r1", "test")])
    out = io.StringIO()
    call_command("news", "evaluate", str(folder), "--split", "test", stdout=out)
    table = out.getvalue()
    assert "报告 1 份（划分 test）" in table
    rows = {line.split()[0]: line.split() for line in table.splitlines() if line and line.split()[0] in SCORED_FIELDS}
    assert rows["round"][1:4] == ["1", "1", "1"]
    # the title is kept apart from the name since issue 13: 苏青禾 is correct
    assert rows["presiding"][1:4] == ["1", "1", "1"]
    assert "未被标记的受损区段: 0 / 0" in table
    with pytest.raises(CommandError) as caught:
        call_command("news", "evaluate", str(tmp_path / "nowhere"), stdout=io.StringIO())
    assert caught.value.returncode == 2 and "gold" in str(caught.value)


# --- the committed real-report corpus (its texts are not in git; its gold and list are) ----------------------


def test_committed_gold_files_are_well_formed():
    import csv
    from pathlib import Path

    corpus = Path(__file__).resolve().parents[2] / "corpus" / "news"
    with (corpus / "reports.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    ids = {row["id"] for row in rows}
    assert {path.stem for path in (corpus / "gold").glob("*.json")} == ids
    assert sum(row["split"] == "test" for row in rows) == len(rows) // 2
    assert {row["split"] for row in rows} == {"dev", "test"}
    for ident in sorted(ids):
        gold = json.loads((corpus / "gold" / f"{ident}.json").read_text(encoding="utf-8"))
        assert gold["id"] == ident and set(gold) <= {"id", "repair", *SCORED_FIELDS}, ident
        repair = gold.get("repair", {})
        ends = [(c["offset"], c["offset"] + c["length"]) for c in repair.get("corrections", [])]
        # sorted and not overlapping; each flagged span lies inside a correction
        assert all(a <= b <= c for (a, b), (c, _) in zip(ends, ends[1:], strict=False)), ident
        for span in repair.get("flagged", []):
            assert any(a <= span["offset"] and span["offset"] + span["length"] <= b for a, b in ends), ident
