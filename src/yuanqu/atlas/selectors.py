"""Reads of 一张图: the layers a user may see (projects by light, carriers by vacancy, a meeting's tour) on the
city's base (`projects.maps`). Every layer is limited by the access table like the lists it mirrors."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Avg, Count, Sum
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


# Above this many points a layer is drawn one marker per district (its count and lights, at the mean of its points),
# each a link to the map of that district: a province's 50,000 projects would take seconds to send and draw, and
# could not be read anyway. A district's own map then shows its points one by one (below the limit).
MARKER_LIMIT = 1500


@dataclass
class Layers:
    markers: list[mapping.Marker] = field(default_factory=list)
    routes: list[mapping.RouteLine] = field(default_factory=list)
    projects: int = 0  # projects matching the filters
    unpositioned: int = 0  # of which with no coordinates (not drawn)
    carriers: int = 0
    month: object = None  # the lights' month
    unplaced_stops: list[str] = field(default_factory=list)
    summarised: list[str] = field(default_factory=list)  # the layers drawn per district (项目, 载体)


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


def _drill_down(region_id: int, **filters) -> str:
    query = {"region": region_id, "filtered": 1, **{k: v for k, v in filters.items() if v}}
    return f"{reverse('project_map')}?{urlencode(query)}"


def _project_markers(result: Layers, projects, month, user, *, stage: str, light: str, carriers: bool) -> None:
    positioned = projects.filter(latitude__isnull=False, longitude__isnull=False)
    labels = dict(LightColor.choices)
    drawn = positioned.count()
    result.unpositioned = result.projects - drawn
    if drawn > MARKER_LIMIT:
        result.summarised.append(str(_("项目")))
        colours: dict[int, dict[str, int]] = {}
        if month:
            for region_id, color, n in (Light.objects.filter(month=month, project__in=positioned).order_by()
                                        .values_list("project__region_id", "color").annotate(n=Count("pk"))):
                colours.setdefault(region_id, {})[color] = n
        for row in (positioned.order_by("region__code").values("region_id", "region__name")
                    .annotate(n=Count("pk"), lon=Avg("longitude"), lat=Avg("latitude"))):
            counts = colours.get(row["region_id"], {})
            worst = next((c for c in (LightColor.RED, LightColor.YELLOW, LightColor.GREEN) if counts.get(c)), None)
            unlit = row["n"] - sum(counts.values())
            parts = [f"{labels[c]} {counts[c]}" for c in (LightColor.RED, LightColor.YELLOW, LightColor.GREEN)
                     if counts.get(c)] + ([f"{_('本月未亮灯')} {unlit}"] if unlit else [])
            result.markers.append(mapping.Marker(
                row["region__name"], float(row["lon"]), float(row["lat"]), LIGHT_COLORS.get(worst, NO_LIGHT_COLOR),
                kind="district", url=_drill_down(row["region_id"], stage=stage, light=light,
                                                 carriers="on" if carriers else ""),
                detail=_("%(n)s 个项目：%(lights)s") % {"n": row["n"], "lights": _("、").join(parts)},
                group=_("按区县汇总的项目")))
        return
    positioned = list(positioned.order_by("region__code", "pk"))
    lights = dict(access.restrict(Light.objects.filter(month=month, project__in=[p.pk for p in positioned]), user,
                                  access.VIEW).values_list("project_id", "color")) if month else {}
    for project in positioned:
        color = lights.get(project.pk)
        group = str(labels[color]) if color else _("本月未亮灯")
        result.markers.append(mapping.Marker(
            project.name, float(project.longitude), float(project.latitude),
            LIGHT_COLORS.get(color, NO_LIGHT_COLOR), url=reverse("project_detail", args=[project.pk]),
            detail=f"{project.region} · {project.get_stage_display()} · {group}", group=group))


def _carrier_markers(result: Layers, user, *, region) -> None:
    visible = access.restrict(Carrier.objects.select_related("park__region"), user, access.VIEW)
    if region is not None:
        visible = visible.filter(park__region=region)
    positioned = visible.filter(latitude__isnull=False, longitude__isnull=False)
    result.carriers = positioned.count()
    if result.carriers > MARKER_LIMIT:
        result.summarised.append(str(_("载体")))
        for row in (positioned.order_by("park__region__code").values("park__region_id", "park__region__name")
                    .annotate(n=Count("pk"), free=Sum("available_area"), lon=Avg("longitude"), lat=Avg("latitude"))):
            result.markers.append(mapping.Marker(
                row["park__region__name"], float(row["lon"]), float(row["lat"]),
                VACANCY_COLORS[CarrierStatus.AVAILABLE], kind="carrier",
                url=_drill_down(row["park__region_id"], carriers="on"),
                detail=_("%(n)s 个载体，可用 %(area)s m²") % {"n": row["n"], "area": f"{row['free'] or 0:,.0f}"},
                group=_("按区县汇总的载体")))
        return
    for carrier in positioned.order_by("pk"):
        status = carrier.status
        share = (float(carrier.available_area / carrier.floor_area * 100) if carrier.floor_area else 0)
        detail = _("%(park)s · %(status)s · 可用 %(area)s m²（%(share).0f%%）") % {
            "park": carrier.park, "status": status.label, "area": f"{carrier.available_area:,.0f}",
            "share": share}
        result.markers.append(mapping.Marker(
            carrier.name, float(carrier.longitude), float(carrier.latitude), VACANCY_COLORS[status],
            kind="carrier", url=reverse("carrier_detail", args=[carrier.pk]), detail=detail,
            group=_("载体：%(status)s") % {"status": status.label}))


def layers(user, *, region=None, industry=None, stage="", light="", carriers=True, meeting: Meeting | None = None):
    projects, month = projects_filtered(user, region=region, industry=industry, stage=stage, light=light)
    result = Layers(month=month, projects=projects.count())
    _project_markers(result, projects, month, user, stage=stage, light=light, carriers=carriers)
    if carriers:
        _carrier_markers(result, user, region=region)
    if meeting is not None:
        routes, loose, unplaced = meeting_maps.routes(meeting)
        result.routes, result.unplaced_stops = routes, unplaced
        result.markers += loose
    return result


def meetings_for(user):
    return access.restrict(Meeting.objects.order_by("-start_date", "-pk"), user, access.VIEW)
