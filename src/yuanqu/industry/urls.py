"""Web pages (urlpatterns) and REST endpoints (api_urlpatterns) of this app."""

from django.urls import path

from yuanqu.industry import api, views

urlpatterns = [
    path("industry/leading/", views.LeadingView.as_view(), name="industry_leading"),
    path("industry/chains/", views.ChainListView.as_view(), name="industry_chains"),
    path("industry/chains/<int:pk>/", views.ChainDetailView.as_view(), name="industry_chain"),
    path("industry/targets/", views.TargetsView.as_view(), name="industry_targets"),
    path("industry/costs/", views.CostsView.as_view(), name="industry_costs"),
    path("industry/carriers/match/", views.CarrierMatchView.as_view(), name="industry_carrier_match"),
    path("industry/grades/", views.GradesView.as_view(), name="industry_grades"),
]
api_urlpatterns = [
    path("industry/targets/", api.TargetsApi.as_view(), name="api-industry-targets"),
    path("industry/leading/", api.LeadingApi.as_view(), name="api-industry-leading"),
    path("industry/chains/", api.ChainsApi.as_view(), name="api-industry-chains"),
    path("industry/grades/", api.GradesApi.as_view(), name="api-industry-grades"),
    path("industry/carrier-match/", api.CarrierMatchApi.as_view(), name="api-industry-carrier-match"),
]
