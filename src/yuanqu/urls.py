"""Every app contributes `urlpatterns` (web pages) and `api_urlpatterns` (mounted under /api/)."""

from importlib import import_module

from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.urls import include, path, re_path, reverse
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from yuanqu.core import api as core_api

APPS = [
    "core",
    "places",
    "projects",
    "supervision",
    "meetings",
    "scoring",
    "industry",
    "peers",
    "newsroom",
    "atlas",
]

api_patterns = [
    path("", core_api.ApiIndexView.as_view(), name="api-index"),
    path("auth/token/", core_api.ObtainTokenView.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
]
web_patterns = []
for app in APPS:
    module = import_module(f"yuanqu.{app}.urls")
    api_patterns += getattr(module, "api_urlpatterns", [])
    web_patterns += getattr(module, "urlpatterns", [])


def former_peers_admin(request, rest):
    """The peers app was called `benchmarks`: bookmarks of its admin pages (/admin/benchmarks/...) keep working."""
    target = reverse("admin:app_list", args=["peers"]) + rest
    query = request.GET.urlencode()
    return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)


urlpatterns = [
    re_path(r"^admin/benchmarks/(?P<rest>.*)$", former_peers_admin),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/", include(api_patterns)),
    *web_patterns,
]
