"""The fast annotation stripping of ``repair`` against the obvious per-annotation algorithm (issue 7)."""

import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.newsroom.corpus import LEGITIMATE_PARENTHESES, REPORTS, SEEDS, damage
from yuanqu.newsroom import repair as core
from yuanqu.newsroom.corrections import PHRASE_FIXES, READING_FIXES
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


# The C scan (src/yuanqu/newsroom/_scan.c) against its specification, repair._scan_python: the stripped text,
# the counts, the damage matches with their shifts, the Traditional count, all identical.

DAMAGE_PIECES = st.sampled_from([
    "?", "??", "\ufffd", "?\ufffd", "(", ")", "((", "))", "(zh", "(zhuang", "(zhuangz", "ǎn)", "ng4)", "zhuangzh)",
    "?(zh", "?(zhǎng)", "?(zhǎng", "?ǎn)", "?an3)", "?an3", "(?", "(zh?", "(zh?ǎn)", "(a1", "3)", "a)", "(1)", "e5)",
    "x新", "(x", "?(x)", "ǎ", "a\u030c", "ḿ", "ǹg)", "，", "。", " ", "\n", "（", "）",
])
SCAN_PIECES = st.lists(
    st.one_of(CHARS, CHARS, SYLLABLES.map(lambda s: f"({s})"), SYLLABLES.map(lambda s: f"({s})"), OTHERS,
              DAMAGE_PIECES, DAMAGE_PIECES),
    max_size=60,
)


def _both_scans(text: str) -> tuple:
    return core._strip(text), core._strip(text, core._scan_python)


def test_the_c_scan_is_built():
    # `pip install -e .` compiles it (setup.py); without it repair still works, at a quarter of the speed
    assert core._native is not None and core._SCAN is core._native.scan


@settings(max_examples=3000, deadline=None)
@given(SCAN_PIECES)
def test_c_scan_equals_its_python_specification(pieces):
    native, python = _both_scans("".join(pieces))
    assert native == python


def test_c_scan_equals_its_python_specification_on_the_corpus():
    for options in ({}, {"traditional": False, "toneless": True}, {"lost_rate": 0.05, "broken_rate": 0.03}):
        matches = 0
        for clean in REPORTS.values():
            for seed in SEEDS:
                native, python = _both_scans(damage(clean, seed=seed, **options).text)
                assert native == python, (seed, options)
                matches += len(native.damage) // 4
        assert matches > 50, options  # the damage matcher was exercised, not only the stripping


def test_c_scan_keeps_strings_in_their_smallest_form():
    # a supplementary character outside the pairs keeps the result 4 bytes wide; when only BMP characters are
    # left the result must be 2 bytes wide, or it would compare unequal to the same text built in Python
    for text in ("𠀀產(chǎn)業", "產(chǎn)業", "𠀀(a)產(chǎn)", "abc(zh)", "產(chǎn)"):
        native, python = _both_scans(text)
        assert native.text == python.text and native == python
    assert core._strip("𠀀產(chǎn)業").text == "𠀀產業" and core._strip("產(chǎn)業").text == "產業"
    # a pair whose supplementary character is replaced leaves only BMP characters: 2 bytes wide again
    bitmap = core._traditional_bitmap()
    for text, expected in (("𠀀(a)x", "乾x"), ("x𠀀(a)", "x乾"), ("ab𠀀(a)", "ab乾")):
        stripped = core._SCAN(text, {"𠀀(a)": "乾"}, 0, 0, bitmap)[0]
        assert stripped == expected and stripped.encode("utf-16-le") == expected.encode("utf-16-le")


def test_c_scan_passes_errors_of_the_table_on():
    class Broken(dict):
        def __missing__(self, key):
            raise LookupError(key)

    with pytest.raises(LookupError):
        core._SCAN("產(chǎn)", Broken(), 0, 0, core._traditional_bitmap())
    assert repair("產(chǎn)業").text == "产业"  # the scan's remembered values were not disturbed


# The specification of _fix_phrases: one regex of the words, longest first, tried at every position.
_PHRASE_FIX = re.compile("|".join(sorted(map(re.escape, PHRASE_FIXES), key=len, reverse=True)))


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(list("著随接紧意味看有带围绕朝名显作者土卓") + list(PHRASE_FIXES)), max_size=12))
def test_phrase_fixes_around_each_zhe_equal_one_regex_substitution(pieces):
    text = "".join(pieces)
    assert core._fix_phrases(text) == _PHRASE_FIX.sub(lambda m: PHRASE_FIXES[m[0]], text)


def test_every_phrase_fix_holds_one_zhe():
    # _fix_phrases looks for words only around each 著, at most _PHRASE_REACH characters before it
    assert all(word.count("著") == 1 for word in PHRASE_FIXES)


def test_c_scan_with_more_distinct_pairs_than_it_remembers():
    # 24,000 distinct pairs: the C scan's table of remembered values (8,192) fills up and starts again
    syllables = ("a", "yi", "ding", "qi")
    text = "".join(f"{chr(code)}({syllable})" for code in range(0x4E00, 0x4E00 + 6000) for syllable in syllables)
    native, python = _both_scans(text)
    assert native == python and native.pairs == 24000 and 0 < native.removed < 24000
    assert core._strip(text) == native


def test_c_scan_runs_clean_under_address_and_undefined_behaviour_sanitizers():
    # builds _scan.c with -fsanitize=address,undefined and runs it against its specification (scripts/asan-scan.sh)
    script = Path(__file__).resolve().parents[2] / "scripts" / "asan-scan.sh"
    run = subprocess.run(["bash", str(script), "3000"], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-4000:]
    assert "ran clean" in run.stdout
