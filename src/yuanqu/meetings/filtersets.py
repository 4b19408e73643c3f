import django_filters
from django.utils.translation import gettext_lazy as _

from yuanqu.core.filtersets import BaseFilterSet
from yuanqu.meetings.models import Meeting, MeetingStatus, Stop


class MeetingFilterSet(BaseFilterSet):
    search_fields = ("title", "leader", "presiding", "notes")
    status = django_filters.ChoiceFilter(choices=MeetingStatus.choices, label=_("状态"))

    class Meta:
        model = Meeting
        fields = ["status", "visited_regions", "round"]


class StopFilterSet(BaseFilterSet):
    search_fields = ("project__name", "project__enterprise__name")

    class Meta:
        model = Stop
        fields = ["meeting", "day", "project__region"]
