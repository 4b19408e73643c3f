"""Spreadsheets speak Chinese whatever the page language: an English user's import must not change that."""

import io

import openpyxl
import pytest
from django.utils import translation

from tests.factories import world
from yuanqu.core.i18n import data_labels, label_lookup
from yuanqu.core.tabular import cells
from yuanqu.core.tabular.template import template_workbook
from yuanqu.projects.imports import ProjectImporter
from yuanqu.projects.models import Stage


def test_labels_are_looked_up_in_every_language_and_listed_in_chinese():
    with translation.override("en"):
        assert cells.choice("开工", Stage) == "started"  # an English request first must not poison the lookup
        english = str(Stage.STARTED.label)
    assert english != "开工"
    assert cells.choice(english, Stage) == "started"  # a file exported from an English page imports too
    assert label_lookup(Stage)["started"] == "started"
    with translation.override("en"):
        assert dict(data_labels(Stage))["started"] == "开工"


@pytest.mark.django_db
def test_template_drop_downs_are_chinese_for_an_english_user():
    world()
    with translation.override("en"):
        content = template_workbook(ProjectImporter)
    book = openpyxl.load_workbook(io.BytesIO(content))
    lists = [c.value for s in book.worksheets if s.sheet_state != "visible" for col in s.iter_cols() for c in col]
    assert "开工" in lists and str(Stage.STARTED.label) in lists  # default language in the test: Chinese
