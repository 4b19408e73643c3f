from yuanqu.core.api import ScopedModelViewSet, ScopedSerializer
from yuanqu.projects.filtersets import EnterpriseFilterSet, ProjectFilterSet
from yuanqu.projects.forms import STAGE_DATE_FIELDS
from yuanqu.projects.models import Enterprise, Project


class EnterpriseSerializer(ScopedSerializer):
    class Meta:
        model = Enterprise
        fields = ["id", "name", "credit_code", "region", "industry", "address"]


class ProjectSerializer(ScopedSerializer):
    class Meta:
        model = Project
        fields = [
            "id",
            "code",
            "name",
            "enterprise",
            "region",
            "park",
            "carrier",
            "industry",
            "kind",
            "orientation",
            "key_level",
            "total_investment",
            "stage",
            *STAGE_DATE_FIELDS,
            "construction_content",
            "latitude",
            "longitude",
            "created",
            "updated",
        ]
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
