import datetime

import django_filters
from django.utils.translation import gettext_lazy as _

from yuanqu.core.filtersets import BaseFilterSet, ParsedFilter
from yuanqu.places.models import Region
from yuanqu.projects.models import Project
from yuanqu.supervision.models import (
    Exemption,
    ExemptionStatus,
    Light,
    LightColor,
    RuleKey,
    SupervisedTask,
    TaskSource,
    TaskStatus,
)


def parse_month(value: str) -> datetime.date | None:
    """"2025-03" or "2025-03-01" → 2025-03-01; None when it is neither."""
    try:
        year, month = (int(part) for part in value.strip().split("-")[:2])
        return datetime.date(year, month, 1)
    except (ValueError, TypeError):
        return None


class LightFilterSet(BaseFilterSet):
    search_fields = ("project__name", "project__code")
    color = django_filters.MultipleChoiceFilter(choices=LightColor.choices, label=_("灯色"))
    region = django_filters.ModelChoiceFilter(
        field_name="project__region", queryset=Region.objects.all(), label=_("区县")
    )
    project = django_filters.ModelChoiceFilter(queryset=Project.objects.all(), label=_("项目"))
    month = ParsedFilter(parse=parse_month, invalid_message=_("应为月份，如 2025-03。"), label=_("月份（如 2025-03）"))

    class Meta:
        model = Light
        fields = ["color", "region", "project", "month"]


class TaskFilterSet(BaseFilterSet):
    search_fields = ("title", "description", "owner_unit", "responsible_person", "project__name")
    status = django_filters.MultipleChoiceFilter(choices=TaskStatus.choices, label=_("状态"))
    source = django_filters.ChoiceFilter(choices=TaskSource.choices, label=_("来源"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("已逾期"))
    active = django_filters.BooleanFilter(method="filter_active", label=_("未办结"))

    class Meta:
        model = SupervisedTask
        fields = ["region", "project", "status", "source", "overdue"]

    def filter_overdue(self, queryset, name, value):
        return queryset.with_overdue().filter(overdue=value)

    def filter_active(self, queryset, name, value):
        active = [TaskStatus.OPEN, TaskStatus.IN_PROGRESS]
        return queryset.filter(status__in=active) if value else queryset.exclude(status__in=active)


class ExemptionFilterSet(BaseFilterSet):
    search_fields = ("project__name", "reason")
    status = django_filters.ChoiceFilter(choices=ExemptionStatus.choices, label=_("状态"))
    rule = django_filters.ChoiceFilter(choices=RuleKey.choices, label=_("豁免规则"))
    region = django_filters.ModelChoiceFilter(
        field_name="project__region", queryset=Region.objects.all(), label=_("区县")
    )

    class Meta:
        model = Exemption
        fields = ["status", "rule", "region", "project"]
