"""Reads of the supervision app; every queryset starts from `access.restrict`."""

import datetime
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, F, IntegerField, Max, Q, Sum, Value, When
from django.http import Http404
from django.utils import timezone

from yuanqu.core import access
from yuanqu.places import scoping as region_scoping
from yuanqu.places.models import Region, RegionLevel
from yuanqu.projects.models import Project, Stage
from yuanqu.supervision import rules
from yuanqu.supervision.models import ACTIVE_STATUSES, Exemption, Light, SupervisedTask


def light_list(*, user):
    return access.restrict(
        Light.objects.select_related("project", "project__region", "ruleset"), user, access.VIEW
    )


def task_list(*, user):
    return access.restrict(
        SupervisedTask.objects.with_overdue().select_related("region", "project", "light", "created_by"),
        user,
        access.VIEW,
    )


def overdue_unfinished(*, today: datetime.date | None = None):
    """The whole city's unfinished tasks past their deadline on `today` (default: today), for counts and reports."""
    return SupervisedTask.objects.with_overdue(today).filter(overdue=True, status__in=ACTIVE_STATUSES)


def exemption_list(*, user):
    return access.restrict(
        Exemption.objects.select_related("project", "project__region", "requested_by", "decided_by"),
        user,
        access.VIEW,
    )


def project_lights(*, user, project_pk: int) -> tuple[Project, list[Light]]:
    """A visible project and its lights, newest month first; 404 for a project the user may not see."""
    try:
        project = access.restrict(Project.objects.select_related("region"), user, access.VIEW).get(pk=project_pk)
    except Project.DoesNotExist as exc:
        raise Http404 from exc
    return project, list(project.lights.select_related("ruleset").order_by("-month"))


def latest_light_month() -> datetime.date | None:
    return Light.objects.aggregate(m=Max("month"))["m"]


def _weighted(weighted_sum: Decimal | None, weight: Decimal | None) -> float | None:
    return round(float(Decimal(weighted_sum) / Decimal(weight)), 1) if weight and weighted_sum is not None else None


def dashboard(*, user, month: datetime.date | None = None) -> dict:
    """Per district: projects by stage, investment completion vs time progress (weighted by planned investment,
    over the projects with both figures in that month's lights), red/yellow lights and overdue tasks.

    Counts and percentages cover the whole city for every reading role (aggregates name no project);
    `visible` marks the districts whose rows the user may open (drill-down links), and `attention`
    lists red/yellow projects only from the user's own scope.
    """
    month = rules.month_start(month or latest_light_month() or timezone.localdate())
    reader = access.allows(user, "supervision.view")
    projects = Project.objects.all() if reader else Project.objects.none()
    regions = list(Region.objects.filter(level__in=[RegionLevel.DISTRICT, RegionLevel.COUNTY]).order_by("code"))
    # counts of every district for every reader; the drill-down links only into the rows the user may open
    visible_ids = None if access.scope(user, "supervision.view") is access.ALL else region_scoping.region_ids_for(user)
    stage_counts: dict[int, dict[str, int]] = {}
    for row in projects.values("region_id", "stage").annotate(n=Count("pk")):
        stage_counts.setdefault(row["region_id"], {})[row["stage"]] = row["n"]
    # one grouped query over the month's lights: counts by colour and the weighted progress sums per district
    both = Q(time_progress__isnull=False, investment_progress__isnull=False)
    amount = DecimalField(max_digits=24, decimal_places=4)
    per_region = {
        row["project__region_id"]: row
        for row in Light.objects.filter(month=month, project__in=projects).order_by().values("project__region_id")
        .annotate(
            red=Count("pk", filter=Q(color=rules.RED)),
            yellow=Count("pk", filter=Q(color=rules.YELLOW)),
            investment=Sum(F("project__total_investment") * F("investment_progress"), filter=both,
                           output_field=amount),
            time=Sum(F("project__total_investment") * F("time_progress"), filter=both, output_field=amount),
            weight=Sum("project__total_investment", filter=both),
        )
    }
    tasks = overdue_unfinished()
    overdue = dict((tasks if reader else tasks.none()).values_list("region_id").annotate(n=Count("pk")))
    rows = []
    none = {"red": 0, "yellow": 0, "investment": None, "time": None, "weight": None}
    for region in regions:
        lights = per_region.get(region.pk, none)
        counts = stage_counts.get(region.pk, {})
        rows.append(
            {
                "region": region,
                "visible": visible_ids is None or region.pk in visible_ids,
                "stages": [{"value": s.value, "label": str(s.label), "count": counts.get(s.value, 0)} for s in Stage],
                "projects": sum(counts.values()),
                "investment_progress": _weighted(lights["investment"], lights["weight"]),
                "time_progress": _weighted(lights["time"], lights["weight"]),
                "red": lights["red"],
                "yellow": lights["yellow"],
                "overdue": overdue.get(region.pk, 0),
            }
        )
    attention = light_list(user=user).filter(month=month).filter(Q(color=rules.RED) | Q(color=rules.YELLOW))
    return {
        "month": month,
        "stages": [{"value": s.value, "label": str(s.label)} for s in Stage],
        "rows": rows,
        "totals": {
            "projects": sum(r["projects"] for r in rows),
            "red": sum(r["red"] for r in rows),
            "yellow": sum(r["yellow"] for r in rows),
            "overdue": sum(r["overdue"] for r in rows),
        },
        "attention": attention.annotate(
            severity=Case(When(color=rules.RED, then=Value(0)), default=Value(1), output_field=IntegerField())
        ).order_by("severity", "project__region__code", "project__name")[:50],
    }
