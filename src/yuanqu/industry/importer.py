"""Import of per-mu efficiency figures (亩均效益数据) from .xlsx/.csv: all or nothing, upserted by enterprise
(统一社会信用代码) and year, declared on `yuanqu.core.tabular` (row/column messages, one transaction, audit)."""

from functools import partial
from operator import attrgetter

from django.utils.translation import gettext as _

from yuanqu.core import audit
from yuanqu.core.tabular import BaseImporter, ImportResult, Pending, Progress, Spec, cells, import_file
from yuanqu.industry.models import EfficiencyRecord
from yuanqu.places import scoping as region_scoping
from yuanqu.projects.models import Enterprise

SHEET = "亩均效益"
FIGURES = EfficiencyRecord.FIGURE_FIELDS
FIGURE = partial(cells.decimal, places=2, max_digits=14, minimum=0)
SIGNED_FIGURE = partial(cells.decimal, places=2, max_digits=14)  # tax and value added: refunds, losses


def _figure(key: str, header: str, note, parse=FIGURE) -> Spec:
    return Spec(key, header, note, attrgetter(key), parse=parse)


SPECS: list[Spec] = [
    Spec(
        "credit_code",
        "统一社会信用代码*",
        _("18位，企业须已在企业库中登记"),
        attrgetter("enterprise.credit_code"),
        parse=lambda raw: cells.text(raw, max_length=18).upper(),
    ),
    Spec("enterprise_name", "企业名称", _("仅供核对：须与企业库中的名称一致"), attrgetter("enterprise.name")),
    Spec(
        "year",
        "年度*",
        _("如 2024"),
        attrgetter("year"),
        parse=partial(cells.integer, max_digits=4, minimum=2000, maximum=2100),
    ),
    _figure("land_mu", "用地面积（亩）*", _("1亩≈666.67 m²")),
    _figure("tax", "实缴税金（万元）*", _("万元"), SIGNED_FIGURE),
    _figure("sales", "营业收入（万元）", _("万元")),
    _figure("value_added", "工业增加值（万元）", _("万元"), SIGNED_FIGURE),
    _figure("energy_tce", "综合能耗（吨标准煤）", _("吨标准煤")),
    _figure("rd_expense", "研发经费（万元）", _("万元")),
    _figure("employees", "年平均职工人数", _("人")),
    _figure("pollutant_kg", "主要污染物排放当量（千克）", _("千克")),
]
HEADERS = [s.header for s in SPECS]


class EfficiencyImporter(BaseImporter):
    kind = "efficiency"
    sheet_name = SHEET
    specs = SPECS

    def prepare(self) -> None:
        self.enterprises = {e.credit_code: e for e in Enterprise.objects.select_related("region")}
        self.existing = {(r.enterprise_id, r.year): r for r in EfficiencyRecord.objects.all()}
        self.seen: dict[tuple, int] = {}

    def validate_row(self, row: int, values: dict, cells_ok: bool) -> Pending | None:
        if "credit_code" not in values:
            return None
        enterprise = self.enterprises.get(values["credit_code"])
        if enterprise is None:
            self.problem(
                row,
                "credit_code",
                _("企业库中没有统一社会信用代码为“%(code)s”的企业，请先登记企业。") % {"code": values["credit_code"]},
            )
            return None
        if not region_scoping.can_write_region(self.user, enterprise.region):
            self.problem(row, "credit_code", _("无权导入该企业的数据：它不在您负责的区县范围内。"))
            return None
        name = values.get("enterprise_name")
        if name and name != enterprise.name:
            self.problem(
                row, "enterprise_name", _("企业名称与企业库不一致：企业库中为“%(name)s”。") % {"name": enterprise.name}
            )
        if not cells_ok or "year" not in values:
            return None
        key = (enterprise.pk, values["year"])
        if key in self.seen:
            self.problem(row, "year", _("与第%(row)d行重复：同一企业同一年度只能有一行。") % {"row": self.seen[key]})
            return None
        self.seen[key] = row
        record = self.existing.get(key)
        before = audit.snapshot(record) if record else None
        record = record or EfficiencyRecord(enterprise=enterprise, year=values["year"])
        for name in FIGURES:
            if name in values:
                setattr(record, name, values[name])
        return Pending(row=row, instance=record, before=before)

    def check_all(self, pending: list[Pending]) -> None:
        from yuanqu.industry.grading import indicator_values

        for item in pending:  # the grading rules refuse what no indicator can use; say so with the row
            try:
                indicator_values(item.instance.figures())
            except ValueError as exc:
                self.problem(item.row, None, str(exc))

    def write(self, changed: list[Pending]) -> None:
        self.bulk_save(EfficiencyRecord, changed, list(FIGURES))


def efficiency_import(
    *, user, data: bytes, filename: str, dry_run: bool = False, progress: Progress | None = None
) -> tuple[ImportResult, list[EfficiencyRecord]]:
    """Import per-mu figures for `user`: nothing is written if any row has a problem. Returns the result and
    the validated records (saved unless `dry_run`), so a caller can grade them."""
    result = import_file(
        EfficiencyImporter, user=user, data=data, filename=filename, dry_run=dry_run, progress=progress
    )
    return result, result.records
