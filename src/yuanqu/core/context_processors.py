"""The menu: entries grouped the way the work is organised, each shown only to the roles it serves."""

from django.urls import NoReverseMatch, resolve, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

GROUPS = [
    ("registry", _("登记册")),
    ("progress", _("进度督办")),
    ("meetings", _("观摩评比")),
    ("analysis", _("产业招商")),
]

# (url name, label, operation; None = the page's own). An entry shows to whoever may open the page (or has the
# operation named: "产业链维护" is the organiser's, though everybody may read the list). A list of records is named
# in the plural ("plural" context: 项目 → Projects). Apps add theirs with `register` in AppConfig.ready(); the
# group comes from GROUP_OF, so the menu's shape is decided here.
NAVIGATION = [
    ("project_list", pgettext_lazy("plural", "项目"), None),
    ("carrier_list", pgettext_lazy("plural", "载体"), None),
    ("park_list", pgettext_lazy("plural", "园区"), None),
    ("enterprise_list", pgettext_lazy("plural", "企业"), None),
    ("region_list", pgettext_lazy("plural", "行政区"), None),
    ("industry_list", pgettext_lazy("plural", "行业"), None),
]

GROUP_OF = {
    "project_list": "registry", "carrier_list": "registry", "park_list": "registry", "enterprise_list": "registry",
    "region_list": "registry", "regionchange_list": "registry", "industry_list": "registry",
    "progressreport_list": "progress", "month_locks": "progress", "supervision_dashboard": "progress",
    "light_list": "progress", "supervisedtask_list": "progress", "project_map": "progress",
    "meeting_list": "meetings", "scoring_index": "meetings", "news_import": "meetings",
    "industry_chains": "analysis", "peers": "analysis",
}


def register(url_name: str, label, operation: str | None = None) -> None:
    """Add a menu entry once (AppConfig.ready() may run more than once in tests)."""
    if url_name not in {name for name, _label, _operation in NAVIGATION}:
        NAVIGATION.append((url_name, label, operation))


def navigation(request):
    from yuanqu.core import access
    from yuanqu.core.views import declared_operation

    user = getattr(request, "user", None)
    if user is None or not access.allows(user, access.SIGNED_IN):
        return {"navigation": []}
    groups = {key: {"key": key, "label": label, "items": [], "active": False} for key, label in GROUPS}
    for name, label, operation in NAVIGATION:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        if not access.allows(user, operation or declared_operation(resolve(url).func)):
            continue
        group = groups[GROUP_OF.get(name, "analysis")]
        active = request.path.startswith(url)
        group["items"].append({"url": url, "label": label, "active": active})
        group["active"] |= active
    return {"navigation": [g for g in groups.values() if g["items"]]}


# A record's page links to the pages an upper floor keeps about it (a meeting → its scoring and ranking), without
# the lower app naming them: the upper app registers (model label, url name taking the pk, label) in ready().
RECORD_LINKS: dict[str, list[tuple[str, object]]] = {}


def register_record_link(model_label: str, url_name: str, label) -> None:
    links = RECORD_LINKS.setdefault(model_label, [])
    if url_name not in {name for name, _label in links}:
        links.append((url_name, label))


def record_links(user, obj) -> list[dict]:
    """The registered links of `obj`'s model that `user` may open: [{url, label}]."""
    from yuanqu.core import access
    from yuanqu.core.views import declared_operation

    shown = []
    for name, label in RECORD_LINKS.get(obj._meta.label, []):
        url = reverse(name, args=[obj.pk])
        if access.allows(user, declared_operation(resolve(url).func)):
            shown.append({"url": url, "label": label})
    return shown


# The home page's cycle: the work of a round in order, each step the page where it is done (url names, as GROUP_OF
# names them), shown to whoever may open that page.
CYCLE = [
    ("project_import", _("导入项目"), _("下载模板，在 Excel 中填写后上传；全部无误才写入")),
    ("progressreport_list", _("填报月报"), _("每月填报完成投资和形象进度")),
    ("light_list", _("亮灯预警"), _("按规则计算红黄绿灯；红灯转为督办事项")),
    ("supervisedtask_list", _("督办事项"), _("跟踪责任单位办结，逾期自动标出")),
    ("meeting_list", _("现场推进会"), _("新建会议、规划线路、添加参会人员，发放个人链接和二维码")),
    ("scoring_index", _("评分与排名"), _("手机现场评分；结束评分、发布排名、打印简报")),
]


def cycle_steps(user) -> list[dict]:
    """The steps of CYCLE that `user` may open: [{number, url, label, hint}]."""
    from yuanqu.core import access
    from yuanqu.core.views import declared_operation

    steps = []
    for name, label, hint in CYCLE:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        if access.allows(user, declared_operation(resolve(url).func)):
            steps.append({"number": len(steps) + 1, "url": url, "label": label, "hint": hint})
    return steps
