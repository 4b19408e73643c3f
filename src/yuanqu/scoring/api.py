"""REST endpoints of scoring: the raters' submit/undo (token in the URL, no sign-in), export, live board, results.

Refusals carry the Chinese message and a machine code: ``{"detail": "…", "code": "stop_closed"}``. A phone
retries only on network errors and 5xx; a 4xx is final and shown to the rater.
"""

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from yuanqu.core import access
from yuanqu.meetings.models import Meeting, MeetingStatus
from yuanqu.meetings.services import attendee_by_token
from yuanqu.scoring import selectors, services


def _refusal(exc: ValidationError, http_status: int = status.HTTP_400_BAD_REQUEST) -> Response:
    code = getattr(exc, "code", None) or "invalid"
    if code == "invalid_link":
        http_status = status.HTTP_404_NOT_FOUND
    return Response({"detail": "；".join(exc.messages), "code": code}, status=http_status)


def _client_time(value) -> datetime.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return parse_datetime(value)
    except ValueError:
        return None


class RaterAPIView(APIView):
    """The personal link is the credential: no session, no CSRF, no token header."""

    authentication_classes = []
    operation = access.PERSONAL_LINK


SubmitRequest = inline_serializer("ScoreSubmitRequest", {
    "stop": serializers.IntegerField(), "values": serializers.DictField(child=serializers.FloatField()),
    "idempotency_key": serializers.CharField(max_length=80), "client_time": serializers.DateTimeField(required=False),
})
SubmitResponse = inline_serializer("ScoreSubmitResponse", {
    "stop": serializers.IntegerField(), "version": serializers.IntegerField(), "values": serializers.DictField(),
    "withdrawn": serializers.BooleanField(), "received_at": serializers.DateTimeField(),
    "idempotency_key": serializers.CharField(), "replayed": serializers.BooleanField(),
})


class ScoreView(RaterAPIView):
    title = gettext_lazy("提交评分（个人链接）")

    @extend_schema(summary="评分人的观摩点与已确认的评分", responses=dict)
    def get(self, request, token):
        attendee = attendee_by_token(token)
        if attendee is None:
            return Response({"detail": "链接无效或已作废，请联系会务组。", "code": "invalid_link"}, status=404)
        return Response(selectors.rater_cards(attendee))

    @extend_schema(summary="提交一个观摩点的评分（幂等）", request=SubmitRequest, responses=SubmitResponse)
    def post(self, request, token):
        data = request.data if isinstance(request.data, dict) else {}
        try:
            result = services.score_submit(
                token=token, stop_id=data.get("stop"), values=data.get("values"),
                idempotency_key=data.get("idempotency_key"), client_time=_client_time(data.get("client_time")),
            )
        except ValidationError as exc:
            return _refusal(exc)
        return Response(result.as_dict(), status=status.HTTP_200_OK if result.replayed else status.HTTP_201_CREATED)


class UndoView(RaterAPIView):
    title = gettext_lazy("撤回评分（个人链接）")

    @extend_schema(summary="撤销最近一次提交（60 秒内）", responses=SubmitResponse, request=inline_serializer(
        "ScoreUndoRequest", {"stop": serializers.IntegerField(), "version": serializers.IntegerField()}))
    def post(self, request, token):
        data = request.data if isinstance(request.data, dict) else {}
        try:
            version = int(data.get("version"))
            result = services.score_undo(token=token, stop_id=data.get("stop"), version=version)
        except (TypeError, ValueError):
            return Response({"detail": "撤销请求格式错误。", "code": "bad_request"}, status=400)
        except ValidationError as exc:
            return _refusal(exc)
        return Response(result.as_dict())


def _readable_meeting(request, pk) -> Meeting:
    meeting = Meeting.objects.filter(pk=pk).first()
    if meeting is None or not request.user.is_authenticated or not selectors.results_visible(
        user=request.user, meeting=meeting
    ):
        raise Http404
    return meeting


class ExportView(APIView):
    """The scores in the verify.py format. The organiser at any time; after publication anyone (pseudonymised)."""

    title = gettext_lazy("导出会议评分数据")
    operation = access.PUBLIC  # a published result is public; before that only the organiser's (else 404)
    pk_model = Meeting

    @extend_schema(summary="导出评分数据（可用 yuanqu scoring recompute 复核）", responses=dict)
    def get(self, request, pk):
        meeting = Meeting.objects.filter(pk=pk).first()
        if meeting is None:
            raise Http404
        result = selectors.published_result(meeting)
        if result is not None:
            return Response(result.export)
        if not access.allows(request.user, "meetings.manage"):
            raise Http404
        try:
            return Response(selectors.scores_export(meeting=meeting))
        except ValidationError as exc:
            return _refusal(exc)


class LiveView(APIView):
    title = gettext_lazy("大屏实时数据")
    operation, pk_model = "meetings.view", Meeting

    @extend_schema(summary="大屏实时数据：各观摩点提交数、未评分人员、实时排名", responses=dict)
    def get(self, request, pk):
        return Response(selectors.live_status(meeting=_readable_meeting(request, pk)))


class ResultsView(APIView):
    title = gettext_lazy("评分结果")
    operation, pk_model = "meetings.view", Meeting

    @extend_schema(summary="评分结果（发布后为已发布结果）", responses=dict)
    def get(self, request, pk):
        meeting = _readable_meeting(request, pk)
        try:
            data = selectors.results_compute(meeting=meeting)
        except ValidationError as exc:
            return _refusal(exc)
        return Response({
            "meeting": meeting.pk, "status": meeting.status,
            "published": meeting.status == MeetingStatus.PUBLISHED and data["published"] is not None,
            "sha256": data["digest"], "official": data["official"], "stops": data["stops"],
            "districts": data["districts"], "kendall_w": data["kendall_w"], "raters": data["raters"],
            "district_preferences": data["preferences"], "methods": data["methods"],
            "method_ranks": data["method_rows"], "method_warnings": data["method_warnings"],
        })
