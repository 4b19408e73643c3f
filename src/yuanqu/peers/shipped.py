"""What ships with every installation: the peer group 长三角中心区27城 (data/yrd27.csv: names, provinces and GB/T 2260
codes) and its real, sourced figures (data/yrd27_figures.csv: each read in an official statistical bulletin or a
mainstream paper quoting it, and checked against a second source; see docs/guide/peer-figures.md).

Read by the data migrations (with historical models) and by `load` (current models: the demo, and databases
flushed after loading, e.g. transactional tests). Pure reading here; no Django import.
"""

import csv
import datetime
from decimal import Decimal
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "yrd27.csv"
FIGURES = DATA.with_name("yrd27_figures.csv")
UNCONFIRMED = DATA.with_name("yrd27_unconfirmed.csv")  # one source only: reported in the docs, never loaded
GROUP = "长三角中心区27城"
DESCRIPTION = "《长江三角洲区域一体化发展规划纲要》（2019）确定的中心区27个城市：上海，江苏9市，浙江9市，安徽8市。"
# The indicators the shipped figures use: key, name, unit, higher is better (the demo uses the same keys).
INDICATORS = [
    ("gdp", "地区生产总值", "亿元", True),
    ("industry_va_growth", "规上工业增加值增速", "%", True),
    ("industry_va", "规上工业增加值", "亿元", True),
    ("population", "常住人口", "万人", True),
]
FIGURE_FIELDS = [
    "code", "name", "year", "indicator", "value", "unit", "basis", "published", "source", "source_url", "check_url"
]


def _read(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV file whose lines starting with # are comments."""
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def rows() -> list[dict[str, str]]:
    """[{"code", "name", "province"}] in file order."""
    return _read(DATA)


def figures(path: Path = FIGURES) -> list[dict[str, str]]:
    """The shipped figures as text, in file order (columns: FIGURE_FIELDS)."""
    return _read(path)


def load(region_model, group_model, indicator_model=None, value_model=None):
    """Create or update the 27 regions and the group (idempotent); with the indicator and value models, load the
    shipped figures too (`load_figures`). Returns the group."""
    regions = [
        region_model.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "province": row["province"]}
        )[0]
        for row in rows()
    ]
    group, _created = group_model.objects.update_or_create(name=GROUP, defaults={"description": DESCRIPTION})
    group.members.add(*regions)
    if indicator_model is not None and value_model is not None:
        load_figures(region_model, indicator_model, value_model)
    return group


def indicators(indicator_model) -> dict:
    """The shipped indicators by key: an existing one found by key, else by name (a city may have imported
    地区生产总值 before this release), else created; an existing one keeps its key, name and unit."""
    out = {}
    for key, name, unit, higher in INDICATORS:
        found = indicator_model.objects.filter(key=key).first() or indicator_model.objects.filter(name=name).first()
        out[key] = found or indicator_model.objects.create(key=key, name=name, unit=unit, higher_is_better=higher)
    return out


def load_figures(region_model, indicator_model, value_model) -> dict:
    """Load the shipped figures (idempotent). A cell (region, year, indicator) without a value gets the figure; an
    illustrative (demo) value is replaced by it; a real value already there (a city's own import, or the figure
    shipped before) is kept: the city's figures win. Returns {"created", "replaced", "kept"}."""
    by_key = indicators(indicator_model)
    regions = {r.code: r for r in region_model.objects.all()}
    counts = {"created": 0, "replaced": 0, "kept": 0}
    for row in figures():
        region, indicator = regions.get(row["code"]), by_key[row["indicator"]]
        if region is None or indicator.unit != row["unit"]:
            # the region was deleted by its users, or they gave the indicator another unit: values in different
            # units would not be comparable, so the figure is left out rather than converted
            continue
        fields = {
            "value": Decimal(row["value"]),
            "source": row["source"],
            "source_url": row["source_url"],
            "check_url": row["check_url"],
            "basis": row["basis"],
            "published": datetime.date.fromisoformat(row["published"]),
            "illustrative": False,
        }
        existing = value_model.objects.filter(region=region, year=int(row["year"]), indicator=indicator).first()
        if existing is None:
            value_model.objects.create(region=region, year=int(row["year"]), indicator=indicator, **fields)
            counts["created"] += 1
        elif existing.illustrative:
            for name, value in fields.items():
                setattr(existing, name, value)
            existing.save()
            counts["replaced"] += 1
        else:
            counts["kept"] += 1
    return counts
