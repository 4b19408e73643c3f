"""Registry invariants, reported in Chinese by the model's clean() through the services."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import CarrierFactory, ParkFactory, world
from yuanqu.core import services
from yuanqu.places.models import Carrier, Industry
from yuanqu.projects import credit_code
from yuanqu.projects.models import Enterprise, Project


def test_credit_code_check_character_of_a_published_example():
    # GB 32100-2015 appendix example-style code; the check character is computed, not looked up.
    assert credit_code.problem("91350100M000100Y43") is None
    assert "校验位错误" in credit_code.problem("91350100M000100Y44")
    assert "18位" in credit_code.problem("9135010")
    assert "非法字符" in credit_code.problem("91350100M000100YI3")


@given(st.text(alphabet=credit_code.CHARSET, min_size=17, max_size=17))
def test_every_completed_code_is_valid_and_any_other_last_character_is_not(first17):
    code = credit_code.complete(first17)
    assert credit_code.problem(code) is None
    wrong = next(c for c in credit_code.CHARSET if c != code[-1])
    assert credit_code.problem(first17 + wrong) is not None


@pytest.mark.django_db
def test_actual_date_before_previous_stage_is_refused_in_chinese():
    w = world()
    with pytest.raises(ValidationError) as error:
        services.object_update(user=w.organiser, instance=w.tinghu_project, data={
            "stage": "started", "actual_signed": datetime.date(2025, 5, 1),
            "actual_started": datetime.date(2025, 4, 1)})
    assert "实际开工日期（2025-04-01）不能早于实际签约日期（2025-05-01）" in str(error.value.message_dict)


@pytest.mark.django_db
def test_actual_date_beyond_current_stage_is_refused():
    w = world()
    with pytest.raises(ValidationError) as error:
        services.object_update(user=w.organiser, instance=w.tinghu_project, data={
            "stage": "signed", "actual_completed": datetime.date(2025, 9, 1)})
    assert "不应填写“竣工”的实际日期" in str(error.value)


@pytest.mark.django_db
def test_negative_investment_and_occupied_above_floor_are_refused():
    w = world()
    with pytest.raises(ValidationError) as error:
        services.object_update(user=w.organiser, instance=w.tinghu_project, data={"total_investment": -5})
    assert "total_investment" in error.value.message_dict
    carrier = CarrierFactory(park=ParkFactory(region=w.tinghu))
    with pytest.raises(ValidationError) as error:
        services.object_update(user=w.organiser, instance=carrier, data={"occupied_area": 20001})
    assert "不能大于建筑面积" in str(error.value)
    assert Carrier.objects.get(pk=carrier.pk).occupied_area == 5000


@pytest.mark.django_db
def test_park_must_be_in_the_project_region():
    w = world()
    other_park = ParkFactory(region=w.yandu, name="盐城高新区")
    with pytest.raises(ValidationError) as error:
        services.object_update(user=w.organiser, instance=w.tinghu_project, data={"park": other_park})
    assert "不在亭湖区" in str(error.value)


@pytest.mark.django_db
def test_enterprise_with_bad_check_character_is_refused():
    w = world()
    with pytest.raises(ValidationError) as error:
        services.object_create(user=w.organiser, model=Enterprise, data={
            "name": "某公司", "credit_code": "91350100M000100Y44", "region": w.tinghu})
    assert "校验位错误" in str(error.value)


@pytest.mark.django_db
def test_gbt4754_sections_and_divisions_are_loaded_by_migration():
    assert Industry.objects.filter(parent__isnull=True).count() == 20
    assert Industry.objects.filter(parent__isnull=False).count() == 97
    assert Industry.objects.get(code="37").name == "铁路、船舶、航空航天和其他运输设备制造业"
    assert Industry.objects.get(code="37").parent.code == "C"


@pytest.mark.django_db
def test_demo_data_is_complete_and_idempotent():
    from yuanqu.core.models import User
    from yuanqu.places import demo as places_demo
    from yuanqu.places.models import Region
    from yuanqu.projects import demo as projects_demo

    def state():
        return sorted(Project.objects.values_list("name", "region__code", "stage", "total_investment",
                                                  "planned_started", "actual_started"))

    places_demo.load()
    projects_demo.load()
    first = state()
    places_demo.load()
    projects_demo.load()
    assert state() == first
    assert Region.objects.filter(parent__code="320900").count() == 9
    assert Carrier.objects.count() >= 30
    assert Project.objects.count() >= 60
    assert set(Project.objects.values_list("stage", flat=True)) == {s for s, _ in Project._meta.get_field(
        "stage").choices}
    for name in ("环科城环保产业创新中心", "和阳电梯部件", "中车轨道列车车体"):
        assert Project.objects.get(name=name).region.name == "亭湖区"
    assert all(credit_code.problem(c) is None for c in Enterprise.objects.values_list("credit_code", flat=True))
    for project in Project.objects.all():
        project.full_clean()
    assert User.objects.get(username="tinghu_reporter").check_password("yuanqu-demo")


@pytest.mark.django_db
def test_the_stage_is_a_source_reached_without_its_date_and_left_alone_by_monthly_reports():
    from decimal import Decimal

    from yuanqu.projects import services as report_services

    w = world()
    project = services.object_update(user=w.organiser, instance=w.tinghu_project, data={"stage": "started"})
    assert project.actual_started is None and Project.objects.get(pk=project.pk).stage == "started"
    report_services.report_submit(
        user=w.tinghu_reporter, project=project, month=datetime.date(2025, 1, 1),
        data={"investment_month": Decimal(100), "investment_cumulative": Decimal(100), "stage": "completed"},
    )
    assert Project.objects.get(pk=project.pk).stage == "started"  # the report is that month's snapshot
    with pytest.raises(ValidationError) as error:  # what keeps stage and dates consistent
        services.object_update(user=w.organiser, instance=project, data={"actual_completed": datetime.date(2025, 1, 5)})
    assert "不应填写“竣工”的实际日期" in str(error.value)
