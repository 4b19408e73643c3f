"""Coordinates: the system the registry stores, conversions on the way in, and the check that a point lies in
the city.

Stored coordinates are CGCS2000 (China's geodetic system, GB/T 2260's maps; within centimetres of WGS-84, so the
two are one system at a city's scale). Coordinates copied from 高德/腾讯 maps are GCJ-02 and from 百度 BD-09:
both are offset by an obfuscation published in many places (no maintained package ships it with a known licence;
`eviltransform` is the reference the tests compare against, to 1e-6 degrees: it takes the WGS-84 radius where
the published algorithm takes Krasovsky's, a centimetre apart). They are converted on import, never stored.

A point must lie in China's extent; once the organiser has uploaded the city's approved boundary
(`Boundary`, with its 审图号), in that boundary. The shipped division list has no geometry, so before an upload
only the national extent is checked (docs/guide/map.md says so).
"""

from __future__ import annotations

import math
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# China's extent (mainland, Hainan, the South China Sea islands' northern part is enough for a city registry)
CHINA = (73.4, 3.8, 135.1, 53.6)  # min_lon, min_lat, max_lon, max_lat

_A = 6378245.0  # Krasovsky 1940 semi-major axis, as the GCJ-02 algorithm uses it
_EE = 0.00669342162296594323
_X_PI = math.pi * 3000.0 / 180.0


class CoordinateSystem(models.TextChoices):
    CGCS2000 = "CGCS2000", gettext_lazy("CGCS2000（国家大地坐标系，与 WGS-84 视为一致）")
    WGS84 = "WGS84", gettext_lazy("WGS-84（卫星定位）")
    GCJ02 = "GCJ02", gettext_lazy("GCJ-02（高德、腾讯地图）")
    BD09 = "BD09", gettext_lazy("BD-09（百度地图）")


SYSTEM_ALIASES = {
    "cgcs2000": CoordinateSystem.CGCS2000, "2000": CoordinateSystem.CGCS2000, "国家2000": CoordinateSystem.CGCS2000,
    "wgs84": CoordinateSystem.WGS84, "wgs-84": CoordinateSystem.WGS84, "gps": CoordinateSystem.WGS84,
    "gcj02": CoordinateSystem.GCJ02, "gcj-02": CoordinateSystem.GCJ02, "高德": CoordinateSystem.GCJ02,
    "腾讯": CoordinateSystem.GCJ02, "火星坐标": CoordinateSystem.GCJ02,
    "bd09": CoordinateSystem.BD09, "bd-09": CoordinateSystem.BD09, "百度": CoordinateSystem.BD09,
}


def parse_system(text: str) -> CoordinateSystem | None:
    """A coordinate system from its code, label or a common name (高德 → GCJ-02); None when unknown. Blank is
    CGCS2000, the stored system."""
    value = (text or "").strip()
    if not value:
        return CoordinateSystem.CGCS2000
    for system in CoordinateSystem:
        if value in (system.value, system.label):
            return system
    return SYSTEM_ALIASES.get(value.lower().replace(" ", "")) or SYSTEM_ALIASES.get(value.lower().split("（")[0])


def _in_china(lat: float, lon: float) -> bool:
    # the bounds the GCJ-02 algorithm itself uses: outside them it leaves coordinates unchanged
    return 0.8293 <= lat <= 55.8271 and 72.004 <= lon <= 137.8347


def _gcj_delta(lat: float, lon: float) -> tuple[float, float]:
    x, y = lon - 105.0, lat - 35.0
    d_lat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    d_lat += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    d_lat += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    d_lat += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    d_lon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    d_lon += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    d_lon += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    d_lon += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    rad_lat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad_lat) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lon = (d_lon * 180.0) / (_A / sqrt_magic * math.cos(rad_lat) * math.pi)
    return d_lat, d_lon


def wgs84_to_gcj02(lat: float, lon: float) -> tuple[float, float]:
    if not _in_china(lat, lon):
        return lat, lon
    d_lat, d_lon = _gcj_delta(lat, lon)
    return lat + d_lat, lon + d_lon


def gcj02_to_wgs84(lat: float, lon: float) -> tuple[float, float]:
    """The exact inverse, by fixed-point iteration to 1e-9 degrees (about 0.1 mm)."""
    if not _in_china(lat, lon):
        return lat, lon
    wgs_lat, wgs_lon = lat, lon
    for _step in range(30):
        gcj_lat, gcj_lon = wgs84_to_gcj02(wgs_lat, wgs_lon)
        error_lat, error_lon = gcj_lat - lat, gcj_lon - lon
        if abs(error_lat) < 1e-10 and abs(error_lon) < 1e-10:
            break
        wgs_lat, wgs_lon = wgs_lat - error_lat, wgs_lon - error_lon
    return wgs_lat, wgs_lon


def bd09_to_gcj02(lat: float, lon: float) -> tuple[float, float]:
    x, y = lon - 0.0065, lat - 0.006
    z = math.sqrt(x * x + y * y) - 0.00002 * math.sin(y * _X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _X_PI)
    return z * math.sin(theta), z * math.cos(theta)


def to_stored(lat, lon, system: str) -> tuple[Decimal, Decimal]:
    """(lat, lon) in `system` → the stored CGCS2000/WGS-84 pair, rounded to 6 decimals (about 0.1 m)."""
    lat, lon = float(lat), float(lon)
    if system == CoordinateSystem.BD09:
        lat, lon = bd09_to_gcj02(lat, lon)
        system = CoordinateSystem.GCJ02
    if system == CoordinateSystem.GCJ02:
        lat, lon = gcj02_to_wgs84(lat, lon)
    return Decimal(f"{lat:.6f}"), Decimal(f"{lon:.6f}")


def _in_extent(lat: float, lon: float) -> bool:
    min_lon, min_lat, max_lon, max_lat = CHINA
    return min_lat <= lat <= max_lat and min_lon <= lon <= max_lon


def point_problem(lat, lon) -> str | None:
    """Why a stored (lat, lon) cannot be in this city, or None. Both blank is fine (no position yet)."""
    if lat is None and lon is None:
        return None
    if lat is None or lon is None:
        return _("纬度和经度应同时填写。")
    lat, lon = float(lat), float(lon)
    if not (_in_extent(lat, lon)):
        if _in_extent(lon, lat):
            return _("坐标（纬度 %(lat)s，经度 %(lon)s）不在中国境内，看来是把经纬度填反了。") % {
                "lat": lat, "lon": lon}
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            return _("坐标超出范围：纬度应在 -90 至 90 之间，经度应在 -180 至 180 之间。")
        return _("坐标（纬度 %(lat)s，经度 %(lon)s）不在中国境内。") % {"lat": lat, "lon": lon}
    from yuanqu.places.models import Boundary

    boundary = Boundary.current()
    if boundary is not None and not boundary.covers(lat, lon):
        return _("坐标（纬度 %(lat)s，经度 %(lon)s）不在本市边界（%(boundary)s）内。") % {
            "lat": lat, "lon": lon, "boundary": boundary.title}
    return None
