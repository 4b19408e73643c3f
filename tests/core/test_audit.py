import pytest
from django.core.exceptions import ValidationError

from tests.factories import world
from yuanqu.core import audit, services
from yuanqu.core.models import ObjectChange
from yuanqu.projects.models import Project


@pytest.mark.django_db
def test_create_update_delete_are_logged_with_before_and_after():
    w = world()
    project = services.object_create(user=w.tinghu_reporter, model=Project, data={
        "name": "新项目", "region": w.tinghu, "total_investment": 1200, "stage": "signed"})
    services.object_update(user=w.tinghu_reporter, instance=project, data={"total_investment": 1500})
    services.object_delete(user=w.organiser, instance=project)

    changes = list(audit.history(project).order_by("time", "pk"))
    assert [c.action for c in changes] == ["create", "update", "delete"]
    assert changes[0].before is None and changes[0].after["name"] == "新项目"
    assert changes[1].diff == [("total_investment", "1200.00", "1500.00")]
    assert changes[1].user_name == "tinghu"
    assert changes[2].after is None and changes[2].before["total_investment"] == "1500.00"


@pytest.mark.django_db
def test_an_update_that_changes_nothing_writes_no_history():
    w = world()
    before = ObjectChange.objects.count()
    services.object_update(user=w.organiser, instance=w.tinghu_project, data={"name": w.tinghu_project.name})
    assert ObjectChange.objects.count() == before


@pytest.mark.django_db
def test_a_refused_write_leaves_no_trace():
    w = world()
    before = (Project.objects.count(), ObjectChange.objects.count())
    with pytest.raises(ValidationError):
        services.object_create(user=w.organiser, model=Project, data={
            "name": "坏项目", "region": w.tinghu, "total_investment": -1, "stage": "signed"})
    assert (Project.objects.count(), ObjectChange.objects.count()) == before


@pytest.mark.django_db
def test_changelog_lists_every_change_for_the_organiser_only(client):
    w = world()
    services.object_update(user=w.organiser, instance=w.yandu_project, data={"total_investment": 777})
    client.force_login(w.organiser)
    page = client.get("/changes/").content.decode()
    assert "盐都智能装备项目" in page and "777" in page
    client.force_login(w.tinghu_reporter)
    assert client.get("/changes/").status_code == 403


@pytest.mark.django_db
def test_secret_fields_are_logged_as_fingerprints_not_values():
    import datetime

    from yuanqu.meetings.models import Attendee, Meeting

    w = world()
    meeting = Meeting.objects.create(round=1, title="第1次", start_date=datetime.date(2025, 1, 1),
                                     end_date=datetime.date(2025, 1, 1))
    attendee = services.object_create(user=w.organiser, model=Attendee, data={"meeting": meeting, "name": "赵评"})
    logged = audit.history(attendee).get().after["token"]
    assert attendee.token not in str(audit.history(attendee).get().after)
    assert logged.startswith("sha256:") and len(logged) == len("sha256:") + 8


@pytest.mark.django_db
def test_deleting_a_record_others_list_logs_their_change_too():
    # a park lists its leading industries (many-to-many): deleting one changes the park, and the log says so
    from yuanqu.places.models import Industry, Park

    w = world()
    park = Park.objects.first()
    industry = Industry.objects.create(code="Z", name="测试用行业")
    park.leading_industries.add(industry)
    services.object_delete(user=w.organiser, instance=industry)
    change = ObjectChange.objects.get(content_type__model="park", object_id=str(park.pk), action="update")
    assert industry.pk in change.before["leading_industries"]
    assert industry.pk not in change.after["leading_industries"] and change.user == w.organiser


@pytest.mark.django_db
def test_the_change_is_read_in_the_reader_s_words():
    """Field names by their verbose name, a choice by its label, yes/no as 是/否, parameters as code."""
    from yuanqu.core.models import ObjectChange as Change

    w = world()
    services.object_update(user=w.organiser, instance=w.tinghu_project,
                           data={"stage": "preparatory", "total_investment": 1500})
    change = audit.history(w.tinghu_project).order_by("-pk").first()
    rows = {label: (before, after, code) for label, before, after, code in change.readable_diff}
    assert rows["当前阶段"][1] == "前期工作" and rows["当前阶段"][2] is False
    assert rows["计划总投资（万元）"][1] == "1500.00"
    from django.contrib.contenttypes.models import ContentType

    from yuanqu.meetings.models import Attendee

    flag = Change(content_type=ContentType.objects.get_for_model(Attendee), action="update",
                  before={"token_revoked": False, "token": "sha256:1a2b3c4d"},
                  after={"token_revoked": True, "token": "sha256:5e6f7a8b"})
    rows = {label: (before, after, code) for label, before, after, code in flag.readable_diff}
    assert rows["链接已作废"] == ("否", "是", False)
    assert rows["个人链接密钥"] == ("sha256:1a2b3c4d", "sha256:5e6f7a8b", True)
