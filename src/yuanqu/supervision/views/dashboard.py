from django.shortcuts import render
from django.views import View

from yuanqu.core.views import OperationMixin
from yuanqu.supervision import selectors
from yuanqu.supervision.filtersets import parse_month


class DashboardView(OperationMixin, View):
    """进度看板: per district, stages, investment vs time progress, lights and overdue tasks, each a link."""

    operation = "supervision.view"

    def get(self, request):
        month = parse_month(request.GET.get("month", "")) if request.GET.get("month") else None
        data = selectors.dashboard(user=request.user, month=month)
        chart = {
            "regions": [r["region"].name for r in data["rows"]],
            "investment": [r["investment_progress"] for r in data["rows"]],
            "time": [r["time_progress"] for r in data["rows"]],
            "red": [r["red"] for r in data["rows"]],
            "yellow": [r["yellow"] for r in data["rows"]],
        }
        return render(request, "supervision/dashboard.html", {"data": data, "chart": chart})
