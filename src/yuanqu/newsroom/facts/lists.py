"""Lists a report gives: visited districts and projects, scoring criteria, rankings. Pure: no Django."""

from __future__ import annotations

import re

from yuanqu.newsroom.facts.lexicon import ZONE_SUFFIXES, divisions, is_place, short_names
from yuanqu.newsroom.facts.people import HAN

_NUMBER = "零〇一二两三四五六七八九十百"
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_number(text: str) -> int | None:
    """``十八`` -> 18, ``二十一`` -> 21, ``18`` -> 18, ``一百零二`` -> 102; None if not a number."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for char in text:
        if char in _DIGITS:
            current = _DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def split_items(text: str, separators: str = "、，,") -> list[tuple[int, str]]:
    """(offset, item) of a list split on ``separators`` outside brackets (各县（市、区）stays whole)."""
    items, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char in "（(":
            depth += 1
        elif char in "）)":
            depth = max(0, depth - 1)
        elif depth == 0 and char in separators:
            items.append((start, text[start:index]))
            start = index + 1
    items.append((start, text[start:]))
    return [(at + len(item) - len(item.lstrip()), item.strip()) for at, item in items if item.strip()]


# ---- places visited ---------------------------------------------------------------------------------------

_PLACE_PREFIX = re.compile(
    rf"^([{HAN}]{{1,12}}?(?:{'|'.join(ZONE_SUFFIXES[:-6])}|街道|[{HAN}]镇|[{HAN}]乡|[{HAN}]区|[{HAN}]县|[{HAN}]市))"
)


def place_of(item: str) -> str | None:
    """``item`` when it is a place (GB/T 2260 name or short form, zone, town), else None."""
    item = re.sub(r"\d+个.*$", "", item).strip()
    item = re.sub(r"(?:等地|等处|等)$", "", item)
    if item.endswith(("园区", "工业园区", "产业园区")) and item not in divisions():
        return None
    return item if item and is_place(item) and len(item) <= 12 else None


def leading_place(item: str) -> str | None:
    """The place an item opens with (定襄县宝航重工公司 -> 定襄县), when it is a known division or a zone."""
    for length in range(min(len(item) - 1, 12), 1, -1):
        head = item[:length]
        if head in divisions() or (
            head.endswith(("镇", "乡", "街道", "开发区", "经开区", "新区")) and len(head) >= 3 and "村" not in head
        ):
            return head
    return None


# ---- rankings ---------------------------------------------------------------------------------------------

_RANK_WORD = rf"第([{_NUMBER}\d]+)名?"
_ORDERED = re.compile(rf"从第([{_NUMBER}\d]+)名到第([{_NUMBER}\d]+)名依次为[：:]?([^；;。\n]+)")
_ONE_RANK = re.compile(
    rf"([^，,；;。：:\n]{{2,40}}?)(?:以([\d.]+)分?的(?:最高|最低)?分)?"
    rf"(?:荣获|获得|获评|获|排名|位列|名列|位居|并列|分别获得|分别获|分别位列|分别排名)(?:全市|全县|全区)?"
    rf"{_RANK_WORD}(?:名)?(?:(?:和|、|及)第([{_NUMBER}\d]+)名?)*"
)
_FLAT = re.compile(rf"([{HAN}]{{2,8}}?(?:区|县|市|镇|乡|新区))(\d{{2,6}}(?:\.\d{{1,2}})?)(?![\d.])")


def rankings(text: str) -> list[tuple[dict, tuple[int, int]]]:
    """Published ranks: ({rank, name, score}, span) for 从第一名到第七名依次为…, X获第二名 / X排名第一 /
    X、Y分别获得第二名和第三名 / A以及B并列第二名, and flattened tables (兖州区195.71 = rank 1, 95.71)."""
    found: list[tuple[dict, tuple[int, int]]] = []
    taken: list[tuple[int, int]] = []
    for match in _ORDERED.finditer(text):
        first = chinese_number(match[1]) or 1
        names = [item for _, item in split_items(match[3], "、，,")]
        for index, name in enumerate(names):
            found.append(({"rank": first + index, "name": name, "score": None}, match.span()))
        taken.append(match.span())
    for match in _ONE_RANK.finditer(text):
        if any(a <= match.start() < b for a, b in taken):
            continue
        ranks = [chinese_number(r) for r in re.findall(rf"第([{_NUMBER}\d]+)", match[0][len(match[1]):])]
        subject = re.sub(r"^(?:在全市\d+个[区县]中|其中)", "", match[1].strip())
        names = [re.sub(r"^.*?谋划的", "", n).strip() for n in re.split(r"以及|、|和|及", subject) if n.strip()]
        if not names or any(len(n) > 30 for n in names):
            continue
        score = float(match[2]) if match[2] else None
        if len(ranks) == len(names):
            pairs = list(zip(ranks, names, strict=True))
        elif len(ranks) == 1:
            pairs = [(ranks[0], n) for n in names]
        else:
            continue
        for rank, name in pairs:
            if rank:
                found.append(({"rank": rank, "name": name, "score": score if len(names) == 1 else None},
                              match.span()))
    found += _flat_table(text)
    return found


def _flat_table(text: str) -> list[tuple[dict, tuple[int, int]]]:
    """Ranks from a table flattened into a line: name, rank and score run together, ranks counting up from 1."""
    rows, expected = [], 1
    for match in _FLAT.finditer(text):
        digits = match[2]
        rank_text = str(expected)
        if not digits.startswith(rank_text) or len(digits) <= len(rank_text):
            if rows and expected > 3:
                break
            rows, expected = [], 1
            if not digits.startswith("1"):
                continue
            rank_text = "1"
        score_text = digits[len(rank_text):]
        try:
            score = float(score_text)
        except ValueError:
            continue
        if score > 100 or score_text.startswith("."):
            continue
        rows.append(({"rank": int(rank_text), "name": match[1], "score": score}, match.span()))
        expected = int(rank_text) + 1
    return rows if len(rows) >= 3 else []


def known_place(name: str) -> bool:
    return name in divisions() or name in short_names()
