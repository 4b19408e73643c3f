"""Tests of the pure fact extraction (issue 7). No Django needed."""

import json

import pytest

from tests.newsroom.corpus import GOLD, REPORTS, SEEDS, damage, field_scores
from yuanqu.newsroom.extract import FIELDS, chinese_number, extract
from yuanqu.newsroom.repair import repair


@pytest.mark.parametrize(("text", "number"), [("十八", 18), ("二十一", 21), ("18", 18), ("十", 10), ("一百零二", 102)])
def test_chinese_number(text, number):
    assert chinese_number(text) == number


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_clean_reports_match_gold(name):
    facts = extract(REPORTS[name])
    assert set(FIELDS) <= set(facts)
    for field, expected in GOLD[name].items():
        assert facts[field] == expected, field
    json.dumps(facts, ensure_ascii=False)


def test_issue_example_sentence():
    text = ("8月23日至24日，全市第十八次产业园区项目载体建设现场推进会在亭湖区、盐都区举行。"
            "市委书记林正泽在带领下。市长韩立明主持。")
    facts = extract(text)
    assert (facts["round"], facts["month"], facts["days"]) == (18, 8, [23, 24])
    assert facts["visited_districts"] == ["亭湖区", "盐都区"] and facts["presiding"] == "韩立明"


def test_unknown_fields_are_null_not_guessed():
    facts = extract("今天天气很好。")
    assert all(facts[f] in (None, []) for f in FIELDS)
    assert facts["year_basis"] is None


def test_year_only_with_a_stated_basis():
    assert extract("8月23日，第3次推进会在亭湖区举行。")["year"] is None
    inferred = extract("发布时间：2024-09-01\n8月23日，第3次推进会在亭湖区举行。")
    assert inferred["year"] == 2024 and inferred["year_basis"] == "publication_date"
    # published before the meeting date: the year is not inferred
    assert extract("发布时间：2024-08-01\n8月23日，第3次推进会在亭湖区举行。")["year"] is None
    assert extract("2022年8月23日，第3次推进会举行。")["year_basis"] == "text"


def test_extraction_after_damage_and_repair():
    pairs = [(GOLD[name], extract(repair(damage(text, seed=seed).text).text))
             for name, text in REPORTS.items() for seed in SEEDS]
    scores = field_scores(pairs)
    for field, (precision, recall) in scores.items():
        # lost characters inside a value make it wrong; they are rare enough to keep these floors
        assert precision is None or precision >= 0.8, field
        assert recall is None or recall >= 0.7, field
    # with no lost characters, repair + extract equals extraction from the clean text
    pairs = [(GOLD[name], extract(repair(damage(text, seed=seed, lost_rate=0, broken_rate=0).text).text))
             for name, text in REPORTS.items() for seed in SEEDS]
    assert all(p in (None, 1.0) and r in (None, 1.0) for p, r in field_scores(pairs).values())
