"""The measures the region × industry matrix can be built on (the registry's, or an imported table) and the basis
line every analysis page prints for them ("依据：…"); a table flagged illustrative is shown as 示例数据."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from yuanqu.industry.models import RegionIndustryTable

MEASURES = {
    "investment": _("项目计划总投资"),
    "projects": _("项目个数"),
    "enterprises": _("企业个数"),
}
# What a registry measure is, for the basis line: registered records, not statistics.
REGISTRY_BASIS = {
    "investment": _("登记项目计划投资（万元，系统登记数据，非统计数据）"),
    "projects": _("登记项目个数（系统登记数据，非统计数据）"),
    "enterprises": _("登记企业个数（系统登记数据，非统计数据）"),
}
CHAIN_BASIS = _("登记的企业和项目（按行业代码和名称关键词归入环节；系统登记数据，非统计数据）")
TABLE_PREFIX = "table:"
DEFAULT_MEASURE = "investment"


def region_industry_tables():
    """The city's imported tables (city-level reference data every non-rater reads), newest year first."""
    return RegionIndustryTable.objects.all()


def measure_table(measure: str) -> RegionIndustryTable | None:
    """The imported table a measure names ("table:<id>"), None for a registry measure or an unknown table."""
    if not (measure or "").startswith(TABLE_PREFIX):
        return None
    pk = measure[len(TABLE_PREFIX):]
    return RegionIndustryTable.objects.filter(pk=int(pk)).first() if pk.isdigit() else None


def measure_known(measure: str) -> bool:
    return measure in MEASURES or measure_table(measure) is not None


def measure_choices() -> dict[str, str]:
    """key → label of every measure the analysis can run on: the registry's, then the imported tables."""
    choices = {key: str(label) for key, label in MEASURES.items()}
    for table in region_industry_tables():
        label = _("%(name)s（%(year)s年，%(measure)s）") % {
            "name": table.name, "year": table.year, "measure": table.get_measure_display()}
        choices[table.measure_key] = str(label) + (str(_("【示例数据】")) if table.illustrative else "")
    return choices


@dataclass
class Basis:
    """What a result was computed from, as the page states it."""

    measure: str
    text: str  # one sentence, "依据：…"
    table: RegionIndustryTable | None = None

    @property
    def illustrative(self) -> bool:
        return bool(self.table and self.table.illustrative)

    def as_dict(self) -> dict:
        table = self.table
        return {
            "measure": self.measure,
            "text": self.text,
            "illustrative": self.illustrative,
            "table": None if table is None else {
                "id": table.pk, "name": table.name, "year": table.year, "measure": table.measure,
                "source": table.source, "source_url": table.source_url, "basis": table.basis,
            },
        }


def table_basis_text(table: RegionIndustryTable) -> str:
    details = [_("%(year)s年") % {"year": table.year}, str(table.get_measure_display()),
               _("来源：%(source)s") % {"source": table.source}]
    if table.basis:
        details.append(table.basis)
    return str(_("依据：%(name)s（%(details)s）") % {"name": table.name, "details": "，".join(map(str, details))})


def measure_basis(measure: str) -> Basis:
    """The basis line of a result computed on `measure` (a registry measure or "table:<id>")."""
    table = measure_table(measure)
    if table is not None:
        return Basis(measure, table_basis_text(table), table)
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}")
    return Basis(measure, str(_("依据：%(what)s") % {"what": REGISTRY_BASIS[measure]}))


def chain_basis() -> Basis:
    """The basis of chain coverage (缺链、弱链): always the registry's enterprises and projects."""
    return Basis("registry", str(_("产业链覆盖依据：%(what)s") % {"what": CHAIN_BASIS}))
