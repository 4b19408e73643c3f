from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.utils import timezone
from django.views import View

from yuanqu.core.views import ObjectDetailView
from yuanqu.projects import selectors


class HomeView(LoginRequiredMixin, View):
    """The dashboard: projects by stage and by district, total investment."""

    def get(self, request):
        if request.user.role == "rater":
            return render(request, "core/rater_only.html")
        return render(request, "projects/home.html", {"summary": selectors.dashboard_summary(user=request.user)})


class ProjectDetailView(ObjectDetailView):
    template_name = "projects/project_detail.html"

    def extra_context(self, obj) -> dict:
        return {
            "stage_dates": obj.stage_dates(),
            "today": timezone.localdate(),
            "reports": obj.reports.order_by("-month"),
            "investment": selectors.investment_progress(project=obj),
        }
