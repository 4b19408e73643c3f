"""As the organiser, build a two-day meeting in a real browser: create it, add projects, optimise, apply."""

from decimal import Decimal

from tests.conftest import log_in
from tests.factories import ProjectFactory, world
from yuanqu.meetings.models import Meeting

COORDINATES = [("33.435", "120.224"), ("33.468", "120.290"), ("33.332", "120.086"), ("33.307", "120.114"),
               ("33.351", "120.048")]


def test_organiser_builds_a_two_day_meeting(page, live_server):
    w = world()
    names = []
    for index, (lat, lon) in enumerate(COORDINATES):
        region = w.tinghu if index < 2 else w.yandu
        project = ProjectFactory(name=f"观摩项目{index + 1}", region=region, latitude=Decimal(lat),
                                 longitude=Decimal(lon))
        names.append(project.name)

    log_in(page, live_server.url, w.organiser.username)
    page.goto(live_server.url + "/meetings/add/")
    page.fill("#id_round", "20")
    page.fill("#id_title", "第20次产业园区项目载体建设现场推进会")
    page.fill("#id_start_date", "2020-09-10")
    page.fill("#id_end_date", "2020-09-11")
    page.get_by_label("亭湖区").check()
    page.get_by_label("盐都区").check()
    page.fill("#id_leader", "王建国")
    page.fill("#id_depot_name", "市行政中心")
    page.fill("#id_depot_latitude", "33.3797")
    page.fill("#id_depot_longitude", "120.1617")
    # A short morning each day: four stops cannot fit in one day, so the tour needs both.
    page.fill("#id_day_start", "08:30")
    page.fill("#id_day_end", "10:30")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/meetings/*/")
    meeting = Meeting.objects.get(round=20)

    page.get_by_role("link", name="行程规划").click()
    page.wait_for_url(f"**/meetings/{meeting.pk}/plan/")
    assert page.locator("#plot canvas").count() == 1  # the coordinate plot is drawn (vendored ECharts)
    for name in names[:4]:
        page.get_by_role("button", name=f"加入 {name}").click()
        page.get_by_text(f"已添加观摩点：{name}").wait_for()
    assert meeting.stops.count() == 4
    page.get_by_label("搜索项目").fill(names[4])
    page.get_by_role("button", name="查询").click()
    page.get_by_role("button", name=f"加入 {names[4]}").click()
    page.get_by_text(f"已添加观摩点：{names[4]}").wait_for()
    assert meeting.stops.count() == 5

    page.get_by_role("button", name="运行优化").click()
    proposal = page.get_by_test_id("proposal")
    proposal.wait_for()
    assert "第1天" in proposal.inner_text() and "第2天" in proposal.inner_text()
    page.get_by_role("button", name="采用").click()
    page.get_by_text("已采用优化方案").wait_for()

    day1, day2 = page.get_by_test_id("plan-day-1"), page.get_by_test_id("plan-day-2")
    assert day1.locator("tr[data-testid^=stop-]").count() >= 1
    assert day2.locator("tr[data-testid^=stop-]").count() >= 1
    scheduled = meeting.stops.exclude(day=None)
    assert {s.day.isoformat() for s in scheduled} == {"2020-09-10", "2020-09-11"}
    assert all(s.planned_arrival is not None for s in scheduled)
    first = scheduled.order_by("day", "order").first()
    assert first.planned_arrival.strftime("%H:%M") in day1.inner_text()

    page.goto(live_server.url + f"/meetings/{meeting.pk}/")
    assert page.get_by_test_id("agenda-day-1").locator("tbody tr").count() >= 1
    assert page.get_by_test_id("agenda-day-2").locator("tbody tr").count() >= 1


def test_attendee_checks_in_on_a_phone(phone_page, live_server):
    w = world()
    from yuanqu.meetings import services

    meeting = services.meeting_create(user=w.organiser, data={
        "round": 21, "title": "第21次现场推进会", "start_date": "2021-05-06", "end_date": "2021-05-06"})
    attendee = services.attendee_add(user=w.organiser, meeting=meeting, data={"name": "孙海燕", "unit": "盐都区"})
    Meeting.objects.filter(pk=meeting.pk).update(status="scheduled")  # programme fixed: check-in opens
    phone_page.goto(live_server.url + f"/m/{attendee.token}/")
    assert phone_page.get_by_test_id("attendee-name").inner_text() == "孙海燕"
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "no horizontal scrolling on a phone"
    phone_page.get_by_role("button", name="签到").click()
    phone_page.get_by_test_id("checked-in").wait_for()
    attendee.refresh_from_db()
    assert attendee.checked_in_at is not None
