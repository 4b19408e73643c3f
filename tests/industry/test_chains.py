"""Pure placement of enterprises/projects on chain nodes and coverage (缺链/弱链)."""

import pytest

from yuanqu.industry.chains import COVERED, MISSING, WEAK, Item, NodeSpec, coverage, place

NODES = [
    NodeSpec("body", "车体", ("37",), ("车体",)),
    NodeSpec("bogie", "转向架", ("37",), ("转向架",)),
    NodeSpec("traction", "牵引系统", ("38",), ("牵引",)),
    NodeSpec("service", "运维服务", ("43",), ("运维",)),
]


def test_keyword_in_name_places_only_on_that_node():
    placed = place([Item("p:1", "中车轨道列车车体", "37")], NODES)
    assert [p.item.key for p in placed["body"]] == ["p:1"]
    assert placed["bogie"] == []  # the code alone would have matched, but the name is more specific
    assert "车体" in placed["body"][0].reason


def test_code_fallback_places_on_every_node_with_that_code_including_finer_codes():
    placed = place([Item("e:1", "某某装备有限公司", "3711")], NODES)
    assert [bool(placed[k]) for k in ("body", "bogie", "traction", "service")] == [True, True, False, False]
    assert "3711" in placed["body"][0].reason


def test_section_only_code_places_nothing():
    placed = place([Item("e:2", "某某公司", "C")], NODES)
    assert all(not v for v in placed.values())


def test_coverage_missing_weak_covered_with_threshold():
    items = [Item("p:1", "车体一", "37"), Item("p:2", "车体二", "37"), Item("p:3", "牵引变流器", "38")]
    placed = place(items, NODES)
    assert coverage(placed) == {"body": COVERED, "bogie": MISSING, "traction": WEAK, "service": MISSING}
    assert coverage(placed, weak_threshold=2)["body"] == WEAK
    with pytest.raises(ValueError):
        coverage(placed, weak_threshold=-1)
