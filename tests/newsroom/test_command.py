"""The ``news`` management command (needs Django settings; runs under pytest-django)."""

import io
import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from tests.newsroom.corpus import REPORTS, damage

# Runs under pytest-django (the project's normal run); skipped with `-p no:django`.
pytestmark = pytest.mark.skipif(not settings.configured, reason="needs Django settings (pytest-django)")


def _call(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("news", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_repair_prints_text_and_spans(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("產(chǎn)業發(fā)?(zhǎn)項目", encoding="utf-8")
    out, err = _call("repair", str(path))
    assert out == "产业发□项目"
    [line] = err.splitlines()
    assert json.loads(line)["kind"] == "lost_character"


def test_repair_clean_file_unchanged(tmp_path):
    path = tmp_path / "clean.txt"
    path.write_bytes("第一行\r\n第二行?(2019年)\n".encode())
    out, err = _call("repair", str(path))
    assert out == "第一行\r\n第二行?(2019年)\n" and err == ""


def test_extract_prints_json(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(damage(REPORTS["report_01"], seed=1, lost_rate=0, broken_rate=0).text, encoding="utf-8")
    out, _ = _call("extract", str(path))
    assert json.loads(out)["round"] == 18


def test_unreadable_file(tmp_path):
    with pytest.raises(CommandError) as caught:
        _call("repair", str(tmp_path / "missing.txt"))
    assert caught.value.returncode == 2 and "无法读取" in str(caught.value)
