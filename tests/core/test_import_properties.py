"""Property tests of every import (hypothesis): whatever the bytes or the cell text, an import either succeeds or
returns problems naming sheet, row and column; it never raises and never writes part of a file."""

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.scoring.conftest import make_tour
from yuanqu.core.models import ObjectChange
from yuanqu.core.tabular import import_file
from yuanqu.industry.importer import EfficiencyImporter
from yuanqu.meetings.imports import AttendeeImporter
from yuanqu.peers.importer import PeerValueImporter
from yuanqu.projects.imports import IMPORTERS

pytestmark = pytest.mark.django_db
IMPORTS = [*IMPORTERS.values(), EfficiencyImporter, PeerValueImporter, AttendeeImporter]
BOUNDED = settings(max_examples=15, deadline=None, database=None, derandomize=True,
                   suppress_health_check=list(HealthCheck))
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


def _options(importer, tour):
    return {"meeting": tour.meeting} if importer is AttendeeImporter else {}


def _csv(headers, rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


@pytest.fixture
def tour():
    return make_tour()


@pytest.mark.parametrize("importer", IMPORTS, ids=lambda i: i.__name__)
def test_arbitrary_bytes_are_refused_with_a_message_and_write_nothing(importer, tour):
    @BOUNDED
    @given(data=st.binary(max_size=400), name=st.sampled_from(["a.xlsx", "a.csv", "a.txt", "a"]))
    def check(data, name):
        before = ObjectChange.objects.count()
        result = import_file(importer, user=tour.w.organiser, data=data, filename=name, **_options(importer, tour))
        if not result.ok:
            assert result.problems and all(str(problem) for problem in result.problems)
            assert ObjectChange.objects.count() == before

    check()


@pytest.mark.parametrize("importer", IMPORTS, ids=lambda i: i.__name__)
def test_arbitrary_cell_text_under_the_real_headers_never_raises_or_half_writes(importer, tour):
    headers = [spec.header for spec in importer.specs]

    @BOUNDED
    @given(rows=st.lists(st.lists(TEXT, min_size=len(headers), max_size=len(headers)), min_size=1, max_size=4))
    def check(rows):
        before = ObjectChange.objects.count()
        result = import_file(importer, user=tour.w.organiser, data=_csv(headers, rows), filename="rows.csv",
                             **_options(importer, tour))
        if result.ok:
            return
        assert ObjectChange.objects.count() == before  # all or nothing
        for problem in result.problems:
            assert problem.sheet and problem.message
            assert problem.row is None or 1 <= problem.row <= len(rows) + 2

    check()
