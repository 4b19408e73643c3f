#!/usr/bin/env python3
"""Build src/yuanqu/places/data/divisions.csv from the Ministry of Civil Affairs list (the areacodes data set).

    scripts/build-divisions.py [REFERENCE_DIR] [OUTPUT]

REFERENCE_DIR holds `2024.txt` (codes in force on 2024-12-31) and `history.csv` (every code since 1981);
default /work/shared/reference/divisions. The output is one row per entry of the history (a code can be used
more than once, by different places in different years), with the level and parent of every entry derived from
the code (see yuanqu.places.divisions), and the kind of each change as far as the history tells it. Only the
standard library: it runs without the project installed.
"""

import csv
import datetime
import io
import sys
from pathlib import Path

DEFAULT_REFERENCE = Path("/work/shared/reference/divisions")
DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "src/yuanqu/places/data/divisions.csv"
COLUMNS = ["code", "name", "level", "parent", "status", "since", "until", "successors", "kind"]
STATUS = {"在用": "current", "弃用": "retired", "变更": "changed"}


def county_level(name: str) -> str:
    """市辖区 (a name ending in 区) → district; 县, 县级市, 旗, 林区 and 特区 → county.

    The one 林区 is 神农架林区 (碑林区 and 万柏林区 are urban districts), the one 特区 六枝特区."""
    if name.endswith("区") and not name.endswith("特区") and name != "神农架林区":
        return "district"
    return "county"


def level_of(code: str, name: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return county_level(name)


def parent_of(code: str, prefectures: set[str]) -> str:
    """SSCC00 when that prefecture exists, else the province (省直辖县级行政单位, the municipalities' districts)."""
    if code.endswith("0000"):
        return ""
    if code.endswith("00"):
        return code[:2] + "0000"
    prefecture = code[:4] + "00"
    return prefecture if prefecture in prefectures else code[:2] + "0000"


def successors_on_end(successors: str) -> list[str]:
    """The codes that took over when the entry ended (a `[year]` token is a part handed over in another year)."""
    return [token for token in successors.split(";") if token and "[" not in token]


def kind_of(row: dict, until_codes: list[str], started: dict[str, int], predecessors: dict) -> str:
    """renamed / merged / split / retired for an entry that ended; transferred for a code still in force that
    handed part of its area over; '' otherwise."""
    status = STATUS[row["状态"]]
    if status == "current":
        return "transferred" if row["新代码"] else ""
    if not until_codes:
        return "retired"
    if len(until_codes) > 1:
        return "split"
    new = until_codes[0]
    year = int(row["变更/弃用时间"])
    if new == row["代码"]:
        return "renamed"
    shared = len(predecessors.get((new, year), ())) > 1
    return "merged" if shared or started.get(new, year) < year else "renamed"


def build(reference: Path, built: datetime.date) -> str:
    current = {}
    for line in (reference / "2024.txt").read_text(encoding="utf-8-sig").splitlines():
        if line.strip():
            code, name = line.split(maxsplit=1)
            current[code] = name.strip()
    with (reference / "history.csv").open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    prefectures = {code for code in current if code.endswith("00") and not code.endswith("0000")}
    # when a code first came into force with the place it has now, and which entries ended in it in a given year
    started: dict[str, int] = {}
    for row in rows:
        if row["状态"] == "在用":
            started[row["代码"]] = int(row["启用时间"])
    predecessors: dict[tuple[str, int], set[str]] = {}
    for row in rows:
        if row["状态"] != "在用":
            for new in successors_on_end(row["新代码"]):
                predecessors.setdefault((new, int(row["变更/弃用时间"])), set()).add(row["代码"])
    in_force = {row["代码"] for row in rows if row["状态"] == "在用"}
    if in_force != set(current):
        raise SystemExit(f"history.csv and 2024.txt disagree on {len(in_force ^ set(current))} codes")
    all_prefectures = prefectures | {r["代码"] for r in rows if r["级别"] == "地级"}
    out = []
    for row in rows:
        code, status = row["代码"], STATUS[row["状态"]]
        name = current[code] if status == "current" else row["名称"]
        level = {"省级": "province", "地级": "city"}.get(row["级别"]) or county_level(name)
        out.append({
            "code": code,
            "name": name,
            "level": level,
            "parent": parent_of(code, prefectures if status == "current" else all_prefectures),
            "status": status,
            "since": row["启用时间"],
            "until": row["变更/弃用时间"],
            "successors": row["新代码"],
            "kind": kind_of(row, successors_on_end(row["新代码"]), started, predecessors),
        })
    out.sort(key=lambda r: (r["code"], r["status"] != "current", r["since"], r["until"]))
    counts = {level: sum(1 for r in out if r["status"] == "current" and r["level"] == level)
              for level in ("province", "city", "district", "county")}
    text = io.StringIO()
    text.write(
        "# 民政部县级以上行政区划代码 (GB/T 2260 codes): codes in force on 2024-12-31 and every change since 1981\n"
        "# source: areacodes data set (Ministry of Civil Affairs yearly lists, State Council gazette), CC0 1.0,\n"
        "#   via the shared reference files 2024.txt and history.csv; built by scripts/build-divisions.py\n"
        f"# built: {built.isoformat()}\n"
        f"# counts: {len(current)} current = {counts['province']} province-level, {len(prefectures)} prefecture-level,"
        f" {counts['district'] + counts['county']} county-level ({counts['district']} district,"
        f" {counts['county']} county); {len(out)} entries in all\n"
        "# status: current | retired | changed; successors: ';'-separated, code[year] = part handed over that year;\n"
        "# kind: renamed | merged | split | retired | transferred (derived from the history)\n"
    )
    writer = csv.DictWriter(text, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(out)
    return text.getvalue()


def main(argv: list[str]) -> int:
    reference = Path(argv[0]) if argv else DEFAULT_REFERENCE
    output = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUTPUT
    output.write_text(build(reference, datetime.date.today()), encoding="utf-8")
    print(f"{output}: written")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
