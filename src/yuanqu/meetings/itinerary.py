"""Itinerary optimiser for observation meetings (观摩会线路优化). Pure: imports no Django.

Input (a JSON-like dict; units: minutes, km, km/h, degrees)::

    {"days": [{"date": "2019-08-23", "start": "08:30", "end": "17:30", "depot": {"lat": 33.38, "lon": 120.16}}],
     "lunch": {"from": "11:30", "to": "13:30", "minutes": 60},             # optional
     "speed_kmh": 40, "detour": 1.3,                                        # defaults; used without a matrix
     "stops": [{"id": "S1", "name": "…", "lat": 33.40, "lon": 120.20, "minutes": 30, "day": null}],
     "matrix_minutes": {"ids": ["depot", "S1", …], "minutes": [[…]]}}      # optional, overrides coordinates

Decisions (the contract the tests check):

* **Days are vehicles**; every day starts and ends at its own depot, inside its ``start``–``end`` window
  ("HH:MM", "24:00" allowed as an end). A stop's ``day`` (0-based day index) pins it to that day.
* **Travel time of a leg** is the matrix entry (minutes, may be asymmetric or fractional) or, without a
  matrix, ``haversine km × detour ÷ speed_kmh × 60``. Each leg is rounded once, half up, to a tenth of a
  minute (an integer number of 6-second units); a day's ``travel_minutes`` is the exact sum of its legs (depot → stops
  → depot) and ``total_travel_minutes`` the exact sum over days, both with one decimal, so
  :func:`travel_minutes_for` recomputes them exactly. The solver minimises this figure.
* **The timetable is in whole minutes**: a leg takes ``ceil(travel)`` minutes on the agenda and a visit
  ``ceil(minutes)``; ``arrive`` is when the delegation reaches the stop, ``depart`` when it leaves (visit
  end, or lunch end if lunch is taken there). Each day is timed as early as possible: it leaves the depot
  at ``start`` (or after lunch taken at the depot).
* **Matrix and depots**: the matrix must cover every stop. Its depot rows are either one ``"depot"`` shared
  by all days (then the days' depot coordinates, where given, must be identical) or ``"depot0"``,
  ``"depot1"`` … one per day index (for days leaving from different venues). With a matrix, coordinates
  are optional; without one they are required. Any other id in the matrix is an error.
* **Lunch** (optional) lasts ``minutes`` inside ``from``–``to`` clipped to the day's window; a day whose
  window leaves less than ``minutes`` of it gets no lunch. Lunch is taken at a place, never on the bus:
  at the depot before leaving (``after`` null), at a stop after its visit (``after`` = ``at`` = stop id)
  or at the depot after returning (``at`` "depot", ``after`` the last stop); lunch just before a visit has
  ``at`` = that stop and ``after`` = the previous stop (or null). Modelled in OR-Tools as one optional "lunch
  copy" per place and day (same travel as its original, lasting the lunch, time window on its start, kept
  adjacent to its original); exactly one per day is taken, with a penalty above that of dropping every stop.
  (This OR-Tools binding's vehicle breaks may split a leg, i.e. lunch on the bus, hence not used.) The
  timetable then places lunch at the feasible place with the earliest return, then nearest mid-window.
* **Unscheduled stops**: each stop is optional with a penalty larger than any possible travel total, so
  the solver first maximises the number of stops scheduled, then minimises travel. Stops left out are
  listed in ``unscheduled`` (input order), never dropped silently.
* **Search**: OR-Tools routing, SAVINGS (else PATH_CHEAPEST_ARC) then GUIDED_LOCAL_SEARCH for ``time_limit_s`` s
  (or until ``solution_limit`` solutions, which makes runs reproducible independent of machine speed).

Output::

    {"days": [{"date", "leave": "HH:MM" | null, "return": "HH:MM" | null,
               "stops": [{"id", "name", "arrive", "depart"}], "travel_minutes": float,
               "lunch": {"start", "end", "at", "after"} | null}],
     "total_travel_minutes": float, "unscheduled": [stop ids]}

``leave``/``return``/``lunch`` are null on a day with no stops.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date as Date

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

DEFAULT_TIME_LIMIT_S = 1.5
DEFAULT_SPEED_KMH = 40.0
DEFAULT_DETOUR = 1.3
EARTH_RADIUS_KM = 6371.0088
_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})$")
_DEPOT_ID_RE = re.compile(r"^depot(\d+)$")


class ItineraryError(ValueError):
    """Invalid itinerary input. The message is Chinese followed by English in parentheses."""


@dataclass(frozen=True)
class Problem:
    """Validated input. Nodes are numbered days' depots first (node d = depot of day d), then stops."""

    dates: tuple[str, ...]
    windows: tuple[tuple[int, int], ...]  # per day, minutes after midnight
    stop_ids: tuple[str, ...]
    stop_names: tuple[str, ...]
    service: tuple[int, ...]  # per node, whole minutes (0 for depots)
    pinned: tuple[int | None, ...]  # per stop
    lunch: tuple[int, int, int] | None  # from, to, duration in minutes
    tenths: tuple[tuple[int, ...], ...]  # node × node travel, tenths of a minute

    @property
    def n_days(self) -> int:
        return len(self.dates)

    def lunch_window(self, day: int) -> tuple[int, int, int] | None:
        """(earliest start, latest end, duration) of the day's lunch in minutes, or None if it does not fit."""
        if self.lunch is None:
            return None
        lo, hi = max(self.lunch[0], self.windows[day][0]), min(self.lunch[1], self.windows[day][1])
        return (lo, hi, self.lunch[2]) if hi - lo >= self.lunch[2] else None

    def node(self, stop_id: str) -> int:
        try:
            return self.n_days + self.stop_ids.index(stop_id)
        except ValueError:
            raise ItineraryError(f"未知的观摩点编号 {stop_id} (unknown stop id {stop_id})") from None


def _fail(zh: str, en: str) -> ItineraryError:
    return ItineraryError(f"{zh} ({en})")


def _number(value, what: str, *, positive: bool = False) -> float:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    if not ok or value < 0 or (positive and value == 0):
        sign = "正数" if positive else "非负数"
        raise _fail(
            f"{what} 必须是{sign}: {value!r}",
            f"{what} must be a {'positive' if positive else 'non-negative'} number: {value!r}",
        )
    return float(value)


def _clock(value, what: str) -> int:
    match = _TIME_RE.match(value) if isinstance(value, str) else None
    if match:
        hours, minutes = int(match[1]), int(match[2])
        if minutes < 60 and (hours < 24 or (hours == 24 and minutes == 0)):
            return hours * 60 + minutes
    raise _fail(f"{what} 不是有效时间 HH:MM: {value!r}", f"{what} is not a valid HH:MM time: {value!r}")


def _point(value, what: str) -> tuple[float, float] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or "lat" not in value or "lon" not in value:
        raise _fail(f"{what} 的坐标须含 lat 和 lon", f"{what} coordinates need lat and lon")
    lat, lon = value["lat"], value["lon"]
    for v, limit in ((lat, 90), (lon, 180)):
        if not isinstance(v, int | float) or isinstance(v, bool) or not -limit <= v <= limit:
            raise _fail(f"{what} 的坐标无效: {value!r}", f"{what} has invalid coordinates: {value!r}")
    return float(lat), float(lon)


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points in degrees."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def parse(data: dict) -> Problem:
    """Validate the input dict (see the module docstring) and return a :class:`Problem`.

    Raises :class:`ItineraryError` on anything invalid: missing or malformed fields, a window that ends
    before (or when) it starts, unknown or duplicate ids, a pin to a day that does not exist, a non-square
    matrix or a matrix that misses a stop or a depot.
    """
    if not isinstance(data, dict):
        raise _fail("输入必须是 JSON 对象", "input must be a JSON object")
    days = data.get("days")
    if not isinstance(days, list) or not days:
        raise _fail("days 必须是非空列表", "days must be a non-empty list")
    dates, windows, depots = [], [], []
    for d, day in enumerate(days):
        what = f"第{d + 1}天 days[{d}]"
        if not isinstance(day, dict):
            raise _fail(f"{what} 必须是对象", f"days[{d}] must be an object")
        try:
            dates.append(Date.fromisoformat(day.get("date")).isoformat())
        except (TypeError, ValueError):
            raise _fail(f"{what} 的日期无效: {day.get('date')!r}", f"days[{d}] has an invalid date") from None
        start, end = _clock(day.get("start"), f"days[{d}].start"), _clock(day.get("end"), f"days[{d}].end")
        if end <= start:
            raise _fail(
                f"{what} 的结束时间 {day['end']} 不晚于开始时间 {day['start']}",
                f"days[{d}]: the window ends before it starts",
            )
        windows.append((start, end))
        depots.append(_point(day.get("depot"), f"days[{d}].depot"))

    lunch = data.get("lunch")
    if lunch is not None:
        if not isinstance(lunch, dict):
            raise _fail("lunch 必须是对象", "lunch must be an object")
        lo, hi = _clock(lunch.get("from"), "lunch from"), _clock(lunch.get("to"), "lunch to")
        duration = math.ceil(_number(lunch.get("minutes"), "lunch minutes", positive=True))
        if hi - lo < duration:
            raise _fail("午餐时段短于午餐时长", "the lunch window is shorter than the lunch itself")
        lunch = (lo, hi, duration)

    stops = data.get("stops", [])
    if not isinstance(stops, list):
        raise _fail("stops 必须是列表", "stops must be a list")
    ids, names, service, pinned, points = [], [], [], [], []
    for k, stop in enumerate(stops):
        sid = stop.get("id") if isinstance(stop, dict) else None
        if not isinstance(sid, str) or not sid.strip():
            raise _fail(f"第{k + 1}个观摩点缺少编号", f"stop #{k + 1} has no id")
        if sid in ids:
            raise _fail(f"观摩点编号重复: {sid}", f"duplicate stop id {sid}")
        if sid == "depot" or _DEPOT_ID_RE.match(sid):
            raise _fail(f"观摩点编号 {sid} 是保留字", f"stop id {sid} is reserved")
        pin = stop.get("day")
        if pin is not None and (not isinstance(pin, int) or isinstance(pin, bool) or not 0 <= pin < len(days)):
            raise _fail(f"观摩点 {sid} 指定的日期序号 {pin!r} 不存在", f"stop {sid} is pinned to unknown day {pin!r}")
        ids.append(sid)
        names.append(str(stop.get("name") or sid))
        service.append(math.ceil(_number(stop.get("minutes", 0), f"{sid} minutes")))
        pinned.append(pin)
        located = "lat" in stop or "lon" in stop
        points.append(_point({"lat": stop.get("lat"), "lon": stop.get("lon")} if located else None, sid))

    if data.get("matrix_minutes") is not None:
        tenths = _matrix_tenths(data["matrix_minutes"], ids, depots)
    else:
        speed = _number(data.get("speed_kmh", DEFAULT_SPEED_KMH), "speed_kmh", positive=True)
        detour = _number(data.get("detour", DEFAULT_DETOUR), "detour", positive=True)
        for name, p in [
            *zip([f"days[{d}].depot" for d in range(len(days))], depots, strict=True),
            *zip(ids, points, strict=True),
        ]:
            if p is None:
                raise _fail(f"{name} 缺少坐标且未提供时间矩阵", f"{name} has no coordinates and no matrix is given")
        nodes = depots + points
        tenths = [
            [0 if i == j else _to_tenths(haversine_km(a, b) * detour / speed * 60) for j, b in enumerate(nodes)]
            for i, a in enumerate(nodes)
        ]
    return Problem(
        tuple(dates),
        tuple(windows),
        tuple(ids),
        tuple(names),
        (0,) * len(days) + tuple(service),
        tuple(pinned),
        lunch,
        tuple(map(tuple, tenths)),
    )


def _matrix_tenths(matrix, ids: list[str], depots: list) -> list[list[int]]:
    if not isinstance(matrix, dict) or not isinstance(matrix.get("ids"), list):
        raise _fail("matrix_minutes 须含 ids 和 minutes", "matrix_minutes needs ids and minutes")
    mids, rows = matrix["ids"], matrix.get("minutes")
    if not all(isinstance(m, str) for m in mids):
        raise _fail("时间矩阵的编号必须是字符串", "matrix ids must be strings")
    size = len(mids)
    if not isinstance(rows, list) or len(rows) != size or any(not isinstance(r, list) or len(r) != size for r in rows):
        raise _fail(f"时间矩阵不是 {size}×{size} 方阵", f"the matrix is not square {size}×{size}")
    if len(set(mids)) != size:
        raise _fail("时间矩阵的编号重复", "duplicate ids in the matrix")
    n_days = len(depots)
    if "depot" in mids:
        if any(isinstance(m, str) and _DEPOT_ID_RE.match(m) for m in mids):
            raise _fail("时间矩阵不能同时含 depot 和 depot0…", "the matrix cannot mix depot and depot0…")
        if len({p for p in depots if p is not None}) > 1:
            raise _fail(
                "各天出发点不同, 矩阵须用 depot0、depot1…",
                "days have different depots; the matrix must use ids depot0, depot1, …",
            )
        depot_keys = ["depot"] * n_days
    else:
        depot_keys = [f"depot{d}" for d in range(n_days)]
    for key in depot_keys:
        if key not in mids:
            raise _fail(f"时间矩阵缺少出发点 {key}", f"the matrix has no depot id {key}")
    for m in mids:
        if m not in ids and m not in depot_keys:
            raise _fail(f"未知的观摩点编号 {m}", f"unknown stop id {m}")
    for sid in ids:
        if sid not in mids:
            raise _fail(f"时间矩阵缺少观摩点 {sid}", f"the matrix has no row for stop {sid}")
    where = {m: i for i, m in enumerate(mids)}
    keys = [where[k] for k in depot_keys + ids]
    return [
        [0 if a == b else _to_tenths(_number(rows[a][b], f"matrix[{mids[a]}][{mids[b]}]")) for b in keys] for a in keys
    ]


def _to_tenths(minutes: float) -> int:
    return math.floor(minutes * 10 + 0.5)  # half up, not Python's half-to-even: 5.25 min is 52.5 → 53 tenths


def _ceil_minutes(tenths: int) -> int:
    return (tenths + 9) // 10


def _day_nodes(problem: Problem, day_index: int, stop_ids: list[str]) -> list[int]:
    if not isinstance(day_index, int) or not 0 <= day_index < problem.n_days:
        raise _fail(f"日期序号 {day_index!r} 不存在", f"unknown day index {day_index!r}")
    return [day_index, *(problem.node(s) for s in stop_ids), day_index]


def travel_minutes_for(data: dict, day_index: int, stop_ids: list[str]) -> float:
    """Travel minutes of day ``day_index`` visiting ``stop_ids`` in order, from and back to its depot.

    Exactly the figure :func:`plan` reports for that day: the sum of legs in tenths of a minute, / 10.
    ``data`` is the planner's input; an empty list gives 0.0 (the delegation does not leave).
    """
    problem = parse(data)
    if not stop_ids:
        return 0.0
    nodes = _day_nodes(problem, day_index, stop_ids)
    return sum(problem.tenths[a][b] for a, b in zip(nodes, nodes[1:], strict=False)) / 10


def leg_minutes(data: dict, day_index: int, from_id: str, to_id: str) -> float:
    """Travel minutes (one decimal) of one leg; ``"depot"`` is the depot of day ``day_index``.

    The agenda allots ``math.ceil`` of this figure to the leg.
    """
    problem = parse(data)
    _day_nodes(problem, day_index, [])
    a, b = (day_index if x == "depot" else problem.node(x) for x in (from_id, to_id))
    return problem.tenths[a][b] / 10


def plan(data: dict, *, time_limit_s: float = DEFAULT_TIME_LIMIT_S, solution_limit: int | None = None) -> dict:
    """Plan the tour: assign stops to days and order them, minimising total travel minutes.

    ``time_limit_s`` bounds the search in seconds (the answer is the best found by then);
    ``solution_limit`` additionally stops after that many solutions, for reproducible runs.
    Returns the output dict described in the module docstring. Raises :class:`ItineraryError` on invalid input.
    """
    problem = parse(data)
    routes = _solve(problem, time_limit_s, solution_limit) if problem.stop_ids else [[] for _ in problem.dates]
    days = [_render_day(problem, d, route)[0] for d, route in enumerate(routes)]  # may shorten routes in place
    scheduled = {n for route in routes for n in route}
    total = sum(_route_tenths(problem, d, route) for d, route in enumerate(routes))
    return {
        "days": days,
        "total_travel_minutes": total / 10,
        "unscheduled": [s for k, s in enumerate(problem.stop_ids) if problem.n_days + k not in scheduled],
    }


def _solve(problem: Problem, time_limit_s: float, solution_limit: int | None) -> list[list[int]]:
    n_days, base_size = problem.n_days, len(problem.tenths)
    # Lunch places: per day with a lunch, a copy of its depot and of every stop allowed that day. A copy sits
    # where its original is (same travel), lasts the lunch and must be adjacent to its original (lunch just
    # before or after that visit, or at the depot before leaving / after returning), so lunch is never
    # taken on the bus and never changes travel.
    where, lunches = list(range(base_size)), []
    for d in range(n_days):
        if problem.lunch_window(d) is not None:
            allowed = [n_days + k for k, pin in enumerate(problem.pinned) if pin in (None, d)]
            lunches.append((d, [(len(where) + i, original) for i, original in enumerate([d, *allowed])]))
            where += [d, *allowed]
    size = len(where)
    manager = pywrapcp.RoutingIndexManager(size, n_days, list(range(n_days)), list(range(n_days)))
    routing = pywrapcp.RoutingModel(manager)
    tenths = [[problem.tenths[a][b] for b in where] for a in where]
    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitMatrix(tenths))
    service = [problem.service[n] if n < base_size else problem.lunch[2] for n in range(size)]
    step = routing.RegisterTransitMatrix([[service[i] + _ceil_minutes(t) for t in row] for i, row in enumerate(tenths)])
    horizon = max(end for _, end in problem.windows)
    routing.AddDimension(step, horizon, horizon, False, "time")
    time = routing.GetDimensionOrDie("time")
    for d, (start, end) in enumerate(problem.windows):
        time.CumulVar(routing.Start(d)).SetRange(start, end)
        time.CumulVar(routing.End(d)).SetRange(start, end)
    # Dropping one stop must cost more than any travel total, so the count of stops is maximised first;
    # skipping a lunch costs more than dropping every stop (an empty day with lunch at the depot always fits).
    penalty = 1 + size * max(max(row) for row in tenths)
    for k, pin in enumerate(problem.pinned):
        index = manager.NodeToIndex(n_days + k)
        routing.AddDisjunction([index], penalty)
        if pin is not None:
            routing.VehicleVar(index).SetValues([-1, pin])
    solver = routing.solver()
    for d, copies in lunches:
        lo, hi, duration = problem.lunch_window(d)
        routing.AddDisjunction([manager.NodeToIndex(c) for c, _ in copies], penalty * (len(problem.stop_ids) + 1), 1)
        for copy, original in copies:
            index = manager.NodeToIndex(copy)
            time.CumulVar(index).SetRange(lo, hi - duration)  # the cumul of a lunch copy is when lunch starts
            routing.VehicleVar(index).SetValues([-1, d])
            if original < n_days:
                before, after = routing.Start(d), routing.End(d)
            else:
                before = after = manager.NodeToIndex(original)
            adjacent = solver.IsEqualCstVar(routing.NextVar(before), index) + solver.IsEqualCstVar(
                routing.NextVar(index), after)
            solver.Add(routing.ActiveVar(index) <= adjacent)

    # SAVINGS + GLS with lambda 0.3 measured best at 30–40 stops (docs/benchmarks.md); SAVINGS may find no
    # first solution under tight windows and lunch constraints, then PATH_CHEAPEST_ARC (robust) is used.
    strategies = routing_enums_pb2.FirstSolutionStrategy
    for first in (strategies.SAVINGS, strategies.PATH_CHEAPEST_ARC):
        params = pywrapcp.DefaultRoutingSearchParameters()
        params.first_solution_strategy = first
        params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
        params.guided_local_search_lambda_coefficient = 0.3
        params.time_limit.FromMilliseconds(max(1, round(time_limit_s * 1000)))
        if solution_limit is not None:
            params.solution_limit = solution_limit
        solution = routing.SolveWithParameters(params)
        if solution is not None:
            break
    else:
        raise RuntimeError(f"no itinerary found within {time_limit_s} s; raise time_limit_s")
    routes = []
    for d in range(n_days):
        index, route = solution.Value(routing.NextVar(routing.Start(d))), []
        while not routing.IsEnd(index):
            if manager.IndexToNode(index) < base_size:  # lunch copies are placed again by _render_day
                route.append(manager.IndexToNode(index))
            index = solution.Value(routing.NextVar(index))
        routes.append(route)
    return routes


def _route_tenths(problem: Problem, day: int, route: list[int]) -> int:
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
            t += _ceil_minutes(problem.tenths[places[k - 1]][node])
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


def _render_day(problem: Problem, day: int, route: list[int]) -> tuple[dict, list[int]]:
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
        "travel_minutes": _route_tenths(problem, day, route) / 10,
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
