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
  (by default 0.05 s a stop, between 0.3 and 1.5 s)
  (or until ``solution_limit`` solutions, which makes runs reproducible independent of machine speed).

Output::

    {"days": [{"date", "leave": "HH:MM" | null, "return": "HH:MM" | null,
               "stops": [{"id", "name", "arrive", "depart"}], "travel_minutes": float,
               "lunch": {"start", "end", "at", "after"} | null}],
     "total_travel_minutes": float, "unscheduled": [stop ids]}

``leave``/``return``/``lunch`` are null on a day with no stops.
"""

from __future__ import annotations

from yuanqu.meetings.itinerary.problem import (
    DEFAULT_DETOUR,
    DEFAULT_SPEED_KMH,
    DEFAULT_TIME_LIMIT_S,
    ItineraryError,
    Problem,
    auto_time_limit,
    day_nodes,
    haversine_km,
    parse,
)
from yuanqu.meetings.itinerary.solver import solve
from yuanqu.meetings.itinerary.timetable import render_day, route_tenths

__all__ = ["DEFAULT_DETOUR", "DEFAULT_SPEED_KMH", "DEFAULT_TIME_LIMIT_S", "ItineraryError", "Problem",
           "auto_time_limit", "haversine_km", "leg_minutes", "parse", "plan", "travel_minutes_for"]


def travel_minutes_for(data: dict, day_index: int, stop_ids: list[str]) -> float:
    """Travel minutes of day ``day_index`` visiting ``stop_ids`` in order, from and back to its depot.

    Exactly the figure :func:`plan` reports for that day: the sum of legs in tenths of a minute, / 10.
    ``data`` is the planner's input; an empty list gives 0.0 (the delegation does not leave).
    """
    problem = parse(data)
    if not stop_ids:
        return 0.0
    nodes = day_nodes(problem, day_index, stop_ids)
    return sum(problem.tenths[a][b] for a, b in zip(nodes, nodes[1:], strict=False)) / 10


def leg_minutes(data: dict, day_index: int, from_id: str, to_id: str) -> float:
    """Travel minutes (one decimal) of one leg; ``"depot"`` is the depot of day ``day_index``.

    The agenda allots ``math.ceil`` of this figure to the leg.
    """
    problem = parse(data)
    day_nodes(problem, day_index, [])
    a, b = (day_index if x == "depot" else problem.node(x) for x in (from_id, to_id))
    return problem.tenths[a][b] / 10


def plan(data: dict, *, time_limit_s: float | None = None, solution_limit: int | None = None) -> dict:
    """Plan the tour: assign stops to days and order them, minimising total travel minutes.

    ``time_limit_s`` bounds the search in seconds (the answer is the best found by then); None (the default)
    scales it with the number of stops (:func:`auto_time_limit`). ``solution_limit`` additionally stops after that
    many solutions, for reproducible runs. Returns the output dict described in the module docstring. Raises
    :class:`ItineraryError` on invalid input.
    """
    problem = parse(data)
    if time_limit_s is None:
        time_limit_s = auto_time_limit(len(problem.stop_ids))
    routes = solve(problem, time_limit_s, solution_limit) if problem.stop_ids else [[] for _ in problem.dates]
    days = [render_day(problem, d, route)[0] for d, route in enumerate(routes)]  # may shorten routes in place
    scheduled = {n for route in routes for n in route}
    total = sum(route_tenths(problem, d, route) for d, route in enumerate(routes))
    return {
        "days": days,
        "total_travel_minutes": total / 10,
        "unscheduled": [s for k, s in enumerate(problem.stop_ids) if problem.n_days + k not in scheduled],
    }


