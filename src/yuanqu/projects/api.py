from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from yuanqu.core.api import (
    DRY_RUN,
    IMPORT_REFUSAL,
    IMPORT_REQUEST,
    IMPORT_SUMMARY,
    ScopedModelViewSet,
    ScopedSerializer,
    import_refusal,
    import_summary,
    truthy,
    uploaded_file,
)
from yuanqu.projects import services
from yuanqu.projects.filtersets import EnterpriseFilterSet, ProgressReportFilterSet, ProjectFilterSet
from yuanqu.projects.forms import PROJECT_FIELDS
from yuanqu.projects.imports import KINDS, run_import
from yuanqu.projects.models import Enterprise, ProgressReport, Project


class EnterpriseSerializer(ScopedSerializer):
    class Meta:
        model = Enterprise
        fields = ["id", "name", "credit_code", "region", "industry", "address"]


class ProjectSerializer(ScopedSerializer):
    class Meta:
        model = Project
        fields = ["id", *PROJECT_FIELDS, "created", "updated"]
        read_only_fields = ["created", "updated"]


class EnterpriseViewSet(ScopedModelViewSet):
    queryset = Enterprise.objects.select_related("region", "industry")
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilterSet
    ordering_fields = ["name", "credit_code"]


class ProjectViewSet(ScopedModelViewSet):
    queryset = Project.objects.select_related("region", "park", "carrier", "enterprise", "industry")
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilterSet
    ordering_fields = ["name", "total_investment", "stage", "planned_started", "actual_started"]


class ProgressReportSerializer(ScopedSerializer):
    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "project",
            "month",
            "investment_month",
            "investment_cumulative",
            "stage",
            "narrative",
            "problems",
            "created",
            "updated",
        ]
        read_only_fields = ["created", "updated"]


class ProgressReportViewSet(ScopedModelViewSet):
    """Monthly reports; writes go through `projects.services` (cumulative check, month locks, scope)."""

    queryset = ProgressReport.objects.select_related("project", "project__region")
    serializer_class = ProgressReportSerializer
    filterset_class = ProgressReportFilterSet
    ordering_fields = ["month", "investment_cumulative"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        project, month = data.pop("project"), data.pop("month")
        serializer.instance = services.report_submit(user=self.request.user, project=project, month=month, data=data)

    def perform_update(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if k not in ("project", "month")}
        serializer.instance = services.report_update(user=self.request.user, report=self.get_object(), data=data)

    def perform_destroy(self, instance):
        services.report_delete(user=self.request.user, report=instance)


class ImportApi(APIView):
    """POST /api/import/projects/ or /api/import/reports/ with an .xlsx or .csv (field `file`, the Excel template's
    columns): all or nothing, as the import page; `?dry_run=1` only checks. The answer counts what was created,
    updated and left unchanged; a file with problems is a 400 listing each with its sheet, row and column."""

    title = gettext_lazy("从 Excel 导入项目或月报")
    operation = "district.change"
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(parameters=[DRY_RUN], request=IMPORT_REQUEST,
                   responses={200: inline_serializer("ImportSummary", IMPORT_SUMMARY), 400: IMPORT_REFUSAL})
    def post(self, request, kind):
        if kind not in KINDS:
            raise NotFound()
        upload = uploaded_file(request)
        result = run_import(user=request.user, kind=kind, data=upload.read(), filename=upload.name or "",
                            dry_run=truthy(request.query_params.get("dry_run")))
        return import_refusal(result) or Response(import_summary(result))
