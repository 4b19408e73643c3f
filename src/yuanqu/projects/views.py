from django.shortcuts import render
from django.utils import timezone
from django.views import View

from yuanqu.core import access
from yuanqu.core.context_processors import cycle_steps
from yuanqu.core.views import ObjectDetailView, OperationMixin
from yuanqu.places.models import Region, RegionLevel
from yuanqu.projects import selectors


class HomeView(OperationMixin, View):
    """The dashboard: projects by stage and by district, total investment (a rater gets the rater-only page)."""

    operation = access.SIGNED_IN

    def get(self, request):
        # a first run: no city yet, and the organiser is offered the page that sets one up from the official list
        first_run = (access.allows(request.user, "reference.change")
                     and not Region.objects.filter(level__in=[RegionLevel.PROVINCE, RegionLevel.CITY]).exists())
        return render(request, "projects/home.html", {
            "summary": selectors.dashboard_summary(user=request.user), "first_run": first_run,
            "cycle": cycle_steps(request.user)})


class ProjectDetailView(ObjectDetailView):
    template_name = "projects/project_detail.html"

    def extra_context(self, obj) -> dict:
        return {
            "stage_dates": obj.stage_dates(),
            "today": timezone.localdate(),
            "reports": obj.reports.order_by("-month"),
            "investment": selectors.investment_progress(project=obj),
        }
