from django.utils.translation import gettext_lazy as _

# (url name, label, roles that see it; None = every signed-in user except raters)
NAVIGATION = [
    ("home", _("首页"), None),
    ("project_list", _("项目"), None),
    ("carrier_list", _("载体"), None),
    ("park_list", _("园区"), None),
    ("enterprise_list", _("企业"), None),
    ("region_list", _("行政区"), None),
    ("industry_list", _("行业"), None),
]


def navigation(request):
    """The menu; apps add their entries to NAVIGATION when they are installed and have pages."""
    from django.urls import NoReverseMatch, reverse

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.role == "rater":
        return {"navigation": []}
    items = []
    for name, label, roles in NAVIGATION:
        if roles is not None and not (user.is_organiser or user.role in roles):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append(
            {"url": url, "label": label, "active": request.path.startswith(url) and url != "/" or request.path == url}
        )
    return {"navigation": items}
