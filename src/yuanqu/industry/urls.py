"""Web pages (urlpatterns) and REST endpoints (api_urlpatterns) of this app."""

from django.db.models import Count
from django.urls import include, path
from rest_framework.routers import SimpleRouter

from yuanqu.core.urls import crud_urls
from yuanqu.industry import api, edit_views, filtersets, forms, tables, views
from yuanqu.industry.models import Chain, ChainNode, CostProfile, RegionIndustryTable

_chains = dict(queryset=Chain.objects.annotate(node_count=Count("nodes")))
_tables = dict(queryset=RegionIndustryTable.objects.annotate(figure_count=Count("figures")))

urlpatterns = [
    path("industry/leading/", views.LeadingView.as_view(), name="industry_leading"),
    path("industry/chains/", views.ChainListView.as_view(), name="industry_chains"),
    path("industry/chains/<int:pk>/", views.ChainDetailView.as_view(), name="industry_chain"),
    path("industry/targets/", views.TargetsView.as_view(), name="industry_targets"),
    path("industry/costs/", views.CostsView.as_view(), name="industry_costs"),
    path("industry/carriers/match/", views.CarrierMatchView.as_view(), name="industry_carrier_match"),
    path("industry/grades/", views.GradesView.as_view(), name="industry_grades"),
    path("industry/grades/scheme/", edit_views.GradingSchemeView.as_view(), name="industry_grading_scheme"),
    # the organiser's editing pages (everybody else reads): chains, their nodes, location cost profiles
    path("industry/manage/chains/<int:pk>/delete/", edit_views.ChainDeleteView.as_view(**_chains), name="chain_delete"),
    *[
        pattern
        for pattern in crud_urls(
            "industry/manage/chains",
            "chain",
            **_chains,
            filterset=filtersets.ChainFilterSet,
            table=tables.ChainTable,
            form_class=forms.ChainForm,
            list_view=edit_views.RecordListView,
            detail_view=edit_views.ChainRecordView,
            fields=["name", "description"],
        )
        if pattern.name != "chain_delete"  # deleting a chain deletes (and logs) its nodes
    ],
    *crud_urls(
        "industry/manage/chain-nodes",
        "chainnode",
        queryset=ChainNode.objects.select_related("chain").prefetch_related("parents"),
        filterset=filtersets.ChainNodeFilterSet,
        table=tables.ChainNodeTable,
        form_class=forms.ChainNodeForm,
        list_view=edit_views.RecordListView,
        edit_view=edit_views.ChainNodeEditView,
        fields=["chain", "name", "stage", "order", "industry_codes", "keywords", "orientation", "parents"],
    ),
    *crud_urls(
        "industry/manage/cost-profiles",
        "costprofile",
        queryset=CostProfile.objects.all(),
        filterset=filtersets.CostProfileFilterSet,
        table=tables.CostProfileTable,
        form_class=forms.CostProfileForm,
        list_view=edit_views.CostProfileListView,
        fields=["location", *CostProfile.COST_FIELDS, "illustrative", "note"],
    ),
    # imported region × industry tables (统计数据表): the organiser creates one, then imports its cells
    *[
        pattern
        for pattern in crud_urls(
            "industry/manage/tables",
            "regionindustrytable",
            **_tables,
            filterset=filtersets.RegionIndustryTableFilterSet,
            table=tables.RegionIndustryTableTable,
            form_class=forms.RegionIndustryTableForm,
            list_view=edit_views.RecordListView,
            detail_view=edit_views.RegionIndustryTableRecordView,
            edit_view=edit_views.RegionIndustryTableEditView,
            fields=[*forms.TABLE_FIELDS, "created_by"],
        )
        if pattern.name != "regionindustrytable_delete"  # deleting a table deletes (and logs) its cells
    ],
    path(
        "industry/manage/tables/<int:pk>/import/",
        edit_views.RegionIndustryImportView.as_view(),
        name="regionindustrytable_import",
    ),
    path(
        "industry/manage/tables/<int:pk>/delete/",
        edit_views.RegionIndustryTableDeleteView.as_view(**_tables),
        name="regionindustrytable_delete",
    ),
]

router = SimpleRouter()
router.register("industry/manage/chains", api.ChainViewSet)
router.register("industry/manage/chain-nodes", api.ChainNodeViewSet)
router.register("industry/manage/cost-profiles", api.CostProfileViewSet)
router.register("industry/manage/tables", api.RegionIndustryTableViewSet)
api_urlpatterns = [
    path("industry/targets/", api.TargetsApi.as_view(), name="api-industry-targets"),
    path("industry/leading/", api.LeadingApi.as_view(), name="api-industry-leading"),
    path("industry/chains/", api.ChainsApi.as_view(), name="api-industry-chains"),
    path("industry/grades/", api.GradesApi.as_view(), name="api-industry-grades"),
    path("industry/grading-scheme/", api.GradingSchemeApi.as_view(), name="api-industry-grading-scheme"),
    path("industry/carrier-match/", api.CarrierMatchApi.as_view(), name="api-industry-carrier-match"),
    path("", include(router.urls)),
]
