"""`yuanqu industry targets|grades|load-chains`: output and exit codes."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import world
from tests.industry.helpers import figures_xlsx, good_row, industry_world, poor_row, tinghu_enterprise
from yuanqu.industry.models import Chain, EfficiencyRecord

pytestmark = pytest.mark.django_db


def test_targets_text_and_json(capsys):
    industry_world()
    call_command("industry", "targets", "亭湖区", "--limit", "3")
    out = capsys.readouterr().out
    assert out.startswith("亭湖区招商目标") and "  1. " in out
    call_command("industry", "targets", "320902", "--json", "--measure", "projects")
    data = json.loads(capsys.readouterr().out)
    assert data["region"] == "320902" and data["targets"][0]["explanation"]


def test_targets_unknown_region_exits_2():
    world()
    with pytest.raises(CommandError) as caught:
        call_command("industry", "targets", "北京市")
    assert caught.value.returncode == 2 and "没有区县" in str(caught.value)


def test_grades_prints_grades_without_writing_and_saves_with_save(tmp_path, capsys):
    w = world()
    enterprise = tinghu_enterprise(w)
    path = tmp_path / "figures.xlsx"
    path.write_bytes(figures_xlsx([poor_row(enterprise)]))
    call_command("industry", "grades", str(path))
    assert "\tD\t" in capsys.readouterr().out
    assert EfficiencyRecord.objects.count() == 0
    call_command("industry", "grades", str(path), "--save", "--json")
    assert json.loads(capsys.readouterr().out)[0]["grade"] == "D"
    assert EfficiencyRecord.objects.count() == 1


def test_grades_bad_file_exits_1_with_row_and_column(tmp_path, capsys):
    w = world()
    row = good_row(tinghu_enterprise(w))
    row[4] = "=A1*2"
    path = tmp_path / "bad.xlsx"
    path.write_bytes(figures_xlsx([row]))
    with pytest.raises(SystemExit) as caught:
        call_command("industry", "grades", str(path), "--save")
    assert caught.value.code == 1
    err = capsys.readouterr().err
    assert "第2行" in err and "列 E" in err and "未写入任何数据" in err
    assert EfficiencyRecord.objects.count() == 0
    with pytest.raises(CommandError) as missing:
        call_command("industry", "grades", str(tmp_path / "nope.xlsx"))
    assert missing.value.returncode == 2


def test_load_chains(capsys):
    world()
    call_command("industry", "load-chains")
    assert "轨道交通装备" in capsys.readouterr().out
    assert Chain.objects.count() == 3
