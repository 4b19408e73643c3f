from django import forms
from django.utils.translation import gettext_lazy as _

from yuanqu.core.forms import ScopedModelForm, date_widgets
from yuanqu.meetings.models import Attendee, Demand, Meeting
from yuanqu.places.models import Region, RegionLevel

MEETING_FIELDS = [
    "round", "title", "start_date", "end_date", "visited_regions", "leader", "presiding", "status",
    "depot_name", "depot_latitude", "depot_longitude", "day_start", "day_end", "lunch_from", "lunch_to",
    "lunch_minutes", "notes",
]


def _time_widget():
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class MeetingForm(ScopedModelForm):
    class Meta:
        model = Meeting
        fields = MEETING_FIELDS
        widgets = {
            **date_widgets("start_date", "end_date"),
            **{name: _time_widget() for name in ("day_start", "day_end", "lunch_from", "lunch_to")},
            "visited_regions": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visited_regions"].queryset = self.fields["visited_regions"].queryset.filter(
            level__in=[RegionLevel.DISTRICT, RegionLevel.COUNTY]
        )
        if self.instance.pk is None:
            # A new meeting always starts in planning (see services.meeting_create).
            self.fields.pop("status")


class AttendeeForm(ScopedModelForm):
    class Meta:
        model = Attendee
        fields = ["name", "unit", "title", "region", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = self.fields["region"].queryset.filter(
            level__in=[RegionLevel.DISTRICT, RegionLevel.COUNTY]
        )


class DemandForm(ScopedModelForm):
    class Meta:
        model = Demand
        fields = ["text", "owner_unit", "deadline"]
        widgets = {**date_widgets("deadline"), "text": forms.TextInput()}


class PickerForm(forms.Form):
    q = forms.CharField(label=_("搜索项目"), required=False)
    region = forms.ModelChoiceField(label=_("区县"), queryset=Region.objects.none(), required=False)

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions if regions is not None else Region.objects.none()
