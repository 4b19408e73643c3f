"""Reads for the dashboard; every queryset starts from `access.restrict`."""

from decimal import Decimal

from django.db.models import Count, Sum

from yuanqu.core import access
from yuanqu.projects.models import Project, Stage


def project_list(*, user):
    return access.restrict(
        Project.objects.select_related("region", "park", "carrier", "enterprise", "industry"), user, access.VIEW
    )


def dashboard_summary(*, user) -> dict:
    """Counts by stage and by district, and investment totals (万元), over the projects the user may see.

    City-wide aggregates are shown to every role that reads the registry: totals by district reveal no
    individual unpublished record.
    """
    projects = Project.objects.all() if user.is_authenticated and user.role != "rater" else Project.objects.none()
    own = project_list(user=user)
    by_stage = {row["stage"]: row["n"] for row in projects.values("stage").annotate(n=Count("pk"))}
    by_region = list(
        projects.values("region__code", "region__name")
        .annotate(n=Count("pk"), investment=Sum("total_investment"))
        .order_by("region__code")
    )
    total = projects.aggregate(s=Sum("total_investment"))["s"] or Decimal(0)
    return {
        "stages": [{"stage": s.value, "label": str(s.label), "count": by_stage.get(s.value, 0)} for s in Stage],
        "regions": [
            {
                "code": r["region__code"],
                "name": r["region__name"],
                "count": r["n"],
                "investment": float(r["investment"] or 0),
            }
            for r in by_region
        ],
        "project_count": projects.count(),
        "own_count": own.count(),
        "total_investment": total,
    }


def report_list(*, user):
    from yuanqu.projects.models import ProgressReport

    return access.restrict(
        ProgressReport.objects.select_related("project", "project__region"), user, access.VIEW
    )


def _month_index(day) -> int:
    return day.year * 12 + day.month - 1


def _month_of(index: int) -> str:
    return f"{index // 12}-{index % 12 + 1:02d}"


def investment_progress(*, project) -> dict:
    """Cumulative reported investment per month (万元) against a straight-line plan.

    The plan rises linearly from 0 at the planned start (计划开工, else the signing date) to the total investment at
    the planned completion (计划竣工); months outside that span are 0 before and the total after. Months with no
    report have no actual value (null). Returns {"months", "actual", "plan", "total"} ready for ECharts.
    """
    reports = list(project.reports.order_by("month").values_list("month", "investment_cumulative"))
    start = project.planned_started or project.actual_signed or project.planned_signed
    end = project.planned_completed
    indices = [_month_index(m) for m, _c in reports]
    plan_ok = start is not None and end is not None and end > start
    if plan_ok:
        indices += [_month_index(start), _month_index(end)]
    if not indices:
        return {"months": [], "actual": [], "plan": [], "total": float(project.total_investment)}
    actual = {_month_index(m): float(c) for m, c in reports}
    total = float(project.total_investment)
    months, actual_series, plan_series = [], [], []
    for index in range(min(indices), max(indices) + 1):
        months.append(_month_of(index))
        actual_series.append(actual.get(index))
        if plan_ok:
            # value at the end of the month, on a day scale
            month_end = (index + 1) / 12
            s = start.year + (start.month - 1) / 12 + (start.day - 1) / 365
            e = end.year + (end.month - 1) / 12 + (end.day - 1) / 365
            share = min(max((month_end - s) / (e - s), 0), 1)
            plan_series.append(round(total * share, 2))
        else:
            plan_series.append(None)
    return {"months": months, "actual": actual_series, "plan": plan_series, "total": total}
