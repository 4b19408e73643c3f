"""The planning page /meetings/<pk>/plan/: pick projects, plot them, optimise, adjust by hand, lock."""

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from yuanqu.core import access
from yuanqu.core.views import operation_required, run_service
from yuanqu.meetings import selectors, services
from yuanqu.meetings.forms import PickerForm
from yuanqu.meetings.models import Meeting, Stop
from yuanqu.meetings.views.common import get_meeting
from yuanqu.places.models import Region
from yuanqu.projects.filtersets import ProjectFilterSet
from yuanqu.projects.models import Project
from yuanqu.projects.selectors import project_list

PICKER_LIMIT = 30


def _proposal_key(meeting: Meeting) -> str:
    return f"itinerary_proposal_{meeting.pk}"


def _candidates(request, meeting: Meeting, form: PickerForm):
    queryset = project_list(user=request.user).exclude(stops__meeting=meeting)
    data = {k: v for k, v in request.GET.items() if k in ("q", "region") and v}
    if not data:
        regions = list(meeting.visited_regions.values_list("pk", flat=True))
        queryset = queryset.filter(region__in=regions) if regions else queryset
        return list(queryset[:PICKER_LIMIT])
    filterset = ProjectFilterSet(data, queryset=queryset, request=request)
    return list(filterset.qs[:PICKER_LIMIT]) if filterset.is_valid() else []


def _plot_data(meeting: Meeting, stops: list[Stop]) -> dict:
    """Points and per-day route lines for the coordinate plot (lon on x, lat on y; no map tiles)."""
    days = meeting.days
    depot = None
    if meeting.depot_latitude is not None:
        depot = {"name": meeting.depot_name or _("集合点"), "lat": float(meeting.depot_latitude),
                 "lon": float(meeting.depot_longitude)}
    points, routes = [], {}
    for stop in stops:
        project = stop.project
        if project.latitude is None:
            continue
        day_index = days.index(stop.day) if stop.day in days else None
        point = {"name": project.name, "lat": float(project.latitude), "lon": float(project.longitude),
                 "day": day_index, "order": stop.order, "region": project.region.name}
        points.append(point)
        if day_index is not None:
            routes.setdefault(day_index, []).append(point)
    lines = []
    for day_index, route in sorted(routes.items()):
        path = [[p["lon"], p["lat"]] for p in sorted(route, key=lambda p: p["order"])]
        if depot:
            path = [[depot["lon"], depot["lat"]], *path, [depot["lon"], depot["lat"]]]
        lines.append({"day": day_index, "label": _("第%(n)d天") % {"n": day_index + 1}, "path": path})
    return {"points": points, "depot": depot, "lines": lines,
            "day_labels": [_("第%(n)d天") % {"n": i + 1} for i in range(len(days))],
            "unscheduled_label": _("未排日程")}


def _proposal_view(meeting: Meeting, proposal: dict | None, stops: list[Stop]) -> dict | None:
    if not proposal:
        return None
    names = {str(s.pk): s.project.name for s in stops}
    days = []
    for index, day in enumerate(proposal.get("days", []), start=1):
        lunch = day.get("lunch")
        days.append({
            "label": _("第%(n)d天") % {"n": index},
            "date": datetime.date.fromisoformat(day["date"]),
            "leave": day.get("leave"),
            "return": day.get("return"),
            "travel_minutes": day.get("travel_minutes"),
            "stops": day.get("stops", []),
            "lunch": lunch,
            "lunch_place": (_("出发地") if lunch and lunch.get("at") == "depot"
                            else names.get(str(lunch.get("at")), "") if lunch else ""),
        })
    return {
        "days": days,
        "total": proposal.get("total_travel_minutes"),
        "unscheduled": [names.get(str(i), str(i)) for i in proposal.get("unscheduled", [])],
        "depot_assumed": proposal.get("depot_assumed"),
    }


@operation_required("meetings.manage", model=Meeting)
def meeting_plan(request, pk):
    meeting = get_meeting(request, pk, access.CHANGE)
    if request.method == "POST":
        return _post(request, meeting)
    stops = list(selectors.meeting_stops(meeting))
    regions = access.restrict(Region.objects.filter(level__in=["district", "county"]), request.user)
    form = PickerForm(request.GET or None, regions=regions)
    return render(request, "meetings/meeting_plan.html", {
        "object": meeting,
        "agenda": selectors.agenda(meeting),
        "picker": form,
        "candidates": _candidates(request, meeting, form),
        "plot": _plot_data(meeting, stops),
        "proposal": _proposal_view(meeting, request.session.get(_proposal_key(meeting)), stops),
        "days": [(d.isoformat(), _("第%(n)d天 %(d)s") % {"n": i + 1, "d": f"{d.month}月{d.day}日"})
                 for i, d in enumerate(meeting.days)],
        "next": request.get_full_path(),
    })


def _stop(meeting: Meeting, request) -> Stop:
    try:
        return meeting.stops.select_related("meeting", "project").get(pk=int(request.POST.get("stop", "")))
    except (ValueError, Stop.DoesNotExist) as exc:
        raise Http404 from exc


def _post(request, meeting: Meeting):
    user, action = request.user, request.POST.get("action", "")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    target = target or reverse("meeting_plan", args=[meeting.pk])
    key = _proposal_key(meeting)
    if action == "add":
        try:
            project = project_list(user=user).get(pk=int(request.POST.get("project", "")))
        except (ValueError, Project.DoesNotExist) as exc:
            raise Http404 from exc
        request.session.pop(key, None)
        return run_service(request, lambda: services.stop_add(user=user, meeting=meeting, project=project),
                           _("已添加观摩点：%(p)s") % {"p": project}, target)
    if action == "remove":
        stop = _stop(meeting, request)
        request.session.pop(key, None)
        return run_service(request, lambda: services.stop_remove(user=user, stop=stop),
                           _("已移除观摩点：%(p)s") % {"p": stop.project}, target)
    if action in ("up", "down"):
        stop = _stop(meeting, request)
        offset = -1 if action == "up" else 1
        return run_service(request, lambda: services.stop_move(user=user, stop=stop, offset=offset), None, target)
    if action == "day":
        stop = _stop(meeting, request)
        raw = request.POST.get("day", "")
        try:
            day = datetime.date.fromisoformat(raw) if raw else None
        except ValueError:
            messages.error(request, _("日期格式不正确。"))
            return redirect(target)
        return run_service(request, lambda: services.stop_update(user=user, stop=stop, data={"day": day}),
                           _("已调整观摩日期。"), target)
    if action == "duration":
        stop = _stop(meeting, request)
        raw = request.POST.get("duration_minutes", "")
        if not raw.isdigit():
            messages.error(request, _("停留时长须为整数分钟。"))
            return redirect(target)
        return run_service(request, lambda: services.stop_update(user=user, stop=stop,
                                                                 data={"duration_minutes": int(raw)}),
                           _("已调整停留时长。"), target)
    if action == "optimise":
        def optimise():
            request.session[key] = services.itinerary_plan(meeting=meeting)

        return run_service(request, optimise, _("已生成优化方案，请核对后点击“采用”。"), target + "#proposal")
    if action == "apply":
        proposal = request.session.get(key)
        if not proposal:
            messages.error(request, _("没有待采用的优化方案，请先运行优化。"))
            return redirect(target)

        def apply():
            services.itinerary_apply(user=user, meeting=meeting, result=proposal)
            request.session.pop(key, None)

        return run_service(request, apply, _("已采用优化方案。"), target)
    if action == "discard":
        request.session.pop(key, None)
        return redirect(target)
    if action == "lock":
        return run_service(request, lambda: services.itinerary_lock(user=user, meeting=meeting),
                           _("行程已锁定。"), target)
    if action == "unlock":
        return run_service(request, lambda: services.itinerary_unlock(user=user, meeting=meeting),
                           _("行程已解锁。"), target)
    messages.error(request, _("未知操作。"))
    return redirect(target)
