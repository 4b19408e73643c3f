import pytest

from tests.factories import world
from yuanqu.core import scoping
from yuanqu.projects.models import Project


@pytest.mark.django_db
def test_reporter_sees_only_own_district():
    w = world()
    visible = scoping.restrict(Project.objects.all(), w.tinghu_reporter)
    assert list(visible) == [w.tinghu_project]
    assert set(scoping.restrict(Project.objects.all(), w.viewer)) == {w.tinghu_project, w.yandu_project}
