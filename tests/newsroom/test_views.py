"""The import page through the Django test client: organiser only, uploads, highlights, confirm, refusals."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import PASSWORD, world
from tests.newsroom.helpers import damaged_report, docx_bytes, html_bytes
from yuanqu.core.models import ObjectChange
from yuanqu.meetings.models import Meeting
from yuanqu.newsroom.models import NewsReport

pytestmark = pytest.mark.django_db


def _client(client, username):
    # through the login page, as people sign in (the sign-in throttle needs the request)
    assert client.post("/login/", {"username": username, "password": PASSWORD}).status_code == 302
    return client


@pytest.mark.parametrize("username", ["tinghu", "viewer"])
def test_non_organisers_are_refused(client, username):
    w = world()
    report = NewsReport.objects.create(original_text="x", repaired_text="x", created_by=w.organiser)
    _client(client, username)
    assert client.get(reverse("news_import")).status_code == 403
    assert client.post(reverse("news_import"), {"text": damaged_report()}).status_code == 403
    assert client.get(reverse("news_review", args=[report.pk])).status_code == 403
    assert NewsReport.objects.count() == 1
    assert "新闻导入" not in client.get("/").content.decode()


def test_anonymous_goes_to_login(client):
    response = client.get(reverse("news_import"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_menu_entry_for_the_organiser(client):
    world()
    page = _client(client, "organiser").get(reverse("news_import")).content.decode()
    assert 'href="/news/"' in page and "新闻导入" in page


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("稿件.txt", lambda text: text.encode("utf-8")),
        ("稿件.html", html_bytes),
        ("稿件.docx", docx_bytes),
    ],
)
def test_upload_shows_highlighted_spans_and_candidates(client, name, make):
    world()
    _client(client, "organiser")
    upload = SimpleUploadedFile(name, make(damaged_report()))
    response = client.post(reverse("news_import"), {"text": "", "file": upload})
    report = NewsReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("news_review", args=[report.pk])
    assert report.source_name == name
    page = client.get(response["Location"]).content.decode()
    assert page.count("<mark class=") == len(report.spans) > 0
    assert "原文：" in page  # the tooltip
    # 禾阳电梯部件 is matched to the registry's 和阳电梯部件 with its score, chosen in advance only if ≥ 90
    assert "和阳电梯部件（亭湖区，匹配度" in page
    assert "不导入" in page
    assert "第18次产业园区项目载体建设现场推进会" in page


def test_gbk_upload(client):
    world()
    _client(client, "organiser")
    text = "全市第十九次产业园区项(xiang)目载体建设现场推进会召开"
    client.post(reverse("news_import"), {"file": SimpleUploadedFile("gbk.txt", text.encode("gbk"))})
    assert NewsReport.objects.get().repaired_text == text.replace("(xiang)", "")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": ""}, "请粘贴新闻稿正文或上传文件"),
        ({"file": SimpleUploadedFile("a.pdf", b"%PDF")}, "不支持的文件类型"),
    ],
)
def test_bad_input_gets_a_chinese_message_and_writes_nothing(client, data, message):
    world()
    response = _client(client, "organiser").post(reverse("news_import"), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not NewsReport.objects.exists()


def _review_post(w, **changes):
    data = {
        "round": "18", "year": "2025", "month": "8", "days": "23、24", "title": "", "leader": "市委书记林正泽",
        "presiding": "市长韩立明", "regions": [w.tinghu.pk, w.yandu.pk], "demands": "要坚持项目为王\n\n要精准招商\n",
        "project_0": "", "project_1": str(w.tinghu_project.pk), "project_2": "",
        "attendee_0_name": "周文涛", "attendee_0_region": "", "attendee_0_role": "observer",
    }
    for index in range(1, 7):
        data.setdefault(f"attendee_{index}_name", "")
        data.setdefault(f"attendee_{index}_region", "")
        data.setdefault(f"attendee_{index}_role", "observer")
    data.update(changes)
    return data


def test_confirm_creates_the_draft_and_lands_on_the_meeting(client):
    w = world()
    _client(client, "organiser").post(reverse("news_import"), {"text": damaged_report()})
    report = NewsReport.objects.get()
    response = client.post(reverse("news_review", args=[report.pk]), _review_post(w))
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("meeting_detail", args=[meeting.pk])
    assert [s.project for s in meeting.stops.all()] == [w.tinghu_project]
    assert list(meeting.attendees.values_list("name", flat=True)) == ["周文涛"]
    assert meeting.demands.count() == 2
    report.refresh_from_db()
    assert report.meeting == meeting
    # a second confirmation does not create another meeting
    client.post(reverse("news_review", args=[report.pk]), _review_post(w, round="19"))
    assert Meeting.objects.count() == 1


def test_an_invalid_choice_is_refused_and_writes_nothing(client):
    w = world()
    _client(client, "organiser").post(reverse("news_import"), {"text": damaged_report()})
    report = NewsReport.objects.get()
    audit_before = ObjectChange.objects.count()
    for bad in ({"project_1": "999999"}, {"days": "二十三"}, {"project_0": str(w.tinghu_project.pk)}):
        response = client.post(reverse("news_review", args=[report.pk]), _review_post(w, **bad))
        assert response.status_code == 200
        assert 'class="errorlist"' in response.content.decode()
    assert not Meeting.objects.exists()
    assert ObjectChange.objects.count() == audit_before


def test_candidates_are_listed_with_their_scores_best_first(client):
    w = world()
    from tests.factories import ProjectFactory

    ProjectFactory(name="禾丰电梯广告", region=w.yandu)
    _client(client, "organiser").post(reverse("news_import"), {"text": damaged_report()})
    page = client.get(reverse("news_review", args=[NewsReport.objects.get().pk])).content.decode()
    listed = page.split("禾阳电梯部件</label>", 1)[1].split("</ol>", 1)[0]
    assert listed.index("和阳电梯部件") < listed.index("禾丰电梯广告")
    assert "匹配度 <strong>" in listed
