"""Reads of the meetings app; every queryset starts from `access.restrict`."""

import datetime

from django.utils.translation import gettext as _

from yuanqu.core import access
from yuanqu.meetings.models import Attendee, Meeting, Stop


def meeting_list(*, user):
    return access.restrict(Meeting.objects.prefetch_related("visited_regions"), user, access.VIEW)


def meeting_get(*, user, pk: int, action: str = access.VIEW) -> Meeting:
    """The meeting if `user` may `action` it; raises Meeting.DoesNotExist otherwise (views turn it into 404)."""
    return access.restrict(Meeting.objects.all(), user, action).get(pk=pk)


def meeting_stops(meeting: Meeting):
    return meeting.stops.select_related(
        "project", "project__region", "project__enterprise", "project__carrier", "project__park"
    ).order_by("day", "order", "pk")


def attendee_list(*, user, meeting: Meeting):
    return access.restrict(Attendee.objects.filter(meeting=meeting).select_related("region"), user, access.VIEW)


def _clock(value: str | None) -> datetime.time | None:
    return datetime.time.fromisoformat(value) if value else None


def _add_minutes(value: datetime.time | None, minutes: int) -> datetime.time | None:
    if value is None:
        return None
    total = min(value.hour * 60 + value.minute + minutes, 24 * 60 - 1)
    return datetime.time(total // 60, total % 60)


def stop_facts(stop: Stop) -> dict:
    """What the agenda prints about a stop's project."""
    project = stop.project
    return {
        "stop": stop,
        "name": project.name,
        "region": project.region.name,
        "enterprise": project.enterprise.name if project.enterprise else "",
        "investment": project.total_investment,
        "stage": project.get_stage_display(),
        "carrier": project.carrier.name if project.carrier else "",
        "park": project.park.name if project.park else "",
    }


def agenda(meeting: Meeting) -> dict:
    """The schedule per day, as every agenda (page, PDF, .xlsx, personal link) shows it.

    {"days": [{"date", "index", "leave", "return", "travel_minutes", "rows": [row]}], "unscheduled": [facts]};
    a row is {"kind": "stop"|"lunch", "time": start, "end": end, ...stop facts}.
    """
    frames = (meeting.itinerary or {}).get("days", {})
    stops = list(meeting_stops(meeting))
    days = []
    for index, day in enumerate(meeting.days, start=1):
        frame = frames.get(day.isoformat(), {})
        lunch = frame.get("lunch")
        rows = []

        def lunch_row(lunch=lunch):
            place = _("出发地") if lunch.get("at") == "depot" else ""
            return {"kind": "lunch", "time": _clock(lunch["start"]), "end": _clock(lunch["end"]), "name": _("午餐"),
                    "place": place}

        if lunch and not lunch.get("after"):
            rows.append(lunch_row())
        for stop in (s for s in stops if s.day == day):
            rows.append({"kind": "stop", "time": stop.planned_arrival,
                         "end": _add_minutes(stop.planned_arrival, stop.duration_minutes), **stop_facts(stop)})
            if lunch and lunch.get("after") == str(stop.pk):
                rows.append(lunch_row())
        days.append(
            {
                "date": day,
                "index": index,
                "leave": _clock(frame.get("leave")),
                "return": _clock(frame.get("return")),
                "travel_minutes": frame.get("travel_minutes"),
                "overrun": bool(frame.get("overrun")),
                "lunch_outside": bool(frame.get("lunch_outside")),
                "rows": rows,
                "stop_count": sum(1 for r in rows if r["kind"] == "stop"),
            }
        )
    return {"days": days, "unscheduled": [stop_facts(s) for s in stops if s.day is None]}


def agenda_rows(meeting: Meeting) -> tuple[list[str], list[list]]:
    """Headers and rows of the agenda as one table (the .xlsx export)."""
    headers = [_("日期"), _("时间"), _("观摩点"), _("所在区县"), _("建设企业"), _("计划总投资（万元）"), _("当前阶段"),
               _("所用载体"), _("停留（分钟）")]
    rows = []
    for day in agenda(meeting)["days"]:
        for row in day["rows"]:
            time = f"{row['time']:%H:%M}–{row['end']:%H:%M}" if row["time"] and row["end"] else ""
            if row["kind"] == "lunch":
                rows.append([day["date"], time, row["name"], "", "", None, "", "", None])
            else:
                rows.append([day["date"], time, row["name"], row["region"], row["enterprise"], row["investment"],
                             row["stage"], row["carrier"], row["stop"].duration_minutes])
    return headers, rows
