from yuanqu.core.api import ScopedModelViewSet, ScopedSerializer
from yuanqu.projects import services
from yuanqu.projects.filtersets import EnterpriseFilterSet, ProgressReportFilterSet, ProjectFilterSet
from yuanqu.projects.forms import PROJECT_FIELDS
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
