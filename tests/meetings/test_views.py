import io

import pytest
from django.test import Client, override_settings
from openpyxl import load_workbook
from pypdf import PdfReader

from yuanqu.meetings import services
from yuanqu.meetings.models import AttendeeRole, Meeting

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def attendee(w, planned):
    return services.attendee_add(user=w.organiser, meeting=planned,
                                 data={"name": "赵卫平", "unit": "亭湖区人民政府", "region": w.tinghu,
                                       "role": AttendeeRole.RATER})


def test_pages_render_for_the_organiser(w, planned, attendee):
    client = _client(w.organiser)
    for url in ("/meetings/", f"/meetings/{planned.pk}/", f"/meetings/{planned.pk}/plan/",
                f"/meetings/{planned.pk}/attendees/", f"/meetings/{planned.pk}/edit/"):
        response = client.get(url)
        assert response.status_code == 200, url
    detail = client.get(f"/meetings/{planned.pk}/").content.decode()
    assert "第18次产业园区项目载体建设现场推进会" in detail and "环科城环保产业创新中心" in detail
    assert "2019年8月23日" in detail


def test_meeting_created_through_the_form_is_audited(w):
    client = _client(w.organiser)
    response = client.post("/meetings/add/", {
        "round": "19", "title": "第19次现场推进会", "start_date": "2020-04-10", "end_date": "2020-04-09",
        "visited_regions": [w.tinghu.pk], "day_start": "08:30", "day_end": "17:30", "lunch_from": "11:30",
        "lunch_to": "13:30", "lunch_minutes": "60",
    })
    assert response.status_code == 400
    assert "结束日期不能早于开始日期" in response.content.decode()
    assert not Meeting.objects.filter(round=19).exists()


def test_agenda_pdf_renders_chinese(w, planned):
    response = _client(w.organiser).get(f"/meetings/{planned.pk}/agenda.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    flat = "".join(text.split())  # table cells wrap at widths that depend on the other rows' text
    assert "第18次产业园区项目载体建设现场推进会" in flat
    assert "环科城环保产业创新中心" in flat
    assert "12.00亿元" in flat  # its investment, 120000 万元
    assert "2019年8月23日" in flat


def test_personal_agenda_pdf_carries_the_name_and_is_organiser_only(w, planned, attendee):
    response = _client(w.organiser).get(f"/meetings/{planned.pk}/agenda.pdf?attendee={attendee.pk}")
    reader = PdfReader(io.BytesIO(response.content))
    assert "赵卫平" in reader.pages[0].extract_text()
    assert _client(w.tinghu_reporter).get(f"/meetings/{planned.pk}/agenda.pdf?attendee={attendee.pk}").status_code \
        == 404


def test_agenda_xlsx(w, planned):
    response = _client(w.viewer).get(f"/meetings/{planned.pk}/agenda.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("日期", "时间", "观摩点")
    names = {r[2] for r in rows[1:]}
    assert {"环科城环保产业创新中心", "和阳电梯部件", "盐都智能装备项目"} <= names
    project_rows = [r for r in rows[1:] if r[2] == "环科城环保产业创新中心"]
    assert project_rows[0][5] == 120000


def test_reporters_never_see_tokens(w, planned, attendee):
    client = _client(w.tinghu_reporter)
    page = client.get(f"/meetings/{planned.pk}/attendees/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "赵卫平" in html
    assert attendee.token not in html and "/m/" not in html and "<svg" not in html
    assert client.get(f"/meetings/attendees/{attendee.pk}/qr.svg").status_code == 403  # the role plans nothing
    api = client.get(f"/api/attendees/?meeting={planned.pk}").json()
    assert api["results"][0]["name"] == "赵卫平"
    assert "token" not in api["results"][0] and "personal_url" not in api["results"][0]
    assert attendee.token not in client.get(f"/api/meetings/{planned.pk}/").content.decode()
    assert client.post(f"/meetings/attendees/{attendee.pk}/reissue/").status_code == 403
    assert client.get(f"/meetings/{planned.pk}/plan/").status_code == 403


def test_organiser_sees_link_and_qr(w, planned, attendee):
    client = _client(w.organiser)
    html = client.get(f"/meetings/{planned.pk}/attendees/").content.decode()
    assert f"/m/{attendee.token}/" in html and "<svg" in html
    qr = client.get(f"/meetings/attendees/{attendee.pk}/qr.svg")
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    api = client.get(f"/api/attendees/{attendee.pk}/").json()
    assert api["token"] == attendee.token and api["personal_url"].endswith(f"/m/{attendee.token}/")


def test_personal_link_check_in_and_reissue(w, planned, attendee):
    anonymous = Client()
    page = anonymous.get(f"/m/{attendee.token}/")
    assert page.status_code == 200
    assert "赵卫平" in page.content.decode() and "环科城环保产业创新中心" in page.content.decode()
    # still planning: no button, and a forged POST is refused with the reason
    assert 'value="check_in"' not in page.content.decode() and "会议日程确定后开放签到" in page.content.decode()
    refused = anonymous.post(f"/m/{attendee.token}/", {"action": "check_in"})
    assert refused.status_code == 400 and "会议日程确定后才能签到" in refused.content.decode()
    services.meeting_set_status(user=w.organiser, meeting=planned, status="scheduled")
    assert 'value="check_in"' in anonymous.get(f"/m/{attendee.token}/").content.decode()
    assert anonymous.post(f"/m/{attendee.token}/", {"action": "check_in"}).status_code == 302
    attendee.refresh_from_db()
    assert attendee.checked_in_at is not None
    old = attendee.token
    assert _client(w.organiser).post(f"/meetings/attendees/{attendee.pk}/reissue/").status_code == 302
    gone = anonymous.get(f"/m/{old}/")
    assert gone.status_code == 404 and "链接无效或已作废" in gone.content.decode()
    assert anonymous.get("/m/not-a-token/").status_code == 404


def test_api_itinerary_and_stop_lock(w, planned):
    client = _client(w.organiser)
    result = client.post(f"/api/meetings/{planned.pk}/itinerary/").json()
    assert {s["id"] for d in result["days"] for s in d["stops"]} | set(result["unscheduled"]) == {
        str(pk) for pk in planned.stops.values_list("pk", flat=True)}
    assert _client(w.viewer).post(f"/api/meetings/{planned.pk}/itinerary/").status_code == 403
    services.itinerary_lock(user=w.organiser, meeting=planned)
    stop = planned.stops.first()
    response = client.patch(f"/api/stops/{stop.pk}/", {"duration_minutes": 50}, content_type="application/json")
    assert response.status_code == 400 and "行程已锁定" in response.content.decode()
    assert _client(w.tinghu_reporter).get("/api/stops/").status_code == 200


def test_planning_page_actions(w, meeting):
    client = _client(w.organiser)
    url = f"/meetings/{meeting.pk}/plan/"
    client.post(url, {"action": "optimise"})
    page = client.get(url).content.decode()
    assert "优化方案" in page
    client.post(url, {"action": "apply"})
    assert meeting.stops.exclude(day=None).count() == 4
    response = client.post(url, {"action": "apply"}, follow=True)
    assert "没有待采用的优化方案" in response.content.decode()
    client.post(url, {"action": "lock"})
    meeting.refresh_from_db()
    assert meeting.itinerary_locked


def test_api_status_change_follows_the_rules(w, planned):
    client = _client(w.organiser)
    url = f"/api/meetings/{planned.pk}/"
    refused = client.patch(url, {"status": "published"}, content_type="application/json")
    assert refused.status_code == 400 and "不能从" in refused.content.decode()
    assert client.patch(url, {"status": "scheduled"}, content_type="application/json").status_code == 200
    planned.refresh_from_db()
    assert planned.status == "scheduled"
    assert _client(w.yandu_reporter).patch(url, {"title": "x"}, content_type="application/json").status_code in (
        403, 404)


def _xlsx(rows) -> io.BytesIO:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "attendees.xlsx"
    return buffer


def test_attendee_import_from_excel(w, meeting):
    client = _client(w.organiser)
    url = f"/meetings/{meeting.pk}/attendees/import/"
    bad = _xlsx([["姓名", "单位", "所属区县", "身份"], ["赵卫平", "亭湖区人民政府", "亭湖区", "评分人"],
                 ["孙海燕", "盐都区人民政府", "火星区", "评委"]])
    page = client.post(url, {"file": bad}, follow=True).content.decode()
    assert "工作表 Sheet, 第3行, 列 C（所属区县）: 找不到区县“火星区”" in page
    assert "第3行, 列 D（身份）: “评委”不是可选值" in page
    assert meeting.attendees.count() == 0, "nothing partially written"
    good = _xlsx([["姓名", "单位", "所属区县", "身份"], ["赵卫平", "亭湖区人民政府", "亭湖区", "评分人"],
                  ["孙海燕", "盐都区人民政府", "320903", "观摩人员"]])
    client.post(url, {"file": good})
    imported = {a.name: a for a in meeting.attendees.all()}
    assert imported["赵卫平"].region == w.tinghu and imported["孙海燕"].region == w.yandu
    assert imported["孙海燕"].role == AttendeeRole.OBSERVER
    assert _client(w.tinghu_reporter).post(url, {"file": _xlsx([["姓名"], ["甲"]])}).status_code == 403


def test_attendee_import_reports_the_sheet_row_of_a_model_error(w, meeting):
    rows = [["姓名", "单位"], ["赵卫平", "亭湖区"], [None, None], ["长" * 60, "盐都区"]]
    page = _client(w.organiser).post(f"/meetings/{meeting.pk}/attendees/import/", {"file": _xlsx(rows)},
                                     follow=True).content.decode()
    assert "第4行" in page
    assert meeting.attendees.count() == 0


def test_reporter_reads_the_meeting_but_cannot_plan_or_edit(w, planned):
    client = _client(w.yandu_reporter)
    detail = client.get(f"/meetings/{planned.pk}/")
    assert detail.status_code == 200 and "和阳电梯部件" in detail.content.decode()
    assert f"/meetings/{planned.pk}/plan/" not in detail.content.decode()
    assert client.get(f"/meetings/{planned.pk}/edit/").status_code == 403
    assert client.post(f"/meetings/{planned.pk}/plan/", {"action": "lock"}).status_code == 403
    assert client.post(f"/meetings/{planned.pk}/status/", {"status": "scheduled"}).status_code == 403
    planned.refresh_from_db()
    assert not planned.itinerary_locked and planned.status == "planning"


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),  # YUANQU_BEHIND_HTTPS_PROXY=true
                   ALLOWED_HOSTS=["yuanqu.example.gov.cn"])
def test_personal_links_say_https_behind_the_https_proxy(w, attendee):
    client = _client(w.organiser)
    proxy = {"HTTP_HOST": "yuanqu.example.gov.cn"}  # nginx: proxy_set_header Host $host
    behind = client.get(f"/api/attendees/{attendee.pk}/", HTTP_X_FORWARDED_PROTO="https", **proxy).json()
    assert behind["personal_url"] == f"https://yuanqu.example.gov.cn/m/{attendee.token}/"
    direct = client.get(f"/api/attendees/{attendee.pk}/", **proxy).json()
    assert direct["personal_url"] == f"http://yuanqu.example.gov.cn/m/{attendee.token}/"
