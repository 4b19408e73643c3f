"""Web pages (urlpatterns) and REST endpoints (api_urlpatterns) of this app."""

from django.db.models import Count
from django.urls import include, path
from django.utils.translation import gettext_lazy
from rest_framework.routers import SimpleRouter

from yuanqu.core.urls import crud_urls
from yuanqu.meetings import api, filtersets, forms, tables
from yuanqu.meetings.models import Meeting
from yuanqu.meetings.views import attendees, documents, meetings, planning

router = SimpleRouter()
router.register("meetings", api.MeetingViewSet)
router.register("stops", api.StopViewSet)
router.register("attendees", api.AttendeeViewSet)
api_urlpatterns = [path("", include(router.urls))]

urlpatterns = [
    *crud_urls(
        "meetings",
        "meeting",
        queryset=Meeting.objects.prefetch_related("visited_regions").annotate(stop_total=Count("stops")),
        filterset=filtersets.MeetingFilterSet,
        table=tables.MeetingTable,
        form_class=forms.MeetingForm,
        detail_view=meetings.MeetingDetailView,
        empty_hint=gettext_lazy("还没有现场推进会。点“新建现场推进会”，保存后在会议页面规划线路、添加参会人员并发放评分链接。"),
        edit_view=meetings.MeetingEditView,
        fields=["round", "title", "start_date", "end_date", "visited_regions", "leader", "presiding", "status",
                "depot_name", "day_start", "day_end", "lunch_from", "lunch_to", "lunch_minutes",
                "itinerary_locked", "notes"],
    ),
    path("meetings/<int:pk>/plan/", planning.meeting_plan, name="meeting_plan"),
    path("meetings/<int:pk>/status/", meetings.meeting_status, name="meeting_status"),
    path("meetings/<int:pk>/demands/", meetings.demand_add, name="meeting_demand_add"),
    path("meetings/demands/<int:pk>/delete/", meetings.demand_remove, name="meeting_demand_remove"),
    path("meetings/<int:pk>/attendees/", attendees.attendee_list, name="meeting_attendees"),
    path("meetings/<int:pk>/attendees/import/", attendees.attendee_upload, name="meeting_attendees_import"),
    path("meetings/attendees/<int:pk>/qr.svg", attendees.attendee_qr, name="attendee_qr"),
    path("meetings/attendees/<int:pk>/reissue/", attendees.attendee_reissue, name="attendee_reissue"),
    path("meetings/attendees/<int:pk>/revoke/", attendees.attendee_revoke, name="attendee_revoke"),
    path("meetings/<int:pk>/agenda.pdf", documents.agenda_pdf, name="meeting_agenda_pdf"),
    path("meetings/<int:pk>/agenda.xlsx", documents.agenda_xlsx, name="meeting_agenda_xlsx"),
    path("m/<str:token>/", attendees.PersonalView.as_view(), name="meeting_personal"),
]
