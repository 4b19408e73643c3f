"""`yuanqu regions remap`: records follow a re-zoning, nothing is lost, every move is logged, the old code stays."""

import datetime
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError

from yuanqu.core.models import ObjectChange
from yuanqu.places import demo
from yuanqu.places.models import Park, Region, RegionChange
from yuanqu.projects import demo as projects_demo
from yuanqu.projects.models import Enterprise, Project

pytestmark = pytest.mark.django_db

MODELS = (Project, Enterprise, Park)


@pytest.fixture
def yancheng():
    demo.load()
    projects_demo.load()


def _remap(*args) -> str:
    out = io.StringIO()
    call_command("regions", "remap", *args, stdout=out)
    return out.getvalue()


def _on(code: str) -> dict:
    return {model: set(model.objects.filter(region__code=code).values_list("pk", flat=True)) for model in MODELS}


def _moves(model, pks) -> int:
    content_type = ContentType.objects.get_for_model(model)
    return ObjectChange.objects.filter(content_type=content_type, object_id__in=[str(pk) for pk in pks],
                                       action="update").count()


def test_a_recorded_merge_of_two_demo_districts_moves_everything(yancheng):
    totals = {model: model.objects.count() for model in MODELS}
    tinghu, yandu = _on("320902"), _on("320903")
    assert all(tinghu[m] and yandu[m] for m in MODELS)  # the demo has records of each kind in both
    for old in ("320902", "320903"):
        RegionChange.objects.create(old_code=old, new_codes="320999", new_name="盐城中心城区",
                                    date=datetime.date(2026, 1, 1), kind="merged")
    changes = list(RegionChange.objects.order_by("old_code"))
    for change in changes:
        out = _remap("--change", str(change.pk))
        assert "共 1 项区划变更" in out
    merged = _on("320999")
    for model in MODELS:
        assert model.objects.count() == totals[model]
        assert merged[model] == tinghu[model] | yandu[model]
        assert _moves(model, merged[model]) == len(merged[model])  # one log entry per moved record
    new = Region.objects.get(code="320999")
    assert (new.name, new.level, new.parent.code, new.group) == ("盐城中心城区", "district", "320900", "市区")
    for old in ("320902", "320903"):
        region = Region.objects.get(code=old)  # the old code stays readable
        assert region.retired == datetime.date(2026, 1, 1) and list(region.successors.all()) == [new]
        assert not region.users.exists()
    assert set(new.users.values_list("username", flat=True)) == {"tinghu_reporter", "yandu_reporter"}


def test_dry_run_moves_nothing(yancheng):
    before = _on("320903")
    logged = ObjectChange.objects.count()
    out = _remap("--from", "320903", "--to", "320902", "--dry-run")
    assert "试运行" in out and "项目" in out
    assert _on("320903") == before and ObjectChange.objects.count() == logged
    assert Region.objects.get(code="320903").retired is None


def test_from_and_to_on_the_list(yancheng):
    projects = _on("320903")[Project]
    out = _remap("--from", "320903", "--to", "320902", "--date", "2026-03-01")
    assert f"项目 {len(projects)}" in out
    assert projects <= _on("320902")[Project] and not _on("320903")[Project]


def test_a_split_leaves_the_records_and_lists_them(yancheng):
    before = _on("320903")
    out = _remap("--from", "320903", "--to", "320902", "320904")
    assert "拆分" in out and "留在原代码" in out
    assert _on("320903") == before
    assert Region.objects.get(code="320903").successors.count() == 2


def test_the_history_of_a_year_applies_the_list_s_changes():
    demo.load()
    city = Region.objects.get(code="320900")
    dafeng = Region.objects.create(code="320982", name="大丰市", level="county", parent=city)
    park = Park.objects.create(name="大丰港区", region=dafeng, level="provincial")
    assert "320982 → 320904" in _remap("--history", "2015")
    park.refresh_from_db()
    assert park.region.code == "320904" and Region.objects.get(code="320982").retired == datetime.date(2015, 12, 31)


def test_a_new_code_must_be_on_the_list_or_recorded(yancheng):
    with pytest.raises(CommandError, match="500157 不在民政部名单中"):
        _remap("--from", "320903", "--to", "500157")
    with pytest.raises(CommandError, match="没有行政区划代码为 110101"):
        _remap("--from", "110101", "--to", "110102")


def test_the_history_follows_a_successor_retired_since():
    demo.load()
    city = Region.objects.get(code="320900")
    # 1996: 郊区 split into 城区 (320902) and 盐都县 (320928), which itself went to 亭湖区 and 盐都区 in 2003
    suburb = Region.objects.create(code="320911", name="郊区", level="district", parent=city)
    park = Park.objects.create(name="郊区工业园", region=suburb, level="municipal")
    out = _remap("--history", "1996")
    assert "320911 → 320902、320903" in out and "留在 320911" in out
    park.refresh_from_db()
    assert park.region == suburb  # a split moves nothing
    assert set(suburb.successors.values_list("code", flat=True)) == {"320902", "320903"}


def test_the_chongqing_merger_recorded_by_an_organiser():
    province = Region.objects.create(code="500000", name="重庆市", level="province")
    jiangbei = Region.objects.create(code="500105", name="江北区", level="district", parent=province)
    yubei = Region.objects.create(code="500112", name="渝北区", level="district", parent=province)
    Park.objects.create(name="江北嘴", region=jiangbei, level="municipal")
    Park.objects.create(name="空港园", region=yubei, level="municipal")
    with pytest.raises(CommandError, match="500157 不在民政部名单中：请先登记区划变更"):
        _remap("--from", "500105", "--to", "500157")
    for old in ("500105", "500112"):
        RegionChange.objects.create(old_code=old, new_codes="500157", new_name="两江新区",
                                    date=datetime.date(2025, 11, 6), kind="merged")
    _remap("--from", "500105", "--to", "500157", "--date", "2025-11-06")
    _remap("--from", "500112", "--to", "500157", "--date", "2025-11-06")
    liangjiang = Region.objects.get(code="500157")
    assert (liangjiang.name, liangjiang.parent) == ("两江新区", province)
    assert set(liangjiang.parks.values_list("name", flat=True)) == {"江北嘴", "空港园"}
    assert set(liangjiang.predecessors.values_list("code", flat=True)) == {"500105", "500112"}


def test_remap_finds_every_field_that_names_a_region():
    from yuanqu.places.services import _region_references

    found = {(model._meta.label, name, many) for model, name, many in _region_references()}
    assert found >= {("places.Region", "parent", False), ("places.Park", "region", False),
                     ("projects.Project", "region", False), ("projects.Enterprise", "region", False),
                     ("supervision.SupervisedTask", "region", False), ("meetings.Meeting", "visited_regions", True)}
