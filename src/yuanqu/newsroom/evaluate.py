"""Score extraction and repair against hand-made gold files (issue 13). Pure: no Django.

A gold file (``gold/<id>.json``, format in corpus/news/README.md) holds the facts a careful reader takes
from one report, under the field names of :func:`yuanqu.newsroom.extract.extract` plus ``leader_title`` and
``rankings``, and for a damaged report a ``repair`` object: the character-level ``corrections`` that turn
the stored text into the gold repaired text, and the ``flagged`` spans a repair must flag.

Extraction: every field is scored as a multiset of normalised strings. A scalar is one item when present
(``None``/``""`` is no item), a list one item per element. precision = correct extracted / extracted,
recall = correct / gold items; micro figures add the counts of all fields.

Repair: the repaired text is aligned with the gold repaired text; char accuracy is the share of characters
right, counted outside the spans the repair itself flagged (a flagged span is handed to a person, so it is
neither right nor wrong). A gold flagged span that no span of the repair overlaps (in input
offsets) is an unflagged damaged span.
"""

from __future__ import annotations

import csv
import difflib
import inspect
import json
import re
import statistics
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "SCORED_FIELDS", "Case", "CorpusError", "CorpusScores", "FieldScore", "RepairScore", "apply_corrections",
    "evaluate", "format_report", "items", "load_corpus", "score_facts", "score_repair",
]

#: Fields scored, in table order. ``demands`` is not scored: its gold would be the report's own sentences.
SCORED_FIELDS = (
    "round", "month", "days", "year", "year_basis", "meeting_kind", "city", "visited_districts", "leader",
    "leader_title", "presiding", "attendees", "visited_projects", "criteria", "reporter", "rankings",
)
LIST_FIELDS = frozenset({"days", "visited_districts", "attendees", "visited_projects", "criteria", "rankings"})
SPLITS = ("dev", "test")

_QUOTES = re.compile("[\"'“”‘’「」『』《》]")
_SPACE = re.compile(r"\s+")
# Scope, year, period and round words a meeting's name carries in one report and not in the next.
_KIND_PREFIX = re.compile(
    r"^(?:全市|全区|全县|全省|全州|全旗|全盟|\d{4}年度?|第[零〇一二两三四五六七八九十百\d]+次|"
    r"(?:第?[一二三四1-4])季度|[上下]半年|\d{1,2}月份?)+"
)
_REPORTER_SPLIT = re.compile(r"[\s、，,/]+")


class CorpusError(ValueError):
    """The folder cannot be evaluated; ``str(error)`` says why, in Chinese, with the file."""


@dataclass
class FieldScore:
    """Counts of one field (or of all fields, for the micro line)."""

    correct: int = 0
    extracted: int = 0
    gold: int = 0

    def add(self, other: FieldScore) -> None:
        self.correct += other.correct
        self.extracted += other.extracted
        self.gold += other.gold

    @property
    def precision(self) -> float | None:
        """None when nothing was extracted (undefined, not 0 and not 1)."""
        return self.correct / self.extracted if self.extracted else None

    @property
    def recall(self) -> float | None:
        """None when the gold has no item of the field."""
        return self.correct / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class RepairScore:
    """Characters of the gold repaired text right (``correct``) and wrong (``errors``) outside the spans the repair
    flagged, characters left out because the repair flagged them (``excluded``), and the gold's damaged spans."""

    correct: int = 0
    errors: int = 0
    excluded: int = 0
    damaged_spans: int = 0
    unflagged_spans: int = 0

    def add(self, other: RepairScore) -> None:
        for name in ("correct", "errors", "excluded", "damaged_spans", "unflagged_spans"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def accuracy(self) -> float:
        counted = self.correct + self.errors
        return self.correct / counted if counted else 1.0


@dataclass
class Case:
    """One report: its id, stored text, gold dict, split and address (None when the folder has no reports.csv or
    it gives none)."""

    id: str
    text: str
    gold: dict
    split: str | None = None
    url: str | None = None


@dataclass
class CorpusScores:
    """Scores over a set of cases: per field, per report, and repair totals."""

    fields: dict[str, FieldScore] = field(default_factory=lambda: {name: FieldScore() for name in SCORED_FIELDS})
    repair: RepairScore = field(default_factory=RepairScore)
    per_report: dict[str, dict[str, FieldScore]] = field(default_factory=dict)
    reports: int = 0
    extract_ms: list[float] = field(default_factory=list)  # wall time of each report's extraction

    @property
    def median_extract_ms(self) -> float | None:
        return statistics.median(self.extract_ms) if self.extract_ms else None

    @property
    def micro(self) -> FieldScore:
        total = FieldScore()
        for score in self.fields.values():
            total.add(score)
        return total


def _text(value) -> str:
    text = unicodedata.normalize("NFKC", str(value))
    return _SPACE.sub(" ", _QUOTES.sub("", text)).strip()


def _year_basis(value) -> str:
    """The extractor words its basis as a sentence; the gold uses text / publication_date / url."""
    text = _text(value).lower()
    if "publication" in text or "发布" in text:
        return "publication_date"
    if "url" in text or "网址" in text:
        return "url"
    if text.startswith("stated") or text == "text":
        return "text"
    return text


def _ranking(value) -> str:
    if not isinstance(value, Mapping):
        return _text(value)
    score = value.get("score")
    score_text = "" if score in (None, "") else format(float(score), "g")
    return f"{value.get('rank')}|{_text(value.get('name', ''))}|{score_text}"


def _normalise(name: str, value) -> str:
    if name == "rankings":
        return _ranking(value)
    if name in ("round", "month", "year", "days"):
        try:
            return str(int(value))
        except (TypeError, ValueError):
            return _text(value)
    if name == "year_basis":
        return _year_basis(value)
    text = _text(value)
    if name == "city":
        return text.removesuffix("市")
    if name == "meeting_kind":
        return _KIND_PREFIX.sub("", text)
    if name == "reporter":
        return "、".join(part for part in _REPORTER_SPLIT.split(text) if part)
    return text


def items(name: str, value) -> list[str]:
    """The normalised items of field ``name``: none for None/""/[], one for a scalar, one per list element.

    Strings are NFKC-normalised (full-width brackets become ASCII), quotes dropped, runs of white space made
    one space; ``city`` loses a final 市; ``meeting_kind`` loses leading scope, year, period and round words
    (全市2020年四季度…, 第三次…); ``reporter`` names are joined with 、; a ranking is ``rank|name|score``.
    """
    if value is None or value == "" or value == []:
        return []
    values = value if isinstance(value, list | tuple) else [value]
    return [text for text in (_normalise(name, v) for v in values if v not in (None, "")) if text]


def score_facts(gold: Mapping, extracted: Mapping) -> dict[str, FieldScore]:
    """Per-field counts for one report; a field missing from ``extracted`` counts as extracted empty."""
    scores = {}
    for name in SCORED_FIELDS:
        wanted = Counter(items(name, gold.get(name)))
        found = Counter(items(name, extracted.get(name)))
        scores[name] = FieldScore(sum((wanted & found).values()), sum(found.values()), sum(wanted.values()))
    return scores


def apply_corrections(text: str, corrections: Iterable[Mapping]) -> str:
    """``text`` with each correction ``{offset, length, replacement}`` (offsets into ``text``) applied.

    Raises CorpusError when corrections overlap or fall outside the text.
    """
    pieces, cursor = [], 0
    for correction in sorted(corrections, key=lambda c: (c["offset"], c["length"])):
        offset, length = int(correction["offset"]), int(correction["length"])
        if offset < cursor or length < 0 or offset + length > len(text):
            raise CorpusError(f"修正位置重叠或越界：offset {offset}, length {length}")
        pieces += (text[cursor:offset], correction["replacement"])
        cursor = offset + length
    pieces.append(text[cursor:])
    return "".join(pieces)


def _span_get(span, key: str):
    return span[key] if isinstance(span, Mapping) else getattr(span, key)


def _overlaps(start: int, end: int, intervals: Sequence[tuple[int, int]]) -> bool:
    return any(a < end and start < b for a, b in intervals)


def _gold_segments(text: str, corrections: Iterable[Mapping]) -> list[tuple[int, int, int, int, bool]]:
    """How the gold repaired text is made from ``text``: (input start, input end, gold start, gold end, corrected)
    for each stretch kept as it is and each correction, in order."""
    segments, cursor, produced = [], 0, 0
    for correction in sorted(corrections, key=lambda c: (int(c["offset"]), int(c["length"]))):
        offset, length, size = int(correction["offset"]), int(correction["length"]), len(correction["replacement"])
        if offset > cursor:
            segments.append((cursor, offset, produced, produced + offset - cursor, False))
            produced += offset - cursor
        segments.append((offset, offset + length, produced, produced + size, True))
        cursor, produced = offset + length, produced + size
    segments.append((cursor, len(text), produced, produced + len(text) - cursor, False))
    return segments


def score_repair(text: str, gold: Mapping | None, repaired: str, spans: Sequence) -> RepairScore:
    """Repair of one report against its gold (``gold`` is the ``repair`` object, or None for a clean report whose
    repaired text must be the input itself). ``spans`` are the repair's damaged spans (dicts or objects with
    ``offset``, ``marker``, ``input_offset`` and ``raw``).

    What a span flags is left out on both sides before they are aligned: its marker in the repaired text, and in
    the gold text whatever the gold makes of the input characters the span covers (a correction it touches
    counts whole). The rest is aligned character by character; an unmatched character on either side is an error.
    """
    gold = gold or {}
    corrections = list(gold.get("corrections", ()))
    target = apply_corrections(text, corrections)
    flagged_in = []
    for span in spans:
        at = _span_get(span, "input_offset")
        flagged_in.append((at, at + len(_span_get(span, "raw"))))
    drop_gold = [False] * len(target)
    for in_start, in_end, out_start, out_end, corrected in _gold_segments(text, corrections):
        for a, b in flagged_in:
            if not (a < in_end and in_start < b) and not (in_start == in_end and a <= in_start < b):
                continue
            if corrected:
                drop_gold[out_start:out_end] = [True] * (out_end - out_start)
            else:
                lo, hi = max(a, in_start), min(b, in_end)
                drop_gold[out_start + lo - in_start:out_start + hi - in_start] = [True] * (hi - lo)
    drop_repaired = [False] * len(repaired)
    for span in spans:
        at = _span_get(span, "offset")
        drop_repaired[at:at + len(_span_get(span, "marker"))] = [True] * len(_span_get(span, "marker"))
    kept_gold = "".join(char for char, drop in zip(target, drop_gold, strict=True) if not drop)
    kept_repaired = "".join(char for char, drop in zip(repaired, drop_repaired, strict=True) if not drop)
    score = RepairScore(excluded=len(target) - len(kept_gold))
    matcher = difflib.SequenceMatcher(None, kept_gold, kept_repaired, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            score.correct += i2 - i1
        else:
            score.errors += max(i2 - i1, j2 - j1)
    for span in gold.get("flagged", ()):
        start = int(span["offset"])
        score.damaged_spans += 1
        if not _overlaps(start, start + max(1, int(span["length"])), flagged_in):
            score.unflagged_spans += 1
    return score


def _read_rows(folder: Path) -> dict[str, dict]:
    path = folder / "reports.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if rows and not {"id", "split"} <= set(rows[0]):
        raise CorpusError(f"{path}：缺少 id 或 split 列")
    return {row["id"]: row for row in rows}


def load_corpus(folder: str | Path, split: str | None = None) -> list[Case]:
    """The cases of ``folder`` (``gold/*.json`` with ``texts/<id>.txt``), sorted by id, optionally only those
    whose split in ``reports.csv`` is ``split``. Raises CorpusError (Chinese, naming the file) for a missing
    folder, an unreadable gold file or text, or a split asked for without reports.csv."""
    folder = Path(folder)
    gold_dir, text_dir = folder / "gold", folder / "texts"
    if not gold_dir.is_dir():
        raise CorpusError(f"找不到标准答案目录 {gold_dir}（需要 gold/*.json 与 texts/*.txt）")
    if split is not None and split not in SPLITS:
        raise CorpusError(f"未知的划分 {split}：应为 {' 或 '.join(SPLITS)}")
    rows = _read_rows(folder)
    splits = {ident: row["split"] for ident, row in rows.items()}
    if split is not None and not splits:
        raise CorpusError(f"按划分筛选需要 {folder / 'reports.csv'}（含 id 与 split 列）")
    cases, missing = [], []
    for path in sorted(gold_dir.glob("*.json")):
        ident = path.stem
        if split is not None and splits.get(ident) != split:
            continue
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CorpusError(f"无法读取标准答案 {path}：{error}") from error
        if not isinstance(gold, dict):
            raise CorpusError(f"标准答案 {path} 应为 JSON 对象")
        text_path = text_dir / f"{ident}.txt"
        if not text_path.exists():
            missing.append(ident)
            continue
        try:
            # newline="" keeps \r\n: the gold offsets count characters of the file as stored
            with text_path.open(encoding="utf-8", newline="") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as error:
            raise CorpusError(f"无法读取文本 {text_path}（需为 UTF-8）：{error}") from error
        cases.append(Case(ident, text, gold, splits.get(ident), (rows.get(ident) or {}).get("url") or None))
    if missing:
        raise CorpusError(
            f"{len(missing)} 份标准答案缺少文本 texts/<id>.txt：{', '.join(missing)}（按 README 从网址重新取得）"
        )
    if not cases:
        raise CorpusError(f"{gold_dir} 中没有可评估的报告" + (f"（划分 {split}）" if split else ""))
    return cases


def evaluate(cases: Iterable[Case], repair: Callable, extract: Callable[[str], Mapping]) -> CorpusScores:
    """Run ``repair`` (text -> object with ``text`` and ``spans``) and ``extract`` (repaired text -> facts; given the
    report's ``url=`` too when it takes one and the case has one) on each case and add up the scores."""
    result = CorpusScores()
    try:
        takes_url = "url" in inspect.signature(extract).parameters
    except (TypeError, ValueError):  # a builtin (a dict's __getitem__ in tests) has no signature
        takes_url = False
    for case in cases:
        repaired = repair(case.text)
        started = time.perf_counter()
        facts = extract(repaired.text, url=case.url) if takes_url and case.url else extract(repaired.text)
        result.extract_ms.append((time.perf_counter() - started) * 1000)
        scores = score_facts(case.gold, facts)
        for name, score in scores.items():
            result.fields[name].add(score)
        result.per_report[case.id] = scores
        result.repair.add(score_repair(case.text, case.gold.get("repair"), repaired.text, repaired.spans))
        result.reports += 1
    return result


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _pad(text: str, width: int, right: bool = False) -> str:
    """Pad to a display width: CJK characters take two columns in a terminal."""
    shown = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    gap = " " * max(0, width - shown)
    return gap + text if right else text + gap


def format_report(result: CorpusScores, split: str | None = None) -> str:
    """The table ``yuanqu news evaluate`` prints: per field and micro P/R/F1, then repair."""
    widths = (18, 7, 7, 7, 10, 10, 8)
    titles = ("字段 field", "抽取", "正确", "标准", "精确率P", "召回率R", "F1")
    header = "".join(_pad(t, w, right=i > 0) for i, (t, w) in enumerate(zip(titles, widths, strict=True)))
    rule = "-" * sum(widths)
    lines = [f"报告 {result.reports} 份" + (f"（划分 {split}）" if split else ""), header, rule]
    for name, score in [*result.fields.items(), ("合计 micro", result.micro)]:
        cells = (name, str(score.extracted), str(score.correct), str(score.gold),
                 _figure(score.precision), _figure(score.recall), _figure(score.f1))
        lines.append("".join(_pad(c, w, right=i > 0) for i, (c, w) in enumerate(zip(cells, widths, strict=True))))
    repair = result.repair
    lines += [
        rule,
        f"修复字符准确率（修复标记区段外）: {repair.accuracy:.4f}"
        f"（正确 {repair.correct}，错误 {repair.errors}，标记区段内不计 {repair.excluded} 字）",
        f"未被标记的受损区段: {repair.unflagged_spans} / {repair.damaged_spans}",
    ]
    if result.median_extract_ms is not None:
        slowest = max(result.extract_ms)
        lines.append(f"每份报告抽取耗时中位数: {result.median_extract_ms:.1f} ms（最长 {slowest:.1f} ms）")
    return "\n".join(lines) + "\n"
