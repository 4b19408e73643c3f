"""The whole cycle of a round as one story, in real Chromium, every step reached by clicking from where the last
one ended (the home page's cycle, the pages' own buttons and links): no URL is typed after signing in.

A district reporter imports projects from the Excel template and files a monthly report; the organiser recomputes
the lights and turns a red light into a supervised task, plans a meeting and its tour, adds a rater and hands over
the personal link; the rater scores every stop on a phone; the organiser closes the scoring, publishes the ranking
and downloads the briefing PDF.
"""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.conftest import log_in
from tests.factories import world
from yuanqu.meetings.models import Attendee, Meeting
from yuanqu.projects.models import ProgressReport, Project
from yuanqu.scoring.models import Submission
from yuanqu.supervision.models import SupervisedTask

pytestmark = pytest.mark.django_db(transaction=True)

LATE = "亭湖智能装备产业园项目"  # planned to start long ago and still only signed: a red light
SECOND = "亭湖新能源电池项目"


class Story:
    """The browser may be sent to an address once, to sign in; every later page is reached by a click."""

    def __init__(self, page, base: str):
        self.page, self.base, self.typed = page, base, []
        goto = page.goto

        def typed(url, **options):  # every address typed into the browser, to check at the end
            self.typed.append(url)
            return goto(url, **options)

        page.goto = typed

    def typed_by_hand(self) -> list[str]:
        """The addresses typed other than the login page's."""
        return [url for url in self.typed if url != self.base + "/login/"]

    def sign_in(self, username: str) -> None:
        log_in(self.page, self.base, username)
        assert self.page.url.rstrip("/") == self.base, "signing in ends on the home page"

    def home(self) -> None:
        with self.page.expect_navigation():
            self.page.get_by_role("link", name="园区项目推进平台").click()

    def step(self, label: str) -> None:
        """Open a step of the home page's cycle."""
        self.home()
        with self.page.expect_navigation():
            self.page.get_by_test_id("cycle").get_by_role("link", name=label).click()

    def click(self, role: str, name: str, *, within=None) -> None:
        with self.page.expect_navigation():
            (within or self.page).get_by_role(role, name=name, exact=True).first.click()

    def download(self, name: str) -> bytes:
        with self.page.expect_download() as info:
            self.page.get_by_role("link", name=name, exact=True).first.click()
        return open(info.value.path(), "rb").read()

    def open_document(self, name: str) -> bytes:
        """A document the browser shows itself (a PDF opens in its viewer, which reads it in ranges): the link
        opens with 200, and its whole body is fetched again with the browser's own cookies."""
        link = self.page.get_by_role("link", name=name, exact=True).first
        href = link.get_attribute("href")
        with self.page.expect_response(lambda response: response.url.endswith(href)) as info:
            link.click()
        assert info.value.status == 200
        return self.page.context.request.get(info.value.url).body()


def filled_template(template: bytes) -> bytes:
    """The downloaded project template with two rows typed in below its notes, as a clerk does in Excel."""
    book = load_workbook(io.BytesIO(template))
    sheet = book["项目"]
    headers = [c.value for c in sheet[1]]
    rows = [
        {"项目名称*": LATE, "所在区县*": "亭湖区", "计划总投资（万元）*": 30000, "当前阶段*": "签约",
         "计划开工日期": "2025-01-01", "计划竣工日期": "2027-12-31", "纬度": 33.3901, "经度": 120.1602},
        {"项目名称*": SECOND, "所在区县*": "亭湖区", "计划总投资（万元）*": 8000, "当前阶段*": "签约"},
    ]
    for number, row in enumerate(rows, start=3):  # row 2 holds the grey notes the importer skips
        for column, header in enumerate(headers, start=1):
            sheet.cell(row=number, column=column, value=row.get(header))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_round_from_import_to_briefing_by_clicks_alone(page, phone_page, live_server):
    w = world()
    w.tinghu_project.latitude, w.tinghu_project.longitude = Decimal("33.435"), Decimal("120.224")
    w.tinghu_project.save()
    story = Story(page, live_server.url)

    # 1. the reporter imports the Excel template, filled in
    story.sign_in(w.tinghu_reporter.username)
    assert page.get_by_test_id("cycle").is_visible()
    story.step("导入项目")
    template = story.download("下载项目模板")
    page.set_input_files("#id_file", {"name": "项目.xlsx", "mimeType": "application/octet-stream",
                                      "buffer": filled_template(template)})
    story.click("button", "导入")
    assert Project.objects.filter(name__in=[LATE, SECOND], region=w.tinghu).count() == 2

    # 2. …and, from the list the import ends on, files this month's report for one of them
    story.click("link", SECOND)
    story.click("link", "填报月报")
    page.fill("#id_investment_month", "500")
    page.fill("#id_investment_cumulative", "500")
    story.click("button", "保存")
    assert ProgressReport.objects.filter(project__name=SECOND).count() == 1
    story.step("填报月报")
    assert page.get_by_role("link", name=SECOND).count() >= 1  # the month's reports list holds it

    # 3. the organiser recomputes the lights and chases the red one with a supervised task
    story.sign_in(w.organiser.username)
    story.step("亮灯预警")
    story.click("button", "重新计算亮灯")
    red = page.get_by_test_id("light-row").filter(has_text=LATE)
    with page.expect_navigation():
        red.get_by_role("link").first.click()
    story.click("button", "转为督办事项")
    task = SupervisedTask.objects.get(project__name=LATE)
    assert task.light is not None and task.light.color == "red"
    story.step("督办事项")
    assert page.get_by_role("link", name=task.title).count() == 1

    # 4. the organiser plans a meeting and its tour
    story.step("现场推进会")
    story.click("link", "新建现场推进会")
    page.fill("#id_round", "30")
    page.fill("#id_title", "第30次产业园区项目载体建设现场推进会")
    page.fill("#id_start_date", "2026-12-10")
    page.fill("#id_end_date", "2026-12-10")
    page.get_by_label("亭湖区").check()
    page.fill("#id_depot_name", "市行政中心")
    page.fill("#id_depot_latitude", "33.3797")
    page.fill("#id_depot_longitude", "120.1617")
    story.click("button", "保存")
    meeting = Meeting.objects.get(round=30)
    story.click("link", "行程规划")
    for name in (w.tinghu_project.name, LATE):
        page.get_by_label("搜索项目").fill(name)
        story.click("button", "查询")
        page.get_by_role("button", name=f"加入 {name}").click()
        page.get_by_text(f"已添加观摩点：{name}").wait_for()
    assert meeting.stops.count() == 2
    page.get_by_role("button", name="运行优化").click()
    page.get_by_test_id("proposal").wait_for()
    page.get_by_role("button", name="采用").click()
    page.get_by_text("已采用优化方案").wait_for()
    story.click("link", meeting.title)

    # 5. …adds a rater and hands over the personal link (the QR code beside it holds the same address)
    story.click("link", "参会人员（0）")
    page.fill("#id_name", "钱志远")
    story.click("button", "添加参会人员")
    rater = Attendee.objects.get(meeting=meeting, name="钱志远")
    link = page.get_by_test_id(f"attendee-{rater.pk}").locator("a.personal-link")
    handed_over = link.get_attribute("href")
    assert rater.token in handed_over and page.get_by_test_id(f"attendee-{rater.pk}").locator(".qr svg").count() == 1
    story.click("link", meeting.title)
    story.click("button", "改为“已定日程”")
    story.click("button", "改为“进行中”")
    story.click("link", "评分与排名")
    story.click("button", "使用默认评分方案")

    # 6. the rater scores every stop on a phone, from the link alone
    phone_page.goto(handed_over)  # scanning the QR code
    with phone_page.expect_navigation():
        phone_page.get_by_test_id("go-score").click()
    forms = phone_page.locator("form.score-form")
    assert forms.count() == 2
    for index in range(2):
        form = forms.nth(index)
        for field, value in (("development_quality", "26"), ("intelligent_manufacturing", "21"),
                             ("resource_integration", "17"), ("industrial_driving", "20")):
            form.locator(f'input[name="{field}"]').fill(value)
        form.get_by_role("button", name="提交评分").click()
        phone_page.get_by_test_id(f"state-{form.get_attribute('data-stop')}").get_by_text("已确认").wait_for()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    assert Submission.objects.filter(attendee=rater).count() == 2

    # 7. the organiser closes the scoring, publishes the ranking and prints the briefing
    page.once("dialog", lambda dialog: dialog.accept())
    story.click("button", "结束评分并锁定")
    story.click("button", "发布结果")
    meeting.refresh_from_db()
    assert meeting.status == "published"
    assert page.get_by_test_id("stop-ranking").locator("tbody tr").count() == 2
    briefing = story.open_document("简报 PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(briefing)).pages)
    assert meeting.title in text and LATE in text
    assert story.typed_by_hand() == []
