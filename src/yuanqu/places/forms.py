from django import forms
from django.utils.translation import gettext_lazy as _

from yuanqu.core.forms import ScopedModelForm, date_widgets
from yuanqu.places import geo
from yuanqu.places.models import Carrier, Industry, Park, Region, RegionChange


class CoordinateFormMixin:
    """A position typed in any common system (高德/腾讯 GCJ-02, 百度 BD-09) is stored in CGCS2000/WGS-84: the form
    asks which system the figures are in and converts before the model checks the point lies in the city."""

    coordinate_fields = ("latitude", "longitude")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lat_field, lon_field = self.coordinate_fields
        if lat_field in self.fields:
            self.fields["coordinate_system"] = forms.ChoiceField(
                label=_("坐标系"), choices=geo.CoordinateSystem.choices, initial=geo.CoordinateSystem.CGCS2000,
                required=False, help_text=_("所填经纬度的坐标系，保存时换算为 CGCS2000/WGS-84"))

    def clean(self):
        cleaned = super().clean()
        lat_field, lon_field = self.coordinate_fields
        lat, lon = cleaned.get(lat_field), cleaned.get(lon_field)
        system = cleaned.get("coordinate_system") or geo.CoordinateSystem.CGCS2000
        if lat is not None and lon is not None and system not in (geo.CoordinateSystem.CGCS2000,
                                                                   geo.CoordinateSystem.WGS84):
            cleaned[lat_field], cleaned[lon_field] = geo.to_stored(lat, lon, system)
        return cleaned


class RegionForm(CoordinateFormMixin, ScopedModelForm):
    coordinate_fields = ("seat_latitude", "seat_longitude")

    class Meta:
        model = Region
        fields = ["code", "name", "level", "parent", "group", "seat_latitude", "seat_longitude"]


class RegionChangeForm(ScopedModelForm):
    class Meta:
        model = RegionChange
        fields = ["old_code", "new_codes", "new_name", "date", "kind", "note"]
        widgets = date_widgets("date")


class IndustryForm(ScopedModelForm):
    class Meta:
        model = Industry
        fields = ["code", "name", "parent"]


class ParkForm(CoordinateFormMixin, ScopedModelForm):
    class Meta:
        model = Park
        fields = ["name", "region", "level", "leading_industries", "planned_area_km2", "description",
                  "latitude", "longitude"]


class CarrierForm(CoordinateFormMixin, ScopedModelForm):
    class Meta:
        model = Carrier
        fields = ["name", "park", "kind", "floor_area", "occupied_area", "construction", "completion_date", "address",
                  "latitude", "longitude"]
        widgets = date_widgets("completion_date")
