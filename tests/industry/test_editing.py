"""The organiser edits chains, their nodes and location cost profiles on pages (and through the API); every write
is logged; bad input is refused with a Chinese message beside its field and nothing written; everybody else
reads and gets 403/404 on writes."""

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.test import Client
from openpyxl import load_workbook
from rest_framework.test import APIClient

from tests.factories import UserFactory, world
from yuanqu.core.models import ChangeAction, ObjectChange, Role
from yuanqu.industry import services
from yuanqu.industry.models import Chain, ChainNode, CostProfile

pytestmark = pytest.mark.django_db

CHAINS = "/industry/manage/chains/"
NODES = "/industry/manage/chain-nodes/"
COSTS = "/industry/manage/cost-profiles/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_for(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def changes(model, action=None):
    rows = ObjectChange.objects.filter(content_type=ContentType.objects.get_for_model(model))
    return rows.filter(action=action) if action else rows


def node_form(chain, name, stage="midstream", order=1, parents=(), **extra):
    return {
        "chain": chain.pk,
        "name": name,
        "stage": stage,
        "order": order,
        "industry_codes": "39",
        "keywords": "",
        "orientation": "",
        "parents": [p.pk for p in parents],
        **extra,
    }


def chain_with_nodes(w):
    chain = Chain.objects.create(name="集成电路")
    wafer = services.chain_node_create(
        user=w.organiser, data={"chain": chain, "name": "晶圆制造", "stage": "midstream", "order": 1}
    )
    package = services.chain_node_create(
        user=w.organiser,
        data={"chain": chain, "name": "封装测试", "stage": "downstream", "order": 2, "parents": [wafer]},
    )
    return chain, wafer, package


def test_organiser_builds_a_chain_on_the_pages_and_every_write_is_logged():
    w = world()
    client = client_for(w.organiser)
    response = client.post(f"{CHAINS}add/", {"name": "集成电路", "description": "芯片设计、制造、封测"})
    chain = Chain.objects.get(name="集成电路")
    assert response.status_code == 302 and response.url == f"{CHAINS}{chain.pk}/"
    assert client.get(f"{CHAINS}{chain.pk}/").status_code == 200

    add_page = client.get(f"{NODES}add/?chain={chain.pk}")
    assert add_page.status_code == 200 and add_page.context["form"].initial["chain"] == str(chain.pk)
    assert client.post(f"{NODES}add/", node_form(chain, "晶圆制造", order=1)).status_code == 302
    wafer = ChainNode.objects.get(name="晶圆制造")
    response = client.post(f"{NODES}add/", node_form(chain, "封装测试", "downstream", 2, parents=[wafer]))
    assert response.status_code == 302
    package = ChainNode.objects.get(name="封装测试")
    assert list(package.parents.all()) == [wafer]

    changed = node_form(chain, "封装测试", "downstream", 2, [wafer], keywords="封测")
    edit = client.post(f"{NODES}{package.pk}/edit/", changed)
    assert edit.status_code == 302
    assert ChainNode.objects.get(pk=package.pk).keywords == "封测"

    created = changes(ChainNode, ChangeAction.CREATE)
    assert created.count() == 2 and {c.user for c in created} == {w.organiser}
    assert created.get(object_id=str(package.pk)).after["parents"] == [wafer.pk]
    update = changes(ChainNode, ChangeAction.UPDATE).get()
    assert (update.before["keywords"], update.after["keywords"]) == ("", "封测")
    assert changes(Chain, ChangeAction.CREATE).get().object_repr == "集成电路"

    page = client.get(f"{CHAINS}{chain.pk}/").content.decode()
    assert 'data-testid="chain-nodes"' in page and "晶圆制造" in page and "添加环节" in page
    assert f"/industry/chains/{chain.pk}/" in page  # back to the chain's map


def test_node_page_offers_upstream_links_of_its_own_chain_only():
    w = world()
    chain, wafer, package = chain_with_nodes(w)
    other = Chain.objects.create(name="新能源汽车")
    services.chain_node_create(user=w.organiser, data={"chain": other, "name": "电池", "stage": "midstream"})
    form = client_for(w.organiser).get(f"{NODES}{package.pk}/edit/").context["form"]
    assert list(form.fields["parents"].queryset) == [wafer]  # not itself, not the other chain's
    assert form.fields["chain"].disabled


def test_bad_node_input_is_refused_beside_its_field_and_nothing_is_written():
    w = world()
    chain, wafer, package = chain_with_nodes(w)
    client = client_for(w.organiser)
    logged = ObjectChange.objects.count()

    loop = client.post(f"{NODES}{wafer.pk}/edit/", node_form(chain, "晶圆制造", parents=[package]))
    assert loop.status_code == 400
    assert loop.context["form"].errors["parents"] == ["“封装测试”在本环节的下游，不能同时作为上游环节（会形成环路）。"]
    assert "会形成环路" in loop.content.decode()
    assert not wafer.parents.exists()

    code = client.post(f"{NODES}add/", node_form(chain, "设计", industry_codes="9x"))
    assert code.status_code == 400 and "行业代码格式不正确" in code.context["form"].errors["industry_codes"][0]
    duplicate = client.post(f"{NODES}add/", node_form(chain, "晶圆制造"))
    assert duplicate.status_code == 400
    assert duplicate.context["form"].errors["name"] == ["产业链“集成电路”中已有名为“晶圆制造”的环节。"]
    same_name = client.post(f"{CHAINS}add/", {"name": "集成电路"})
    assert same_name.status_code == 400 and "已存在" in same_name.context["form"].errors["name"][0]

    assert ObjectChange.objects.count() == logged
    assert ChainNode.objects.count() == 2 and Chain.objects.count() == 1


def test_services_refuse_foreign_parents_self_loops_and_moving_a_node():
    w = world()
    chain, wafer, package = chain_with_nodes(w)
    other = Chain.objects.create(name="新能源汽车")
    battery = services.chain_node_create(user=w.organiser, data={"chain": other, "name": "电池", "stage": "midstream"})
    with pytest.raises(ValidationError) as foreign:
        services.chain_node_create(
            user=w.organiser, data={"chain": chain, "name": "材料", "stage": "upstream", "parents": [battery]}
        )
    assert foreign.value.message_dict["parents"] == ["上游环节“新能源汽车·电池”不属于产业链“集成电路”。"]
    with pytest.raises(ValidationError, match="不能是自己的上游环节"):
        services.chain_node_update(user=w.organiser, instance=wafer, data={"parents": [wafer]})
    with pytest.raises(ValidationError) as moved:
        services.chain_node_update(user=w.organiser, instance=wafer, data={"chain": other})
    assert "不能移到其他产业链" in moved.value.message_dict["chain"][0]
    assert ChainNode.objects.get(pk=wafer.pk).chain == chain and not ChainNode.objects.filter(name="材料").exists()


@pytest.mark.parametrize("role", ["tinghu_reporter", "viewer"])
def test_others_read_the_records_but_get_403_or_404_on_every_write(role):
    w = world()
    chain, wafer, _package = chain_with_nodes(w)
    profile = CostProfile.objects.create(location="甲地", land_price_per_mu=20)
    logged = ObjectChange.objects.count()
    user = getattr(w, role)
    client = client_for(user)
    for url in [CHAINS, f"{CHAINS}{chain.pk}/", NODES, f"{NODES}{wafer.pk}/", COSTS, f"{COSTS}{profile.pk}/"]:
        assert client.get(url).status_code == 200, url
    page = client.get(f"{CHAINS}{chain.pk}/").content.decode()
    assert "添加环节" not in page and f"{CHAINS}{chain.pk}/edit/" not in page
    for base in (CHAINS, NODES, COSTS):
        assert client.get(f"{base}add/").status_code == 403, base
    assert client.post(f"{CHAINS}add/", {"name": "偷偷新建"}).status_code == 403
    assert client.post(f"{NODES}add/", node_form(chain, "偷偷新建")).status_code == 403
    assert client.post(f"{COSTS}add/", {"location": "偷偷新建"}).status_code == 403
    # the role changes no reference data: 403 on every write page, as on the add pages and the API
    assert client.get(f"{CHAINS}{chain.pk}/edit/").status_code == 403
    assert client.post(f"{NODES}{wafer.pk}/edit/", node_form(chain, "改名")).status_code == 403
    assert client.post(f"{CHAINS}{chain.pk}/delete/").status_code == 403
    assert client.post(f"{COSTS}{profile.pk}/delete/").status_code == 403

    api = api_for(user)
    assert api.get("/api/industry/manage/chain-nodes/").status_code == 200
    assert api.post("/api/industry/manage/chains/", {"name": "偷偷新建"}, format="json").status_code == 403
    renamed = api.patch(f"/api/industry/manage/chain-nodes/{wafer.pk}/", {"name": "改名"}, format="json")
    assert renamed.status_code == 403
    assert api.delete(f"/api/industry/manage/cost-profiles/{profile.pk}/").status_code == 403

    assert ObjectChange.objects.count() == logged
    assert Chain.objects.count() == 1 and ChainNode.objects.get(pk=wafer.pk).name == "晶圆制造"
    assert CostProfile.objects.filter(pk=profile.pk).exists()


def test_menu_shows_the_maintenance_pages_to_the_organiser_only():
    w = world()
    organiser = client_for(w.organiser).get("/industry/leading/").content.decode()
    viewer = client_for(w.viewer).get("/industry/leading/").content.decode()
    for url in (CHAINS, COSTS, "/industry/grades/scheme/"):
        assert f'href="{url}"' in organiser and f'href="{url}"' not in viewer


def test_analysis_pages_link_to_the_records():
    w = world()
    chain, _wafer, _package = chain_with_nodes(w)
    organiser, viewer = client_for(w.organiser), client_for(w.viewer)
    chains_page = organiser.get("/industry/chains/?region=320902").content.decode()
    assert f'href="{CHAINS}"' in chains_page and "维护产业链和环节" in chains_page
    map_page = organiser.get(f"/industry/chains/{chain.pk}/?region=320902").content.decode()
    assert f'href="{CHAINS}{chain.pk}/"' in map_page and "编辑本产业链和环节" in map_page
    assert "本产业链的环节清单" in viewer.get(f"/industry/chains/{chain.pk}/?region=320902").content.decode()
    assert f'href="{COSTS}"' in viewer.get("/industry/costs/").content.decode()
    assert 'href="/industry/grades/scheme/"' in viewer.get("/industry/grades/").content.decode()


def test_deleting_a_chain_deletes_and_logs_its_nodes():
    w = world()
    chain, wafer, package = chain_with_nodes(w)
    client = client_for(w.organiser)
    confirm = client.get(f"{CHAINS}{chain.pk}/delete/").content.decode()
    assert "2 个环节将一并删除" in confirm and "晶圆制造" in confirm
    assert client.post(f"{CHAINS}{chain.pk}/delete/").status_code == 302
    assert not Chain.objects.exists() and not ChainNode.objects.exists()
    deleted = changes(ChainNode, ChangeAction.DELETE)
    assert {c.object_id for c in deleted} == {str(wafer.pk), str(package.pk)}
    assert {c.user for c in deleted} == {w.organiser}
    assert changes(Chain, ChangeAction.DELETE).get().before["name"] == "集成电路"


def test_deleting_an_upstream_link_logs_the_change_to_its_downstream_link():
    w = world()
    _chain, wafer, package = chain_with_nodes(w)
    assert client_for(w.organiser).post(f"{NODES}{wafer.pk}/delete/").status_code == 302
    assert list(package.parents.all()) == []
    update = changes(ChainNode, ChangeAction.UPDATE).get(object_id=str(package.pk))
    assert update.before["parents"] == [wafer.pk] and update.after["parents"] == []
    assert update.user == w.organiser


def test_organiser_keeps_cost_profiles_which_the_comparison_then_uses():
    w = world()
    client = client_for(w.organiser)
    form = {
        "location": "盐城市",
        "land_price_per_mu": "22",
        "construction_cost_per_m2": "2100",
        "rent_per_m2_month": "0",
        "wage_per_employee_year": "7.6",
        "power_price_per_kwh": "0.62",
        "water_price_per_t": "3.9",
        "freight_price_per_t_km": "0.38",
        "tax_rate_on_revenue": "0.03",
        "one_off_incentive": "600",
        "tax_rebate_share": "0.5",
        "tax_rebate_years": "3",
        "annual_subsidy": "60",
        "note": "2025年调研",
    }
    bad = client.post(f"{COSTS}add/", {**form, "tax_rebate_share": "1.5", "land_price_per_mu": "-1"})
    assert bad.status_code == 400
    errors = bad.context["form"].errors
    assert "1" in errors["tax_rebate_share"][0] and "0" in errors["land_price_per_mu"][0]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in errors["tax_rebate_share"][0])  # Chinese, beside the field
    assert not CostProfile.objects.exists() and not changes(CostProfile).exists()

    assert client.post(f"{COSTS}add/", form).status_code == 302
    profile = CostProfile.objects.get(location="盐城市")
    assert client.post(f"{COSTS}{profile.pk}/edit/", {**form, "land_price_per_mu": "25"}).status_code == 302
    update = changes(CostProfile, ChangeAction.UPDATE).get()
    assert (update.before["land_price_per_mu"], update.after["land_price_per_mu"]) == ("22.0000", "25.0000")
    assert changes(CostProfile, ChangeAction.CREATE).get().user == w.organiser

    result = client.get(
        "/industry/costs/?land_mu=10&floor_area_m2=0&employees=0&power_kwh_per_year=0&water_t_per_year=0"
        "&freight_t_km_per_year=0&revenue_per_year=0&years=1"
    ).context["results"]
    assert result[0]["total"].location == "盐城市"
    assert result[0]["total"].items["land"] == pytest.approx(250)

    sheet = load_workbook(io.BytesIO(client.get(f"{COSTS}?export=xlsx").content)).active
    headers = [c.value for c in sheet[1]]
    assert "地方税费占营业收入比例" in headers and "数据来源与说明" in headers  # every parameter, not the page's six
    assert sheet.cell(2, 1).value == "盐城市"


def test_api_writes_go_through_the_same_checks_and_log():
    w = world()
    chain, wafer, package = chain_with_nodes(w)
    api = api_for(w.organiser)
    loop = api.patch(f"/api/industry/manage/chain-nodes/{wafer.pk}/", {"parents": [package.pk]}, format="json")
    assert loop.status_code == 400 and "会形成环路" in loop.json()["parents"][0]
    created = api.post(
        "/api/industry/manage/chain-nodes/",
        {"chain": chain.pk, "name": "设备", "stage": "upstream", "order": 0},
        format="json",
    )
    assert created.status_code == 201
    assert changes(ChainNode, ChangeAction.CREATE).filter(object_id=str(created.json()["id"])).exists()
    assert api.delete(f"/api/industry/manage/chains/{chain.pk}/").status_code == 204
    assert changes(ChainNode, ChangeAction.DELETE).count() == 3 and not ChainNode.objects.exists()


def test_rater_sees_no_chain_records():
    w = world()
    chain, _wafer, _package = chain_with_nodes(w)
    rater = client_for(UserFactory(username="rater", role=Role.RATER))
    assert rater.get(f"{CHAINS}{chain.pk}/").status_code == 403  # the rater-only page, as on every registry page
    assert rater.get(f"{CHAINS}add/").status_code == 403
