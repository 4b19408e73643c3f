"""The meeting's date and year. Pure: no Django.

The meeting date is the first date of the report that is neither a publication line (2020年11月03日10:44,
发布时间：2022-06-29, a line holding only a date) nor a dateline (保定6月28日电). ``year`` is taken from the text
(printed with the meeting date or in the meeting's name, unless the name's period may end before the meeting:
2022年下半年 ... 1月3日), else from a printed publication date, else from the report's URL; ``year_basis``
says which, and nothing is guessed.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

_DAY = r"(\d{1,2})\s*[日号號]"
DATE = re.compile(
    rf"(?:(\d{{4}})\s*年\s*)?(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*(?:[日号號]|(?=(?:-|－|—|至|到|～|~)\s*\d))"
    rf"(?:(?:至|到|—|－|-|～|~|、|和)\s*(?:(\d{{1,2}})\s*月\s*)?{_DAY}"
    rf"|(?:开始)?[，,]?\s*(?:到|至)\s*{_DAY}(?:结束)?)?"
)
_DAY_RANGE = re.compile(r"(\d{1,2})\s*(?:日)?(?:-|－|—|至|到|～|~)\s*(\d{1,2})\s*[日号號]")
_BARE_DAY = re.compile(r"(?<![\d月年.\-/])(\d{1,2})日(?=上午|下午|晚|，|,)")
_PUBLISHED_LINE = re.compile(
    r"(?:发布时间|发布日期|发表时间|时间|日期|更新时间)?\s*[：:]?\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)"
    r"\s*日?(?=\s*\d{1,2}:\d{2}|[ \t]*$|\s*(?:来源|作者|浏览|点击|消费|转载))",
    re.M,
)
_DATELINE = re.compile(r"[\u4e00-\u9fff]{1,6}\d{1,2}月\d{1,2}日电")
_URL_DATE = re.compile(r"(?<!\d)(20\d{2}|19\d{2})[-/_]?(?:(0[1-9]|1[0-2])[-/_]?(?:([0-3]\d)(?!\d))?)?")
# a year in a meeting's name followed by a period that may end before the meeting is held
_YEAR_OPEN_PERIOD = re.compile(r"(\d{4})年(?:度)?(?:全年|下半年|[三四]季度|第[三四]季度|前三季度)")


@dataclass(slots=True)
class MeetingDate:
    month: int | None = None
    days: tuple[int, ...] = ()
    year: int | None = None
    basis: str | None = None
    span: tuple[int, int] | None = None  # where in the text the date was read
    year_span: tuple[int, int] | None = None


def _excluded(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _PUBLISHED_LINE.finditer(text)]
    spans += [m.span() for m in _DATELINE.finditer(text)]
    return spans


def publication_date(text: str) -> tuple[int, int, int, tuple[int, int]] | None:
    """The first printed publication date (year, month, day, span), or None."""
    match = _PUBLISHED_LINE.search(text)
    if not match:
        return None
    year, month, day = map(int, match.groups())
    return (year, month, day, match.span()) if 1 <= month <= 12 and 1 <= day <= 31 else None


def _days(year: int | None, month: int, first: int, second_month: int | None, last: int) -> list[int]:
    if second_month is None or second_month == month:
        return list(range(first, last + 1)) if last >= first else [first, last]
    length = calendar.monthrange(year or 2001, month)[1]  # 2001: not a leap year; a range over 2月 end assumes 28
    if first > length or second_month != month % 12 + 1:
        return [first, last]
    return [*range(first, length + 1), *range(1, last + 1)]


def _year_from(pub_year: int, pub_month: int, pub_day: int, month: int | None, day: int | None) -> int | None:
    """The meeting's year given a publication date: the same year when the meeting's day is not after the
    publication's, the year before over the turn of the year (a report of 12月30日 published on 2020-01-02),
    else None (the report may be years old)."""
    if month is None or (month, day or 1) <= (pub_month, pub_day):
        return pub_year
    if month >= 10 and pub_month <= 3:  # over the turn of the year: published within a quarter
        return pub_year - 1
    return None


def meeting_date(text: str, url: str | None = None, name: str = "", name_span=None) -> MeetingDate:
    """The meeting's month, days and year (see the module's docstring). ``days`` across a month end are the days
    of both months (7月31日至8月3日 -> 31, 1, 2, 3); ``month`` is the first one. ``name`` is the meeting's name as
    the report prints it with the words before it in its clause (通城县2022年第三次重大项目谋划擂台赛), found at
    ``name_span``: a year there is the meeting's, unless a period follows it (2022年下半年)."""
    found = MeetingDate()
    excluded = _excluded(text)
    for match in DATE.finditer(text):
        if any(a <= match.start() < b for a, b in excluded):
            continue
        before = text[max(0, match.start() - 1):match.start()]
        if before == "在" and re.match(r"[^，,。]{0,12}会上", text[match.end():]):
            continue  # 在5月5日项目观摩会上: an earlier meeting
        year_text, month_text, first_text, second_month, last_text, open_last = match.groups()
        month, first = int(month_text), int(first_text)
        if not 1 <= month <= 12 or not 1 <= first <= 31:
            continue
        year = int(year_text) if year_text else None
        last = last_text or open_last
        if last is None:
            days = [first]
        else:
            days = _days(year, month, first, int(second_month) if second_month else None, int(last))
        found.month, found.days, found.span = month, tuple(days), match.span()
        if year:
            found.year, found.basis, found.year_span = year, "text", match.span()
        break
    else:
        ranges = _DAY_RANGE.search(text) or _BARE_DAY.search(text)
        if ranges:
            numbers = [int(g) for g in ranges.groups()]
            found.days = tuple(range(numbers[0], numbers[-1] + 1)) if numbers[-1] >= numbers[0] else tuple(numbers)
            found.span = ranges.span()
    if found.year is None:
        _year(text, url, found, name, name_span)
    return found


def _year(text: str, url: str | None, found: MeetingDate, name: str, name_span) -> None:
    first_day = found.days[0] if found.days else None
    name_year = re.search(r"(\d{4})年", name)
    if name_year and not _YEAR_OPEN_PERIOD.match(name, name_year.start()):
        found.year, found.basis, found.year_span = int(name_year[1]), "text", name_span
        return
    published = publication_date(text)
    if published:
        year, month, day, span = published
        inferred = _year_from(year, month, day, found.month, first_day)
        if inferred is not None:
            found.year, found.basis, found.year_span = inferred, "publication_date", span
        return
    if url:
        match = _URL_DATE.search(url.split("://", 1)[-1].split("/", 1)[-1])
        if match and match[2]:
            month, day = int(match[2]), int(match[3]) if match[3] else 28
            inferred = _year_from(int(match[1]), month, day, found.month, first_day)
            if inferred is not None:
                found.year, found.basis = inferred, "url"
