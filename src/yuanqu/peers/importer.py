"""Import of peer indicator values (区域对标数据) from .xlsx/.csv: all or nothing, upserted by
(region, year, indicator), declared on `yuanqu.core.tabular` (reader, cell parsers, sheet/row/column problems,
one transaction, one ObjectChange per created or changed row; an unchanged row writes nothing).

Regions must already be peer regions (地区代码, or an unambiguous 地区名称 with or without “市”).
Indicators are matched by key or name; an unknown indicator is created when the row gives its 单位 (unit) and
refused otherwise; a known indicator with a different unit is refused (values would not be comparable).

Every imported value is a real figure: it names its publication (来源), the page it was read on (来源网址), the
publication date (发布日期) and its basis (口径: 初步核算 / 最终核实 / 经济普查修订 / 其他); a row without 来源网址 or
口径 is refused in that column (the model's rule). A row for a cell that already has a value (a shipped figure, a demo
value or an earlier import) overwrites it, value and provenance together, and the change log keeps what was there.
"""

import re
from functools import partial
from operator import attrgetter

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from yuanqu.core import access, audit
from yuanqu.core.tabular import BaseImporter, ImportResult, Pending, Progress, Spec, cells, import_file
from yuanqu.peers.models import YEAR_MAX, YEAR_MIN, FigureBasis, Indicator, IndicatorValue, PeerRegion

SHEET = "对标数据"
KIND = "peers"
SHORT_TEXT = partial(cells.text, max_length=50)
YEAR = partial(cells.integer, max_digits=4, minimum=YEAR_MIN, maximum=YEAR_MAX)
VALUE = partial(cells.decimal, places=4, max_digits=18)
URL = partial(cells.text, max_length=500)  # the model's URLField checks the form


def _basis_label(value: IndicatorValue) -> str:
    return value.get_basis_display() if value.basis else ""


# key, header, template note, export path, parser, other headers accepted in row 1 (compared as by
# `normalise_header`, any case; "region" is a name or a 6-digit code: both columns accept either)
COLUMNS = [
    ("region_code", "地区代码", _("6位行政区划代码；与“地区名称”至少填一个"), "region.code", SHORT_TEXT, ("code",)),
    ("region_name", "地区名称", _("如 盐城市 或 盐城"), "region.name", SHORT_TEXT, ("region", "地区", "城市")),
    ("year", "年份*", _("如 2024"), "year", YEAR, ("年度",)),
    ("indicator", "指标*", _("指标名称或代码"), "indicator.name", SHORT_TEXT, ("指标名称",)),
    ("value", "数值*", _("数字，可为负数（如增速）"), "value", VALUE, ("值",)),
    ("unit", "单位", _("新指标必填；已有指标须与其单位一致"), "indicator.unit", partial(cells.text, max_length=20), ()),
    ("source", "来源", _("发布物名称，如 上海市2024年国民经济和社会发展统计公报"), "source",
     partial(cells.text, max_length=200), ("来源名称",)),
    ("source_url", "来源网址", _("读到该数值的网页地址（http:// 或 https://）；必填"), "source_url", URL, ("网址",)),
    ("published", "发布日期", _("发布物的发布日期，如 2025-03-20"), "published", cells.date, ()),
    ("basis", "口径", _("初步核算、最终核实、经济普查修订或其他；必填"), "basis", None, ("basis",)),
    ("check_url", "核对来源网址", _("与来源一致的第二个来源（可选）"), "check_url", URL, ()),
]
SPECS: list[Spec] = [
    Spec(
        key,
        header,
        note,
        attrgetter(path) if key != "basis" else _basis_label,
        parse=parse,
        choices=FigureBasis if key == "basis" else None,
        aliases=(key, *aliases),
    )
    for key, header, note, path, parse, aliases in COLUMNS
]
PROVENANCE = ["source", "source_url", "published", "basis", "check_url"]
HEADERS = [s.header for s in SPECS]
CODE = re.compile(r"^\d{6}$")


class PeerValueImporter(BaseImporter):
    kind = KIND
    sheet_name = SHEET
    specs = SPECS

    def refusal(self) -> str | None:
        if not access.allows(self.user, "reference.change"):
            return _("只有市项目办（组织者）可以导入对标数据。")
        return None

    def map_headers(self) -> bool:
        ok = super().map_headers()
        if "region_code" not in self.letters and "region_name" not in self.letters:
            self.missing_column("地区代码", _("缺少“地区代码”或“地区名称”列。"))
            return False
        for key, header in (("source_url", "来源网址"), ("basis", "口径")):  # every real figure says where it is from
            if key not in self.letters:
                self.missing_column(header, _("缺少“%(h)s”列：每个真实数值须注明来源网址和口径。") % {"h": header})
                ok = False
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
        for key in PROVENANCE:  # the row's provenance replaces the cell's, all of it (a missing column is empty)
            setattr(record, key, values.get(key) or (None if key == "published" else ""))
        try:
            record.clean_fields(exclude=["region", "indicator", "value", "year"])
            record.clean()
        except ValidationError as exc:
            self.validation_problems(row, exc)
            return None
        return Pending(row=row, instance=record, before=before)

    def write(self, changed: list[Pending]) -> None:
        created = [indicator for _row, indicator in self.new_indicators.values()]
        if created:
            Indicator.objects.bulk_create(created)
            self.bulk_audit([Pending(row=row, instance=i, before=None) for row, i in self.new_indicators.values()])
            for item in changed:  # bulk_create set the pks: copy them to the values' foreign keys
                item.instance.indicator = item.instance.indicator
        self.bulk_save(IndicatorValue, changed, ["value", "illustrative", *PROVENANCE])


def peer_values_import(
    *, user, data: bytes, filename: str, dry_run: bool = False, progress: Progress | None = None
) -> ImportResult:
    """Import peer indicator values as `user` (the organiser): nothing is written if any row has a problem."""
    return import_file(PeerValueImporter, user=user, data=data, filename=filename, dry_run=dry_run, progress=progress)
