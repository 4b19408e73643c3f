"""Repair news reports copied from district portals (DESIGN.md §5, issue 7).

The damage: Traditional characters, some followed by their pinyin in ASCII parentheses
(``產(chǎn)業(yè)``), a Simplified variant with toneless pinyin (``的(de)``), and now and then a
character lost as ``?`` (or U+FFFD) with stray pinyin fragments around it.

``repair`` removes an annotation only where the syllable is a reading of the character before it,
converts Traditional to Simplified with OpenCC ``t2s`` plus the context fixes of
:mod:`yuanqu.newsroom.corrections`, and reports damaged spans instead of guessing. Clean
Simplified text is returned as the very same string.

Pure: no Django. The hot path is one pass over the text in C (``_scan.c``, built by
``pip install``), because the benchmark compares repair with bare OpenCC (benchmarks/bench_repair.py);
``_scan_python`` is its specification and stands in when the extension is not built.
"""

from __future__ import annotations

import os

# Single-character readings are all we need; without phrases pypinyin needs ~13 MB, not ~57 MB.
os.environ.setdefault("PYPINYIN_NO_PHRASES", "true")

import functools  # noqa: E402
import re  # noqa: E402
import unicodedata  # noqa: E402
from dataclasses import asdict, dataclass, field  # noqa: E402
from typing import NamedTuple  # noqa: E402

import opencc  # noqa: E402
from pypinyin import Style, pinyin  # noqa: E402
from pypinyin.pinyin_dict import pinyin_dict  # noqa: E402

from yuanqu.newsroom import noise as _noise  # noqa: E402
from yuanqu.newsroom.corrections import CHAR_FIXES, PHRASE_FIXES, READING_FIXES  # noqa: E402

try:
    from yuanqu.newsroom import _scan as _native  # noqa: E402
except ImportError:  # pragma: no cover - the extension is built by `pip install -e .`
    _native = None

__all__ = ["LOST_MARKER", "DamagedSpan", "RepairResult", "is_reading", "readings", "repair"]

#: Stands in the repaired text for each character known to be lost (□ is the customary mark
#: for a missing character in Chinese text editions).
LOST_MARKER = "□"

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_TONE_LETTERS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ\u0300-\u036f"
_PY = f"a-z{_TONE_LETTERS}"
_SYLLABLE = f"[{_PY}]{{1,8}}[1-5]?"

# A character and the annotation after it, captured whole: splitting gives segment, pair, segment, ...
_PAIR = re.compile(rf"([{_CJK}]\({_SYLLABLE}\))")
_DAMAGE = re.compile(
    # the leading lookahead rejects most positions (characters, punctuation) with one set test
    r"(?=[?\ufffd(a-z\u00e0-\u01dc\u0144\u0148\u01f9\u1e3f\u0300-\u036f])"
    rf"(?:(?P<lost>(?:\([{_PY}]*)?[?\ufffd]+(?:\([{_PY}]*[1-5]?\)?|[{_PY}]+[1-5]?\))?)"
    rf"|(?<=[{_CJK}])(?P<open>\([{_PY}]{{1,6}})(?![{_PY})])"
    rf"|(?<=[{_CJK}])(?P<close>[{_PY}]{{1,6}}[1-5]?\)))"
)
_ENDS_WITH_CHAR = re.compile(rf"[{_CJK}](?:\({_SYLLABLE}\))?\Z")
_CJK_CHAR = re.compile(rf"[{_CJK}]")
_LETTERS = re.compile(rf"[{_PY}]+[1-5]?")
_QMARKS = re.compile(r"[?\ufffd]+")
_QMARKS_GROUP = re.compile(r"([?\ufffd]+)")
_PY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz12345" + _TONE_LETTERS.replace("\u0300-\u036f", "")) | frozenset(
    map(chr, range(0x300, 0x370))
)

_T2S = opencc.OpenCC("t2s")  # never tw2sp: it rewrites mainland vocabulary (DESIGN.md §5)
_CHAR_TABLE = str.maketrans(CHAR_FIXES)
_t2s_short = functools.lru_cache(maxsize=8192)(_T2S.convert)  # one character or two, converted again and again

# READING_FIXES values that must survive conversion unchanged ride through it as Unicode
# noncharacters (U+FDD0..., reserved for exactly such internal use, never in a real report) and are
# restored afterwards.
_KEEP = sorted({value for (char, _), value in READING_FIXES.items() if value == char})
_PLACEHOLDER_BASE = 0xFDD0
_PLACEHOLDER = {char: chr(_PLACEHOLDER_BASE + index) for index, char in enumerate(_KEEP)}
_PLACEHOLDER_END = _PLACEHOLDER_BASE + len(_KEEP)

# every word of PHRASE_FIXES holds one 著; this is how far before it a word can start
_PHRASE_REACH = max(word.index("著") for word in PHRASE_FIXES)
_PHRASE_LENGTHS = sorted({len(word) for word in PHRASE_FIXES}, reverse=True)


@dataclass(slots=True)  # not frozen: a frozen dataclass's __init__ costs 4x, and a report has dozens of spans
class DamagedSpan:
    """A stretch of the input that could not be repaired with certainty.

    ``offset`` is where ``marker`` stands in the repaired text, ``input_offset`` where ``raw``
    started in the input. ``kind`` is ``lost_character`` (a ``?``/U+FFFD with pinyin fragments:
    a character is certainly missing; marker is one □ per lost character), ``possible_lost_character``
    (a bare ``?`` next to a character: maybe punctuation, left as written), ``broken_annotation``
    (a truncated annotation of the character before it; the certain suggestion is to delete it)
    or ``fragment`` (pinyin-like letters we cannot place; left as written). A lost character's span takes in
    the garbage around it (``?shù)亟?jīng)``, ``?!表椖坑^``, ``??h``), so no half-converted run is ever emitted.
    Removals of noise (issue 13) have the kinds ``site_chrome``, ``injected_break`` (with the punctuation after
    the break), ``broken_line`` (with the two characters it joins) and ``lost_indent``; their ``marker`` is
    what stands in place of ``raw`` (often nothing). ``suggestion`` is what the reviewer is offered: for a
    deletion, a broken annotation or a removal it is what ``marker`` holds (the repair made it); for a lost
    character it is a proposal, never written into the text: the characters whose readings survived and that
    make a word with their neighbours (``展`` for ``發(fā)?(zhǎn)``, ``□经`` where only one is found), else None.
    ``reading`` is the pinyin that survived next to a lost character, a hint for the reviewer.
    """

    offset: int
    input_offset: int
    raw: str
    kind: str
    suggestion: str | None
    marker: str
    reading: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(slots=True)  # not frozen, for the same reason as DamagedSpan: repair() makes one per call
class RepairResult:
    """The repaired text, the spans a person should review, and what was done."""

    text: str
    spans: list[DamagedSpan] = field(default_factory=list)
    converted: bool = False
    annotations_removed: int = 0


def _normalise(syllable: str) -> str:
    return unicodedata.normalize("NFC", syllable).replace("v", "ü")


def _toneless(syllable: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllable.replace("ü", "v"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("v", "ü")


@functools.cache
def readings(char: str) -> frozenset[str]:
    """All readings of ``char`` and of its Simplified form: tone marks, tone numbers, toneless.

    ü is spelled ``ü`` in every style (annotations written with ``v`` are normalised before
    lookup). Unknown characters have no readings.
    """
    forms = {char}
    simplified = _T2S.convert(char)
    if len(simplified) == 1:
        forms.add(simplified)
    found: set[str] = set()
    for form in forms:
        for style in (Style.TONE, Style.TONE3, Style.NORMAL):
            found.update(_normalise(r) for r in pinyin(form, style=style, heteronym=True, errors=lambda _: [[]])[0])
    found.discard("")  # what pypinyin gives a character it has no reading for
    found.update(r + "5" for r in list(found) if r.isascii() and not r[-1].isdigit())  # neutral tone: de5
    return frozenset(found)


def is_reading(char: str, syllable: str) -> bool:
    """True when ``syllable`` (tone marks, tone number or toneless; ``v`` for ü) reads ``char``."""
    return _normalise(syllable) in readings(char)


class _Replacements(dict):
    """``"產(chǎn)"`` (a character and its annotation) -> what the pair becomes.

    The character alone when the syllable reads it, the pair itself when it does not, or the
    character's replacement when the reading decides it (:data:`READING_FIXES`; a placeholder when
    the character must survive conversion). Keyed by the pair as written: the scan looks each pair up
    as it finds it (and the C scan remembers the answer), so a pair costs Python code only the first
    time it is seen. Values never change once set; the C scan relies on that.
    """

    def __missing__(self, pair: str) -> str:
        char, syllable = pair[0], _normalise(pair[2:-1])
        if syllable not in readings(char):
            value = pair
        else:
            target = READING_FIXES.get((char, syllable), char)
            value = _PLACEHOLDER.get(char, char) if target == char else target
        self[pair] = value
        return value


_REPLACEMENTS = _Replacements()


class _Scan(NamedTuple):
    """One pass over the input: the annotations stripped, Traditional characters counted, damage matched."""

    text: str  # the input with every pair replaced by its _REPLACEMENTS value
    pairs: int  # pairs found ("產(chǎn)", "能(ai)": a character and a syllable in parentheses)
    removed: int  # of those, the ones whose annotation went (the syllable reads the character)
    uses_placeholders: bool
    damage: list[int]  # flat (start, end, group, shift) of each _DAMAGE match outside the pairs; see _damage_matches
    traditional_count: int  # characters of _traditional_only() in the input


def _scan_python(text: str, table: dict, placeholder_lo: int, placeholder_hi: int, traditional: bytes):
    """The specification of ``_scan.scan``: same arguments, same result (``_Scan``'s fields). ``traditional``
    is ``_traditional_bitmap()``; this version counts with the equivalent ``_traditional_pattern()``."""
    parts = _PAIR.split(text) if "(" in text else [text]
    pairs = parts[1::2]
    values = list(map(table.__getitem__, pairs))
    if values:
        out = parts.copy()
        out[1::2] = values
        stripped = "".join(out)
    else:
        stripped = text
    removed = sum(len(value) < len(pair) for pair, value in zip(pairs, values, strict=True))
    uses = any(len(value) == 1 and placeholder_lo <= ord(value) < placeholder_hi for value in values)
    candidates: list[int] = []  # flat (input position, stripped position) of each ( ) ? U+FFFD outside the pairs
    at = to = 0
    for index, segment in enumerate(parts[0::2]):
        candidates += (
            value for offset, char in enumerate(segment) if char in "()?\ufffd" for value in (at + offset, to + offset)
        )
        at, to = at + len(segment), to + len(segment)
        if index < len(values):
            at, to = at + len(pairs[index]), to + len(values[index])
    traditional_count = len(_traditional_pattern().findall(text))
    return stripped, len(values), removed, uses, _damage_matches(text, candidates), traditional_count


if _native is not None:
    _native.configure(_TONE_LETTERS.replace("\u0300-\u036f", ""))
    _SCAN = _native.scan
else:  # pragma: no cover - the extension is built by `pip install -e .`
    _SCAN = _scan_python


def _strip(text: str, scan=None) -> _Scan:
    """Scan ``text`` (with ``_SCAN``, or the ``scan`` given): annotations that read the character before them
    removed and reading fixes applied, Traditional characters counted, damage matched."""
    scan = scan or _SCAN
    return _Scan._make(scan(text, _REPLACEMENTS, _PLACEHOLDER_BASE, _PLACEHOLDER_END, _traditional_bitmap()))


def _is_traditional(text: str, traditional_count: int) -> bool:
    # A Simplified report may carry a Traditional-only character in a name (昇); Traditional
    # reports have a fifth or more of their characters changed. 2% separates them.
    # Counted against all characters, annotations included (``_Scan.traditional_count``).
    return traditional_count >= len(text) // 50 + 1


@functools.cache
def _traditional_only() -> str:
    """Characters ``t2s`` changes that are not valid Simplified (not in GB 2312)."""
    chars = [chr(c) for c in (*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000), *range(0xF900, 0xFB00))]
    converted = _T2S.convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # pragma: no cover - OpenCC keeps newlines
        converted = [_T2S.convert(c) for c in chars]
    trad = []
    for char, simplified in zip(chars, converted, strict=True):
        if simplified != char:
            try:
                char.encode("gb2312")
            except UnicodeEncodeError:
                trad.append(char)
    return "".join(trad)


@functools.cache
def _traditional_pattern() -> re.Pattern[str]:
    return re.compile(f"[{_traditional_only()}]")


@functools.cache
def _traditional_bitmap() -> bytes:
    """The Basic Multilingual Plane as bits, set for the characters of ``_traditional_only``."""
    bits = bytearray(0x10000 // 8)
    for char in _traditional_only():
        bits[ord(char) >> 3] |= 1 << (ord(char) & 7)
    return bytes(bits)


@functools.cache
def _syllable_pieces() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(syllables, prefixes, suffixes) of every reading pypinyin knows, in all three styles."""
    toned = {_normalise(r) for value in pinyin_dict.values() for r in value.split(",")}
    syllables = set(toned)
    for r in toned:
        bare = _toneless(r)
        syllables.add(bare)
        tone = next(
            (
                str(i)
                for i, marks in enumerate(("āēīōūǖ", "áéíóúǘńḿ", "ǎěǐǒǔǚň", "àèìòùǜǹ"), 1)
                if any(m in r for m in marks)
            ),
            "",
        )
        syllables.add(bare + tone)
    prefixes = {s[:i] for s in syllables for i in range(1, len(s) + 1)}
    suffixes = {s[i:] for s in syllables for i in range(len(s))}
    return frozenset(syllables), frozenset(prefixes), frozenset(suffixes)


def _fragments_fit(raw: str) -> tuple[bool, str | None]:
    """Do the letters around a ``?`` look like pinyin pieces? Returns (fits, full syllable)."""
    syllables, prefixes, suffixes = _syllable_pieces()
    left, _, right = _QMARKS_GROUP.split(raw, maxsplit=1)
    reading = None
    if left and _normalise(left[1:]) not in prefixes and left != "(":
        return False, None
    if right:
        letters = _normalise(right.strip("()"))
        if right.startswith("(") and right.endswith(")"):
            if letters not in syllables:
                return False, None
            reading = letters
        elif right.startswith("("):
            if letters and letters not in prefixes:
                return False, None
        elif letters not in suffixes:
            return False, None
    return True, reading


@functools.lru_cache(maxsize=4096)
def _lost(raw: str) -> tuple[int, int, int, str | None, bool]:
    """A ``lost`` match, by its text alone: (start, end within ``raw`` of what is flagged, characters
    lost, reading that survived, certain). Uncertain: only a bare ``?`` (maybe punctuation)."""
    fits, reading = _fragments_fit(raw) if raw.strip("?\ufffd") else (False, None)
    if fits:
        return 0, len(raw), raw.count("?") + raw.count("\ufffd"), reading, True
    qmarks = _QMARKS.search(raw)  # only the question marks themselves are suspect
    # two or more in a row are never punctuation (08:31???, ??h for 。縣): certainly lost
    return qmarks.start(), qmarks.end(), len(qmarks[0]), None, "\ufffd" in qmarks[0] or len(qmarks[0]) >= 2


@functools.lru_cache(maxsize=4096)
def _reads_piece(char: str, raw: str, opening: bool) -> bool:
    """Is ``raw`` (``(zh`` or ``ǎn)``) certainly a piece of an annotation of ``char``?"""
    letters = _normalise(_LETTERS.search(raw)[0])
    if opening:
        return any(r.startswith(letters) for r in readings(char))
    return any(r.endswith(letters.rstrip("12345")) or r.endswith(letters) for r in readings(char))


_GROUPS = ("lost", "open", "close")


def _damage_matches(text: str, candidates: list[int]) -> list[int]:
    """``_DAMAGE`` matches, flat (start, end, group index in ``_GROUPS``, shift to stripped positions), tried
    only where damage can start: a ``(``, ``)``, ``?`` or U+FFFD outside the pairs (``candidates``, flat
    input and stripped positions). The same matches as ``_DAMAGE.finditer(text)`` outside the pairs, without
    trying every position (that alone cost twice OpenCC's conversion). A match never spans a pair, so one
    shift holds for all of it. A ``)`` counts only as the end of a match of letters before it."""
    matches, reached = [], 0
    for index in range(0, len(candidates), 2):
        position = candidates[index]
        if position < reached:
            continue
        if text[position] == ")":
            start = position
            while start > 0 and position - start < 7 and text[start - 1] in _PY_CHARS:
                start -= 1
            match = _DAMAGE.match(text, start) if start < position else None
            if match is None or match.end() != position + 1:
                continue
        else:
            match = _DAMAGE.match(text, position)
            if match is None:
                continue
        start, reached = match.span()
        matches += (start, reached, _GROUPS.index(match.lastgroup), candidates[index + 1] - position)
    return matches


def _find_damage(text: str, damage: list[int]) -> list[tuple[int, int, str, str | None, str, str | None, int]]:
    """Damaged spans of the raw text: (start, end, kind, suggestion, marker, reading, shift to stripped), from
    the scan's ``damage`` matches."""
    found = []
    numbers = iter(damage)
    for start, end, group, shift in zip(numbers, numbers, numbers, numbers, strict=True):
        raw = text[start:end]
        if group == 0:  # lost
            first, last, lost, reading, certain = _lost(raw)
            start, end = start + first, start + last
            if certain:
                found.append((start, end, "lost_character", None, LOST_MARKER * lost, reading, shift))
            elif _ENDS_WITH_CHAR.search(text, max(0, start - 12), start) or _CJK_CHAR.match(text, end):
                found.append((start, end, "possible_lost_character", None, text[start:end], None, shift))
        elif _reads_piece(text[start - 1], raw, group == 1):
            found.append((start, end, "broken_annotation", "", "", None, shift))
        else:
            found.append((start, end, "fragment", None, raw, None, shift))
    return _refine(text, found) if found else found


_QUESTION = re.compile(r"(?:多少|什么|怎么|怎样|如何|为何|为什么|哪|几|是否|难道|谁|吗|呢|么)[^，,。！!？?\n]{0,12}\Z")


@functools.lru_cache(maxsize=8192)
def _suspicious(char: str) -> bool | None:
    """Is ``char`` garbage next to a lost character (mis-decoded bytes, a letter of a lost annotation)? None when
    it ends the garbage for sure (white space, punctuation, digits, an opening parenthesis)."""
    if char.isascii():
        if char.isalpha() or char in "?!^~`|\\/<>_)":
            return True
        return None
    if char in _PY_CHARS:
        return True
    if _CJK_CHAR.match(char):
        simplified = _t2s_short(char)
        try:  # GB 2312 level 1 (B0A1-D7FE): the 3,755 common characters; garbage is mostly outside it
            return not 0xB0 <= simplified.encode("gb2312")[0] <= 0xD7
        except UnicodeEncodeError:
            return True
    return None


def _garbage_end(text: str, end: int) -> int:
    """How far the garbage after a lost character goes: over suspicious characters, two plain ones in a row ending
    it, at most 10 characters on (``?!表椖坑^`` for ``。”项目观``, ``??h`` for ``。縣``)."""
    if end >= len(text) or _suspicious(text[end]) is not True:
        return end  # most lost characters: followed by a plain character or punctuation
    last, plain, at = end, 0, end
    while at < len(text) and at - end < 10:
        verdict = _suspicious(text[at])
        if verdict is None:
            break
        if verdict:
            last, plain = at + 1, 0
        else:
            plain += 1
            if plain >= 2:
                break
        at += 1
    return last


_LOST_KINDS = frozenset(("lost_character", "possible_lost_character"))


def _refine(text: str, found: list) -> list:
    """Lost characters with the garbage around them as one span (never a half-converted run of □ and garbage),
    genuine question marks (有多少?) dropped, a pinyin-guided suggestion where the readings give one."""
    refined: list = []
    grown_at: set[int] = set()  # indexes in ``refined`` of spans that took in garbage or another span
    for item in found:
        start, end, kind = item[0], item[1], item[2]
        if kind not in _LOST_KINDS:
            if refined and start < refined[-1][1]:  # inside garbage already taken in
                continue
            refined.append(item)
            continue
        if kind == "possible_lost_character" and end - start == 1 and _QUESTION.search(text, max(0, start - 14), start):
            continue  # 有多少? is a question
        grown = _garbage_end(text, end)
        if refined and refined[-1][2] == "lost_character" and start <= refined[-1][1]:
            previous = refined[-1]  # overlapping or touching garbage: one span
            reading = " ".join(r for r in (previous[5], item[5]) if r) or None
            refined[-1] = (previous[0], max(previous[1], grown), "lost_character", None, previous[4], reading,
                           previous[6])
            grown_at.add(len(refined) - 1)
            continue
        if grown > end:
            item = (start, grown, "lost_character", *item[3:])
            grown_at.add(len(refined))
        refined.append(item)
    if not grown_at and not any(item[2] == "lost_character" and item[5] for item in refined):
        return refined
    syllables = _syllable_pieces()[0]
    for index, item in enumerate(refined):
        if item[2] != "lost_character":
            continue
        start, end, kind, suggestion, marker, reading, shift = item
        if index in grown_at:
            raw = text[start:end]
            marker = LOST_MARKER * max(1, raw.count("?") + raw.count("\ufffd"))
            pieces = [_normalise(r) for r in re.findall(rf"[?\ufffd]\(?([{_PY}]+[1-5]?)\)", raw)]
            if len(pieces) > 1 and all(piece in syllables for piece in pieces):
                reading = " ".join(pieces)
        if reading:
            suggestion = _suggest_in(text[max(0, start - 10):start], text[end:end + 10], reading)
        refined[index] = (start, end, kind, suggestion, marker, reading, shift)
    return refined


@functools.cache
def _characters_read() -> dict[str, tuple[str, ...]]:
    """Reading (tone marks) -> the characters pypinyin gives it, for suggestions."""
    found: dict[str, list[str]] = {}
    for code, value in pinyin_dict.items():
        for reading in value.split(","):
            found.setdefault(_normalise(reading), []).append(chr(code))
    return {reading: tuple(chars) for reading, chars in found.items()}


@functools.cache
def _words() -> dict:
    import jieba  # a word list with frequencies, read only when a lost character has a reading to guide it

    jieba.setLogLevel(60)
    jieba.dt.check_initialized()
    return jieba.dt.FREQ


@functools.lru_cache(maxsize=4096)
def _suggest_in(left: str, right: str, reading: str) -> str | None:
    """For lost characters whose readings (``reading``, space-separated) survived between the text ``left`` and
    ``right`` of them: the characters with those readings that make a word with the characters either side
    (?(jīng)濟 -> 经, 经济), □ for one that makes none, None when none does."""
    # the characters either side, past an annotation (發(fā)?(zhǎn) -> 发)
    before = "".join(_CJK_CHAR.findall(left))[-1:]
    after = (_CJK_CHAR.search(right) or [""])[0]
    return _suggest_between(_t2s_short(before), _t2s_short(after), tuple(reading.split()))


@functools.lru_cache(maxsize=4096)
def _suggest_between(before: str, after: str, syllables: tuple[str, ...]) -> str | None:
    words = _words()
    chosen = []
    for index, syllable in enumerate(syllables):
        candidates = _characters_read().get(_normalise(syllable), ())
        left = chosen[-1] if chosen else before
        right = after if index == len(syllables) - 1 else ""
        scored = [(max(words.get(left + c, 0), words.get(c + right, 0) if right else 0), c) for c in candidates]
        best = max(scored, default=(0, ""))
        chosen.append(best[1] if best[0] > 0 else LOST_MARKER)
    return None if all(c == LOST_MARKER for c in chosen) else "".join(chosen)


def _phrase_at(text: str, at: int, earliest: int) -> tuple[int, str] | None:
    """The leftmost, then longest, word of PHRASE_FIXES over the 著 at ``at`` starting at ``earliest`` or later."""
    for start in range(max(earliest, at - _PHRASE_REACH), at + 1):
        for length in _PHRASE_LENGTHS:  # longest first
            word = text[start:start + length]
            if start + length > at and word in PHRASE_FIXES:
                return start, word
    return None


def _fix_phrases(text: str) -> str:
    """PHRASE_FIXES applied leftmost, then longest (what one regex alternation of the words, longest first,
    would do with ``sub``: tests/newsroom/test_repair_speedpath.py checks exactly that), looked for only around
    each 著 (a report has a few) by slicing and dict lookups: 6x faster than the regex on a report."""
    pieces, cursor, at = [], 0, text.find("著")
    while at != -1:
        found = _phrase_at(text, at, cursor)
        if found is not None:
            start, word = found
            pieces += (text[cursor:start], PHRASE_FIXES[word])
            cursor = start + len(word)
        at = text.find("著", max(at + 1, cursor))
    if not pieces:
        return text
    pieces.append(text[cursor:])
    return "".join(pieces)


def repair(text: str) -> RepairResult:
    """Repair one report: take out anti-copy noise and site chrome, strip reading annotations, convert to
    Simplified, flag damage.

    Noise (:mod:`yuanqu.newsroom.noise`: share buttons, breadcrumbs, copyright and watermark lines, line breaks
    injected before punctuation, a name broken over two lines, ``??? `` indents) is removed first and every
    removal is reported as a span (``site_chrome``, ``injected_break``, ``broken_line``, ``lost_indent``) whose
    ``raw`` is what was removed and whose ``marker`` is what stands in its place (usually nothing). Then the rest
    as :func:`_repair_text` says. Span offsets refer to the input (``input_offset``) and to the result
    (``offset``) as always.
    """
    found = _noise.find_noise(text)
    if not found:
        return _repair_text(text)
    cleaned, at_clean = _noise.apply(text, found)
    result = _repair_text(cleaned)
    # cleaned offsets -> input offsets, for the spans of the cleaned text
    edits = [(at + len(n.replacement), (n.end - n.start) - len(n.replacement)) for n, at in zip(found, at_clean,
                                                                                                  strict=True)]
    for span in result.spans:
        span.input_offset += sum(shift for at, shift in edits if at <= span.input_offset)
    # cleaned offsets -> output offsets, for the removals: annotations stripped and damage markers before them
    pairs = []
    if "(" in cleaned:
        for match in _PAIR.finditer(cleaned):
            value = _REPLACEMENTS[match[0]]
            if len(value) != len(match[0]):
                pairs.append((match.end(), len(match[0]) - len(value)))
    noise_spans = []
    for item, at in zip(found, at_clean, strict=True):
        if item.kind is None:
            continue
        out = at - sum(shrink for end, shrink in pairs if end <= at)
        out += sum(len(span.marker) - len(span.raw) for span in result.spans if span.offset < out)
        start, end = item.start - item.before, item.end + item.after
        marker = result.text[out - item.before:out + len(item.replacement) + item.after]
        noise_spans.append(DamagedSpan(out - item.before, start, text[start:end], item.kind, marker, marker))
    result.spans = sorted([*result.spans, *noise_spans], key=lambda span: (span.offset, span.input_offset))
    return result


def _repair_text(text: str) -> RepairResult:
    """Repair text without noise: strip reading annotations, convert to Simplified, flag damage.

    Edge cases:

    * Text with no valid annotation, no Traditional-only characters (by the 2% rule) and no
      U+FFFD is returned unchanged, the very same string, with no spans, whatever it holds
      (bare ``?`` included): nothing in it says it was damaged.
    * An annotation is removed only where its syllable (tone marks, tone numbers or toneless,
      ``v`` for ü) reads the character right before it, checked per occurrence. ``(张三)``,
      ``(2019年)``, ``(GDP)``, ``能(ai)`` and every other parenthesis stay as written.
    * Punctuation, full- or half-width, whitespace and line ends are never touched.
    * Conversion (OpenCC ``t2s``, then corrections) happens only for Traditional text; a
      Simplified report with ``的(de)`` annotations only loses the annotations.
    * Damage is looked for only in text that shows damage (annotations, Traditional, U+FFFD).
      A lost character becomes ``□`` in the text; nothing is ever invented: the only
      suggestions applied are deletions of annotation pieces that read the character before them; a lost
      character's pinyin-guided suggestion is only offered.
    """
    stripped, _pairs, removed, uses_placeholders, matches, traditional_count = _strip(text)
    traditional = _is_traditional(text, traditional_count)
    if not removed and not traditional and "\ufffd" not in text:
        return RepairResult(text)

    # fragments leave parentheses unbalanced; lost characters leave ? or U+FFFD
    suspect = "?" in text or "\ufffd" in text or text.count("(") != text.count(")")
    damage = _find_damage(text, matches) if matches and suspect else ()
    out = stripped
    if traditional:
        out = _T2S.convert(out)
        if "著" in out:
            out = _fix_phrases(out)
        if any(char in out for char in CHAR_FIXES):
            out = out.translate(_CHAR_TABLE)
    spans = []
    if damage:
        exact = len(out) == len(stripped)  # t2s keeps lengths; if it ever does not, count again
        pieces, cursor, grown = [], 0, 0
        for start, end, kind, suggestion, marker, reading, shift in damage:
            at = start + shift if exact else len(_T2S.convert(stripped[: start + shift]))
            pieces += (out[cursor:at], marker)
            spans.append(DamagedSpan(at + grown, start, text[start:end], kind, suggestion, marker, reading))
            grown += len(marker) - (end - start)
            cursor = at + end - start
        pieces.append(out[cursor:])
        out = "".join(pieces)
    if uses_placeholders:
        for char, placeholder in _PLACEHOLDER.items():
            out = out.replace(placeholder, char)

    return RepairResult(out, spans, traditional, removed)
