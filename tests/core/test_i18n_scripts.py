"""Page scripts take their labels from the page, translated: no script hard-codes Chinese, and each of the five
pages renders its labels (``{% script_labels %}``) in the language of the request."""

import json
import re
from pathlib import Path

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client
from django.urls import reverse

import yuanqu
from tests.scoring.conftest import make_tour

APP_ROOT = Path(yuanqu.__file__).parent
# CJK radicals, symbols and punctuation (、。「」), kana, ideographs and their extensions, fullwidth forms (（）：，).
CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f]")
PLACEHOLDER = re.compile(r"\{\w+\}")


def string_literals(source: str) -> list[str]:
    """The contents of the script's '…', "…" and `…` literals, with // and /* */ comments skipped.

    A small scanner, enough for our hand-written scripts (a regex literal holding a quote would confuse it).
    """
    literals, i = [], 0
    while i < len(source):
        if source.startswith("//", i):
            end = source.find("\n", i)
            i = len(source) if end < 0 else end
        elif source.startswith("/*", i):
            end = source.find("*/", i + 2)
            i = len(source) if end < 0 else end + 2
        elif source[i] in "'\"`":
            quote, j = source[i], i + 1
            while j < len(source) and source[j] != quote:
                j += 2 if source[j] == "\\" else 1
            literals.append(source[i + 1:j])
            i = j + 1
        else:
            i += 1
    return literals


def page_scripts() -> list[Path]:
    return sorted(p for p in APP_ROOT.glob("*/static/**/*.js") if "vendor" not in p.relative_to(APP_ROOT).parts)


def test_the_scanner_finds_chinese_in_strings_not_in_comments():
    source = '''// 注释 "引号"
    /* 块注释 '引号' */ var a = "http://x/*y*/", b = 'it\\'s', c = `${a}（`, d = "未提交"; // 未提交'''

    assert string_literals(source) == ["http://x/*y*/", "it\\'s", "${a}（", "未提交"]
    assert [s for s in string_literals(source) if CJK.search(s)] == ["${a}（", "未提交"]


def test_no_page_script_hard_codes_chinese():
    scripts = page_scripts()
    names = {p.name for p in scripts}
    assert {"rater.js", "results.js", "screen.js", "plan.js", "dashboard.js", "labels.js"} <= names
    assert "echarts.min.js" not in names

    chinese = {str(p.relative_to(APP_ROOT)): hits for p in scripts
               if (hits := [s for s in string_literals(p.read_text(encoding="utf-8")) if CJK.search(s)])}
    assert chinese == {}


# --- the template tag ---------------------------------------------------------------------------------------------

def test_script_labels_renders_the_as_variables_as_json_unescaped_once():
    html = Template(
        "{% load i18n yuanqu %}{% script_labels 'x-labels' %}\n"
        "  {% translate \"it's <b> & {n}\" as tricky %}{# a comment #}\n"
        "  {% blocktranslate asvar whole %}第{n}天{% endblocktranslate %}\n"
        "{% endscript_labels %}{{ tricky|default:'gone' }}").render(Context())

    assert html.startswith('<script id="x-labels" type="application/json">')
    assert "<b>" not in html and "&#x27;" not in html  # json_script escapes < > & for the page, nothing else
    assert labels_of(html, "x-labels") == {"tricky": "it's <b> & {n}", "whole": "第{n}天"}
    assert html.endswith("gone")  # the variables stay inside the block


def test_script_labels_holds_only_translations_with_as():
    for body in ("text", "{% translate '未提交' %}", "{{ value }}"):
        with pytest.raises(TemplateSyntaxError):
            Template("{% load i18n yuanqu %}{% script_labels 'x' %}" + body + "{% endscript_labels %}")


# --- the five pages -----------------------------------------------------------------------------------------------

def labels_of(html: str, element_id: str) -> dict:
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S)
    assert match, f"#{element_id} is not on the page"
    return json.loads(match.group(1))


def client_for(user, language: str) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    return client


# page: (user, url, id of the labels block, {key: (Chinese, English)} spot checks)
PAGES = {
    "rater": (lambda t: None, lambda t: f"/m/{t.city_rater.token}/score/", "rater-labels", {
        "unsubmitted": ("未提交", "Not submitted"),
        "queued": ("待发送（已保存在手机上）", "Waiting to send (saved on this phone)"),
        "confirmed": ("已确认（第{version}版）", "Confirmed (version {version})"),
        "offline": ("网络已断开，评分会保存在手机上，联网后自动发送。",
                    "No network: scores are saved on this phone and sent automatically once you are back online."),
        "out_of_range": ("“{criterion}”应在 0 到 {max} 分之间。", "“{criterion}” must be between 0 and {max} points."),
    }),
    "results": (lambda t: t.w.organiser, lambda t: f"/meetings/{t.meeting.pk}/results/", "results-labels", {
        "interval": ("95% 区间", "95% interval"),
        "stop_chart": ("项目得分（线段为 95% 区间）", "Project scores (lines: 95% interval)"),
    }),
    "screen": (lambda t: t.w.organiser, lambda t: f"/meetings/{t.meeting.pk}/screen/", "screen-labels", {
        "stop_closed": ("{stop}（{district}） · 已截止", "{stop} ({district}) · closed"),
        "separator": ("、", ", "),
        "submitted": ("已提交", "Submitted"),
    }),
    "plan": (lambda t: t.w.organiser, lambda t: f"/meetings/{t.meeting.pk}/plan/", "plan-labels", {
        "longitude": ("经度", "Longitude"),
        "scheduled_stop": ("{order}. {stop}（{region}）", "{order}. {stop} ({region})"),
    }),
    "dashboard": (lambda t: t.w.organiser, lambda t: reverse("supervision_dashboard"), "dashboard-labels", {
        "investment_progress": ("投资完成率", "Investment completion rate"),
        "red": ("红灯", "Red light"),
    }),
}


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_page_renders_its_script_labels_in_the_request_language(page):
    tour = make_tour()
    user, url, element_id, expected = PAGES[page]

    chinese_page = client_for(user(tour), "zh-hans").get(url(tour))
    english_page = client_for(user(tour), "en").get(url(tour))
    chinese, english = labels_of(chinese_page.content.decode(), element_id), \
        labels_of(english_page.content.decode(), element_id)

    assert {key: chinese[key] for key in expected} == {key: zh for key, (zh, _) in expected.items()}
    assert {key: english[key] for key in expected} == {key: en for key, (_, en) in expected.items()}
    assert english.keys() == chinese.keys()
    assert [key for key, text in english.items() if CJK.search(text)] == []  # every label is translated
    for key in chinese:  # the script fills these in: a translation keeps them all
        assert sorted(PLACEHOLDER.findall(english[key])) == sorted(PLACEHOLDER.findall(chinese[key])), key
    assert "core/labels.js" in english_page.content.decode()


# --- in a browser: the rater's page speaks English ----------------------------------------------------------------

def test_rater_page_in_english(phone_page, live_server):
    tour = make_tour()
    stop = tour.stops[0]
    form = phone_page.locator(f'form.score-form[data-stop="{stop.pk}"]')
    phone_page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    phone_page.goto(f"{live_server.url}/m/{tour.city_rater.token}/score/")
    assert phone_page.get_by_test_id(f"state-{stop.pk}").inner_text() == "Not submitted"

    form.get_by_role("button", name="Submit scores").click()
    assert form.locator(".error").inner_text() == "Please fill in “发展质态”."  # criteria names are data: Chinese

    for name, value in {"development_quality": "99", "intelligent_manufacturing": "21", "resource_integration": "17",
                        "industrial_driving": "20"}.items():
        form.locator(f'input[name="{name}"]').fill(value)
    form.get_by_role("button", name="Submit scores").click()
    assert form.locator(".error").inner_text() == "“发展质态” must be between 0 and 30 points."

    form.locator('input[name="development_quality"]').fill("26")
    form.get_by_role("button", name="Submit scores").click()
    phone_page.get_by_test_id(f"state-{stop.pk}").get_by_text("Confirmed (version 1)").wait_for()
    assert re.fullmatch(r"Undo \(\d+ s\)", form.locator("button.undo").inner_text())


@pytest.mark.django_db
def test_the_end_scoring_confirmation_is_translated():
    # the results page's confirm() (core/site.js, no inline handler) takes its question from a translated attribute
    tour = make_tour()
    url = f"/meetings/{tour.meeting.pk}/results/"
    chinese = client_for(tour.w.organiser, "zh-hans").get(url).content.decode()
    english = client_for(tour.w.organiser, "en").get(url).content.decode()
    assert 'data-confirm="结束评分后所有观摩点将截止，分数锁定。确定？"' in chinese
    assert 'data-confirm="Ending scoring closes every stop and locks the scores. Continue?"' in english
    assert "onclick=" not in english and "core/site.js" in english
