import django_filters
from django.utils.translation import gettext_lazy as _

from yuanqu.core.filtersets import BaseFilterSet
from yuanqu.places.models import Industry
from yuanqu.projects.models import Enterprise, KeyLevel, Orientation, Project, ProjectKind, Stage


class EnterpriseFilterSet(BaseFilterSet):
    search_fields = ("name", "credit_code", "address")

    class Meta:
        model = Enterprise
        fields = ["region", "industry"]


class ProjectFilterSet(BaseFilterSet):
    search_fields = ("name", "code", "enterprise__name", "construction_content")
    stage = django_filters.MultipleChoiceFilter(choices=Stage.choices, label=_("当前阶段"))
    kind = django_filters.ChoiceFilter(choices=ProjectKind.choices, label=_("建设性质"))
    orientation = django_filters.ChoiceFilter(choices=Orientation.choices, label=_("产业转移导向"))
    key_level = django_filters.ChoiceFilter(choices=KeyLevel.choices, label=_("重点项目级别"))
    section = django_filters.ModelChoiceFilter(
        field_name="industry__parent", queryset=Industry.objects.filter(parent__isnull=True), label=_("行业门类")
    )
    min_investment = django_filters.NumberFilter(
        field_name="total_investment", lookup_expr="gte", label=_("总投资不少于（万元）")
    )
    max_investment = django_filters.NumberFilter(
        field_name="total_investment", lookup_expr="lte", label=_("总投资不超过（万元）")
    )

    class Meta:
        model = Project
        fields = ["region", "park", "carrier", "enterprise", "industry", "stage", "kind", "orientation", "key_level"]
