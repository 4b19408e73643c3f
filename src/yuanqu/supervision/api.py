"""REST: /api/lights/ (read-only) and /api/tasks/ (writes through the task services), both scoped."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from yuanqu.core.api import ScopedModelViewSet, ScopedSerializer
from yuanqu.supervision import services
from yuanqu.supervision.filtersets import LightFilterSet, TaskFilterSet
from yuanqu.supervision.models import Light, SupervisedTask, TaskFeedback, TaskStatus


class LightSerializer(ScopedSerializer):
    ruleset_version = serializers.IntegerField(source="ruleset.version", read_only=True)

    class Meta:
        model = Light
        fields = [
            "id", "project", "month", "color", "reasons", "ruleset_version", "time_progress",
            "investment_progress", "computed_at",
        ]
        read_only_fields = fields


class TaskFeedbackSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username", read_only=True, default=None)

    class Meta:
        model = TaskFeedback
        fields = ["id", "date", "text", "author"]
        extra_kwargs = {"date": {"required": False}}


class TaskSerializer(ScopedSerializer):
    feedback = TaskFeedbackSerializer(many=True, read_only=True)
    overdue = serializers.BooleanField(read_only=True, help_text="已逾期：未办结且已过办结时限，或逾期办结")

    class Meta:
        model = SupervisedTask
        fields = [
            "id", "title", "description", "region", "project", "source", "light", "source_ref", "source_text",
            "owner_unit", "responsible_person", "deadline", "status", "overdue", "finished_on", "feedback",
            "created", "updated",
        ]
        read_only_fields = ["status", "finished_on", "created", "updated"]


class LightViewSet(ScopedModelViewSet):
    queryset = Light.objects.select_related("project", "ruleset")
    serializer_class = LightSerializer
    filterset_class = LightFilterSet
    http_method_names = ["get", "head", "options"]
    ordering_fields = ["month", "color"]


class TaskViewSet(ScopedModelViewSet):
    queryset = (
        SupervisedTask.objects.with_overdue().select_related("region", "project", "light__project")
        .prefetch_related("feedback__author")
    )
    serializer_class = TaskSerializer
    filterset_class = TaskFilterSet
    ordering_fields = ["deadline", "status"]

    def perform_create(self, serializer):
        serializer.instance = services.task_create(user=self.request.user, data=serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.task_update(
            user=self.request.user, task=self.get_object(), data=serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.task_delete(user=self.request.user, task=instance)

    @extend_schema(
        request=inline_serializer("TaskStatusRequest", {"status": serializers.ChoiceField(TaskStatus.choices)}),
        responses=TaskSerializer,
    )
    @action(detail=True, methods=["post"], operation="supervision.respond")
    def status(self, request, pk=None):
        """Move the task to `status` (in_progress/done by its district; closed or reopened by the organiser)."""
        task = self.get_object()  # 404 before anything else for another district's task
        status = request.data.get("status")
        if not status:
            raise serializers.ValidationError({"status": [_("请填写状态。")]})
        task = services.task_set_status(user=request.user, task=task, status=status)
        return Response(self.get_serializer(task).data)

    @extend_schema(request=TaskFeedbackSerializer, responses=TaskFeedbackSerializer)
    @action(detail=True, methods=["post"], operation="supervision.respond")
    def feedback(self, request, pk=None):
        """Add a dated feedback entry."""
        task = self.get_object()  # 404 before anything else for another district's task
        incoming = TaskFeedbackSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        entry = services.task_add_feedback(
            user=request.user, task=task, text=incoming.validated_data["text"],
            date=incoming.validated_data.get("date"),
        )
        return Response(TaskFeedbackSerializer(entry).data, status=201)
