"""The load benchmark's floor: an endpoint that does nothing, behind the same server, middleware and DRF view stack
as the raters' scoring endpoint. It lives here, not in the shipped API: only `benchmarks.noop_settings` routes it."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from yuanqu.scoring.api import RaterAPIView
from yuanqu.urls import urlpatterns as shipped


class NoopView(RaterAPIView):
    """Does nothing: the baseline of the scoring load benchmark (no database)."""

    @extend_schema(exclude=True)
    def get(self, request):
        return Response({"ok": True})

    @extend_schema(exclude=True)
    def post(self, request):
        return Response({"ok": True})


urlpatterns = [path("api/noop/", NoopView.as_view(), name="benchmark_noop"), *shipped]
