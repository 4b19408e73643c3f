"""The grading parameters as a versioned, audited setting: a new version changes the grades as it says and keeps the
old one; bad parameters are refused with a Chinese message naming the indicator and nothing is written; only the
organiser saves; the grades page, its export and the API grade with the active version and say which."""

import copy
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from openpyxl import load_workbook
from rest_framework.test import APIClient

from tests.factories import UserFactory
from tests.industry.helpers import figures_xlsx, good_row, industry_world, tinghu_enterprise
from yuanqu.core.models import ChangeAction, ObjectChange, Role
from yuanqu.industry import grading, selectors, services
from yuanqu.industry.importer import efficiency_import
from yuanqu.industry.models import EfficiencyRecord, GradingScheme

pytestmark = pytest.mark.django_db

SCHEME = "/industry/grades/scheme/"
STRICT = {"a": 110.0, "b": 90.0, "c": 60.0}  # an enterprise at every benchmark (100 points) drops from A to B
HUNDRED = pytest.approx(100, abs=0.05)  # good_row's figures are at the benchmarks up to rounding


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def params(**changes) -> dict:
    data = copy.deepcopy(grading.DEFAULT_PARAMS)
    data.update(changes)
    return data


def scheme_changes(action=None):
    rows = ObjectChange.objects.filter(content_type=ContentType.objects.get_for_model(GradingScheme))
    return rows.filter(action=action) if action else rows


def at_benchmark_world():
    """industry_world() and one 亭湖区 enterprise at every default benchmark in 2024 (about 100 points, A)."""
    w = industry_world()
    result, _records = efficiency_import(
        user=w.organiser, data=figures_xlsx([good_row(tinghu_enterprise(w))]), filename="f.xlsx"
    )
    assert result.ok
    return w


def grade_of(scheme=None):
    ((_record, result),) = selectors.graded(EfficiencyRecord.objects.all(), scheme)
    return result.score, result.grade


def form_data(data: dict, note: str = "") -> dict:
    """The parameters page's POST for a parameter document."""
    post = {"note": note, "min_indicators": data["min_indicators"]}
    post.update({f"cutoff_{g}": v for g, v in data["cutoffs"].items()})
    for item in data["indicators"]:
        key = item["key"]
        post.update({f"{key}__used": "on", f"{key}__weight": item["weight"], f"{key}__benchmark": item["benchmark"]})
        post[f"{key}__cap"] = item["cap"]
    post.update({f"{key}__required": "on" for key in data["required"]})
    return post


def test_default_version_grades_exactly_like_the_built_in_defaults():
    w = at_benchmark_world()
    before = grade_of()
    assert before == (HUNDRED, "A") and not GradingScheme.objects.exists()
    v1 = services.grading_scheme_ensure_default(user=w.organiser)
    assert (v1.version, v1.active, v1.params) == (1, True, grading.DEFAULT_PARAMS)
    assert grade_of() == before
    assert services.grading_scheme_ensure_default(user=w.organiser) == v1  # idempotent


def test_a_new_version_changes_the_grade_and_the_old_version_is_kept_and_logged():
    w = at_benchmark_world()
    v2 = services.grading_scheme_update(user=w.organiser, params=params(cutoffs=STRICT), note="提高分档线")
    v1 = GradingScheme.objects.get(version=1)  # the defaults in force until now, stored first
    assert (v1.active, v1.params, v1.note) == (False, grading.DEFAULT_PARAMS, "默认参数")
    assert (v2.version, v2.active, v2.note, v2.created_by) == (2, True, "提高分档线", w.organiser)
    assert selectors.grading_scheme_active() == v2
    assert grade_of() == (HUNDRED, "B")
    assert grade_of(v1) == (HUNDRED, "A")  # the old version still grades as it did

    created = scheme_changes(ChangeAction.CREATE)
    assert sorted(created.values_list("object_id", flat=True)) == sorted([str(v1.pk), str(v2.pk)])
    retired = scheme_changes(ChangeAction.UPDATE).get()
    assert (retired.object_id, retired.before["active"], retired.after["active"]) == (str(v1.pk), True, False)
    assert created.get(object_id=str(v2.pk)).after["params"]["cutoffs"] == STRICT
    assert {c.user for c in scheme_changes()} == {w.organiser}

    v3 = services.grading_scheme_restore(user=w.organiser, version=1)
    assert (v3.version, v3.params, v3.note) == (3, grading.DEFAULT_PARAMS, "恢复为第1版的参数")
    assert grade_of() == (HUNDRED, "A") and GradingScheme.objects.count() == 3


def test_bad_parameters_are_refused_by_field_in_chinese_and_nothing_is_written():
    w = at_benchmark_world()
    bad = params()
    bad["indicators"][0]["weight"] = 0
    with pytest.raises(ValidationError) as refused:
        services.grading_scheme_update(user=w.organiser, params=bad)
    assert refused.value.message_dict == {"indicators.tax_per_mu.weight": ["指标“亩均税收”：权重必须大于0（现为 0）。"]}
    assert not GradingScheme.objects.exists() and not scheme_changes().exists()

    services.grading_scheme_ensure_default(user=w.organiser)
    with pytest.raises(ValidationError, match="依次降低"):
        services.grading_scheme_update(user=w.organiser, params=params(cutoffs={"a": 60, "b": 70, "c": 50}))
    with pytest.raises(ValidationError, match="参数与当前生效的第1版相同"):
        services.grading_scheme_update(user=w.organiser, params=params())
    with pytest.raises(PermissionDenied):
        services.grading_scheme_update(user=w.tinghu_reporter, params=params(cutoffs=STRICT))
    with pytest.raises(PermissionDenied):
        services.grading_scheme_update(user=w.viewer, params=params(cutoffs=STRICT))
    assert list(GradingScheme.objects.values_list("version", "active")) == [(1, True)]
    assert scheme_changes().count() == 1


def test_organiser_saves_a_version_on_the_page_and_the_grades_page_uses_and_names_it():
    w = at_benchmark_world()
    client = client_for(w.organiser)
    page = client.get(SCHEME)
    assert page.status_code == 200 and "默认参数" in page.content.decode()
    assert "评价参数：默认参数" in client.get("/industry/grades/").content.decode()

    response = client.post(SCHEME, form_data(params(cutoffs=STRICT), note="提高分档线"))
    assert response.status_code == 302
    assert list(GradingScheme.objects.values_list("version", "active")) == [(2, True), (1, False)]
    assert GradingScheme.objects.get(version=2).params == params(cutoffs=STRICT)
    assert "当前生效：第2版" in client.get(SCHEME).content.decode()

    grades = client.get("/industry/grades/?year=2024")
    html = grades.content.decode()
    assert "评价参数：第2版" in html and "A 类 ≥ 110，B 类 ≥ 90，C 类 ≥ 60" in html
    assert [g.grade for _r, g in grades.context["pairs"]] == ["B"]
    old = client.get("/industry/grades/?year=2024&scheme=1")
    assert [g.grade for _r, g in old.context["pairs"]] == ["A"] and "历史版本，非当前生效" in old.content.decode()
    assert client.get("/industry/grades/?scheme=9").status_code == 404

    sheet = load_workbook(io.BytesIO(client.get("/industry/grades/?year=2024&export=xlsx").content)).active
    assert (sheet.cell(1, 8).value, sheet.cell(2, 6).value, sheet.cell(2, 8).value) == ("评价参数", "B", "第2版")
    api = client.get("/api/industry/grades/?year=2024").json()
    assert [(g["grade"], g["scheme_version"]) for g in api] == [("B", 2)]
    assert client.get("/api/industry/grades/?year=2024&scheme=1").json()[0]["grade"] == "A"
    assert client.get("/api/industry/grades/?scheme=9").status_code == 400


def test_page_puts_each_message_beside_its_field_and_writes_nothing():
    w = at_benchmark_world()
    services.grading_scheme_ensure_default(user=w.organiser)
    client = client_for(w.organiser)
    bad = params(cutoffs={"a": 85, "b": 90, "c": 45}, min_indicators=9)
    bad["indicators"][1]["cap"] = 0.8
    response = client.post(SCHEME, form_data(bad))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["sales_per_mu__cap"] == ["指标“亩均销售收入”：封顶倍数不能小于1（现为 0.8）。"]
    assert errors["cutoff_b"] == ["分档线必须从 A 到 C 依次降低（现为 A 85、B 90、C 45）。"]
    assert "1到6之间的整数" in errors["min_indicators"][0]
    html = response.content.decode()
    row = html[html.index('data-indicator="sales_per_mu"') :]
    assert row[: row.index("</tr>")].count("封顶倍数不能小于1") == 1  # in the indicator's own row

    unused = form_data(params(required=["tax_per_mu", "rd_intensity"]))
    del unused["rd_intensity__used"]
    response = client.post(SCHEME, unused)
    assert response.context["form"].errors["rd_intensity__required"] == ["必需指标“研发经费投入强度”未列入评价指标。"]
    assert GradingScheme.objects.count() == 1 and scheme_changes().count() == 1


def test_dropping_an_indicator_on_the_page_grades_without_it():
    w = at_benchmark_world()
    client = client_for(w.organiser)
    data = form_data(params(min_indicators=5))
    del data["pollutant_per_va__used"]
    assert client.post(SCHEME, data).status_code == 302
    stored = GradingScheme.objects.get(active=True).params
    assert [i["key"] for i in stored["indicators"]] == [i.key for i in grading.DEFAULT_INDICATORS[:5]]
    assert stored["min_indicators"] == 5
    ((_record, result),) = selectors.graded(EfficiencyRecord.objects.all())
    assert [s.key for s in result.indicator_scores] == [i.key for i in grading.DEFAULT_INDICATORS[:5]]


@pytest.mark.parametrize("role", ["tinghu_reporter", "viewer"])
def test_others_read_the_parameters_but_get_403_on_saving_or_restoring(role):
    w = at_benchmark_world()
    services.grading_scheme_update(user=w.organiser, params=params(cutoffs=STRICT))
    client = client_for(getattr(w, role))
    page = client.get(SCHEME)
    assert page.status_code == 200 and "第2版" in page.content.decode()
    assert "保存为新版本" not in page.content.decode() and "恢复为此版本" not in page.content.decode()
    assert all(field.disabled for field in page.context["form"].fields.values())  # read, not edited
    assert client.post(SCHEME, form_data(params())).status_code == 403
    assert client.post(SCHEME, {"restore": "1"}).status_code == 403
    api = APIClient()
    api.force_authenticate(getattr(w, role))
    assert api.get("/api/industry/grading-scheme/").json()["active"]["version"] == 2
    assert api.post("/api/industry/grading-scheme/", {"params": params()}, format="json").status_code == 403
    assert GradingScheme.objects.count() == 2 and scheme_changes().count() == 3


def test_rater_cannot_open_the_parameters_page():
    at_benchmark_world()
    rater = client_for(UserFactory(username="rater", role=Role.RATER))
    assert rater.get(SCHEME).status_code == 403


def test_api_saves_a_version_and_refuses_bad_parameters_in_chinese():
    w = at_benchmark_world()
    api = APIClient()
    api.force_authenticate(w.organiser)
    bad = params(required=["nothing"])
    response = api.post("/api/industry/grading-scheme/", {"params": bad}, format="json")
    assert response.status_code == 400 and response.json()["required"] == ["未知的必需指标：nothing。"]
    assert not GradingScheme.objects.exists()
    strict = {"params": params(cutoffs=STRICT), "note": "接口"}
    response = api.post("/api/industry/grading-scheme/", strict, format="json")
    assert response.status_code == 201 and response.json()["version"] == 2
    versions = api.get("/api/industry/grading-scheme/").json()["versions"]
    assert [(v["version"], v["active"]) for v in versions] == [(2, True), (1, False)]


def test_restore_on_the_page_makes_a_new_version():
    w = at_benchmark_world()
    services.grading_scheme_update(user=w.organiser, params=params(cutoffs=STRICT))
    client = client_for(w.organiser)
    response = client.post(SCHEME, {"restore": "1"}, follow=True)
    assert "已按第1版的参数保存为第3版" in response.content.decode()
    assert GradingScheme.objects.get(active=True).version == 3 and grade_of() == (HUNDRED, "A")
    again = client.post(SCHEME, {"restore": "3"}, follow=True)
    assert "参数与当前生效的第3版相同" in again.content.decode() and GradingScheme.objects.count() == 3
