from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from yuanqu.core import access
from yuanqu.core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    OperationMixin,
    call_service,
    run_service,
)
from yuanqu.meetings.models import Demand
from yuanqu.places.models import Region, RegionLevel
from yuanqu.supervision import selectors, services
from yuanqu.supervision.forms import TaskFeedbackForm
from yuanqu.supervision.models import SupervisedTask, TaskStatus
from yuanqu.supervision.services import REPORTER_STATUSES, TRANSITIONS

# Tasks are assigned, edited and deleted by the organiser (the model's write operation, supervision.manage);
# districts give feedback and move the status (supervision.respond).


class TaskListView(ObjectListView):
    export_filename = "督办事项"
    empty_hint = gettext_lazy(
        "还没有督办事项。在亮灯页面打开一个红灯，点“转为督办事项”；或在会议页面把会议要求转为督办事项。"
    )

    def get_empty_hint(self):
        if access.allows(self.request.user, "supervision.manage"):
            return self.empty_hint
        return _("还没有督办事项：市项目办把红灯或会议要求转为督办事项后，这里列出本人可见的事项。")


class TaskDetailView(ObjectDetailView):
    template_name = "supervision/task_detail.html"

    def extra_context(self, obj) -> dict:
        user = self.request.user
        may_act = access.can(user, access.CHANGE, obj, code="supervision.respond")
        allowed = TRANSITIONS[obj.status] if access.allows(user, "supervision.manage") else (
            TRANSITIONS[obj.status] & REPORTER_STATUSES if obj.is_active else set()
        )
        return {
            "feedback": obj.feedback.select_related("author"),
            "feedback_form": TaskFeedbackForm(initial={"date": timezone.localdate()}) if may_act else None,
            "next_statuses": [(s, TaskStatus(s).label) for s in TaskStatus.values if may_act and s in allowed],
        }


class TaskEditView(ObjectEditView):
    def create(self, data):
        return services.task_create(user=self.request.user, data=data)

    def update(self, instance, data):
        return services.task_update(user=self.request.user, task=instance, data=data)


class TaskDeleteView(ObjectDeleteView):
    def perform_delete(self, request, obj) -> None:
        services.task_delete(user=request.user, task=obj)


def _task(request, pk) -> SupervisedTask:
    return get_object_or_404(selectors.task_list(user=request.user), pk=pk)


class TaskStatusView(OperationMixin, View):
    operation, pk_model = "supervision.respond", SupervisedTask

    def post(self, request, pk):
        task = _task(request, pk)
        status = request.POST.get("status", "")
        label = TaskStatus(status).label if status in TaskStatus.values else status
        return run_service(
            request,
            lambda: services.task_set_status(user=request.user, task=task, status=status),
            _("状态已改为“%(s)s”。") % {"s": label},
            reverse("supervisedtask_detail", kwargs={"pk": pk}),
        )


class TaskFeedbackView(OperationMixin, View):
    operation, pk_model = "supervision.respond", SupervisedTask

    def post(self, request, pk):
        task = _task(request, pk)
        form = TaskFeedbackForm(request.POST)
        back = reverse("supervisedtask_detail", kwargs={"pk": pk})
        if not form.is_valid():
            messages.error(request, _("反馈未保存：") + "；".join(e for errors in form.errors.values() for e in errors))
            return redirect(back)
        try:
            services.task_add_feedback(
                user=request.user, task=task, text=form.cleaned_data["text"], date=form.cleaned_data["date"]
            )
        except ValidationError as exc:
            messages.error(request, _("反馈未保存：") + "；".join(exc.messages))
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("已添加办理反馈。"))
        return redirect(back)


class DemandTasksView(OperationMixin, View):
    """Turn a meeting's demand into one supervised task per visited district (all districts if none listed)."""

    operation, pk_model = "supervision.manage", Demand

    def post(self, request, pk):
        demand = get_object_or_404(Demand.objects.select_related("meeting"), pk=pk)
        regions = list(demand.meeting.visited_regions.all()) or list(
            Region.objects.filter(level__in=[RegionLevel.DISTRICT, RegionLevel.COUNTY]))
        back = reverse("meeting_detail", kwargs={"pk": demand.meeting_id}) + "#demands"
        ok, tasks = call_service(
            request, lambda: services.task_create_from_demand(user=request.user, demand=demand, regions=regions),
            _("已转为督办事项。"))
        if ok:
            messages.info(request, _("新建督办事项 %(n)s 项（已有未办结事项的区县不重复交办）。") % {"n": len(tasks)})
        return redirect(back)
