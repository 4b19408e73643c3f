"""The fast annotation stripping of ``repair`` against the obvious per-annotation algorithm (issue 7)."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.newsroom.corpus import LEGITIMATE_PARENTHESES, REPORTS, SEEDS, damage
from yuanqu.newsroom import repair as core
from yuanqu.newsroom.corrections import READING_FIXES
from yuanqu.newsroom.repair import is_reading, readings, repair

# The obvious algorithm: every "(syllable)" right after a character, checked one at a time.
_ANNOTATION = re.compile(rf"([{core._CJK}])\(({core._SYLLABLE})\)")
_KEEP = {char for (char, _), value in READING_FIXES.items() if char == value}


def _reference_strip(text: str) -> tuple[str, int]:
    removed = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal removed
        char, syllable = match[1], match[2]
        if not is_reading(char, syllable):
            return match[0]
        removed += 1
        target = READING_FIXES.get((char, core._normalise(syllable)), char)
        return core._PLACEHOLDER[char] if target == char and char in _KEEP else target

    return _ANNOTATION.sub(replace, text), removed


CHARS = st.sampled_from(list("產業發展建設著乾瞭藉徵的得地我们能綠女略项目") + ["㐂", "𠀀", "\ufffd", "\ue000"])
SYLLABLES = st.sampled_from([
    "chǎn", "chan3", "chan", "chàn", "yè", "ye4", "ye", "zhe", "zhe5", "zhù", "zhuó", "zhao1", "qián", "gān", "gan",
    "liào", "liǎo", "liao", "jí", "jie4", "zhǐ", "zhēng", "de", "de5", "dé", "di4", "lv4", "lǜ", "lü", "nv3",
    "nu\u03083", "cha\u030cn", "ai", "a", "fā", "fa1", "zhǎn", "m\u0304", "xyz", "zhuangzhuang",
])
OTHERS = st.sampled_from(
    ["?", "(", ")", "(zh", "ǎn)", "?(zh", "?ǎn)", "，", "。", " ", "\n", "a", "1", *LEGITIMATE_PARENTHESES]
)
PIECES = st.lists(st.one_of(CHARS, CHARS, SYLLABLES.map(lambda s: f"({s})"), SYLLABLES.map(lambda s: f"({s})"), OTHERS),
                  max_size=40)


@settings(max_examples=2000, deadline=None)
@given(PIECES)
def test_strip_equals_the_per_annotation_algorithm(pieces):
    text = "".join(pieces)
    stripped = core._strip(text)
    assert (stripped.text, stripped.removed) == _reference_strip(text)


def test_strip_equals_the_per_annotation_algorithm_on_the_corpus():
    for options in ({}, {"traditional": False, "toneless": True}, {"lost_rate": 0.05, "broken_rate": 0.03}):
        for clean in REPORTS.values():
            for seed in SEEDS:
                text = damage(clean, seed=seed, **options).text
                stripped = core._strip(text)
                assert (stripped.text, stripped.removed) == _reference_strip(text), (seed, options)
                assert repair(text).annotations_removed == stripped.removed


def test_one_long_text_gives_the_spans_of_its_reports():
    # offsets are kept with running totals over a long text: they must agree with report-by-report ones
    texts = [damage(clean, seed=seed, lost_rate=0.03).text for seed in SEEDS for clean in REPORTS.values()]
    whole = repair("\n".join(texts))
    expected, in_shift, out_shift = [], 0, 0
    for text in texts:
        result = repair(text)
        expected += [(s.offset + out_shift, s.input_offset + in_shift, s.raw, s.kind) for s in result.spans]
        in_shift, out_shift = in_shift + len(text) + 1, out_shift + len(result.text) + 1
    assert [(s.offset, s.input_offset, s.raw, s.kind) for s in whole.spans] == expected


def test_parentheses_that_are_not_readings_survive():
    for text in ("起步(2019年)", "总量(GDP)", "署名(张三)", "第(1)条", "工作(de)进展", "產業(de)發展"):
        assert repair(text).text == core._T2S.convert(text)
    assert not is_reading("作", "de") and not is_reading("業", "de")


def test_characters_without_a_reading_have_none():
    # pypinyin answers "" for them; that used to end repair with an IndexError
    assert readings("㐂") == frozenset()
    assert repair("㐂(a)產業").text == "㐂(a)产业"
