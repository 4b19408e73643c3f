"""Input validation for the itinerary optimiser: the validated `Problem` and travel in tenths of a minute."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date as Date

DEFAULT_TIME_LIMIT_S = 1.5  # the most the automatic limit gives; 30 stops or more get all of it


def auto_time_limit(n_stops: int) -> float:
    """Search seconds for a tour of ``n_stops``: 0.05 s a stop, at least 0.3 s, at most DEFAULT_TIME_LIMIT_S.

    The guided local search never stops by itself, so a fixed limit made a 3-stop plan wait as long as a 30-stop
    one; up to 12 stops 0.1 s already finds the exact optimum (benchmarks/bench_itinerary.py, docs/benchmarks.md).
    """
    return min(DEFAULT_TIME_LIMIT_S, max(0.3, 0.05 * n_stops))
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


def fail(zh: str, en: str) -> ItineraryError:
    return ItineraryError(f"{zh} ({en})")


def number(value, what: str, *, positive: bool = False) -> float:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    if not ok or value < 0 or (positive and value == 0):
        sign = "正数" if positive else "非负数"
        raise fail(
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
    raise fail(f"{what} 不是有效时间 HH:MM: {value!r}", f"{what} is not a valid HH:MM time: {value!r}")


def _point(value, what: str) -> tuple[float, float] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or "lat" not in value or "lon" not in value:
        raise fail(f"{what} 的坐标须含 lat 和 lon", f"{what} coordinates need lat and lon")
    lat, lon = value["lat"], value["lon"]
    for v, limit in ((lat, 90), (lon, 180)):
        if not isinstance(v, int | float) or isinstance(v, bool) or not -limit <= v <= limit:
            raise fail(f"{what} 的坐标无效: {value!r}", f"{what} has invalid coordinates: {value!r}")
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
        raise fail("输入必须是 JSON 对象", "input must be a JSON object")
    days = data.get("days")
    if not isinstance(days, list) or not days:
        raise fail("days 必须是非空列表", "days must be a non-empty list")
    dates, windows, depots = [], [], []
    for d, day in enumerate(days):
        what = f"第{d + 1}天 days[{d}]"
        if not isinstance(day, dict):
            raise fail(f"{what} 必须是对象", f"days[{d}] must be an object")
        try:
            dates.append(Date.fromisoformat(day.get("date")).isoformat())
        except (TypeError, ValueError):
            raise fail(f"{what} 的日期无效: {day.get('date')!r}", f"days[{d}] has an invalid date") from None
        start, end = _clock(day.get("start"), f"days[{d}].start"), _clock(day.get("end"), f"days[{d}].end")
        if end <= start:
            raise fail(
                f"{what} 的结束时间 {day['end']} 不晚于开始时间 {day['start']}",
                f"days[{d}]: the window ends before it starts",
            )
        windows.append((start, end))
        depots.append(_point(day.get("depot"), f"days[{d}].depot"))

    lunch = data.get("lunch")
    if lunch is not None:
        if not isinstance(lunch, dict):
            raise fail("lunch 必须是对象", "lunch must be an object")
        lo, hi = _clock(lunch.get("from"), "lunch from"), _clock(lunch.get("to"), "lunch to")
        duration = math.ceil(number(lunch.get("minutes"), "lunch minutes", positive=True))
        if hi - lo < duration:
            raise fail("午餐时段短于午餐时长", "the lunch window is shorter than the lunch itself")
        lunch = (lo, hi, duration)

    stops = data.get("stops", [])
    if not isinstance(stops, list):
        raise fail("stops 必须是列表", "stops must be a list")
    ids, names, service, pinned, points = [], [], [], [], []
    for k, stop in enumerate(stops):
        sid = stop.get("id") if isinstance(stop, dict) else None
        if not isinstance(sid, str) or not sid.strip():
            raise fail(f"第{k + 1}个观摩点缺少编号", f"stop #{k + 1} has no id")
        if sid in ids:
            raise fail(f"观摩点编号重复: {sid}", f"duplicate stop id {sid}")
        if sid == "depot" or _DEPOT_ID_RE.match(sid):
            raise fail(f"观摩点编号 {sid} 是保留字", f"stop id {sid} is reserved")
        pin = stop.get("day")
        if pin is not None and (not isinstance(pin, int) or isinstance(pin, bool) or not 0 <= pin < len(days)):
            raise fail(f"观摩点 {sid} 指定的日期序号 {pin!r} 不存在", f"stop {sid} is pinned to unknown day {pin!r}")
        ids.append(sid)
        names.append(str(stop.get("name") or sid))
        service.append(math.ceil(number(stop.get("minutes", 0), f"{sid} minutes")))
        pinned.append(pin)
        located = "lat" in stop or "lon" in stop
        points.append(_point({"lat": stop.get("lat"), "lon": stop.get("lon")} if located else None, sid))

    if data.get("matrix_minutes") is not None:
        tenths = _matrix_tenths(data["matrix_minutes"], ids, depots)
    else:
        speed = number(data.get("speed_kmh", DEFAULT_SPEED_KMH), "speed_kmh", positive=True)
        detour = number(data.get("detour", DEFAULT_DETOUR), "detour", positive=True)
        for name, p in [
            *zip([f"days[{d}].depot" for d in range(len(days))], depots, strict=True),
            *zip(ids, points, strict=True),
        ]:
            if p is None:
                raise fail(f"{name} 缺少坐标且未提供时间矩阵", f"{name} has no coordinates and no matrix is given")
        nodes = depots + points
        tenths = [
            [0 if i == j else to_tenths(haversine_km(a, b) * detour / speed * 60) for j, b in enumerate(nodes)]
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
        raise fail("matrix_minutes 须含 ids 和 minutes", "matrix_minutes needs ids and minutes")
    mids, rows = matrix["ids"], matrix.get("minutes")
    if not all(isinstance(m, str) for m in mids):
        raise fail("时间矩阵的编号必须是字符串", "matrix ids must be strings")
    size = len(mids)
    if not isinstance(rows, list) or len(rows) != size or any(not isinstance(r, list) or len(r) != size for r in rows):
        raise fail(f"时间矩阵不是 {size}×{size} 方阵", f"the matrix is not square {size}×{size}")
    if len(set(mids)) != size:
        raise fail("时间矩阵的编号重复", "duplicate ids in the matrix")
    n_days = len(depots)
    if "depot" in mids:
        if any(isinstance(m, str) and _DEPOT_ID_RE.match(m) for m in mids):
            raise fail("时间矩阵不能同时含 depot 和 depot0…", "the matrix cannot mix depot and depot0…")
        if len({p for p in depots if p is not None}) > 1:
            raise fail(
                "各天出发点不同, 矩阵须用 depot0、depot1…",
                "days have different depots; the matrix must use ids depot0, depot1, …",
            )
        depot_keys = ["depot"] * n_days
    else:
        depot_keys = [f"depot{d}" for d in range(n_days)]
    for key in depot_keys:
        if key not in mids:
            raise fail(f"时间矩阵缺少出发点 {key}", f"the matrix has no depot id {key}")
    for m in mids:
        if m not in ids and m not in depot_keys:
            raise fail(f"未知的观摩点编号 {m}", f"unknown stop id {m}")
    for sid in ids:
        if sid not in mids:
            raise fail(f"时间矩阵缺少观摩点 {sid}", f"the matrix has no row for stop {sid}")
    where = {m: i for i, m in enumerate(mids)}
    keys = [where[k] for k in depot_keys + ids]
    return [
        [0 if a == b else to_tenths(number(rows[a][b], f"matrix[{mids[a]}][{mids[b]}]")) for b in keys] for a in keys
    ]


def to_tenths(minutes: float) -> int:
    return math.floor(minutes * 10 + 0.5)  # half up, not Python's half-to-even: 5.25 min is 52.5 → 53 tenths


def ceil_minutes(tenths: int) -> int:
    return (tenths + 9) // 10


def day_nodes(problem: Problem, day_index: int, stop_ids: list[str]) -> list[int]:
    if not isinstance(day_index, int) or not 0 <= day_index < problem.n_days:
        raise fail(f"日期序号 {day_index!r} 不存在", f"unknown day index {day_index!r}")
    return [day_index, *(problem.node(s) for s in stop_ids), day_index]


