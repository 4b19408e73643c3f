import django_filters
from django.utils.translation import gettext_lazy as _

from yuanqu.core.filtersets import BaseFilterSet, ParsedFilter
from yuanqu.core.tabular import cells
from yuanqu.places.models import Industry, Region
from yuanqu.projects.models import Enterprise, KeyLevel, Orientation, ProgressReport, Project, ProjectKind, Stage


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


class ProgressReportFilterSet(BaseFilterSet):
    search_fields = ("project__name", "narrative", "problems")
    month = ParsedFilter(parse=cells.month, invalid_message=_("应为月份，如 2025-03。"), label=_("月份（如 2025-03）"))
    region = django_filters.ModelChoiceFilter(
        field_name="project__region", queryset=Region.objects.all(), label=_("所在区县")
    )
    stage = django_filters.ChoiceFilter(choices=Stage.choices, label=_("形象进度"))
    has_problems = django_filters.BooleanFilter(method="filter_problems", label=_("有需协调解决的问题"))

    class Meta:
        model = ProgressReport
        fields = ["month", "region", "project", "stage"]

    def filter_problems(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(problems="") if value else queryset.filter(problems="")
