from yuanqu.core.forms import ScopedModelForm, date_widgets
from yuanqu.places.models import Carrier, Industry, Park, Region, RegionChange


class RegionForm(ScopedModelForm):
    class Meta:
        model = Region
        fields = ["code", "name", "level", "parent", "group"]


class RegionChangeForm(ScopedModelForm):
    class Meta:
        model = RegionChange
        fields = ["old_code", "new_codes", "new_name", "date", "kind", "note"]
        widgets = date_widgets("date")


class IndustryForm(ScopedModelForm):
    class Meta:
        model = Industry
        fields = ["code", "name", "parent"]


class ParkForm(ScopedModelForm):
    class Meta:
        model = Park
        fields = ["name", "region", "level", "leading_industries", "planned_area_km2", "description"]


class CarrierForm(ScopedModelForm):
    class Meta:
        model = Carrier
        fields = ["name", "park", "kind", "floor_area", "occupied_area", "construction", "completion_date", "address"]
        widgets = date_widgets("completion_date")
