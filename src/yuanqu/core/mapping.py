"""Geometry for 一张图 (the project map), pure: Shapely, no Django models.

Everything here works in (longitude, latitude) degrees of WGS-84/CGCS2000, the system the registry stores
(`places.geo` converts other systems on the way in). Three things are made here:

* the schematic (示意图): one cell per district around its seat, a Voronoi partition of the seats clipped to a
  frame. It shows where districts lie relative to each other and is never a map: it has no boundary;
* checks against an uploaded boundary: its extent, and whether a point lies inside it (`prepared`, `covers_point`);
* the SVG drawing of a map payload for PDFs (WeasyPrint runs no script, so ECharts cannot draw there).

A *payload* is the one structure the pages (static/core/map.js, ECharts) and the PDFs (`svg`) both draw:
    {"areas": GeoJSON FeatureCollection, "schematic": bool, "markers": [Marker dicts], "routes": [RouteLine dicts]}
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from html import escape

import shapely
from shapely.geometry import MultiPoint, Point, box, mapping, shape

# A schematic's frame: the seats' extent plus this share of its size on each side (and at least MIN_PAD degrees)
FRAME_PAD = 0.25
MIN_PAD = 0.05


@dataclass(frozen=True)
class Marker:
    """A point on the map: a project (coloured by its light), a carrier (by its vacancy), a stop."""

    name: str
    lon: float
    lat: float
    color: str
    kind: str = "project"  # project | carrier | seat
    url: str = ""
    detail: str = ""  # one line shown beside the name (district, light, vacancy…)
    group: str = ""  # the legend entry (红灯, 绿灯, 空置载体…)


@dataclass(frozen=True)
class RouteLine:
    """A tour in stop order (one day of a meeting): its name and [lon, lat, stop label, url] points (the label
    and url blank for the assembly point)."""

    name: str
    points: list[tuple[float, float, str, str]] = field(default_factory=list)
    color: str = "#1565c0"


def seat_cells(seats: dict[str, tuple[float, float]], frame: tuple[float, float, float, float] | None = None) -> dict:
    """A FeatureCollection of one cell per named seat {name: (lon, lat)}: the Voronoi cell of its seat, clipped to
    `frame` (min_lon, min_lat, max_lon, max_lat; default the seats' extent, padded). Each feature's properties
    carry `name` and the seat as `seat`: [lon, lat]. Seats at the same point share one cell (the first name)."""
    unique: dict[tuple[float, float], str] = {}
    for name, point in seats.items():
        unique.setdefault((round(point[0], 6), round(point[1], 6)), name)
    if not unique:
        return {"type": "FeatureCollection", "features": []}
    frame_box = box(*(frame or padded_extent(list(unique))))
    if len(unique) == 1:
        cells = [frame_box]
        order = list(unique.items())
    else:
        diagram = shapely.voronoi_polygons(MultiPoint(list(unique)), extend_to=frame_box)
        order = list(unique.items())
        cells = []
        for point, _name in order:  # voronoi_polygons does not keep the input order: match cells to their seat
            seat = Point(point)
            cell = next((c for c in diagram.geoms if c.covers(seat)), frame_box)
            cells.append(cell.intersection(frame_box))
    features = [
        {"type": "Feature", "properties": {"name": name, "seat": [point[0], point[1]]}, "geometry": mapping(cell)}
        for (point, name), cell in zip(order, cells, strict=True)
    ]
    return {"type": "FeatureCollection", "features": features}


def padded_extent(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    pad_lon = max((max(lons) - min(lons)) * FRAME_PAD, MIN_PAD)
    pad_lat = max((max(lats) - min(lats)) * FRAME_PAD, MIN_PAD)
    return min(lons) - pad_lon, min(lats) - pad_lat, max(lons) + pad_lon, max(lats) + pad_lat


def parse_geojson(text: str) -> list[tuple[object, str]]:
    """The polygons of a GeoJSON text (a FeatureCollection, a Feature or a bare geometry) as (Shapely geometry,
    the feature's name) pairs. Raises ValueError with a Chinese message for anything else."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ValueError(f"不是有效的 GeoJSON 文件（JSON 解析失败：{error}）。") from None
    if not isinstance(data, dict):
        raise ValueError("不是有效的 GeoJSON 文件：顶层应为对象。")
    kind = data.get("type")
    if kind == "FeatureCollection":
        features = data.get("features")
    elif kind == "Feature":
        features = [data]
    else:
        features = [{"type": "Feature", "properties": {}, "geometry": data}]
    if not isinstance(features, list) or not features:
        raise ValueError("GeoJSON 中没有任何要素（features 为空）。")
    polygons, names = [], []
    for number, feature in enumerate(features, start=1):
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            raise ValueError(f"第{number}个要素不是面（Polygon/MultiPolygon），边界文件只能包含面要素。")
        try:
            polygon = shape(geometry)
        except (ValueError, TypeError, AttributeError, IndexError, shapely.errors.GEOSException):
            raise ValueError(f"第{number}个要素的坐标无法读取。") from None
        if polygon.is_empty:
            raise ValueError(f"第{number}个要素是空的面。")
        if not polygon.is_valid:
            polygon = shapely.make_valid(polygon)
        polygons.append(polygon)
        properties = feature.get("properties") or {}
        names.append(str(properties.get("name") or properties.get("NAME") or properties.get("名称") or ""))
    return list(zip(polygons, names, strict=True))


def feature_collection(parts: list[tuple[object, str]]) -> dict:
    """A FeatureCollection of (geometry, name) pairs."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": name}, "geometry": mapping(geometry)}
        for geometry, name in parts
    ]}


def extent(areas: dict) -> tuple[float, float, float, float] | None:
    """(min_lon, min_lat, max_lon, max_lat) of a FeatureCollection, None when it has no feature."""
    geometries = [shape(f["geometry"]) for f in areas.get("features", [])]
    if not geometries:
        return None
    return tuple(shapely.union_all(geometries).bounds)


def prepared(areas: dict):
    """The union of a FeatureCollection's features, prepared for many point checks (`covers_point`)."""
    from shapely.prepared import prep

    return prep(shapely.union_all([shape(f["geometry"]) for f in areas.get("features", [])]))


def covers_point(prepared_geometry, lon: float, lat: float) -> bool:
    return prepared_geometry.covers(Point(lon, lat))


def payload(*, areas: dict, schematic: bool, markers: list[Marker] = (), routes: list[RouteLine] = (), **extra) -> dict:
    """The structure static/core/map.js draws with ECharts and `svg` draws for PDFs."""
    return {
        "areas": areas,
        "schematic": schematic,
        "markers": [asdict(m) for m in markers],
        "routes": [{"name": r.name, "color": r.color, "points": [list(p) for p in r.points]} for r in routes],
        **extra,
    }


def svg(data: dict, *, width: int = 640, height: int = 420, caption: str = "") -> str:
    """An SVG drawing of a payload: areas with their names, markers as dots, routes as numbered polylines.

    The projection is equirectangular with longitude scaled by cos(mean latitude), so shapes keep their
    proportions at a city's size; the drawing is fitted into width × height with a margin."""
    points = [(m["lon"], m["lat"]) for m in data.get("markers", [])]
    points += [(p[0], p[1]) for r in data.get("routes", []) for p in r["points"]]
    bounds = extent(data["areas"]) if data["areas"].get("features") else None
    if bounds is None and not points:
        return ""
    if points:
        point_bounds = (min(p[0] for p in points), min(p[1] for p in points),
                        max(p[0] for p in points), max(p[1] for p in points))
        bounds = point_bounds if bounds is None else (
            min(bounds[0], point_bounds[0]), min(bounds[1], point_bounds[1]),
            max(bounds[2], point_bounds[2]), max(bounds[3], point_bounds[3]))
    min_lon, min_lat, max_lon, max_lat = bounds
    k = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = max((max_lon - min_lon) * k, 1e-6)
    span_y = max(max_lat - min_lat, 1e-6)
    margin = 16
    scale = min((width - 2 * margin) / span_x, (height - 2 * margin - (18 if caption else 0)) / span_y)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return margin + (lon - min_lon) * k * scale, margin + (max_lat - lat) * scale

    def pair(lon: float, lat: float) -> str:
        x, y = xy(lon, lat)
        return f"{x:.1f},{y:.1f}"

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" font-family="Noto Sans CJK SC, sans-serif" class="yq-map">']
    for feature in data["areas"].get("features", []):
        geometry = shape(feature["geometry"])
        polygons = getattr(geometry, "geoms", [geometry])
        for polygon in polygons:
            if not hasattr(polygon, "exterior"):
                continue
            rings = [polygon.exterior, *polygon.interiors]
            path = " ".join("M" + " L".join(pair(*c[:2]) for c in ring.coords) + " Z" for ring in rings)
            fill = "#f5f5f5" if data.get("schematic") else "#eef3f8"
            dash = ' stroke-dasharray="4 3"' if data.get("schematic") else ""
            parts.append(f'<path d="{path}" fill="{fill}" stroke="#90a4ae" stroke-width="1"{dash}/>')
        name = feature.get("properties", {}).get("name")
        if name:
            anchor = feature["properties"].get("seat") or list(geometry.representative_point().coords[0])
            x, y = xy(*anchor[:2])
            parts.append(f'<text x="{x:.1f}" y="{y - 6:.1f}" font-size="11" fill="#546e7a" '
                         f'text-anchor="middle">{escape(name)}</text>')
    for route in data.get("routes", []):
        if len(route["points"]) > 1:
            line = " ".join(pair(p[0], p[1]) for p in route["points"])
            parts.append(f'<polyline points="{line}" fill="none" stroke="{escape(route["color"])}" '
                         f'stroke-width="2" stroke-opacity="0.8"/>')
    for marker in data.get("markers", []):
        x, y = xy(marker["lon"], marker["lat"])
        if marker["kind"] == "carrier":
            parts.append(f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" '
                         f'fill="{escape(marker["color"])}" stroke="#fff" stroke-width="0.8"/>')
        else:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{escape(marker["color"])}" '
                         f'stroke="#fff" stroke-width="0.8"/>')
    for route in data.get("routes", []):
        for lon, lat, label, *_url in route["points"]:
            if not label:
                continue
            x, y = xy(lon, lat)
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="8" fill="{escape(route["color"])}"/>'
                         f'<text x="{x:.1f}" y="{y + 3.5:.1f}" font-size="10" fill="#fff" '
                         f'text-anchor="middle">{escape(str(label))}</text>')
    if caption:
        parts.append(f'<text x="{margin}" y="{height - 6}" font-size="11" fill="#37474f">{escape(caption)}</text>')
    parts.append("</svg>")
    return "".join(parts)
