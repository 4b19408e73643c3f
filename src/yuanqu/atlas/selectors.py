"""Reads of 一张图: the layers a user may see (projects by light, carriers by vacancy, a meeting's tour) on the
city's base (`projects.maps`). Every layer is limited by the access table like the lists it mirrors."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from yuanqu.core import access, mapping
from yuanqu.meetings import maps as meeting_maps
from yuanqu.meetings.models import Meeting
from yuanqu.places.models import Carrier, CarrierStatus
from yuanqu.projects.models import Project
from yuanqu.supervision.models import Light, LightColor
from yuanqu.supervision.selectors import latest_light_month

LIGHT_COLORS = {LightColor.RED: "#c62828", LightColor.YELLOW: "#f9a825", LightColor.GREEN: "#2e7d32"}
NO_LIGHT_COLOR = "#78909c"
NO_LIGHT = "none"  # the light filter's value for projects with no light this month
VACANCY_COLORS = {
    CarrierStatus.AVAILABLE: "#00897b", CarrierStatus.PARTLY_OCCUPIED: "#5c6bc0", CarrierStatus.FULL: "#9e9e9e",
    CarrierStatus.PLANNED: "#bcaaa4", CarrierStatus.UNDER_CONSTRUCTION: "#8d6e63",
}


@dataclass
class Layers:
    markers: list[mapping.Marker] = field(default_factory=list)
    routes: list[mapping.RouteLine] = field(default_factory=list)
    projects: int = 0  # projects matching the filters
    unpositioned: int = 0  # of which with no coordinates (not drawn)
    carriers: int = 0
    month: object = None  # the lights' month
    unplaced_stops: list[str] = field(default_factory=list)


def projects_filtered(user, *, region=None, industry=None, stage="", light=""):
    """The projects `user` may see, filtered; the light filter reads this month's lights (`latest_light_month`)."""
    projects = access.restrict(Project.objects.select_related("region"), user, access.VIEW)
    if region is not None:
        projects = projects.filter(region=region)
    if industry is not None:
        projects = projects.filter(industry__code__startswith=industry.code)
    if stage:
        projects = projects.filter(stage=stage)
    month = latest_light_month()
    if light == NO_LIGHT:
        projects = projects.exclude(lights__month=month)
    elif light:
        projects = projects.filter(lights__month=month, lights__color=light)
    return projects, month


def layers(user, *, region=None, industry=None, stage="", light="", carriers=True, meeting: Meeting | None = None):
    projects, month = projects_filtered(user, region=region, industry=industry, stage=stage, light=light)
    result = Layers(month=month, projects=projects.count())
    positioned = list(projects.filter(latitude__isnull=False, longitude__isnull=False).order_by("region__code", "pk"))
    result.unpositioned = result.projects - len(positioned)
    lights = dict(access.restrict(Light.objects.filter(month=month, project__in=[p.pk for p in positioned]), user,
                                  access.VIEW).values_list("project_id", "color")) if month else {}
    labels = dict(LightColor.choices)
    for project in positioned:
        color = lights.get(project.pk)
        group = str(labels[color]) if color else _("本月未亮灯")
        result.markers.append(mapping.Marker(
            project.name, float(project.longitude), float(project.latitude),
            LIGHT_COLORS.get(color, NO_LIGHT_COLOR), url=reverse("project_detail", args=[project.pk]),
            detail=f"{project.region} · {project.get_stage_display()} · {group}", group=group))
    if carriers:
        visible = access.restrict(Carrier.objects.select_related("park__region"), user, access.VIEW)
        if region is not None:
            visible = visible.filter(park__region=region)
        for carrier in visible.filter(latitude__isnull=False, longitude__isnull=False).order_by("pk"):
            status = carrier.status
            share = (float(carrier.available_area / carrier.floor_area * 100) if carrier.floor_area else 0)
            detail = _("%(park)s · %(status)s · 可用 %(area)s m²（%(share).0f%%）") % {
                "park": carrier.park, "status": status.label, "area": f"{carrier.available_area:,.0f}",
                "share": share}
            result.markers.append(mapping.Marker(
                carrier.name, float(carrier.longitude), float(carrier.latitude), VACANCY_COLORS[status],
                kind="carrier", url=reverse("carrier_detail", args=[carrier.pk]), detail=detail,
                group=_("载体：%(status)s") % {"status": status.label}))
            result.carriers += 1
    if meeting is not None:
        routes, loose, unplaced = meeting_maps.routes(meeting)
        result.routes, result.unplaced_stops = routes, unplaced
        result.markers += loose
    return result


def meetings_for(user):
    return access.restrict(Meeting.objects.order_by("-start_date", "-pk"), user, access.VIEW)
