"""Reads for the dashboard; every queryset starts from `scoping.restrict`."""

from decimal import Decimal

from django.db.models import Count, Sum

from yuanqu.core import scoping
from yuanqu.projects.models import Project, Stage


def project_list(*, user):
    return scoping.restrict(
        Project.objects.select_related("region", "park", "carrier", "enterprise", "industry"), user, scoping.VIEW
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
