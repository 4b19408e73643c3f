"""Extract a meeting's facts from a repaired news report (issue 7). Pure: no Django.

Every field is read from a pattern the report itself uses; a field whose pattern is absent is
``None`` (or an empty list), never guessed. The only inference is the year, taken from a
publication date printed in the report, and the result says so in ``year_basis``.
"""

from __future__ import annotations

import re

__all__ = ["FIELDS", "chinese_number", "extract"]

FIELDS = (
    "round", "month", "days", "year", "meeting_kind", "city", "visited_districts", "leader",
    "presiding", "attendees", "visited_projects", "criteria", "reporter", "demands",
)

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_HAN = "\u4e00-\u9fff"

_ROUND = re.compile(r"第([零〇一二两三四五六七八九十百\d]+)次")
_KIND = re.compile(
    rf"第[零〇一二两三四五六七八九十百\d]+次([{_HAN}]{{2,40}}?(?:会|活动))(?=在|于|举行|召开|[，。、\s]|$)"
)
_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日(?:(?:至|到|—|－|-|～|~)(?:(\d{1,2})月)?(\d{1,2})日)?")
_PUBLISHED = re.compile(r"(?:发布时间|发布日期|日期|时间)[：:]\s*(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})")
_CITY = re.compile(rf"(?:^|(?<=[^{_HAN}])|(?<=[在于讯据]))([{_HAN}]{{2,3}}市)(?=第|委|政府|市长|人民政府)", re.M)
_VENUE = re.compile(rf"(?:会|活动)在([{_HAN}、，和及（）()]{{2,60}}?)(?:举行|召开)")
_LEADER = re.compile(r"在([^，。；]{2,40}?)(?:的)?带领下")
_PRESIDING = re.compile(r"([^，。；]{2,40}?)主持")
_ATTENDEES = re.compile(r"([^。]{2,200}?)等(?:参加|出席)")
_PROJECTS = re.compile(r"(?:观摩|察看|参观)了([^。]{2,300}?)等(?:[\d一二三四五六七八九十]+个)?(?:重点|重大)?项目")
_CRITERIA = re.compile(
    r"(?:呈现出|呈现|体现出|体现了|具有)([^。；]{2,120}?)(?:等|的)(?:良好|鲜明|显著)?(?:态势|特点|特征|局面)"
)
_BYLINE_END = re.compile(r"[（(]\s*(?:记者|文|作者)[\s：:/]*([^）)]+?)\s*[）)]\s*\Z")
_BYLINE_START = re.compile(r"讯\s*[（(]\s*记者[\s：:]*([^）)]+?)\s*[）)]")
_SENTENCE = re.compile(r"[^。！!\n]+")
_DEMAND_CLAUSE = re.compile(r"(?:^|[，,：:])\s*(?=(?:要|必须|务必|切实)[^求])")
_SPEAKER = re.compile(r"(?:强调|要求|指出)[，,：:]")
_DEMAND_SPEAKER = re.compile(r"(?:强调|要求)[，,：:]")
_NOT_IN_CITY_NAME = set("全本该各由会议在于和与及我")
_SPLIT_LIST = re.compile(r"[、，,]|和(?=各)")
_PRESIDING_PREFIX = re.compile(r"^(?:会议|活动)?由")


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


def _split_outside_brackets(text: str) -> list[str]:
    """Split a list on 、 and ， except inside brackets (各县（市、区）stays whole)."""
    items, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char in "（(":
            depth += 1
        elif char in "）)":
            depth = max(0, depth - 1)
        elif depth == 0 and _SPLIT_LIST.match(text, index):
            items.append(text[start:index])
            start = index + 1
    items.append(text[start:])
    return [item.strip() for item in items if item.strip()]


def _dates(text: str) -> tuple[int | None, list[int], int | None, str | None]:
    match = _DATE.search(text)
    if not match:
        return None, [], None, None
    year_text, month_text, first_text, second_month, last_text = match.groups()
    month, first = int(month_text), int(first_text)
    if last_text is None:
        days = [first]
    elif second_month is None and int(last_text) >= first:
        days = list(range(first, int(last_text) + 1))
    else:  # across a month end: keep the days as written
        days = [first, int(last_text)]
    if year_text:
        return month, days, int(year_text), "stated with the meeting date"
    published = _PUBLISHED.search(text)
    if published:
        pub_year, pub_month, pub_day = map(int, published.groups())
        if (month, first) <= (pub_month, pub_day):
            basis = f"inferred from the publication date {pub_year}-{pub_month:02d}-{pub_day:02d} printed in the report"
            return month, days, pub_year, basis
    return month, days, None, None


def _demands(text: str) -> list[str]:
    speech = _SPEAKER.search(text)
    if not speech:
        return []
    demands = []
    for sentence in _SENTENCE.findall(text[speech.start():]):
        clause = _DEMAND_CLAUSE.search(sentence) or _DEMAND_SPEAKER.search(sentence)
        if clause:
            demands.append(sentence[clause.end():].strip())
    return demands


def _reporter(text: str) -> str | None:
    match = _BYLINE_END.search(text.strip()) or _BYLINE_START.search(text)
    if not match:
        return None
    return re.split(r"\s*(?:通讯员|摄影|摄)\s*", match[1])[0].strip() or None


def extract(text: str) -> dict:
    """The meeting facts of one repaired report, as a JSON-ready dict with the keys ``FIELDS``.

    ``round``, ``month``, ``year`` are ints; ``days`` a list of day numbers (``23日至24日`` ->
    [23, 24]; across a month end the two days as written); people are strings as written
    (title and name, ``市长韩立明``); lists keep the report's order. Absent patterns give
    ``None`` or ``[]``. ``year`` is taken from the meeting date, or else from a printed
    publication date not earlier than the meeting; ``year_basis`` says which (or is None).
    A demand is a sentence of the speech (after 强调/要求/指出) with a clause opening with
    要/必须/务必/切实, from that clause on, or the whole sentence after 强调，/要求，.
    Text still holding □ (a lost character) is extracted as written; the □ shows in the value.
    """
    round_match = _ROUND.search(text)
    kind = _KIND.search(text)
    month, days, year, year_basis = _dates(text)
    city = next((m for m in _CITY.finditer(text) if _NOT_IN_CITY_NAME.isdisjoint(m[1])), None)
    venue = _VENUE.search(text)
    leader = _LEADER.search(text)
    presiding = _PRESIDING.search(text)
    attendees = _ATTENDEES.search(text)
    projects = _PROJECTS.search(text)
    criteria = _CRITERIA.search(text)

    attendee_list: list[str] = []
    if attendees:
        attendee_list = _split_outside_brackets(re.sub(r"^\s*(?:市领导|领导)", "", attendees[1]))
    return {
        "round": chinese_number(round_match[1]) if round_match else None,
        "month": month,
        "days": days,
        "year": year,
        "year_basis": year_basis,
        "meeting_kind": kind[1] if kind else None,
        "city": city[1] if city else None,
        "visited_districts": [d for d in re.split(r"[、，和及]", venue[1]) if d] if venue else [],
        "leader": leader[1] if leader else None,
        "presiding": _PRESIDING_PREFIX.sub("", presiding[1]) if presiding else None,
        "attendees": attendee_list,
        "visited_projects": _split_outside_brackets(projects[1]) if projects else [],
        "criteria": _split_outside_brackets(criteria[1]) if criteria else [],
        "reporter": _reporter(text),
        "demands": _demands(text),
    }
