"""Reads for the newsroom: registry matches for extracted names, and the user's reports."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from yuanqu.core import access
from yuanqu.newsroom.models import NewsReport
from yuanqu.places.models import Region, RegionLevel
from yuanqu.projects.models import Project

#: Below this WRatio a project is not offered as a match at all.
MIN_PROJECT_SCORE = 50


def project_candidates(name: str, *, user, limit: int = 3) -> list[tuple[Project, float]]:
    """The registry projects most like ``name`` (rapidfuzz WRatio, 0–100), best first, at most ``limit``.

    Only projects ``user`` may read are considered; none below :data:`MIN_PROJECT_SCORE`.
    """
    projects = {p.pk: p for p in access.restrict(Project.objects.select_related("region"), user, access.VIEW)}
    if not name.strip() or not projects:
        return []
    names = {pk: p.name for pk, p in projects.items()}
    found = process.extract(name, names, scorer=fuzz.WRatio, limit=limit, score_cutoff=MIN_PROJECT_SCORE)
    return [(projects[pk], round(score, 1)) for _name, score, pk in found]


def districts() -> list[Region]:
    """Regions a meeting can visit or an attendee can come from: districts and counties, then the rest."""
    local = (RegionLevel.DISTRICT, RegionLevel.COUNTY)
    return sorted(Region.objects.all(), key=lambda r: (r.level not in local, r.code))


def region_match(text: str, regions: list[Region]) -> Region | None:
    """The region whose name ``text`` mentions (``亭湖区区长`` -> 亭湖区; ``亭湖`` matches too), else a close
    fuzzy match (partial ratio ≥ 85) of the whole name, else None."""
    if not text:
        return None
    for region in sorted(regions, key=lambda r: -len(r.name)):
        short = region.name[:-1] if len(region.name) > 2 and region.name[-1] in "区县市" else region.name
        if region.name in text or (len(short) >= 2 and short in text):
            return region
    best = process.extractOne(text, {r.pk: r.name for r in regions}, scorer=fuzz.partial_ratio, score_cutoff=85)
    return next(r for r in regions if r.pk == best[2]) if best else None


def news_reports(*, user):
    return access.restrict(NewsReport.objects.select_related("meeting", "created_by"), user, access.VIEW)
