"""The base every 一张图 drawing stands on: the city's uploaded boundary, or else the schematic (示意图).

The schematic cuts the city's frame into one cell per district around its seat (`Region.seat_latitude`); a
district with no seat recorded stands at the mean position of its projects; one with neither is left out and
named. It is never called a map and every page and PDF that shows it says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Avg, Max, Min
from django.utils.translation import gettext as _

from yuanqu.core import mapping
from yuanqu.places.models import Boundary, Carrier, Region, RegionLevel, current_regions_q
from yuanqu.projects.models import Project

DISTRICT_LEVELS = (RegionLevel.DISTRICT, RegionLevel.COUNTY, RegionLevel.ZONE)


@dataclass
class Base:
    areas: dict  # GeoJSON FeatureCollection
    schematic: bool
    caption: str  # 审图号 and source of the boundary, or the schematic's warning
    unplaced: list[str] = field(default_factory=list)  # districts with neither a seat nor a positioned project

    def payload(self, **layers) -> dict:
        return mapping.payload(areas=self.areas, schematic=self.schematic, caption=self.caption,
                               unplaced=self.unplaced, **layers)


def base() -> Base:
    boundary = Boundary.current()
    if boundary is not None:
        return Base(boundary.geojson, False, boundary.caption)
    districts = list(Region.objects.filter(current_regions_q(), level__in=DISTRICT_LEVELS).order_by("code"))
    centroids = {
        row["region_id"]: (float(row["lon"]), float(row["lat"]))
        for row in Project.objects.filter(latitude__isnull=False, longitude__isnull=False)
        .values("region_id").annotate(lat=Avg("latitude"), lon=Avg("longitude"))
    }
    seats, unplaced = {}, []
    for region in districts:
        if region.seat_latitude is not None and region.seat_longitude is not None:
            seats[region.name] = (float(region.seat_longitude), float(region.seat_latitude))
        elif region.pk in centroids:
            seats[region.name] = centroids[region.pk]
        else:
            unplaced.append(region.name)
    # the frame holds every seat and every positioned record, so nothing drawn on the schematic falls outside it
    corners = list(seats.values())
    for model in (Project, Carrier):
        box = model.objects.aggregate(a=Min("longitude"), b=Min("latitude"), c=Max("longitude"), d=Max("latitude"))
        if box["a"] is not None:
            corners += [(float(box["a"]), float(box["b"])), (float(box["c"]), float(box["d"]))]
    frame = mapping.padded_extent(corners) if corners else None
    return Base(mapping.seat_cells(seats, frame), True, schematic_caption(), unplaced)


def schematic_caption() -> str:
    return _("示意图：按各区县驻地位置划分的示意单元，不是地图，不表示行政区域界线；上传审定边界后显示边界。")
