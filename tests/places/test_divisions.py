"""The shipped division list and its lookup (places.divisions)."""

import collections
import importlib.util
import re
from pathlib import Path

import pytest

from yuanqu.places import divisions

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = Path("/work/shared/reference/divisions")


def test_the_shipped_file_has_the_list_s_counts():
    current = divisions.current_divisions().values()
    prefecture = sum(1 for d in current if d.level == "city")
    province = sum(1 for d in current if d.level == "province")
    county_level = sum(1 for d in current if d.level in ("district", "county"))
    assert (province, prefecture, county_level) == (34, 333, 2846)
    header = DATA_HEADER()
    assert "CC0" in header and "areacodes" in header and re.search(r"# built: \d{4}-\d\d-\d\d", header)
    assert "3213 current = 34 province-level, 333 prefecture-level, 2846 county-level" in header


def DATA_HEADER() -> str:
    return "".join(line for line in divisions.DATA_FILE.read_text(encoding="utf-8").splitlines(True)
                   if line.startswith("#"))


def _without_built(text: str) -> str:
    return re.sub(r"# built: .*\n", "", text)


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="the reference folder is not on this machine")
def test_the_build_script_reproduces_the_shipped_file(tmp_path):
    spec = importlib.util.spec_from_file_location("build_divisions", ROOT / "scripts" / "build-divisions.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    out = tmp_path / "divisions.csv"
    assert script.main([str(REFERENCE), str(out)]) == 0
    assert _without_built(out.read_text(encoding="utf-8")) == _without_built(
        divisions.DATA_FILE.read_text(encoding="utf-8"))
    reference = [line.split()[0] for line in (REFERENCE / "2024.txt").read_text(encoding="utf-8-sig").splitlines()
                 if line.strip()]
    assert sorted(reference) == sorted(divisions.current_divisions())


def test_levels_and_parents_follow_the_code():
    assert divisions.get("320900") == divisions.get("320900") and divisions.get("320900").level == "city"
    assert divisions.get("320900").parent == "320000"
    assert (divisions.get("320902").level, divisions.get("320902").parent) == ("district", "320900")
    assert divisions.get("320981").level == "county"  # 东台市, 县级市
    assert divisions.get("610103").level == "district"  # 碑林区 is an urban district
    assert divisions.get("429021").level == "county" and divisions.get("429021").parent == "420000"  # 神农架林区
    assert divisions.get("520203").level == "county"  # 六枝特区
    assert divisions.get("419001").parent == "410000"  # 济源市, 省直辖县级行政单位
    assert divisions.get("110105").parent == "110000"  # the municipalities' districts hang under the province code
    assert divisions.get("150121").name == "土默特左旗" and divisions.get("150121").level == "county"


def test_tree_lists_everything_below_a_code_parents_first():
    shenzhen = divisions.tree("440300")
    assert shenzhen[0].code == "440300" and len(shenzhen) == 10
    assert collections.Counter(d.level for d in shenzhen) == {"city": 1, "district": 9}
    sichuan = divisions.tree("510000")
    assert len(sichuan) == 1 + 21 + 183
    seen = set()
    for division in sichuan:
        assert division.code == "510000" or division.parent in seen
        seen.add(division.code)
    assert divisions.tree("320999") == []


def test_standing_of_current_retired_zone_and_unknown_codes():
    assert divisions.standing("320902").status == divisions.CURRENT
    dafeng = divisions.standing("320982")  # 大丰市 became 大丰区 in 2015
    assert dafeng.status == divisions.RETIRED and dafeng.successors == ("320904",)
    assert dafeng.division.until == 2015 and dafeng.division.kind == "renamed"
    # 郊区 (1996) went to 亭湖区 and 盐都县, and 盐都县 itself to 亭湖区 and 盐都区 (2003): followed to current codes
    assert divisions.standing("320911").successors == ("320902", "320903")
    zone = divisions.standing("320971")
    assert zone.status == divisions.ZONE and zone.parent == "320900"
    assert divisions.standing("320999").status == divisions.UNKNOWN
    assert divisions.standing("990971").status == divisions.UNKNOWN  # a 7x code needs a real prefecture


def test_problem_names_the_code_and_the_successor():
    assert divisions.problem("320902") is None and divisions.problem("320971") is None
    assert divisions.problem("320999") == "行政区划代码 320999 不在民政部2024年县级以上行政区划代码中。"
    assert divisions.problem("320982") == "行政区划代码 320982（大丰市）已于2015年撤销，请改用 320904 大丰区。"
    assert divisions.problem("500157") is not None and divisions.problem("500157", also_allowed={"500157"}) is None


def test_history_kinds_are_derived():
    by_key = {(d.code, d.until): d for d in divisions.history_entries()}
    assert by_key[("110103", 2010)].kind == "merged"  # 崇文区 into 东城区
    assert by_key[("320928", 2003)].kind == "split"  # 盐都县
    assert by_key[("320982", 2015)].kind == "renamed"
