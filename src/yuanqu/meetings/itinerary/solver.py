"""OR-Tools routing model: days as vehicles, optional stops, lunch as an adjacent copy of a place."""

from __future__ import annotations

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from yuanqu.meetings.itinerary.problem import Problem, ceil_minutes


def solve(problem: Problem, time_limit_s: float, solution_limit: int | None) -> list[list[int]]:
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
    step = routing.RegisterTransitMatrix([[service[i] + ceil_minutes(t) for t in row] for i, row in enumerate(tenths)])
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
            if manager.IndexToNode(index) < base_size:  # lunch copies are placed again by render_day
                route.append(manager.IndexToNode(index))
            index = solution.Value(routing.NextVar(index))
        routes.append(route)
    return routes


