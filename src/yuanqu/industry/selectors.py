"""Reads of the industry app: the region × industry matrix, leading industries, chain coverage, targets,
carrier offers and per-mu grades. The maths is in the pure modules (metrics, chains, targets, grading,
matching); this module only gathers their input from the registry or from an imported table, and says which
(`measure_basis`: every page that shows a result prints it).

City-wide aggregates (the matrix, coverage counts, grade distributions) are read by every non-rater role;
anything naming an enterprise or a project goes through `access.restrict`.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from yuanqu.core import access
from yuanqu.industry import chains as chain_maths
from yuanqu.industry import grading, metrics
from yuanqu.industry.matching import CarrierOffer
from yuanqu.industry.measures import (  # noqa: F401 (the pages and the API take the measures from here)
    DEFAULT_MEASURE,
    MEASURES,
    Basis,
    chain_basis,
    measure_basis,
    measure_choices,
    measure_known,
    measure_table,
    region_industry_tables,
)
from yuanqu.industry.models import Chain, EfficiencyRecord, GradingScheme, RegionIndustryFigure
from yuanqu.industry.targets import rank_targets
from yuanqu.places.models import Carrier, CarrierConstruction, CarrierStatus, Industry, Park, Region, RegionLevel
from yuanqu.projects.models import Enterprise, Project

DISTRICT_LEVELS = (RegionLevel.DISTRICT, RegionLevel.COUNTY)


def districts():
    return Region.objects.filter(level__in=DISTRICT_LEVELS).order_by("code")


def find_district(value: str) -> Region | None:
    """A district or county by its 6-digit code or its name."""
    value = (value or "").strip()
    return districts().filter(code=value).first() or districts().filter(name=value).first()


def division_of(code: str | None) -> str | None:
    """The GB/T 4754 division (2 digits) of a code: "34" → "34", "C3411"/"3411" → "34"; a section → None."""
    digits = (code or "").strip().upper().lstrip("ABCDEFGHIJKLMNOPQRST")
    return digits[:2] if len(digits) >= 2 and digits[:2].isdigit() else None


def industry_names() -> dict[str, str]:
    return dict(Industry.objects.values_list("code", "name"))


@dataclass
class Matrix:
    regions: list[Region]
    codes: list[str]  # division codes, the columns
    values: np.ndarray  # regions × codes, in the measure's unit (万元 or counts)
    measure: str


def region_industry_matrix(measure: str = DEFAULT_MEASURE, extra_codes=()) -> Matrix:
    """Districts × GB/T 4754 divisions: from the registry (projects' planned investment in 万元, project counts
    or enterprise counts) or, for "table:<id>", from that imported table's cells in its unit (a cell without a
    value, suppressed or missing, is NaN; a district or division the table lacks is 0). `extra_codes` adds
    (zero) columns, e.g. the codes of chain nodes nobody has yet."""
    table = measure_table(measure)
    if table is None and measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)} or table:<id> of an imported table")
    regions = list(districts())
    cells: dict[tuple[int, str], float] = defaultdict(float)
    if table is not None:
        figures = RegionIndustryFigure.objects.filter(table=table).values_list("region_id", "industry_code", "value")
        for region_id, division, value in figures:
            cells[(region_id, division)] = np.nan if value is None else float(value)
    else:
        if measure == "enterprises":
            rows = Enterprise.objects.values("region_id", "industry__code").annotate(v=Count("pk"))
        elif measure == "projects":
            rows = Project.objects.values("region_id", "industry__code").annotate(v=Count("pk"))
        else:
            rows = Project.objects.values("region_id", "industry__code").annotate(v=Sum("total_investment"))
        for row in rows:
            division = division_of(row["industry__code"])
            if division:
                cells[(row["region_id"], division)] += float(row["v"] or 0)
    codes = sorted({d for _r, d in cells} | {d for d in map(division_of, extra_codes) if d})
    index = {r.pk: i for i, r in enumerate(regions)}
    column = {c: j for j, c in enumerate(codes)}
    values = np.zeros((len(regions), len(codes)))
    for (region_id, division), v in cells.items():
        if region_id in index:
            values[index[region_id], column[division]] += v
    return Matrix(regions, codes, values, measure)


def table_grid(table) -> dict:
    """An imported table as the page shows it: its divisions (columns, with names) and one row per district it
    has, the value of each cell (None: suppressed or missing; "" for a cell the file did not have)."""
    figures = list(RegionIndustryFigure.objects.filter(table=table).select_related("region"))
    codes = sorted({f.industry_code for f in figures})
    regions = sorted({f.region for f in figures}, key=lambda r: r.code)
    cells = {(f.region_id, f.industry_code): f.value for f in figures}
    names = industry_names()
    return {
        "columns": [{"code": c, "name": names.get(c, "")} for c in codes],
        "rows": [{"region": r, "values": [cells.get((r.pk, c), "") for c in codes]} for r in regions],
        "count": len(figures),
        "blank": sum(1 for f in figures if f.value is None),
    }


def designated_industries() -> dict[int, set[str]]:
    """region id → divisions designated as leading (主导产业): the union of its parks' leading industries."""
    result: dict[int, set[str]] = defaultdict(set)
    for region_id, code in Park.objects.values_list("region_id", "leading_industries__code"):
        division = division_of(code)
        if division:
            result[region_id].add(division)
    return result


def leading_industries(*, measure: str = DEFAULT_MEASURE, top: int = 3) -> list[dict]:
    """Per district: its top divisions by location quotient (LQ ≥ 1, largest first) and their shares, beside
    the designated ones; `mismatches` lists designated industries without specialisation (LQ < 1) and
    specialisations that are not designated."""
    matrix = region_industry_matrix(measure)
    names = industry_names()
    lq = metrics.location_quotient(matrix.values) if matrix.codes else np.zeros((len(matrix.regions), 0))
    share = metrics.shares(matrix.values) if matrix.codes else lq
    designated = designated_industries()
    result = []
    for i, region in enumerate(matrix.regions):

        def entry(code: str, i=i) -> dict:
            j = matrix.codes.index(code) if code in matrix.codes else None
            lq_value = None if j is None or np.isnan(lq[i, j]) else float(lq[i, j])
            share_value = None if j is None or np.isnan(share[i, j]) else float(share[i, j])
            return {"code": code, "name": names.get(code, code), "lq": lq_value, "share": share_value}

        order = [j for j in np.argsort(-np.nan_to_num(lq[i]), kind="stable") if np.nan_to_num(lq[i, j]) >= 1]
        top_codes = [matrix.codes[j] for j in order[:top]]
        own = sorted(designated.get(region.pk, set()))
        top_entries = [{**entry(c), "designated": c in own} for c in top_codes]
        designated_entries = [{**entry(c), "specialised": (entry(c)["lq"] or 0) >= 1} for c in own]
        mismatches = [
            str(_("主导产业“%(name)s”尚未形成集聚（区位商 %(lq)s）"))
            % {"name": e["name"], "lq": "—" if e["lq"] is None else f"{e['lq']:.2f}"}
            for e in designated_entries
            if not e["specialised"]
        ] + [
            str(_("“%(name)s”已形成优势（区位商 %(lq).2f），但未列为主导产业")) % {"name": e["name"], "lq": e["lq"]}
            for e in top_entries
            if not e["designated"]
        ]
        total = float(np.nansum(matrix.values[i]))  # suppressed cells (NaN) count as 0, as in the metrics
        result.append(
            {
                "region": region,
                "total": total,
                "top": top_entries,
                "designated": designated_entries,
                "mismatches": mismatches,
            }
        )
    return result


# ----------------------------------------------------------------------------- chains


def _items(region: Region) -> list[chain_maths.Item]:
    items = [
        chain_maths.Item(f"enterprise:{pk}", name, code)
        for pk, name, code in Enterprise.objects.filter(region=region).values_list("pk", "name", "industry__code")
    ]
    items += [
        chain_maths.Item(f"project:{pk}", name, code)
        for pk, name, code in Project.objects.filter(region=region).values_list("pk", "name", "industry__code")
    ]
    return items


def _visible_keys(user, region: Region) -> set[str]:
    enterprises = access.restrict(Enterprise.objects.filter(region=region), user).values_list("pk", flat=True)
    projects = access.restrict(Project.objects.filter(region=region), user).values_list("pk", flat=True)
    return {f"enterprise:{pk}" for pk in enterprises} | {f"project:{pk}" for pk in projects}


def chain_coverage(*, chain: Chain, region: Region, user=None, weak_threshold: int = 1) -> dict:
    """The chain's nodes for one district: status (missing/weak/covered), item count, the placed items the
    user may see (others are counted, not named), and the edges parent → child."""
    nodes = list(chain.nodes.prefetch_related("parents"))
    specs = [chain_maths.NodeSpec(str(n.pk), n.name, tuple(n.code_list), tuple(n.keyword_list)) for n in nodes]
    placed = chain_maths.place(_items(region), specs)
    status = chain_maths.coverage(placed, weak_threshold)
    visible = _visible_keys(user, region) if user is not None else set()
    out_nodes = []
    for node in nodes:
        placements = placed[str(node.pk)]
        keys = {p.item.key for p in placements}
        shown = [
            {"name": p.item.name, "kind": p.item.key.split(":")[0], "reason": p.reason}
            for p in placements
            if p.item.key in visible
        ]
        out_nodes.append(
            {
                "id": node.pk,
                "name": node.name,
                "stage": node.stage,
                "stage_label": str(node.get_stage_display()),
                "codes": node.code_list,
                "orientation": node.orientation,
                "status": status[str(node.pk)],
                "status_label": chain_maths.STATUS_LABELS[status[str(node.pk)]],
                "count": len(keys),
                "items": shown,
                "hidden": len(keys - visible),
            }
        )
    edges = [{"source": p.pk, "target": n.pk} for n in nodes for p in n.parents.all()]
    gaps = [n for n in out_nodes if n["status"] != chain_maths.COVERED]
    return {"chain": chain, "region": region, "nodes": out_nodes, "edges": edges, "gaps": gaps}


def chain_gaps_by_code(region: Region, weak_threshold: int = 1) -> tuple[dict[str, list[str]], dict[str, str]]:
    """division → names (“链·环节”) of the district's missing or weak chain links it would fill, and
    division → the orientation of the first such link."""
    gaps: dict[str, list[str]] = defaultdict(list)
    orientation: dict[str, str] = {}
    for chain in Chain.objects.all():
        for node in chain_coverage(chain=chain, region=region, weak_threshold=weak_threshold)["gaps"]:
            for code in node["codes"]:
                division = division_of(code)
                if division:
                    gaps[division].append(f"{chain.name}·{node['name']}（{node['status_label']}）")
                    if node["orientation"]:
                        orientation.setdefault(division, node["orientation"])
    return dict(gaps), orientation


def _common_orientations() -> dict[str, str]:
    """division → the orientation most projects of that division have, city-wide."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for code, orientation in Project.objects.exclude(orientation="").values_list("industry__code", "orientation"):
        division = division_of(code)
        if division:
            counts[division][orientation] += 1
    return {d: c.most_common(1)[0][0] for d, c in counts.items()}


def targets_for_region(*, region: Region, measure: str = DEFAULT_MEASURE, limit: int | None = 20, threshold=1.0):
    """Ranked target industries (targets.Target) for the district, and the names of the codes."""
    gaps, gap_orientation = chain_gaps_by_code(region)
    matrix = region_industry_matrix(measure, extra_codes=gaps.keys())
    names = industry_names()
    if not matrix.codes:  # nothing registered and no chains: nothing to recommend
        return [], names
    i = next(k for k, r in enumerate(matrix.regions) if r.pk == region.pk)
    rel = metrics.relatedness(matrix.values, threshold=threshold)
    orientations = {**_common_orientations(), **gap_orientation}
    orientations = {c: o for c, o in orientations.items() if c in matrix.codes}
    present = rel.m[i].astype(bool)
    targets = rank_targets(
        matrix.codes,
        rel.density[i],
        present,
        rel.phi,
        m_row=rel.m[i],
        chain_gaps={c: g for c, g in gaps.items() if c in matrix.codes},
        orientations=orientations,
        names={c: names.get(c, c) for c in matrix.codes},
        limit=limit,
    )
    return targets, names


# ----------------------------------------------------------------------------- carriers


def carrier_offers(*, user) -> list[CarrierOffer]:
    """The carriers the user may see, as the matcher wants them (free area in m², park leading industries)."""
    carriers = access.restrict(Carrier.objects.select_related("park", "park__region"), user).prefetch_related(
        "park__leading_industries"
    )
    offers = []
    for c in carriers:
        waiting = c.construction != CarrierConstruction.COMPLETED
        offers.append(
            CarrierOffer(
                carrier_id=str(c.pk),
                name=c.name,
                floor_area_m2=float(c.floor_area or 0),
                occupied_m2=float(c.occupied_area or 0),
                park_industries=[i.code for i in c.park.leading_industries.all()],
                available_from=c.completion_date if waiting else None,
                kind=c.kind,
                accepting=c.status != CarrierStatus.FULL,
                park=f"{c.park.region.name}·{c.park.name}",
            )
        )
    return offers


# ----------------------------------------------------------------------------- per-mu grades


def efficiency_records(*, user, year: int | None = None):
    records = access.restrict(EfficiencyRecord.objects.select_related("enterprise", "enterprise__region"), user)
    return records.filter(year=year) if year else records


def efficiency_years() -> list[int]:
    return sorted(set(EfficiencyRecord.objects.values_list("year", flat=True)), reverse=True)


def grading_scheme_active() -> GradingScheme | None:
    """The version in force; None on a database where nothing was saved yet (the defaults apply)."""
    return GradingScheme.objects.filter(active=True).first()


def grading_scheme(version: int | None = None) -> GradingScheme | None:
    """Version `version` (None: the active one). City-level settings every non-rater reads."""
    if version is None:
        return grading_scheme_active()
    return GradingScheme.objects.filter(version=version).first()


def grading_scheme_asked(value: str | None) -> GradingScheme | None:
    """The version a page or the API was asked for with ?scheme=N (empty: the active one; None while nothing was
    saved). Raises GradingScheme.DoesNotExist for a version that is not there (a page answers 404, the API 400)."""
    if not value:
        return grading_scheme_active()
    scheme = grading_scheme(int(value)) if value.isdigit() else None
    if scheme is None:
        raise GradingScheme.DoesNotExist(value)
    return scheme


def grading_schemes():
    return GradingScheme.objects.select_related("created_by")


def rules_of(stored: GradingScheme | None) -> grading.GradingRules:
    return stored.rules() if stored is not None else grading.DEFAULT_RULES


def graded(records, scheme: GradingScheme | None = None) -> list[tuple[EfficiencyRecord, object]]:
    """(record, grading.GradeResult) pairs graded with `scheme` (a stored version; default: the active one, or
    the built-in defaults when none was saved)."""
    records = list(records)
    parameters = rules_of(scheme if scheme is not None else grading_scheme_active())
    return list(zip(records, parameters.grade([r.figures() for r in records]), strict=True))


GRADE_KEYS = ("A", "B", "C", "D", None)


def grade_distribution(*, year: int, scheme: GradingScheme | None = None) -> list[dict]:
    """City-wide counts of A/B/C/D/not graded per district for `year` (an aggregate: every reader sees it)."""
    records = EfficiencyRecord.objects.filter(year=year).select_related("enterprise__region")
    counts: dict[int, Counter] = defaultdict(Counter)
    regions = {}
    for record, result in graded(records, scheme):
        region = record.enterprise.region
        regions[region.pk] = region
        counts[region.pk][result.grade] += 1
    return [
        {"region": regions[pk].name, "counts": [counts[pk][g] for g in GRADE_KEYS]}
        for pk in sorted(regions, key=lambda pk: regions[pk].code)
    ]
