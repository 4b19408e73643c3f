"""Properties of the itinerary optimiser (yuanqu.meetings.itinerary) and its management command."""

import copy
import io
import itertools
import json
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yuanqu.meetings import itinerary
from yuanqu.meetings.itinerary import (
    DEFAULT_TIME_LIMIT_S,
    ItineraryError,
    auto_time_limit,
    leg_minutes,
    plan,
    travel_minutes_for,
)

EXAMPLE = Path(itinerary.__file__).parent.parent / "data" / "example_itinerary.json"
FAST = {"time_limit_s": 0.5, "solution_limit": 150}


def minutes(hhmm: str) -> int:
    hours, mins = hhmm.split(":")
    return int(hours) * 60 + int(mins)


def hhmm(value: int) -> str:
    return f"{value // 60:02d}:{value % 60:02d}"


def base_input() -> dict:
    return {
        "days": [{"date": "2019-08-23", "start": "08:30", "end": "17:30", "depot": {"lat": 33.38, "lon": 120.16}}],
        "lunch": {"from": "11:30", "to": "13:30", "minutes": 60},
        "stops": [
            {"id": "S1", "name": "一号项目", "lat": 33.40, "lon": 120.20, "minutes": 30},
            {"id": "S2", "name": "二号项目", "lat": 33.45, "lon": 120.30, "minutes": 45},
            {"id": "S3", "lat": 33.32, "lon": 120.05, "minutes": 20},
        ],
    }


def assert_valid_plan(data: dict, result: dict) -> None:
    """Every property the optimiser promises, checked from the input and the output alone."""
    stops = {s["id"]: s for s in data.get("stops", [])}
    scheduled = [s["id"] for day in result["days"] for s in day["stops"]]
    # Every stop is scheduled or listed as unscheduled, exactly once; nothing else appears.
    assert sorted(scheduled + result["unscheduled"]) == sorted(stops)
    assert len(result["days"]) == len(data["days"])
    lunch_in = data.get("lunch")
    total_tenths = 0
    for d, (day_in, day) in enumerate(zip(data["days"], result["days"], strict=True)):
        assert day["date"] == day_in["date"]
        ids = [s["id"] for s in day["stops"]]
        for sid in ids:  # pinned stops stay on their day
            assert stops[sid].get("day") in (None, d)
        # Travel recomputed from the output equals the reported figure exactly.
        assert day["travel_minutes"] == travel_minutes_for(data, d, ids)
        total_tenths += round(day["travel_minutes"] * 10)
        if not ids:
            assert day["travel_minutes"] == 0 and day["leave"] is None and day["lunch"] is None
            continue
        start, end = minutes(day_in["start"]), minutes(day_in["end"])
        leave, back = minutes(day["leave"]), minutes(day["return"])
        assert start <= leave and back <= end
        lunch = day["lunch"]
        if lunch_in:
            lunch_lo, lunch_hi = max(minutes(lunch_in["from"]), start), min(minutes(lunch_in["to"]), end)
        if lunch_in and lunch_hi - lunch_lo >= math.ceil(lunch_in["minutes"]):
            lunch_start, lunch_end = minutes(lunch["start"]), minutes(lunch["end"])
            assert lunch_end - lunch_start == math.ceil(lunch_in["minutes"])
            assert lunch_lo <= lunch_start and lunch_end <= lunch_hi
        else:
            assert lunch is None
        # Walk the day: legs take at least ceil(travel), visits their minutes, lunch its place.
        clock, where, done = leave, "depot", None
        if lunch and lunch["at"] == "depot" and lunch["after"] is None:
            assert start <= lunch_start and lunch_end <= leave
        for stop in day["stops"]:
            arrive, depart = minutes(stop["arrive"]), minutes(stop["depart"])
            assert arrive >= clock + math.ceil(leg_minutes(data, d, where, stop["id"]))
            stay = math.ceil(stops[stop["id"]].get("minutes", 0))
            if lunch and lunch["at"] == stop["id"]:
                assert arrive <= lunch_start and lunch_end <= depart
                assert lunch["after"] in (done, stop["id"])
                stay += lunch_end - lunch_start
            assert depart - arrive >= stay
            clock, where, done = depart, stop["id"], stop["id"]
        assert back >= clock + math.ceil(leg_minutes(data, d, where, "depot"))
        if lunch and lunch["at"] == "depot" and lunch["after"] is not None:
            assert lunch["after"] == done and back <= lunch_start
    assert result["total_travel_minutes"] == total_tenths / 10


@st.composite
def instances(draw, max_stops: int = 7) -> dict:
    coordinate = st.tuples(st.floats(33.30, 33.50), st.floats(120.00, 120.40))
    n_days = draw(st.integers(1, 2))
    shared_depot = draw(coordinate)
    days = []
    for d in range(n_days):
        start = draw(st.integers(6 * 60, 10 * 60))
        end = min(24 * 60, start + draw(st.integers(30, 9 * 60)))
        lat, lon = shared_depot if d == 0 or draw(st.booleans()) else draw(coordinate)
        days.append({"date": f"2019-08-{23 + d}", "start": hhmm(start), "end": hhmm(end),
                     "depot": {"lat": lat, "lon": lon}})
    data = {"days": days, "speed_kmh": draw(st.sampled_from([30, 40, 60])), "detour": 1.3, "stops": []}
    if draw(st.booleans()):
        lunch_from = draw(st.integers(11 * 60, 12 * 60 + 30))
        span = draw(st.integers(30, 150))
        data["lunch"] = {"from": hhmm(lunch_from), "to": hhmm(lunch_from + span),
                         "minutes": draw(st.integers(10, span))}
    for k in range(draw(st.integers(0, max_stops))):
        lat, lon = draw(coordinate)
        data["stops"].append({"id": f"S{k}", "name": f"项目{k}", "lat": lat, "lon": lon,
                              "minutes": draw(st.sampled_from([0, 15, 20.5, 30, 45, 90])),
                              "day": draw(st.one_of(st.none(), st.integers(0, n_days - 1)))})
    if draw(st.booleans()):  # replace coordinates by a random (asymmetric, fractional) matrix
        depot_ids = ["depot"] if all(day["depot"] == days[0]["depot"] for day in days) else []
        depot_ids = depot_ids or [f"depot{d}" for d in range(n_days)]
        ids = depot_ids + [s["id"] for s in data["stops"]]
        cell = st.floats(0, 45).map(lambda x: round(x, 2))
        data["matrix_minutes"] = {"ids": ids, "minutes": draw(st.lists(
            st.lists(cell, min_size=len(ids), max_size=len(ids)), min_size=len(ids), max_size=len(ids)))}
    return data


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_random_instances_respect_every_promise(data):
    assert_valid_plan(data, plan(data, **FAST))


@settings(max_examples=10, deadline=None)
@given(instances(max_stops=6))
def test_single_wide_day_is_optimal(data):
    # Given one day long enough for everything and no lunch, when planned, then travel is the exact optimum.
    data = {**data, "days": [{**data["days"][0], "start": "00:00", "end": "24:00"}]}
    data.pop("lunch", None)
    for stop in data["stops"]:
        stop["day"] = None
    if "matrix_minutes" in data:
        ids = data["matrix_minutes"]["ids"]
        keep = [0] + [i for i, m in enumerate(ids) if not m.startswith("depot")]  # day 0's depot, then stops
        data["matrix_minutes"] = {"ids": ["depot"] + [ids[i] for i in keep[1:]],
                                  "minutes": [[data["matrix_minutes"]["minutes"][i][j] for j in keep] for i in keep]}
    result = plan(data, time_limit_s=0.5)
    assert result["unscheduled"] == []
    ids = [s["id"] for s in data["stops"]]
    best = min((travel_minutes_for(data, 0, list(p)) for p in itertools.permutations(ids)), default=0.0)
    assert result["total_travel_minutes"] == best


def test_example_file_plans_every_stop_with_lunch():
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    result = plan(data, **FAST)
    assert_valid_plan(data, result)
    assert result["unscheduled"] == []
    assert all(day["lunch"] for day in result["days"])


def test_stops_that_cannot_fit_are_listed():
    # Given a stop longer than the day and another pinned to a day too short for it
    data = base_input()
    short_day = {"date": "2019-08-24", "start": "08:00", "end": "08:40", "depot": {"lat": 33.38, "lon": 120.16}}
    data["days"].append(short_day)
    data["stops"] += [{"id": "LONG", "lat": 33.4, "lon": 120.2, "minutes": 600},
                      {"id": "PIN", "lat": 33.4, "lon": 120.2, "minutes": 30, "day": 1}]
    # When planned
    result = plan(data, **FAST)
    # Then both are listed, the rest scheduled
    assert result["unscheduled"] == ["LONG", "PIN"]
    assert_valid_plan(data, result)


def test_more_stops_beat_less_travel():
    # Given a far stop that fits only if the day goes out of its way: it is still scheduled.
    data = base_input()
    data["lunch"] = None
    data["stops"].append({"id": "FAR", "lat": 33.50, "lon": 120.40, "minutes": 10})
    result = plan(data, **FAST)
    assert result["unscheduled"] == []


def test_matrix_with_one_depot_per_day():
    data = {"days": [{"date": "2019-08-23", "start": "08:00", "end": "12:00"},
                     {"date": "2019-08-24", "start": "08:00", "end": "12:00"}],
            "stops": [{"id": "A", "minutes": 30, "day": 1}, {"id": "B", "minutes": 30}],
            "matrix_minutes": {"ids": ["depot0", "depot1", "A", "B"],
                               "minutes": [[0, 0, 50, 5.25], [0, 0, 10, 50], [10, 10, 0, 1], [5.25, 50, 1, 0]]}}
    result = plan(data, **FAST)
    assert_valid_plan(data, result)
    assert [[s["id"] for s in day["stops"]] for day in result["days"]] == [["B"], ["A"]]
    # 5.25 minutes is rounded half up to 5.3 on each leg.
    assert [day["travel_minutes"] for day in result["days"]] == [10.6, 20.0]
    assert result["total_travel_minutes"] == 30.6
    # The agenda rounds each leg up to whole minutes.
    assert result["days"][0]["stops"][0] == {"id": "B", "name": "B", "arrive": "08:06", "depart": "08:36"}


def test_lunch_is_taken_at_a_stop_inside_its_window():
    data = base_input()
    data["days"][0]["start"] = "10:30"
    result = plan(data, **FAST)
    assert_valid_plan(data, result)
    lunch = result["days"][0]["lunch"]
    assert "11:30" <= lunch["start"] and lunch["end"] <= "13:30"


def test_empty_stop_list():
    data = base_input()
    data["stops"] = []
    result = plan(data)
    assert result == {"days": [{"date": "2019-08-23", "leave": None, "return": None, "stops": [],
                                "travel_minutes": 0.0, "lunch": None}],
                      "total_travel_minutes": 0.0, "unscheduled": []}


def _mutate(path: str, value):
    def apply(data):
        target = data
        *parents, last = path.split(".")
        for key in parents:
            target = target[int(key) if key.isdigit() else key]
        if value is _DELETE:
            del target[int(last) if last.isdigit() else last]
        else:
            target[int(last) if last.isdigit() else last] = value
        return data

    return apply


_DELETE = object()
_MATRIX = {"ids": ["depot", "S1", "S2", "S3"], "minutes": [[0, 1, 2, 3], [1, 0, 1, 2], [2, 1, 0, 1], [3, 2, 1, 0]]}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_mutate("days.0.end", "08:00"), "window ends before it starts"),
        (_mutate("days.0.end", "08:30"), "window ends before it starts"),
        (_mutate("days.0.start", "8h30"), "not a valid HH:MM time"),
        (_mutate("days.0.start", "25:00"), "not a valid HH:MM time"),
        (_mutate("days.0.date", "2019-02-30"), "invalid date"),
        (_mutate("days", []), "non-empty list"),
        (_mutate("days.0.depot", _DELETE), "no coordinates"),
        (_mutate("days.0.depot", {"lat": 95, "lon": 120}), "invalid coordinates"),
        (_mutate("stops.0.lat", _DELETE), "invalid coordinates"),
        (_mutate("days.0.depot", {"lat": 33.4}), "coordinates need lat and lon"),
        (_mutate("stops.1.id", "S1"), "duplicate stop id S1"),
        (_mutate("stops.1.id", "depot"), "reserved"),
        (_mutate("stops.1.minutes", -5), "non-negative"),
        (_mutate("stops.1.day", 3), "unknown day 3"),
        (_mutate("speed_kmh", 0), "positive"),
        (_mutate("lunch.minutes", 180), "lunch window is shorter"),
        (_mutate("lunch.to", "11:00"), "lunch window is shorter"),
        (_mutate("matrix_minutes", {**_MATRIX, "ids": ["depot", "S1", "S2", "S9"]}), "unknown stop id S9"),
        (_mutate("matrix_minutes", {**_MATRIX, "minutes": [[0, 1, 2], [1, 0, 1], [2, 1, 0], [3, 2, 1]]}),
         "not square"),
        (_mutate("matrix_minutes", {**_MATRIX, "minutes": _MATRIX["minutes"][:3]}), "not square"),
        (_mutate("matrix_minutes", {**_MATRIX, "ids": ["depot", "depot0", "S2", "S3"]}), "cannot mix depot and depot0"),
        (_mutate("matrix_minutes", {**_MATRIX, "ids": ["depot", "S1", "S2", "S2"]}), "duplicate ids"),
        (_mutate("matrix_minutes", {"ids": ["depot", "S1", "S2"], "minutes": [[0, 1, 1], [1, 0, 1], [1, 1, 0]]}),
         "no row for stop S3"),
        (_mutate("matrix_minutes", {**_MATRIX, "minutes": [[0, 1, 2, 3], [1, 0, 1, 2], [2, 1, 0, "x"], [3, 2, 1, 0]]}),
         "non-negative"),
    ],
)
def test_invalid_input_is_rejected_with_a_bilingual_message(change, message):
    data = change(copy.deepcopy(base_input()))
    with pytest.raises(ItineraryError, match=message) as caught:
        plan(data, **FAST)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(caught.value))  # Chinese first, English in brackets


def test_matrix_with_shared_depot_rejects_days_with_different_depots():
    data = base_input()
    data["days"].append({"date": "2019-08-24", "start": "08:00", "end": "12:00", "depot": {"lat": 33.3, "lon": 120.1}})
    data["matrix_minutes"] = _MATRIX
    with pytest.raises(ItineraryError, match="days have different depots"):
        plan(data, **FAST)
    data["matrix_minutes"] = {**_MATRIX, "ids": ["depot0", "S1", "S2", "S3"]}
    with pytest.raises(ItineraryError, match="no depot id depot1"):
        plan(data, **FAST)


def test_unknown_stop_in_recomputation():
    with pytest.raises(ItineraryError, match="unknown stop id S9"):
        travel_minutes_for(base_input(), 0, ["S1", "S9"])
    assert travel_minutes_for(base_input(), 0, []) == 0.0


# The management command is tested without Django settings: it is a thin wrapper around plan().
def _command():
    from yuanqu.meetings.management.commands.itinerary import Command

    return Command(stdout=io.StringIO(), stderr=io.StringIO())


def test_command_prints_the_plan(tmp_path):
    path = tmp_path / "tour.json"
    path.write_text(json.dumps(base_input(), ensure_ascii=False), encoding="utf-8")
    command = _command()
    options = vars(command.create_parser("yuanqu", "itinerary").parse_args(["plan", str(path), "--time-limit", "0.2"]))
    command.handle(**options)
    printed = command.stdout.getvalue()
    assert "一号项目" in printed  # ensure_ascii=False
    assert_valid_plan(base_input(), json.loads(printed))


@pytest.mark.parametrize(
    ("text", "message"),
    [('{"days": [', "invalid JSON at line 1"), (json.dumps({"days": []}), "non-empty list")],
)
def test_command_exits_2_on_bad_input(tmp_path, text, message):
    from django.core.management.base import CommandError

    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match=message) as caught:
        _command().handle(action="plan", file=str(path), time_limit=0.2)
    assert caught.value.returncode == 2


def test_the_search_time_grows_with_the_tour_and_is_capped():
    # guided local search never stops by itself: a 3-stop plan must not wait as long as a 30-stop one
    assert auto_time_limit(0) == auto_time_limit(3) == 0.3
    assert auto_time_limit(10) == 0.5 and auto_time_limit(20) == 1.0
    assert auto_time_limit(30) == auto_time_limit(200) == DEFAULT_TIME_LIMIT_S
