from django.contrib import admin

from yuanqu.core.admin import AuditedAdmin
from yuanqu.places.models import Carrier, Industry, Park, Region


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    list_display = ("code", "name", "level", "parent", "group")
    search_fields = ("code", "name")
    list_filter = ("level",)


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


@admin.register(Carrier)
class CarrierAdmin(AuditedAdmin):
    list_display = ("name", "park", "kind", "floor_area", "occupied_area", "status")
    list_filter = ("kind", "status")
    search_fields = ("name", "park__name")
