from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from yuanqu.core.admin import AuditedAdmin, ComputedFilter, UserAdmin
from yuanqu.core.models import User
from yuanqu.places.models import Carrier, CarrierStatus, Industry, Park, Region, RegionChange


class UserRegionInline(admin.TabularInline):
    """A user's regions (a district reporter sees and reports only these and the regions below them)."""

    model = Region.users.through
    extra = 1
    verbose_name = _("所属区县")
    verbose_name_plural = _("所属区县")
    autocomplete_fields = ("region",)


admin.site.unregister(User)


@admin.register(User)
class UserWithRegionsAdmin(UserAdmin):
    inlines = [UserRegionInline]


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    list_display = ("code", "name", "level", "parent", "group", "retired")
    search_fields = ("code", "name")
    list_filter = ("level",)
    filter_horizontal = ("successors",)


@admin.register(RegionChange)
class RegionChangeAdmin(AuditedAdmin):
    list_display = ("old_code", "new_codes", "new_name", "date", "kind")
    list_filter = ("kind",)
    search_fields = ("old_code", "new_codes", "new_name", "note")


@admin.register(Industry)
class IndustryAdmin(AuditedAdmin):
    list_display = ("code", "name", "parent")
    search_fields = ("code", "name")


@admin.register(Park)
class ParkAdmin(AuditedAdmin):
    list_display = ("name", "region", "level")
    list_filter = ("level", "region")
    search_fields = ("name",)
    filter_horizontal = ("leading_industries",)


class CarrierStatusFilter(ComputedFilter):
    parameter_name = "status"
    title = _("状态")
    options = CarrierStatus.choices


@admin.register(Carrier)
class CarrierAdmin(AuditedAdmin):
    list_display = ("name", "park", "kind", "floor_area", "occupied_area", "construction", "status_label")
    list_filter = ("kind", "construction", CarrierStatusFilter)
    search_fields = ("name", "park__name")

    def get_queryset(self, request):
        return super().get_queryset(request).with_status()

    @admin.display(description=_("状态"), ordering="status")
    def status_label(self, carrier):
        return carrier.get_status_display()
