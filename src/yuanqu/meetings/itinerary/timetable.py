"""Whole-minute timetables of a day's route, with lunch placed at the best feasible place."""

from __future__ import annotations

from yuanqu.meetings.itinerary.problem import Problem, ceil_minutes


def route_tenths(problem: Problem, day: int, route: list[int]) -> int:
    nodes = [day, *route, day] if route else []
    return sum(problem.tenths[a][b] for a, b in zip(nodes, nodes[1:], strict=False))


def _timetable(problem: Problem, day: int, route: list[int], lunch_at: tuple[int, bool] | None):
    """Earliest timetable of a day with lunch at place ``lunch_at = (k, after_visit)``: place 0 is the depot
    before leaving, 1..len(route) the stops, len(route) + 1 the depot after returning.

    Returns (leave, [(arrive, depart)] per stop, return, lunch start or None), or None if it does not fit.
    """
    lunch, places = problem.lunch_window(day), [day, *route, day]
    t, lunch_start, visits, leave = problem.windows[day][0], None, [], None
    for k, node in enumerate(places):
        if k:
            t += ceil_minutes(problem.tenths[places[k - 1]][node])
        arrive = t
        for phase in (False, None, True):  # lunch before the visit, the visit, lunch after it
            if phase is None:
                t += problem.service[node]
            elif lunch_at == (k, phase):
                lunch_start = max(t, lunch[0])
                t = lunch_start + lunch[2]
        if k == 0:
            leave = t
        elif k <= len(route):
            visits.append((arrive, t))
    ok = t <= problem.windows[day][1] and (lunch_start is None or lunch_start + lunch[2] <= lunch[1])
    return (leave, visits, arrive, lunch_start) if ok else None


def _best_timetable(problem: Problem, day: int, route: list[int]):
    """The feasible timetable with the earliest return, then lunch nearest the middle of its window."""
    lunch = problem.lunch_window(day)
    if lunch is None:
        options = [None]
    else:
        options = [
            (0, True),
            *((k, v) for k in range(1, len(route) + 1) for v in (False, True)),
            (len(route) + 1, False),
        ]
    found = [(opt, tt) for opt in options if (tt := _timetable(problem, day, route, opt)) is not None]
    if lunch is not None:
        middle = lunch[0] + lunch[1] - lunch[2]
        found.sort(key=lambda item: (item[1][2], abs(2 * item[1][3] - middle)))
    return found[0] if found else (None, None)


def render_day(problem: Problem, day: int, route: list[int]) -> tuple[dict, list[int]]:
    """Render one day; returns it with the stops that had to be given up (see below)."""
    given_up = []
    option, timetable = _best_timetable(problem, day, route)
    # Safeguard only: the solver's own route always has a timetable (its lunch copy is one of the places
    # tried). Should none fit, stops are given up from the end of the day and listed as unscheduled rather
    # than breaking the day's window.
    while route and timetable is None:
        given_up.append(route.pop())
        option, timetable = _best_timetable(problem, day, route)
    out = {
        "date": problem.dates[day],
        "leave": None,
        "return": None,
        "stops": [],
        "travel_minutes": route_tenths(problem, day, route) / 10,
        "lunch": None,
    }
    if not route:
        return out, given_up
    leave, visits, back, lunch_start = timetable
    out.update({"leave": _hhmm(leave), "return": _hhmm(back)})
    out["stops"] = [
        {
            "id": problem.stop_ids[n - problem.n_days],
            "name": problem.stop_names[n - problem.n_days],
            "arrive": _hhmm(a),
            "depart": _hhmm(b),
        }
        for n, (a, b) in zip(route, visits, strict=True)
    ]
    if option is not None:
        place, after_visit = option
        ids = [problem.stop_ids[n - problem.n_days] for n in route]
        done = place if after_visit else place - 1
        out["lunch"] = {
            "start": _hhmm(lunch_start),
            "end": _hhmm(lunch_start + problem.lunch[2]),
            "at": ids[place - 1] if 1 <= place <= len(ids) else "depot",
            "after": ids[min(done, len(ids)) - 1] if done >= 1 else None,
        }
    return out, given_up


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
