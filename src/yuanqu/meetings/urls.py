"""Web pages (urlpatterns) and REST endpoints (api_urlpatterns) of this app."""

urlpatterns = []
api_urlpatterns = []
