from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from yuanqu.core import access
from yuanqu.core.views import ObjectDetailView, ObjectListView, OperationMixin, call_service
from yuanqu.projects.models import Project
from yuanqu.supervision import jobs as supervision_jobs
from yuanqu.supervision import rules, selectors, services
from yuanqu.supervision.filtersets import LightFilterSet, parse_month
from yuanqu.supervision.models import Light, LightColor
from yuanqu.supervision.tables import LightTable


class LightListView(ObjectListView):
    queryset = Light.objects.select_related("project", "project__region", "ruleset")
    filterset = LightFilterSet
    table = LightTable
    template_name = "supervision/light_list.html"
    export_filename = "亮灯"
    empty_hint = gettext_lazy("还没有亮灯结果。点“重新计算亮灯”，按当前规则计算各项目本月的红黄绿灯。")

    def get_empty_hint(self):
        if access.allows(self.request.user, "supervision.manage"):
            return self.empty_hint
        return _("还没有亮灯结果：市项目办按规则计算后，这里列出各项目的红黄绿灯。")

    def base_context(self, **extra) -> dict:
        context = super().base_context(**extra)
        context["can_add"] = False
        context["latest_month"] = selectors.latest_light_month()
        context["this_month"] = timezone.localdate().strftime("%Y-%m")
        return context


class LightDetailView(ObjectDetailView):
    queryset = Light.objects.select_related("project", "project__region", "ruleset")
    template_name = "supervision/light_detail.html"
    fields = ["project", "month", "color", "time_progress", "investment_progress", "ruleset", "computed_at"]

    def base_context(self, **extra) -> dict:
        # Lights are computed, never edited or deleted by hand.
        return {**super().base_context(**extra), "can_add": False, "can_change": False, "can_delete": False}

    def extra_context(self, obj) -> dict:
        return {
            "can_make_task": access.allows(self.request.user, "supervision.manage") and obj.color == LightColor.RED,
            "tasks": obj.tasks.all(),
        }


class RecomputeView(OperationMixin, View):
    """The organiser's button: evaluate every project for a month (default this month)."""

    operation = "supervision.manage"

    def post(self, request):
        month = parse_month(request.POST.get("month", "")) if request.POST.get("month") else None
        if supervision_jobs.runs_in_background():
            ok, job = call_service(request, lambda: supervision_jobs.recompute_submit(user=request.user, month=month),
                                   _("项目较多，已转入后台计算；本页显示进度。"))
            return redirect("job_detail", job.pk) if ok else redirect("light_list")
        ok, counts = call_service(
            request, lambda: services.lights_recompute(user=request.user, month=month), _("已重新计算亮灯。")
        )
        if not ok:
            return redirect("light_list")
        messages.info(
            request,
            _("红灯 %(r)s 个，黄灯 %(y)s 个，绿灯 %(g)s 个。")
            % {"r": counts["red"], "y": counts["yellow"], "g": counts["green"]},
        )
        month = month or rules.month_start(timezone.localdate())
        return redirect(reverse("light_list") + f"?month={month:%Y-%m}")


class LightTaskView(OperationMixin, View):
    """Create a supervised task from a red light (organiser)."""

    operation, pk_model = "supervision.manage", Light

    def post(self, request, pk):
        light = get_object_or_404(selectors.light_list(user=request.user), pk=pk)
        ok, task = call_service(
            request, lambda: services.task_create_from_light(user=request.user, light=light), _("已生成督办事项。")
        )
        return redirect("supervisedtask_edit", pk=task.pk) if ok else redirect("light_detail", pk=pk)


class ProjectLightsView(OperationMixin, View):
    """A project's light history: a whole page, or only the block when loaded by htmx into another page."""

    operation, pk_model = "supervision.view", Project

    def get(self, request, pk):
        project, lights = selectors.project_lights(user=request.user, project_pk=pk)
        context = {"project": project, "lights": lights}
        if request.headers.get("HX-Request"):
            return render(request, "supervision/_project_lights.html", context)
        return render(request, "supervision/project_lights.html", context)
