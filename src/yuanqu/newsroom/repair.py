"""Repair news reports copied from district portals (DESIGN.md §5, issue 7).

The damage: Traditional characters, some followed by their pinyin in ASCII parentheses
(``產(chǎn)業(yè)``), a Simplified variant with toneless pinyin (``的(de)``), and now and then a
character lost as ``?`` (or U+FFFD) with stray pinyin fragments around it.

``repair`` removes an annotation only where the syllable is a reading of the character before it,
converts Traditional to Simplified with OpenCC ``t2s`` plus the context fixes of
:mod:`yuanqu.newsroom.corrections`, and reports damaged spans instead of guessing. Clean
Simplified text is returned as the very same string.

Pure: no Django. The hot path is written as C-level regex splits and ``map`` over dict lookups
because the benchmark compares it with bare OpenCC (benchmarks/bench_repair.py).
"""

from __future__ import annotations

import os

# Single-character readings are all we need; without phrases pypinyin needs ~13 MB, not ~57 MB.
os.environ.setdefault("PYPINYIN_NO_PHRASES", "true")

import functools  # noqa: E402
import re  # noqa: E402
import unicodedata  # noqa: E402
from dataclasses import asdict, dataclass, field  # noqa: E402

import opencc  # noqa: E402
from pypinyin import Style, pinyin  # noqa: E402
from pypinyin.pinyin_dict import pinyin_dict  # noqa: E402

from yuanqu.newsroom.corrections import PHRASE_FIXES, READING_FIXES  # noqa: E402

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

# READING_FIXES values that must survive conversion unchanged ride through it as private-use
# characters and are restored afterwards.
_KEEP = sorted({value for (char, _), value in READING_FIXES.items() if value == char})
_PLACEHOLDER = {char: chr(0xE000 + index) for index, char in enumerate(_KEEP)}
_PLACEHOLDERS = frozenset(_PLACEHOLDER.values())

_PHRASE_FIX = re.compile("|".join(sorted(map(re.escape, PHRASE_FIXES), key=len, reverse=True)))


@dataclass(frozen=True)
class DamagedSpan:
    """A stretch of the input that could not be repaired with certainty.

    ``offset`` is where ``marker`` stands in the repaired text, ``input_offset`` where ``raw``
    started in the input. ``kind`` is ``lost_character`` (a ``?``/U+FFFD with pinyin fragments:
    a character is certainly missing; marker is one □ per lost character), ``possible_lost_character``
    (a bare ``?`` next to a character: maybe punctuation, left as written), ``broken_annotation``
    (a truncated annotation of the character before it; the certain suggestion is to delete it)
    or ``fragment`` (pinyin-like letters we cannot place; left as written). ``suggestion`` is
    set only when the repair is certain, and is then what ``marker`` holds. ``reading`` is the
    pinyin that survived next to a lost character, a hint for the reviewer.
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


@dataclass(frozen=True)
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
    the character must survive conversion). Keyed by the pair as written, so stripping is one split,
    one C-level ``map`` over this dict and one join: no tuple or Python call per annotation.
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


@dataclass
class _Stripped:
    text: str
    removed: int
    parts: list[str]  # _PAIR.split of the input: segment, pair, segment, pair, ..., segment
    values: list[str]  # what each pair became
    uses_placeholders: bool = False

    @property
    def segments(self) -> list[str]:
        """The input outside the pairs (each annotated character is part of its pair)."""
        return self.parts[0::2]

    def to_stripped(self, spans: list[tuple[int, int]]) -> list[int]:
        """Where input positions lying outside the pairs end up; ``spans`` holds (position, pairs before
        it), in order."""
        mapped, counted, shift = [], 0, 0
        for position, pairs_before in spans:
            shift += sum(map(len, self.parts[2 * counted + 1:2 * pairs_before:2]))
            shift -= sum(map(len, self.values[counted:pairs_before]))
            counted = pairs_before
            mapped.append(position - shift)
        return mapped


def _strip(text: str) -> _Stripped:
    """Remove the annotations that read the character before them (and apply reading fixes)."""
    parts = _PAIR.split(text) if "(" in text else [text]
    if len(parts) == 1:
        return _Stripped(text, 0, parts, [])
    out = parts.copy()
    values = out[1::2] = list(map(_REPLACEMENTS.__getitem__, parts[1::2]))
    stripped = "".join(out)
    # every "(" outside the pairs survives, and so does the one of each pair kept as written
    kept = stripped.count("(") - (text.count("(") - len(values))
    return _Stripped(stripped, len(values) - kept, parts, values, not _PLACEHOLDERS.isdisjoint(values))


@functools.cache
def _traditional_only() -> re.Pattern[str]:
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
    return re.compile("[" + "".join(trad) + "]")


def _is_traditional(text: str) -> bool:
    # A Simplified report may carry a Traditional-only character in a name (昇); Traditional
    # reports have a fifth or more of their characters changed. 2% separates them.
    # Counted against all characters (annotations included), stopping as soon as it is decided.
    needed = len(text) // 50 + 1
    for count, _ in enumerate(_traditional_only().finditer(text), 1):
        if count >= needed:
            return True
    return False


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


def _damage_matches(text: str, stripped: _Stripped) -> list[tuple[re.Match[str], int]]:
    """``_DAMAGE`` matches, tried only where damage can start: at a ``(``, ``)``, ``?`` or U+FFFD
    outside the pairs, each with the number of pairs before it. Same matches as
    ``_DAMAGE.finditer(text)``, without scanning every position (that scan alone cost twice
    OpenCC's conversion)."""
    segments = stripped.segments
    joined = "\x00".join(segments)
    hits = []
    for char in "()?\ufffd":
        at = joined.find(char)
        while at != -1:
            hits.append(at)
            at = joined.find(char, at + 1)
    if not hits:
        return []
    hits.sort()
    pairs = stripped.parts[1::2]
    matches, reached = [], 0
    index = previous = pairs_length = 0  # running totals, so that a long text stays linear
    for hit in hits:
        before = index
        index += joined.count("\x00", previous, hit)  # segments before the hit's = pairs before it
        pairs_length += sum(map(len, pairs[before:index]))
        previous = hit
        position = hit - index + pairs_length
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
        matches.append((match, index))
        reached = match.end()
    return matches


def _find_damage(text: str, stripped: _Stripped) -> list[tuple[int, int, str, str | None, str, str | None, int]]:
    """Damaged spans of the raw text: (start, end, kind, suggestion, marker, reading, pairs before)."""
    found = []
    for match, pairs_before in _damage_matches(text, stripped):
        start, end = match.span()
        raw = match[0]
        if match["lost"] is not None:
            fits, reading = _fragments_fit(raw) if raw.strip("?\ufffd") else (False, None)
            if not fits:  # only the question marks themselves are suspect
                qmarks = _QMARKS.search(raw)
                start, end, raw = start + qmarks.start(), start + qmarks.end(), qmarks[0]
            if fits or "\ufffd" in raw:
                lost = raw.count("?") + raw.count("\ufffd")
                found.append((start, end, "lost_character", None, LOST_MARKER * lost, reading, pairs_before))
            elif _ENDS_WITH_CHAR.search(text, max(0, start - 12), start) or _CJK_CHAR.match(text, end):
                found.append((start, end, "possible_lost_character", None, raw, None, pairs_before))
            continue
        letters = _normalise(_LETTERS.search(raw)[0])
        char_readings = readings(text[start - 1])
        if match["open"] is not None:
            certain = any(r.startswith(letters) for r in char_readings)
        else:
            certain = any(r.endswith(letters.rstrip("12345")) or r.endswith(letters) for r in char_readings)
        if certain:
            found.append((start, end, "broken_annotation", "", "", None, pairs_before))
        else:
            found.append((start, end, "fragment", None, raw, None, pairs_before))
    return found


def repair(text: str) -> RepairResult:
    """Repair one report: strip reading annotations, convert to Simplified, flag damage.

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
      suggestions made are deletions of annotation pieces that read the character before them.
    """
    stripped = _strip(text)
    traditional = _is_traditional(text)
    if not stripped.removed and not traditional and "\ufffd" not in text:
        return RepairResult(text)

    # fragments leave parentheses unbalanced; lost characters leave ? or U+FFFD
    suspect = "?" in text or "\ufffd" in text or text.count("(") != text.count(")")
    damage = _find_damage(text, stripped) if suspect else []
    out = stripped.text
    if traditional:
        out = _T2S.convert(out)
        if "著" in out:
            out = _PHRASE_FIX.sub(lambda m: PHRASE_FIXES[m[0]], out)
    offsets: list[int] = []
    if damage:
        starts = stripped.to_stripped([(start, pairs_before) for start, *_, pairs_before in damage])
        if len(out) != len(stripped.text):  # pragma: no cover - t2s keeps lengths
            starts = [len(_T2S.convert(stripped.text[:p])) for p in starts]
        pieces, cursor, shift = [], 0, 0
        for at, (start, end, _kind, _suggestion, marker, _reading, _) in zip(starts, damage, strict=True):
            pieces.append(out[cursor:at])
            pieces.append(marker)
            offsets.append(at + shift)
            shift += len(marker) - (end - start)
            cursor = at + end - start
        pieces.append(out[cursor:])
        out = "".join(pieces)
    if stripped.uses_placeholders:
        for char, placeholder in _PLACEHOLDER.items():
            out = out.replace(placeholder, char)

    spans = [
        DamagedSpan(offset, start, text[start:end], kind, suggestion, marker, reading)
        for offset, (start, end, kind, suggestion, marker, reading, _) in zip(offsets, damage, strict=True)
    ]
    return RepairResult(out, spans, traditional, stripped.removed)
