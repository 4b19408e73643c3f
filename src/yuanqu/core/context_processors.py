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
    "light_list": "progress", "supervisedtask_list": "progress",
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
