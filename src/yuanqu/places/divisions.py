"""The official division list (民政部 county-level-and-above codes in force at the end of 2024, and every change
since 1981), read from the product's own data file `places/data/divisions.csv` (built by
`scripts/build-divisions.py`).

Levels follow from the code: SS0000 a province (or municipality, autonomous region), SSCC00 a prefecture, anything
else county-level under SSCC00, or directly under the province where SSCC00 does not exist (省直辖县级行政单位, the
municipalities' districts). County-level names ending in 区 are urban districts, the rest (县, 县级市, 旗, 自治县,
神农架林区, 六枝特区) counties.

Functional zones (功能区): the statistics bureau gives development zones codes with 7 in the fifth digit (320971
盐城经济技术开发区). They are not divisions and not on the list, but cities rank them beside their districts, so a
7x code under a current prefecture is accepted as a region of level `zone` under that city; its name is the
organiser's (the list has none).

No Django here apart from gettext for the messages: plain data in, plain data out.
"""

import csv
import functools
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

DATA_FILE = Path(__file__).resolve().parent / "data" / "divisions.csv"

CURRENT, RETIRED, ZONE, UNKNOWN = "current", "retired", "zone", "unknown"


@dataclass(frozen=True)
class Division:
    """One entry of the list: a code with its name, level (province/city/district/county) and parent code."""

    code: str
    name: str
    level: str
    parent: str  # "" for a province
    status: str = CURRENT  # current | retired | changed (an entry that ended; the code may live on)
    since: int | None = None
    until: int | None = None
    successors: tuple[str, ...] = field(default=())  # codes that took over when the entry ended
    kind: str = ""  # renamed | merged | split | retired | transferred


@dataclass(frozen=True)
class Standing:
    """What the list says about a code: current, retired (with its current successors), a zone or unknown."""

    code: str
    status: str
    division: Division | None = None  # the current entry, or the last one of a retired code
    successors: tuple[str, ...] = ()  # current codes, for a retired one
    parent: str = ""  # the city of a zone


def _int(text: str) -> int | None:
    return int(text) if text else None


@functools.cache
def _load() -> tuple[dict[str, Division], dict[str, list[Division]]]:
    current: dict[str, Division] = {}
    history: dict[str, list[Division]] = {}
    with DATA_FILE.open(encoding="utf-8") as file:
        lines = (line for line in file if not line.startswith("#"))
        for row in csv.DictReader(lines):
            division = Division(
                code=row["code"], name=row["name"], level=row["level"], parent=row["parent"], status=row["status"],
                since=_int(row["since"]), until=_int(row["until"]),
                successors=tuple(t for t in row["successors"].split(";") if t and "[" not in t), kind=row["kind"],
            )
            if division.status == CURRENT:
                current[division.code] = division
            else:
                history.setdefault(division.code, []).append(division)
    for entries in history.values():
        entries.sort(key=lambda d: d.until or 0)
    return current, history


def current_divisions() -> dict[str, Division]:
    """Every current code → its Division (3,213 at the end of 2024)."""
    return _load()[0]


def history_entries() -> list[Division]:
    """Every entry that ended (retired, or changed name/code), oldest change first."""
    return sorted((d for entries in _load()[1].values() for d in entries), key=lambda d: (d.until or 0, d.code))


def get(code: str) -> Division | None:
    """The current division with this code, or None."""
    return _load()[0].get(code)


def is_zone_code(code: str) -> bool:
    """A statistics-only functional zone: six digits, 7 in the fifth, not on the list, under a current prefecture."""
    current = _load()[0]
    return (len(code) == 6 and code.isdigit() and code[4] == "7" and code not in current
            and current.get(code[:4] + "00", Division("", "", "", "")).level == "city")


def resolve_successors(codes: tuple[str, ...] | list[str], _seen: frozenset = frozenset()) -> tuple[str, ...]:
    """`codes` (an entry's successors) followed to the codes in force now: a successor retired since is replaced
    by its own successors; () when none is left."""
    current, history = _load()
    found: list[str] = []
    for code in codes:
        if code in current:
            results: tuple[str, ...] = (code,)
        elif code in history and code not in _seen:
            results = resolve_successors(history[code][-1].successors, _seen | {code})
        else:
            results = ()
        found += [result for result in results if result not in found]
    return tuple(found)


def current_successors(code: str) -> tuple[str, ...]:
    """The current codes a retired code ended in, following later changes of those codes; () when none."""
    history = _load()[1]
    return resolve_successors(history[code][-1].successors, frozenset({code})) if code in history else ()


def standing(code: str) -> Standing:
    """What the list says about `code` (see Standing)."""
    current, history = _load()
    if code in current:
        return Standing(code, CURRENT, current[code])
    if is_zone_code(code):
        return Standing(code, ZONE, parent=code[:4] + "00")
    if code in history:
        return Standing(code, RETIRED, history[code][-1], successors=current_successors(code))
    return Standing(code, UNKNOWN)


def tree(code: str) -> list[Division]:
    """The current division `code` and every current division below it, parents before children, by code."""
    current = _load()[0]
    if code not in current:
        return []
    children: dict[str, list[str]] = {}
    for division in current.values():
        children.setdefault(division.parent, []).append(division.code)
    out, stack = [], [code]
    while stack:
        node = stack.pop()
        out.append(current[node])
        stack.extend(sorted(children.get(node, ()), reverse=True))
    return out


def problem(code: str, *, also_allowed: frozenset[str] | set[str] = frozenset()) -> str | None:
    """A Chinese message when `code` may not be a region's code, else None.

    Accepted: a current code, a 7x functional zone, or one of `also_allowed` (new codes an organiser recorded
    in a RegionChange after the list was published)."""
    if code in also_allowed:
        return None
    found = standing(code)
    if found.status in (CURRENT, ZONE):
        return None
    if found.status == RETIRED:
        names = "、".join(f"{c} {get(c).name}" for c in found.successors)
        if names:
            return _("行政区划代码 %(code)s（%(name)s）已于%(year)s年撤销，请改用 %(successors)s。") % {
                "code": code, "name": found.division.name, "year": found.division.until, "successors": names}
        return _("行政区划代码 %(code)s（%(name)s）已于%(year)s年撤销。") % {
            "code": code, "name": found.division.name, "year": found.division.until}
    return _("行政区划代码 %(code)s 不在民政部2024年县级以上行政区划代码中。") % {"code": code}
