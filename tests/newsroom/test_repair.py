"""Tests of the pure text repair (issue 7). No Django needed."""

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.newsroom.corpus import LEGITIMATE_PARENTHESES, REPORTS, SEEDS, char_score, damage
from yuanqu.newsroom.corrections import PHRASE_FIXES, READING_FIXES
from yuanqu.newsroom.repair import LOST_MARKER, is_reading, repair

T2S = opencc.OpenCC("t2s")


def test_issue_examples():
    assert repair("產(chǎn)業(yè)發(fā)展").text == "产业发展"
    assert repair("建設(shè)").text == "建设"


def test_toneless_simplified_variant_loses_only_annotations():
    result = repair("我们的(de)工作")
    assert result.text == "我们的工作"
    assert not result.converted and result.annotations_removed == 1


@pytest.mark.parametrize("text", ["署名(张三)", "起步(2019年)", "总量(GDP)", "增长(12.5%)", "智能(ai)", "能(AI)"])
def test_parentheses_that_are_not_readings_stay(text):
    assert repair("產(chǎn)業(yè)發展" + text).text == "产业发展" + text


def test_each_occurrence_is_checked():
    # the same syllable after another character is not an annotation of it
    assert repair("產(chǎn)業(chǎn)").text == "产业(chǎn)"


def test_tone_numbers_and_v_for_u_are_readings():
    assert is_reading("產", "chan3") and is_reading("綠", "lv4") and is_reading("綠", "lǜ")
    assert not is_reading("產", "ye")


def test_punctuation_widths_and_whitespace_stay():
    assert repair("產業,發展。\r\n項目，建設!") .text == "产业,发展。\r\n项目，建设!"


@pytest.mark.parametrize(
    ("damaged", "expected"),
    [
        ("看著(zhe)", "看着"), ("著(zhuó)陸", "着陆"), ("顯著(zhù)", "显著"), ("看著(zhù)", "看著"),
        ("乾(qián)坤大地發展", "乾坤大地发展"), ("乾(gān)淨", "干净"), ("瞭(liào)望塔", "瞭望塔"),
        ("瞭(liǎo)解", "了解"), ("狼藉(jí)", "狼藉"), ("徵(zhǐ)音", "徵音"), ("徵(zhēng)收", "征收"),
    ],
)
def test_reading_fixes(damaged, expected):
    assert repair(damaged + "產業").text == expected + "产业"


@pytest.mark.parametrize("word", sorted(w for w, fixed in PHRASE_FIXES.items() if w != fixed))
def test_phrase_fix_is_needed_and_applied(word):
    traditional = opencc.OpenCC("s2t").convert(word).replace("着", "著")
    assert T2S.convert(traditional) == word, "OpenCC got this right: the entry is no longer needed"
    assert repair(traditional + "產業發展").text == PHRASE_FIXES[word] + "产业发展"


@pytest.mark.parametrize("word", sorted(w for w, fixed in PHRASE_FIXES.items() if w == fixed))
def test_zhu_words_keep_zhu(word):
    assert repair(opencc.OpenCC("s2t").convert(word) + "力度產業").text == word + "力度产业"


def test_reading_fix_entries_are_readings():
    for (char, reading) in READING_FIXES:
        assert is_reading(char, reading), (char, reading)


def test_lost_character_is_flagged_not_invented():
    result = repair("產業發(fā)?(zhǎn)項目")
    assert result.text == f"产业发{LOST_MARKER}项目"
    [span] = result.spans
    assert (span.offset, span.input_offset, span.raw, span.kind) == (3, 7, "?(zhǎn)", "lost_character")
    # the reading guides a suggestion (发展 is a word) that is offered, never written into the text
    assert span.suggestion == "展" and span.reading == "zhǎn"
    assert result.text[span.offset:span.offset + len(span.marker)] == LOST_MARKER


def test_replacement_character_is_lost():
    result = repair("產業發展\ufffd項目")
    assert result.text == "产业发展□项目" and result.spans[0].kind == "lost_character"


def test_broken_annotation_certain_deletion():
    result = repair("產(ch業發展")
    assert result.text == "产业发展"
    [span] = result.spans
    assert span.kind == "broken_annotation" and span.suggestion == "" and span.raw == "(ch"


def test_bare_question_mark_is_only_a_possibility():
    result = repair("他說?我們的產業")
    assert result.text == "他说?我们的产业"
    assert [s.kind for s in result.spans] == ["possible_lost_character"]


def test_unplaceable_fragment_stays():
    result = repair("產業ǎn)發展")
    assert result.text == "产业ǎn)发展" and result.spans[0].kind == "fragment"


def test_clean_simplified_report_is_the_same_string():
    for text in REPORTS.values():
        result = repair(text)
        assert result.text is text and result.spans == []


def test_corpus_repair_is_exact_outside_flagged_spans():
    for options in ({}, {"traditional": False, "toneless": True}):
        for clean in REPORTS.values():
            for seed in SEEDS:
                damaged = damage(clean, seed=seed, **options)
                score = char_score(clean, repair(damaged.text))
                assert score.errors == 0, (seed, options)
                assert score.flagged >= damaged.lost  # every lost character sits under a span


def test_span_offsets_point_at_markers():
    for clean in REPORTS.values():
        for seed in SEEDS:
            text = damage(clean, seed=seed, lost_rate=0.03).text
            result = repair(text)
            for span in result.spans:
                assert text[span.input_offset:span.input_offset + len(span.raw)] == span.raw
                assert result.text[span.offset:span.offset + len(span.marker)] == span.marker


def test_legitimate_parentheses_survive_damaged_text():
    sentence = "".join(f"第{i}项工作{group}进展顺利，" for i, group in enumerate(LEGITIMATE_PARENTHESES))
    for seed in SEEDS:
        repaired = repair(damage(sentence, seed=seed, lost_rate=0, broken_rate=0).text).text
        assert repaired == sentence


# Property tests --------------------------------------------------------------------------------

def _gb2312(codepoint: int) -> bool:
    try:
        chr(codepoint).encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


SIMPLIFIED = st.sampled_from([chr(c) for c in range(0x4E00, 0xA000) if _gb2312(c)])
PUNCTUATION = st.sampled_from(list("，。、；：？！“”（）《》,.;:?!()- \n0123456789ABCxyz"))
CLEAN = st.lists(st.one_of(SIMPLIFIED, SIMPLIFIED, PUNCTUATION, st.sampled_from(LEGITIMATE_PARENTHESES)), max_size=80)


@settings(max_examples=300, deadline=None)
@given(CLEAN)
def test_property_clean_simplified_passes_unchanged(pieces):
    text = "".join(pieces)
    # a random "X(de)" can genuinely be an annotation; the property is about text without one
    result = repair(text)
    if result.annotations_removed == 0:
        assert result.text == text and result.spans == []


@settings(max_examples=200, deadline=None)
@given(st.lists(SIMPLIFIED, min_size=2, max_size=30), st.sampled_from(LEGITIMATE_PARENTHESES), st.integers(0, 10**6))
def test_property_legitimate_parentheses_survive(chars, group, seed):
    clean = "".join(chars) + group + "产业发展"
    damaged = damage(clean, seed=seed, lost_rate=0, broken_rate=0, annotate_share=0.5)
    repaired = repair(damaged.text).text
    assert group in repaired
