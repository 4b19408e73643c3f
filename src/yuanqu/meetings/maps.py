"""A meeting's tour on 一张图: its stops in order, one route per day (from and back to the assembly point when it
has coordinates), on the city's boundary or schematic (`projects.maps`). Drawn by static/core/map.js on pages
and the big screen, and by `core.mapping.svg` in PDFs."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from yuanqu.core import mapping
from yuanqu.meetings.models import Meeting
from yuanqu.projects import maps

# one colour per day of the tour, as the planning plot draws them
DAY_COLORS = ("#1565c0", "#6a1b9a", "#00838f", "#ef6c00", "#4e342e")
UNSCHEDULED_COLOR = "#9e9e9e"


def stops_in_order(meeting: Meeting) -> list:
    """The stops by day (unscheduled last) then order, with their projects."""
    stops = list(meeting.stops.select_related("project__region"))
    days = meeting.days
    return sorted(stops, key=lambda s: (days.index(s.day) if s.day in days else len(days), s.order, s.pk))


def routes(meeting: Meeting, stops: list | None = None
           ) -> tuple[list[mapping.RouteLine], list[mapping.Marker], list[str]]:
    """(routes per day with stop numbers, markers of stops not yet given a day, names of stops with no position).
    Stops are numbered 1, 2, … across the whole tour, as the agenda lists them."""
    stops = stops_in_order(meeting) if stops is None else stops
    days = meeting.days
    depot = None
    if meeting.depot_latitude is not None and meeting.depot_longitude is not None:
        depot = (float(meeting.depot_longitude), float(meeting.depot_latitude), "", "")
    by_day: dict[int, list] = {}
    loose, unplaced = [], []
    for number, stop in enumerate(stops, start=1):
        project = stop.project
        if project.latitude is None or project.longitude is None:
            unplaced.append(str(project))
            continue
        point = (float(project.longitude), float(project.latitude), str(number),
                 reverse("project_detail", args=[project.pk]))
        if stop.day in days:
            by_day.setdefault(days.index(stop.day), []).append(point)
        else:
            loose.append(mapping.Marker(f"{number}. {project}", point[0], point[1], UNSCHEDULED_COLOR, kind="stop",
                                        url=point[3], detail=_("未排日程"), group=str(_("未排日程"))))
    result = []
    for index, points in sorted(by_day.items()):
        path = [depot, *points, depot] if depot else points
        name = _("第%(n)d天") % {"n": index + 1} if len(days) > 1 else _("观摩路线")
        result.append(mapping.RouteLine(name, path, DAY_COLORS[index % len(DAY_COLORS)]))
    return result, loose, unplaced


def route_payload(meeting: Meeting) -> dict:
    """The tour on the city's base, with a caption naming the meeting and the base's source or schematic note."""
    base = maps.base()
    day_routes, loose, unplaced = routes(meeting)
    return base.payload(routes=day_routes, markers=loose, unplaced_stops=unplaced,
                        title=_("%(meeting)s 观摩路线") % {"meeting": meeting.title})


def route_figure(meeting: Meeting, *, width: int = 640, height: int = 400) -> dict | None:
    """The tour for a PDF: {"svg", "caption" (审图号 or the schematic's warning), "legend": "1 name · 2 name…",
    "schematic"}, or None when no stop has a position."""
    data = route_payload(meeting)
    if not data["routes"] and not data["markers"]:
        return None
    names = [f"{number} {stop.project}" for number, stop in enumerate(stops_in_order(meeting), start=1)]
    return {"svg": mapping.svg(data, width=width, height=height), "caption": data["caption"],
            "legend": " · ".join(names), "schematic": data["schematic"], "unplaced": data["unplaced_stops"]}
