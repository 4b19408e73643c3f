from django.contrib import admin

from yuanqu.core.admin import AuditedAdmin
from yuanqu.meetings.models import Attendee, Demand, Meeting, Stop


@admin.register(Meeting)
class MeetingAdmin(AuditedAdmin):
    list_display = ("round", "title", "start_date", "end_date", "status", "itinerary_locked")
    list_filter = ("status",)


@admin.register(Stop)
class StopAdmin(AuditedAdmin):
    list_display = ("meeting", "project", "day", "order", "planned_arrival", "duration_minutes")
    list_filter = ("meeting",)


@admin.register(Attendee)
class AttendeeAdmin(AuditedAdmin):
    list_display = ("meeting", "name", "unit", "role", "region", "token_revoked", "checked_in_at")
    list_filter = ("meeting", "role")
    exclude = ("token",)


@admin.register(Demand)
class DemandAdmin(AuditedAdmin):
    list_display = ("meeting", "order", "text", "owner_unit", "deadline")
