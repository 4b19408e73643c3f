from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View

from yuanqu.core.views import ObjectDetailView
from yuanqu.projects import selectors


class HomeView(LoginRequiredMixin, View):
    """The dashboard: projects by stage and by district, total investment."""

    def get(self, request):
        if request.user.role == "rater":
            return redirect("rater_home") if _has_url("rater_home") else render(request, "core/rater_only.html")
        return render(request, "projects/home.html", {"summary": selectors.dashboard_summary(user=request.user)})


def _has_url(name: str) -> bool:
    from django.urls import NoReverseMatch, reverse

    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


class ProjectDetailView(ObjectDetailView):
    template_name = "projects/project_detail.html"

    def extra_context(self, obj) -> dict:
        return {
            "stage_dates": obj.stage_dates(),
            "today": timezone.localdate(),
            "reports": obj.reports.order_by("-month"),
            "investment": selectors.investment_progress(project=obj),
        }
