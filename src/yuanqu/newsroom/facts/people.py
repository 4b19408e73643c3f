"""People in a report: a title (organisation words ending in a post name) followed by a name, or a bare name in a
list of people. Pure: no Django.

Where a name ends is the hard part (区发改委主任曹少团召集相关单位: 曹少团, not 曹少团召): a name is two or three
characters (four with a compound surname), tried longest first, and accepted when what follows it is a word that
follows a person in these reports (带领, 主持, 一行, 、, 等 ...). ``NAME_SPLITTERS`` holds the alternatives
measured on the corpus (docs/news.md); ``rules`` is the one in use.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from yuanqu.newsroom.facts.lexicon import COMPOUND_SURNAMES, LEADER_GROUPS, SURNAMES, TITLE_POSTS, is_place

HAN = "\u4e00-\u9fff"
_POST = re.compile("|".join(TITLE_POSTS))
# What may follow a name: a verb of the meeting, a list separator or the end of a clause.
FOLLOWERS = re.compile(
    r"(?:带领|率领|率队|带队|率(?![先])|一行|主持|参加|出席|陪同|一同|一起|等|召集|宣布|指出|强调|要求|讲话|说|表示|"
    r"介绍|致辞|作|到|赴|来|在|深入|先后|对|与|和|及|同|就|调研|督导|考察|视察|检查|走进|察看|查看|观摩|参与|"
    r"分别|也|还|代表|汇报|点评|通报|主讲|宣讲|再次|现场|随后|的(?=带领|率领|陪同|主持|讲话|要求|指导)|"
    r"[、，,。；;：:\s)）」”]|$)"
)
# Words before a title that belong to the sentence, not to the title (图为市委书记X, 由市长X主持).
_LEAD_IN = re.compile(
    r"(?:图为|随后|同时|其间|期间|会上|会议由|由|在|经|请|邀请|以及|并|和|与|及|是|为|据|我市|我县|我区)+"
)
_TITLE_CHARS = re.compile(rf"[{HAN}、]")


@dataclass(slots=True)
class Person:
    """A person mention: ``start``/``end`` of the whole mention (title included), ``name_start`` where the
    name begins; ``title`` as written ('' for a bare name)."""

    start: int
    end: int
    name_start: int
    title: str
    name: str


def _name_lengths(text: str, at: int) -> tuple[int, ...]:
    return (4, 3, 2) if text[at:at + 2] in COMPOUND_SURNAMES else (3, 2)


def _split_rules(text: str, at: int) -> int | None:
    """Length of the name starting at ``at`` by the follower rule, or None."""
    for length in _name_lengths(text, at):
        name = text[at:at + length]
        if len(name) == length and re.fullmatch(f"[{HAN}]+", name) and FOLLOWERS.match(text, at + length):
            if _POST.search(name) or is_place(name):
                continue
            return length
    return None


@functools.cache
def _jieba():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    return jieba.posseg


def _split_jieba(text: str, at: int) -> int | None:
    """Length of the name starting at ``at``: the first word jieba's POS tagger reads there, when tagged nr."""
    window = text[at:at + 8]
    for word, flag in _jieba().cut(window):
        if flag == "nr" and 2 <= len(word) <= 4:
            return len(word)
        return None
    return None


NAME_SPLITTERS = {"rules": _split_rules, "jieba": _split_jieba}
_SPLITTER = ["rules"]


def use_splitter(name: str) -> None:
    """Choose the name splitter (for the measurements in docs/news.md)."""
    if name not in NAME_SPLITTERS:
        raise ValueError(name)
    _SPLITTER[0] = name
    titled_people.cache_clear()


def _title_start(text: str, post_start: int) -> int:
    """Where the title ending at a post starting at ``post_start`` begins: back over Han characters and 、."""
    start = post_start
    while start > 0 and _TITLE_CHARS.match(text[start - 1]) and post_start - start < 40:
        start -= 1
    lead = _LEAD_IN.match(text, start)
    while lead and lead.end() > start and lead.end() <= post_start:
        start = lead.end()
        lead = _LEAD_IN.match(text, start)
    return start


@functools.lru_cache(maxsize=64)
def titled_people(text: str) -> tuple[Person, ...]:
    """Every title + name mention in ``text``, in order. A run of titles joined by 、 is one title
    (市委书记、市人大常委会主任戴源); the title ends at its last post name."""
    split = NAME_SPLITTERS[_SPLITTER[0]]
    found: list[Person] = []
    for post in _POST.finditer(text):
        at = post.end()
        if at < len(text) and _POST.match(text, at):  # a longer title goes on (副市长 inside 常务副市长 ...)
            continue
        length = split(text, at)
        if length is None:
            continue
        start = _title_start(text, post.start())
        if found and found[-1].end > start:
            start = max(start, found[-1].end)
        title = text[start:at].strip("、")
        if not title or not _POST.search(title):
            continue
        found.append(Person(start, at + length, at, title, text[at:at + length]))
    return tuple(found)


def bare_name(item: str) -> str | None:
    """``item`` as a bare name of a person (李命山), or None: two or three characters (four with a compound
    surname) starting with a surname, not a place and holding no post name."""
    item = item.strip()
    for group in LEADER_GROUPS:
        item = item.removeprefix(group)
    if not re.fullmatch(f"[{HAN}]{{2,4}}", item) or is_place(item) or _POST.search(item):
        return None
    if re.search(r"(?:人大|政协|政府|党委|委|办|局|部|会|所|院|中心|公司|集团)$", item):  # 区人大 is a body
        return None
    if item[:2] in COMPOUND_SURNAMES or (item[0] in SURNAMES and len(item) <= 3):
        return item
    return None


def person_in(item: str) -> tuple[str, str] | None:
    """(title, name) of a list item: a titled mention ending the item, or a bare name; None for anything else
    (各县区主要负责同志, 市委书记 alone, a date)."""
    item = item.strip()
    people = titled_people(item)
    if people and people[-1].end == len(item):
        return people[-1].title, people[-1].name
    name = bare_name(item)
    return ("", name) if name else None
