"""Import of peer indicator values (区域对标数据) from .xlsx/.csv: all or nothing, upserted by
(region, year, indicator), with the projects app's importer (reader, cell parsers, sheet/row/column problems,
one transaction, one ObjectChange per created or changed row; an unchanged row writes nothing).

Regions must already be peer regions (地区代码, or an unambiguous 地区名称 with or without “市”).
Indicators are matched by key or name; an unknown indicator is created when the row gives its 单位 (unit) and
refused otherwise; a known indicator with a different unit is refused (values would not be comparable).
"""

import re

from django.utils.translation import gettext as _

from yuanqu.core import audit
from yuanqu.peers.models import YEAR_MAX, YEAR_MIN, Indicator, IndicatorValue, PeerRegion
from yuanqu.projects.excel import cells
from yuanqu.projects.excel.columns import Spec
from yuanqu.projects.excel.importer import BaseImporter, ImportResult, Pending, Progress
from yuanqu.projects.excel.reader import FileProblem, normalise_header, open_sheet

SHEET = "对标数据"
KIND = "peers"


def _field(name):
    return lambda obj: getattr(obj, name)


SPECS: list[Spec] = [
    Spec("region_code", "地区代码", _("6位行政区划代码；与“地区名称”至少填一个"), lambda v: v.region.code),
    Spec("region_name", "地区名称", _("如 盐城市 或 盐城"), lambda v: v.region.name),
    Spec("year", "年份*", _("如 2024"), _field("year")),
    Spec("indicator", "指标*", _("指标名称或代码"), lambda v: v.indicator.name),
    Spec("value", "数值*", _("数字，可为负数（如增速）"), _field("value")),
    Spec("unit", "单位", _("新指标必填；已有指标须与其单位一致"), lambda v: v.indicator.unit),
    Spec("source", "来源", _("如 2024年统计公报"), _field("source")),
]
HEADERS = [s.header for s in SPECS]
# Other spellings accepted in row 1 (normalised as by `normalise_header`), mapped to a spec's header.
ALIASES = {
    "region": "地区名称",  # a name or a 6-digit code: both columns accept either
    "region_code": "地区代码",
    "code": "地区代码",
    "region_name": "地区名称",
    "地区": "地区名称",
    "城市": "地区名称",
    "year": "年份*",
    "年度": "年份*",
    "indicator": "指标*",
    "指标名称": "指标*",
    "value": "数值*",
    "值": "数值*",
    "unit": "单位",
    "source": "来源",
}
CODE = re.compile(r"^\d{6}$")


class PeerValueImporter(BaseImporter):
    kind = KIND
    specs = SPECS
    model = IndicatorValue

    def map_headers(self) -> bool:
        aliases = {normalise_header(k).lower(): v for k, v in ALIASES.items()}
        self.sheet.headers = [aliases.get(normalise_header(h).lower(), h) for h in self.sheet.headers]
        ok = super().map_headers()
        if "region_code" not in self.letters and "region_name" not in self.letters:
            self.result.problems.append(
                cells.ImportProblem(self.sheet.name, 1, "", "地区代码", _("缺少“地区代码”或“地区名称”列。"))
            )
            return False
        return ok

    def prepare(self) -> None:
        self.regions_by_code = {r.code: r for r in PeerRegion.objects.all()}
        self.regions_by_name: dict[str, list[PeerRegion]] = {}
        for region in self.regions_by_code.values():
            for name in {region.name, region.short_name}:
                self.regions_by_name.setdefault(name, []).append(region)
        self.indicators: dict[str, Indicator] = {}
        for indicator in Indicator.objects.all():
            self.indicators[indicator.key] = indicator
            self.indicators[indicator.name] = indicator
        self.new_indicators: dict[str, tuple[int, Indicator]] = {}  # name -> (first row, unsaved indicator)
        self.existing = {(v.region_id, v.year, v.indicator_id): v for v in IndicatorValue.objects.all()}
        self.seen: dict[tuple, int] = {}

    def parse(self, spec: Spec, raw):
        if spec.key == "year":
            value = cells.decimal(raw, places=0, max_digits=4, minimum=YEAR_MIN, maximum=YEAR_MAX)
            return None if value is None else int(value)
        if spec.key == "value":
            return cells.decimal(raw, places=4, max_digits=18)
        if spec.key == "source":
            return cells.text(raw, max_length=200)
        if spec.key == "unit":
            return cells.text(raw, max_length=20)
        return cells.text(raw, max_length=50)

    def _region(self, row: int, values: dict) -> PeerRegion | None:
        found = {}
        for key in ("region_code", "region_name"):
            text = values.get(key) or ""
            if not text:
                continue
            if CODE.match(text):
                region = self.regions_by_code.get(text)
                if region is None:
                    self.problem(row, key, _("未知的地区代码“%(code)s”：不在对标地区中。") % {"code": text})
                    return None
            else:
                matches = self.regions_by_name.get(text, [])
                if len(matches) > 1:
                    self.problem(row, key, _("有多个名为“%(name)s”的地区，请填写地区代码。") % {"name": text})
                    return None
                if not matches:
                    self.problem(row, key, _("未知的地区“%(name)s”：不在对标地区中。") % {"name": text[:30]})
                    return None
                region = matches[0]
            found[key] = region
        if not found:
            self.problem(row, "region_code" if "region_code" in self.letters else "region_name", _("必填，不能为空。"))
            return None
        if len(found) == 2 and found["region_code"] != found["region_name"]:
            self.problem(
                row,
                "region_name",
                _("地区名称与地区代码不一致：代码%(code)s是“%(name)s”。")
                % {"code": found["region_code"].code, "name": found["region_code"].name},
            )
            return None
        return next(iter(found.values()))

    def _indicator(self, row: int, values: dict) -> Indicator | None:
        name, unit = values["indicator"], values.get("unit") or ""
        indicator = self.indicators.get(name)
        if indicator is None and name in self.new_indicators:
            indicator = self.new_indicators[name][1]
        if indicator is None:
            if not unit:
                self.problem(row, "indicator", _("未知的指标“%(name)s”：新指标须同时填写单位。") % {"name": name})
                return None
            indicator = Indicator(key=name, name=name, unit=unit, higher_is_better=True)
            self.new_indicators[name] = (row, indicator)
            return indicator
        if unit and unit != indicator.unit:
            self.problem(
                row,
                "unit",
                _("单位“%(unit)s”与指标“%(name)s”的单位“%(expected)s”不一致。")
                % {"unit": unit, "name": indicator.name, "expected": indicator.unit or "—"},
            )
            return None
        return indicator

    def validate_row(self, row: int, values: dict, cells_ok: bool) -> Pending | None:
        region = self._region(row, values)
        indicator = self._indicator(row, values) if values.get("indicator") else None
        year, value = values.get("year"), values.get("value")
        if region is None or indicator is None or year is None or value is None or not cells_ok:
            return None
        key = (region.pk, year, indicator.name)
        if key in self.seen:
            self.problem(
                row, "indicator", _("与第%(row)d行重复：同一地区、年份、指标只能有一行。") % {"row": self.seen[key]}
            )
            return None
        self.seen[key] = row
        record = self.existing.get((region.pk, year, indicator.pk)) if indicator.pk else None
        before = audit.snapshot(record) if record else None
        record = record or IndicatorValue(region=region, year=year, indicator=indicator)
        record.value = value
        record.illustrative = False  # imported figures are real statistics
        if "source" in self.letters:
            record.source = values.get("source") or ""
        return Pending(row=row, instance=record, before=before)

    def write(self, changed: list[Pending]) -> None:
        created = [indicator for _row, indicator in self.new_indicators.values()]
        if created:
            Indicator.objects.bulk_create(created)
            self.bulk_audit([Pending(row=row, instance=i, before=None) for row, i in self.new_indicators.values()])
            for item in changed:  # bulk_create set the pks: copy them to the values' foreign keys
                item.instance.indicator = item.instance.indicator
        self.bulk_save(IndicatorValue, changed, ["value", "source", "illustrative"])


def peer_values_import(
    *, user, data: bytes, filename: str, dry_run: bool = False, progress: Progress | None = None
) -> ImportResult:
    """Import peer indicator values as `user` (the organiser): nothing is written if any row has a problem."""
    try:
        sheet = open_sheet(data, filename, preferred_sheet=SHEET)
    except FileProblem as exc:
        return ImportResult(kind=KIND, problems=[exc.problem], dry_run=dry_run)
    if not getattr(user, "is_organiser", False):
        return ImportResult(
            kind=KIND,
            problems=[cells.ImportProblem(sheet.name, None, "", "", _("只有市项目办（组织者）可以导入对标数据。"))],
            dry_run=dry_run,
        )
    return PeerValueImporter(user=user, sheet=sheet, progress=progress).run(dry_run=dry_run)
