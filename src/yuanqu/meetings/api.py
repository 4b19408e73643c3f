"""REST endpoints: /api/meetings/, /api/stops/, /api/attendees/ and POST /api/meetings/<id>/itinerary/.

Writes go through the meetings services (status transitions, itinerary lock). Attendee tokens and links are
only ever serialised for the organiser.
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from yuanqu.core import access
from yuanqu.core.api import ScopedModelViewSet, ScopedSerializer
from yuanqu.meetings import services
from yuanqu.meetings.filtersets import MeetingFilterSet, StopFilterSet
from yuanqu.meetings.forms import MEETING_FIELDS
from yuanqu.meetings.models import Attendee, Meeting, Stop


class MeetingSerializer(ScopedSerializer):
    class Meta:
        model = Meeting
        fields = ["id", *MEETING_FIELDS, "itinerary_locked", "created", "updated"]
        read_only_fields = ["itinerary_locked", "created", "updated"]


class StopSerializer(ScopedSerializer):
    class Meta:
        model = Stop
        fields = ["id", "meeting", "project", "day", "order", "planned_arrival", "duration_minutes", "closed"]
        read_only_fields = ["order", "planned_arrival", "closed"]


class AttendeeSerializer(ScopedSerializer):
    personal_url = serializers.SerializerMethodField()

    class Meta:
        model = Attendee
        fields = ["id", "meeting", "name", "unit", "title", "region", "role", "token", "token_revoked",
                  "checked_in_at", "personal_url"]
        read_only_fields = ["token", "token_revoked", "checked_in_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None or not access.allows(request.user, "meetings.manage"):
            for name in ("token", "personal_url", "token_revoked"):
                self.fields.pop(name, None)

    def get_personal_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(reverse("meeting_personal", args=[obj.token]))


class MeetingViewSet(ScopedModelViewSet):
    queryset = Meeting.objects.prefetch_related("visited_regions")
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilterSet
    ordering_fields = ["round", "start_date"]

    def perform_create(self, serializer):
        serializer.instance = services.meeting_create(user=self.request.user, data=serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.meeting_update(
            user=self.request.user, meeting=self.get_object(), data=serializer.validated_data
        )

    @extend_schema(request=None, responses={200: dict})
    @action(detail=True, methods=["post"], operation="meetings.manage")
    def itinerary(self, request, pk=None):
        """Run the optimiser on the meeting's stops and return its output (nothing is written)."""
        meeting = self.get_object()
        return Response(services.itinerary_plan(meeting=meeting))


class StopViewSet(ScopedModelViewSet):
    queryset = Stop.objects.select_related("project", "meeting")
    serializer_class = StopSerializer
    filterset_class = StopFilterSet
    ordering_fields = ["day", "order"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.stop_add(
            user=self.request.user, meeting=data["meeting"], project=data["project"],
            duration_minutes=data.get("duration_minutes", 30), day=data.get("day"),
        )

    def perform_update(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if k in ("day", "duration_minutes")}
        serializer.instance = services.stop_update(user=self.request.user, stop=self.get_object(), data=data)

    def perform_destroy(self, instance):
        services.stop_remove(user=self.request.user, stop=instance)


class AttendeeViewSet(ScopedModelViewSet):
    queryset = Attendee.objects.select_related("meeting", "region")
    serializer_class = AttendeeSerializer
    filterset_fields = ["meeting", "role", "region"]
    http_method_names = ["get", "post", "head", "options"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.attendee_add(user=self.request.user, meeting=data.pop("meeting"), data=data)
