from django.contrib import admin

from yuanqu.core.admin import AuditedAdmin
from yuanqu.newsroom.models import NewsReport


@admin.register(NewsReport)
class NewsReportAdmin(AuditedAdmin):
    list_display = ("__str__", "source_name", "created_by", "created", "meeting")
    readonly_fields = ("original_text", "repaired_text", "spans", "facts", "created_by", "meeting")
