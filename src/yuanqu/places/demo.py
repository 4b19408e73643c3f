"""Demo registry: 盐城市, its nine county-level divisions (GB/T 2260), parks, carriers and the demo users.

Real place and park names; people are fictional. Loading twice changes nothing (update_or_create by natural key).
"""

import datetime
import random
from decimal import Decimal

from yuanqu.core.models import Role, User
from yuanqu.places.models import (
    Carrier,
    CarrierConstruction,
    CarrierKind,
    CarrierStatus,
    Industry,
    Park,
    ParkLevel,
    Region,
    RegionLevel,
)

DEMO_PASSWORD = "yuanqu-demo"

# code, name, level, group, (lat, lon) of the district seat
DISTRICTS = [
    ("320902", "亭湖区", RegionLevel.DISTRICT, "市区", (33.390, 120.165)),
    ("320903", "盐都区", RegionLevel.DISTRICT, "市区", (33.338, 120.153)),
    ("320904", "大丰区", RegionLevel.DISTRICT, "市区", (33.200, 120.466)),
    ("320921", "响水县", RegionLevel.COUNTY, "县（市）", (34.199, 119.578)),
    ("320922", "滨海县", RegionLevel.COUNTY, "县（市）", (33.990, 119.821)),
    ("320923", "阜宁县", RegionLevel.COUNTY, "县（市）", (33.759, 119.802)),
    ("320924", "射阳县", RegionLevel.COUNTY, "县（市）", (33.775, 120.258)),
    ("320925", "建湖县", RegionLevel.COUNTY, "县（市）", (33.464, 119.798)),
    ("320981", "东台市", RegionLevel.COUNTY, "县（市）", (32.852, 120.320)),
]

# region code, park, level, leading industry divisions (GB/T 4754)
PARKS = [
    ("320902", "盐城环保科技城", ParkLevel.PROVINCIAL, ["77", "35", "42"]),
    ("320902", "亭湖经济开发区", ParkLevel.PROVINCIAL, ["34", "37", "38"]),
    ("320903", "盐城高新技术产业开发区", ParkLevel.PROVINCIAL, ["39", "38", "36"]),
    ("320903", "盐都经济开发区", ParkLevel.MUNICIPAL, ["34", "33"]),
    ("320904", "大丰经济开发区", ParkLevel.PROVINCIAL, ["38", "34", "36"]),
    ("320904", "大丰港经济开发区", ParkLevel.PROVINCIAL, ["44", "26", "55"]),
    ("320921", "响水经济开发区", ParkLevel.PROVINCIAL, ["31", "17", "38"]),
    ("320922", "滨海经济开发区", ParkLevel.PROVINCIAL, ["33", "35", "17"]),
    ("320923", "阜宁经济开发区", ParkLevel.PROVINCIAL, ["30", "38", "14"]),
    ("320924", "射阳经济开发区", ParkLevel.PROVINCIAL, ["38", "17", "34"]),
    ("320925", "建湖高新技术产业开发区", ParkLevel.PROVINCIAL, ["34", "25", "38"]),
    ("320981", "东台经济开发区", ParkLevel.PROVINCIAL, ["39", "38", "36"]),
]

CARRIER_NAMES = {
    CarrierKind.STANDARD_FACTORY: ["一期标准厂房", "二期标准厂房", "三期标准厂房"],
    CarrierKind.INCUBATOR: ["科技创业孵化器"],
    CarrierKind.ACCELERATOR: ["中小企业加速器"],
    CarrierKind.INNOVATION_CENTRE: ["产业创新中心"],
    CarrierKind.INDUSTRIAL_BUILDING: ["智造大厦"],
    CarrierKind.LAND_PLOT: ["工业用地储备地块"],
}

USERS = [
    ("city_admin", "市项目办", "管理员", Role.ORGANISER, [], "盐城市发展和改革委员会"),
    ("tinghu_reporter", "亭湖区", "填报员", Role.REPORTER, ["320902"], "亭湖区发展和改革委员会"),
    ("yandu_reporter", "盐都区", "填报员", Role.REPORTER, ["320903"], "盐都区发展和改革委员会"),
    ("viewer", "领导", "查看", Role.VIEWER, [], "盐城市人民政府办公室"),
    ("investment", "招商局", "分析员", Role.INVESTMENT, [], "盐城市商务局（投资促进局）"),
]


def logins() -> list[str]:
    """What `yuanqu demo` prints: the demo accounts and their password."""
    lines = ["演示账号 (demo logins), 密码 password: " + DEMO_PASSWORD]
    lines += [f"  {username:<16} {role.label:<12} {unit}" for username, _first, _last, role, _codes, unit in USERS]
    return lines


def district_coordinates() -> dict[str, tuple[float, float]]:
    return {code: latlon for code, _n, _l, _g, latlon in DISTRICTS}


def _degrees(value, offset: float = 0.0) -> Decimal:
    return Decimal(f"{float(value) + offset:.6f}")


def load() -> dict:
    rng = random.Random(2019)
    province, _ = Region.objects.update_or_create(
        code="320000", defaults={"name": "江苏省", "level": RegionLevel.PROVINCE}
    )
    city, _ = Region.objects.update_or_create(
        code="320900", defaults={"name": "盐城市", "level": RegionLevel.CITY, "parent": province}
    )
    regions = {}
    for code, name, level, group, (lat, lon) in DISTRICTS:
        regions[code], _ = Region.objects.update_or_create(
            code=code, defaults={"name": name, "level": level, "parent": city, "group": group,
                                 "seat_latitude": _degrees(lat), "seat_longitude": _degrees(lon)}
        )
    # positions of parks and carriers near their district's seat, from their own generator so that adding them
    # left every other demo figure as it was
    spot = random.Random(2026)
    carriers = 0
    for code, name, level, industries in PARKS:
        park, _ = Park.objects.update_or_create(
            region=regions[code],
            name=name,
            defaults={
                "level": level,
                "planned_area_km2": Decimal(rng.randrange(800, 6000)) / 100,
                "description": f"{regions[code].name}重点产业园区。",
                "latitude": _degrees(regions[code].seat_latitude, spot.uniform(-0.04, 0.04)),
                "longitude": _degrees(regions[code].seat_longitude, spot.uniform(-0.04, 0.04)),
            },
        )
        park.leading_industries.set(Industry.objects.filter(code__in=industries))
        kinds = [
            CarrierKind.STANDARD_FACTORY,
            CarrierKind.STANDARD_FACTORY,
            CarrierKind.LAND_PLOT,
            rng.choice(
                [
                    CarrierKind.INCUBATOR,
                    CarrierKind.ACCELERATOR,
                    CarrierKind.INNOVATION_CENTRE,
                    CarrierKind.INDUSTRIAL_BUILDING,
                ]
            ),
        ]
        used: set[str] = set()
        for kind in kinds:
            carrier_name = next(n for n in CARRIER_NAMES[kind] if n not in used)
            used.add(carrier_name)
            floor = Decimal(rng.randrange(8, 120) * 1000)
            status = rng.choice(list(CarrierStatus))  # the occupied area and construction below give this status
            share = {CarrierStatus.FULL: 1, CarrierStatus.PARTLY_OCCUPIED: rng.uniform(0.2, 0.9)}.get(status, 0)
            building = status in (CarrierStatus.PLANNED, CarrierStatus.UNDER_CONSTRUCTION)
            Carrier.objects.update_or_create(
                park=park,
                name=f"{name}{carrier_name}",
                defaults={
                    "kind": kind,
                    "floor_area": floor,
                    "occupied_area": (floor * Decimal(share)).quantize(Decimal(1)),
                    "construction": status if building else CarrierConstruction.COMPLETED,
                    "completion_date": datetime.date(2018 + rng.randrange(0, 8), rng.randrange(1, 13), 1),
                    "address": f"{regions[code].name}{name}内",
                    "latitude": _degrees(park.latitude, spot.uniform(-0.01, 0.01)),
                    "longitude": _degrees(park.longitude, spot.uniform(-0.01, 0.01)),
                },
            )
            carriers += 1
    for username, first, last, role, codes, unit in USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "role": role,
                "unit": unit,
                "is_staff": role == Role.ORGANISER,
                "is_superuser": role == Role.ORGANISER,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.regions.set([regions[c] for c in codes])
    return {"regions": len(regions) + 2, "parks": len(PARKS), "carriers": carriers, "users": len(USERS)}
