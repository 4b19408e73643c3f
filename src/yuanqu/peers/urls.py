"""Web pages (urlpatterns) and REST endpoints (api_urlpatterns) of this app."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from yuanqu.peers import api, views

router = SimpleRouter()
router.register("peer-values", api.IndicatorValueViewSet)

urlpatterns = [
    path("peers/", views.PeersView.as_view(), name="peers"),
    path("peers/import/", views.PeerImportView.as_view(), name="peer_import"),
]
api_urlpatterns = [
    path("peers/", api.PeerRanksApi.as_view(), name="api-peers"),
    path("", include(router.urls)),
]
