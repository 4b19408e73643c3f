"""Scoring pages: the rater's phone page, big screen, results page, PDF, .xlsx and the organiser's buttons."""

import io

import openpyxl
from django.test import Client
from django.utils.html import escapejs

from tests.scoring.conftest import card
from yuanqu.meetings.models import MeetingStatus
from yuanqu.scoring import services
from yuanqu.scoring.models import Result


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def score_all(tour):
    for i, rater in enumerate([tour.city_rater, tour.tinghu_rater, tour.yandu_rater]):
        for j, stop in enumerate(tour.stops):
            if not rater.recused_from(stop):
                services.score_submit(token=rater.token, stop_id=stop.pk, idempotency_key=f"{i}-{j}",
                                      values=card(development_quality=10 + 4 * j + i))


def test_rater_page_lists_stops_in_tour_order_with_progress_and_recusal(tour):
    services.score_submit(token=tour.tinghu_rater.token, stop_id=tour.stops[2].pk, values=card(),
                          idempotency_key="a")
    html = Client().get(f"/m/{tour.tinghu_rater.token}/score/").content.decode()
    names = [s.project.name for s in tour.stops]
    assert [html.index(n) for n in names] == sorted(html.index(n) for n in names)
    assert 'id="scored-count">1</b>/<b>2</b>' in html  # two 亭湖区 stops are recused
    assert html.count("按回避规定不评分") == 2
    assert f'data-testid="recused-{tour.stops[0].pk}"' in html
    assert 'name="development_quality" min="0" max="30"' in html
    assert Client().get("/m/wrong-token/score/").status_code == 404


def test_personal_page_links_raters_to_scoring(tour):
    assert 'href="score/"' in Client().get(f"/m/{tour.city_rater.token}/").content.decode()
    assert 'href="score/"' not in Client().get(f"/m/{tour.observer.token}/").content.decode()


def test_service_worker_is_scoped_to_the_rater(tour):
    response = Client().get(f"/m/{tour.city_rater.token}/sw.js")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/javascript")
    assert escapejs(f"/m/{tour.city_rater.token}/score/") in response.content.decode()
    assert Client().get("/m/nope/sw.js").status_code == 404


def test_reporters_see_results_only_after_publish(tour):
    score_all(tour)
    reporter = signed_in(tour.w.tinghu_reporter)
    for path in ("results/", "results.pdf", "results.xlsx", "screen/"):
        assert reporter.get(f"/meetings/{tour.meeting.pk}/{path}").status_code == 404
    assert "第18次" not in reporter.get("/scoring/").content.decode()
    services.meeting_close(user=tour.w.organiser, meeting=tour.meeting)
    services.results_publish(user=tour.w.organiser, meeting=tour.meeting)
    page = reporter.get(f"/meetings/{tour.meeting.pk}/results/").content.decode()
    assert tour.stops[3].project.name in page and Result.objects.get().digest in page
    assert "第18次" in reporter.get("/scoring/").content.decode()


def test_viewer_sees_hidden_notice_before_close_organiser_sees_provisional(tour):
    score_all(tour)
    url = f"/meetings/{tour.meeting.pk}/results/"
    assert 'data-testid="results-hidden"' in signed_in(tour.w.viewer).get(url).content.decode()
    assert signed_in(tour.w.viewer).get(f"/meetings/{tour.meeting.pk}/results.pdf").status_code == 404
    page = signed_in(tour.w.organiser).get(url).content.decode()
    assert "暂定结果" in page and tour.stops[3].project.name in page and "Kendall" in page


def test_results_pdf_and_xlsx(tour):
    score_all(tour)
    organiser = signed_in(tour.w.organiser)
    pdf = organiser.get(f"/meetings/{tour.meeting.pk}/results.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    from pypdf import PdfReader
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "观摩评分简报" in text and tour.stops[3].project.name in text
    xlsx = organiser.get(f"/meetings/{tour.meeting.pk}/results.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][2] == "观摩项目" and rows[1][2] == tour.stops[3].project.name and rows[1][0] == 1


def test_organiser_buttons_close_and_publish(tour):
    score_all(tour)
    organiser = signed_in(tour.w.organiser)
    organiser.post(f"/meetings/stops/{tour.stops[0].pk}/close/")
    tour.stops[0].refresh_from_db()
    assert tour.stops[0].closed
    organiser.post(f"/meetings/stops/{tour.stops[0].pk}/close/", {"action": "reopen"})
    tour.stops[0].refresh_from_db()
    assert not tour.stops[0].closed
    response = organiser.post(f"/meetings/{tour.meeting.pk}/scoring/publish/", follow=True)
    assert "请先结束评分" in response.content.decode() and not Result.objects.exists()
    organiser.post(f"/meetings/{tour.meeting.pk}/scoring/close/")
    organiser.post(f"/meetings/{tour.meeting.pk}/scoring/publish/")
    tour.meeting.refresh_from_db()
    assert tour.meeting.status == MeetingStatus.PUBLISHED and Result.objects.exists()
    assert signed_in(tour.w.viewer).post(f"/meetings/{tour.meeting.pk}/scoring/close/").status_code == 403


def test_default_scheme_button(tour):
    from tests.factories import ProjectFactory
    from yuanqu.meetings import services as meeting_services
    other = meeting_services.meeting_create(user=tour.w.organiser, data={
        "round": 19, "title": "第19次", "start_date": tour.meeting.start_date, "end_date": tour.meeting.end_date})
    meeting_services.stop_add(user=tour.w.organiser, meeting=other, project=ProjectFactory(region=tour.w.yandu))
    organiser = signed_in(tour.w.organiser)
    assert "使用默认评分方案" in organiser.get(f"/meetings/{other.pk}/results/").content.decode()
    organiser.post(f"/meetings/{other.pk}/scheme/default/")
    names = [c.name for c in other.scoring_scheme.criteria.all()]
    assert names == ["发展质态", "智能制造水平", "资源整合度", "产业带动性"]


def test_big_screen_page_for_city_readers(tour):
    page = signed_in(tour.w.viewer).get(f"/meetings/{tour.meeting.pk}/screen/").content.decode()
    assert "vendor/echarts.min.js" in page and f"/api/meetings/{tour.meeting.pk}/live/" in page


def test_scheme_rules_are_edited_before_scoring_and_frozen_after(tour):
    organiser = signed_in(tour.w.organiser)
    url = f"/meetings/{tour.meeting.pk}/scheme/"
    form = {"kind": "weighted", "trim": "1", "trim_min_raters": "2", "normalise": "zscore",
            "groups_text": "320902 市区\n320903 县"}
    response = organiser.post(url, form, follow=True)
    assert "必须大于去掉人数的两倍" in response.content.decode()
    organiser.post(url, {**form, "trim_min_raters": "3"})
    scheme = tour.meeting.scoring_scheme
    scheme.refresh_from_db()
    assert (scheme.normalise, scheme.trim_min_raters) == ("zscore", 3)
    assert scheme.groups == {"320902": "市区", "320903": "县"}
    services.score_submit(token=tour.city_rater.token, stop_id=tour.stops[0].pk, values=card(), idempotency_key="a")
    assert "修改评分规则" not in organiser.get(f"/meetings/{tour.meeting.pk}/results/").content.decode()
    response = organiser.post(url, {**form, "trim_min_raters": "5", "normalise": "none"}, follow=True)
    assert "不能再修改评分方案" in response.content.decode()
    scheme.refresh_from_db()
    assert scheme.normalise == "zscore"
