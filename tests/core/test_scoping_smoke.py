import pytest

from tests.factories import world
from yuanqu.core import access
from yuanqu.projects.models import Project


@pytest.mark.django_db
def test_reporter_sees_only_own_district():
    w = world()
    visible = access.restrict(Project.objects.all(), w.tinghu_reporter)
    assert list(visible) == [w.tinghu_project]
    assert set(access.restrict(Project.objects.all(), w.viewer)) == {w.tinghu_project, w.yandu_project}
