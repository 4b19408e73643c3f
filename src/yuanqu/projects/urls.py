from django.urls import include, path
from rest_framework.routers import SimpleRouter

from yuanqu.core.urls import crud_urls
from yuanqu.projects import api, filtersets, forms, reports_views, tables, views
from yuanqu.projects.models import Enterprise, ProgressReport, Project

router = SimpleRouter()
router.register("enterprises", api.EnterpriseViewSet)
router.register("projects", api.ProjectViewSet)
router.register("reports", api.ProgressReportViewSet)
api_urlpatterns = [
    path("import/<str:kind>/", api.ImportApi.as_view(), name="api-import"),
    path("", include(router.urls)),
]

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    # before crud_urls("projects"): "projects/import/" must not be read as a project's pk
    path("projects/import/", reports_views.ImportView.as_view(), name="project_import"),
    path("projects/import/template/<str:kind>/", reports_views.TemplateDownloadView.as_view(), name="import_template"),
    *crud_urls(
        "enterprises",
        "enterprise",
        queryset=Enterprise.objects.select_related("region", "industry"),
        filterset=filtersets.EnterpriseFilterSet,
        table=tables.EnterpriseTable,
        form_class=forms.EnterpriseForm,
        fields=["name", "credit_code", "region", "industry", "address"],
    ),
    *crud_urls(
        "projects",
        "project",
        queryset=Project.objects.select_related("region", "park", "carrier", "enterprise", "industry"),
        filterset=filtersets.ProjectFilterSet,
        table=tables.ProjectTable,
        form_class=forms.ProjectForm,
        detail_view=views.ProjectDetailView,
        list_view=reports_views.ProjectListView,
        fields=[*forms.PROJECT_FACTS, *forms.PROJECT_DETAILS],
    ),
]

_reports = dict(queryset=ProgressReport.objects.select_related("project", "project__region"))
urlpatterns += [
    path("reports/locks/", reports_views.MonthLockView.as_view(), name="month_locks"),
    path("reports/attachments/<int:pk>/", reports_views.AttachmentDownloadView.as_view(), name="report_attachment"),
    path(
        "reports/attachments/<int:pk>/delete/",
        reports_views.AttachmentDeleteView.as_view(),
        name="report_attachment_delete",
    ),
    path("reports/<int:pk>/attachments/", reports_views.AttachmentUploadView.as_view(), name="report_attachment_add"),
    path("reports/<int:pk>/delete/", reports_views.ReportDeleteView.as_view(**_reports), name="progressreport_delete"),
    *[
        pattern
        for pattern in crud_urls(
            "reports",
            "progressreport",
            **_reports,
            filterset=filtersets.ProgressReportFilterSet,
            table=tables.ProgressReportTable,
            form_class=forms.ProgressReportForm,
            list_view=reports_views.ReportListView,
            detail_view=reports_views.ReportDetailView,
            edit_view=reports_views.ReportEditView,
            fields=["project", "month", "investment_month", "investment_cumulative", "stage", "narrative", "problems"],
        )
        if pattern.name != "progressreport_delete"  # month locks apply to deletion too
    ],
]
