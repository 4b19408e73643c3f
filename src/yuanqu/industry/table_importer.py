"""Import of a region × industry table's cells (区域产业数据) from .xlsx/.csv into one `RegionIndustryTable`:
all or nothing, upserted by (district, division), declared on `yuanqu.core.tabular` (reader, cell parsers,
row/column problems, one transaction, one ObjectChange per created or changed cell).

Two layouts, told apart by row 1:

* wide (宽表, what a yearbook table looks like): a 区县代码 and/or 区县名称 column, then one column per industry,
  headed by its GB/T 4754 code ("34", "C34", "34 通用设备制造业") or its exact name ("通用设备制造业");
* long (长表): columns 区县代码/区县名称, 行业代码 and 数值, one cell per row.

Cells are stored at division level (大类, 2 digits). A finer code (中类 3 digits, 小类 4 digits) is rolled up: the
division's value is the sum of its filled parts, blank when every part is blank; a sheet that gives a division
and also a part of it is refused (it would count twice). Blank, “…”, “-”, “—”, “*” and “x” are suppressed or
missing figures, stored without a value (the metrics read NaN). Yearbook totals (合计, 总计, 小计, 全市) are
skipped, as rows and as columns. Districts are the city's 区/县, by code or by name.
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from yuanqu.core import access, audit
from yuanqu.core.tabular import (
    BaseImporter,
    CellError,
    ImportProblem,
    ImportResult,
    Pending,
    Progress,
    Spec,
    cells,
    import_file,
)
from yuanqu.core.tabular.reader import normalise_header
from yuanqu.industry.codes import normalise_industry_code
from yuanqu.industry.models import RegionIndustryFigure, RegionIndustryTable
from yuanqu.places.models import Industry, Region, RegionLevel

SHEET = "区域产业数据"
KIND = "region_industry_figures"
SUPPRESSED = {"…", "……", "...", "-", "--", "—", "——", "–", "*", "x", "X", "×"}
TOTALS = {"合计", "总计", "小计", "全市", "全市合计", "总计（全市）"}
INDUSTRY_HEADER = re.compile(r"^([A-Ta-t]?)(\d{2,4})(?!\d)\s*(.*)$")
DISTRICT_TEXT = partial(cells.text, max_length=50)
NUMBER = partial(cells.decimal, places=4, max_digits=18, minimum=0)
# template: the divisions of industrial statistics (采矿业 06–12, 制造业 13–43, 电力热力燃气及水 44–46)
TEMPLATE_DIVISIONS = [f"{d:02d}" for d in range(6, 47)]


def figure_value(raw) -> Decimal | None:
    """A cell's value: a number ≥ 0, or None for a blank or suppressed figure (…, -, *)."""
    if isinstance(raw, str) and raw.strip() in SUPPRESSED:
        return None
    return NUMBER(raw)


REGION_SPECS = [
    Spec("region_code", "区县代码", _("6位行政区划代码；与“区县名称”至少填一个"), parse=DISTRICT_TEXT,
         aliases=("region_code", "地区代码", "行政区划代码", "代码")),
    Spec("region_name", "区县名称", _("如 亭湖区"), parse=DISTRICT_TEXT,
         aliases=("region", "region_name", "区县", "地区", "地区名称", "区域")),
]
LONG_SPECS = [
    *REGION_SPECS,
    Spec("industry", "行业代码*", _("GB/T 4754 代码，如 34 或 C3411（中类、小类合计到大类）"),
         parse=partial(cells.text, max_length=100), aliases=("industry", "行业", "行业名称", "行业大类")),
    Spec("value", "数值", _("按数据表的指标和单位；空白、…、- 为缺失或不公开"), parse=figure_value,
         aliases=("value", "值", "数据")),
]


@dataclass
class IndustryColumn:
    """An industry column of a wide sheet."""

    division: str
    code: str  # as normalised, e.g. "C3411"; its digits tell whether it is a part of the division
    letter: str


class RegionIndustryFigureImporter(BaseImporter):
    kind = KIND
    sheet_name = SHEET
    specs = LONG_SPECS  # the long layout's; a wide sheet's industry columns are declared from its row 1

    def __init__(self, *, table: RegionIndustryTable, **kwargs):
        super().__init__(**kwargs)
        self.table = table
        self.wide = False
        self.industry_columns: dict[str, IndustryColumn] = {}  # spec key -> column

    def refusal(self) -> str | None:
        if not access.allows(self.user, "reference.change"):
            return _("只有市项目办（组织者）可以导入区域产业数据表。")
        return None

    # --- row 1

    def map_headers(self) -> bool:
        keys = {normalise_header(h).lower() for h in self.sheet.headers if h}

        def has(spec: Spec) -> bool:
            return any(normalise_header(h).lower() in keys for h in (spec.header, *spec.aliases))

        self.wide = not (has(LONG_SPECS[2]) and has(LONG_SPECS[3]))  # long: an industry and a value column
        if not self.wide:
            ok = super().map_headers()
        else:
            ok = self._map_wide_headers()
        if "region_code" not in self.letters and "region_name" not in self.letters:
            self.missing_column("区县代码", _("缺少“区县代码”或“区县名称”列。"))
            return False
        return ok and not self.result.problems

    def _map_wide_headers(self) -> bool:
        by_header = {normalise_header(h).lower(): s for s in REGION_SPECS for h in (s.header, *s.aliases)}
        names = self._industry_names()
        divisions: dict[str, list[tuple[str, str]]] = {}  # division -> [(code, letter)]
        for index, header in enumerate(self.sheet.headers):
            letter = get_column_letter(index + 1)
            if not header:
                continue
            spec = by_header.get(normalise_header(header).lower())
            if spec is not None:
                if spec.key in self.letters:
                    self.problem_at(1, letter, header, _("列标题重复。"))
                else:
                    self.columns[index] = spec
                    self.letters[spec.key] = (letter, spec.header)
                continue
            if normalise_header(header) in TOTALS:  # a yearbook's total column: the metrics compute totals themselves
                self.columns[index] = Spec(f"total:{index}", header, "", parse=lambda raw: None)
                continue
            try:
                code = self._industry_code(header, names)
            except ValueError as exc:
                self.problem_at(1, letter, header, str(exc))
                continue
            division = code[1:3]
            for other_code, other_letter in divisions.get(division, []):
                if other_code == code:
                    self.problem_at(1, letter, header, _("与列 %(col)s 的行业相同。") % {"col": other_letter})
                    break
                if len(other_code) == 3 or len(code) == 3:  # one of them is the whole division
                    self.problem_at(
                        1, letter, header,
                        _("与列 %(col)s 重复计算：大类与其中类、小类不能同时导入。") % {"col": other_letter},
                    )
                    break
            divisions.setdefault(division, []).append((code, letter))
            key = f"industry:{index}"
            self.columns[index] = Spec(key, header, "", parse=figure_value)
            self.letters[key] = (letter, header)
            self.industry_columns[key] = IndustryColumn(division, code, letter)
        if not self.industry_columns and not self.result.problems:
            self.missing_column("", _("没有行业列：第1行应为区县代码或名称，其后每列一个行业（如 34 或 C34）。"))
        return not self.result.problems

    def problem_at(self, row: int, letter: str, header: str, message: str) -> None:
        self.result.problems.append(ImportProblem(self.sheet.name, row, letter, header, str(message)))

    @staticmethod
    def _industry_names() -> dict[str, str]:
        return {normalise_header(name): code for code, name in Industry.objects.values_list("code", "name")}

    @staticmethod
    def _industry_code(text: str, names: dict[str, str]) -> str:
        """"34" / "C34" / "3411 金属工具制造" / "通用设备制造业" → the normalised code ("C34", "C3411")."""
        text = str(text).strip()
        match = INDUSTRY_HEADER.match(text)
        if match:
            return normalise_industry_code(match.group(1) + match.group(2))
        code = names.get(normalise_header(text))
        if code is None:
            raise ValueError(
                _("无法识别的行业“%(text)s”：请以 GB/T 4754 行业代码开头（如 34 或 C34），或使用标准的行业名称。")
                % {"text": text[:30]}
            )
        code = normalise_industry_code(code)
        if len(code) < 3:
            raise ValueError(_("“%(text)s”是门类，请按大类（两位代码）分列。") % {"text": text[:30]})
        return code

    # --- rows

    def prepare(self) -> None:
        self.districts = list(Region.objects.filter(level__in=(RegionLevel.DISTRICT, RegionLevel.COUNTY)))
        self.by_code = {r.code: r for r in self.districts}
        self.by_name = {r.name: r for r in self.districts}
        self.existing = {(f.region_id, f.industry_code): f for f in self.table.figures.all()} if self.table.pk else {}
        self.names = self._industry_names()
        self.seen_rows: dict[int, int] = {}  # wide: region id -> first row
        self.long_cells: dict[tuple[int, str], tuple[Pending, str]] = {}  # long: (region, division) -> cell, code
        self.long_seen: dict[tuple[int, str], int] = {}  # long: (region, code) -> row

    def _district(self, row: int, values: dict) -> Region | None:
        found = {}
        for key, lookup in (("region_code", self.by_code), ("region_name", self.by_name)):
            text = values.get(key) or ""
            if not text:
                continue
            region = lookup.get(text) or self.by_code.get(text) or self.by_name.get(text)
            if region is None:
                self.problem(row, key, _("本市没有区县“%(text)s”（按代码或名称）。") % {"text": text[:30]})
                return None
            found[key] = region
        if not found:
            key = "region_code" if "region_code" in self.letters else "region_name"
            self.problem(row, key, _("必填，不能为空。"))
            return None
        if len(found) == 2 and found["region_code"] != found["region_name"]:
            region = found["region_code"]
            self.problem(row, "region_name", _("区县名称与代码不一致：代码%(code)s是“%(name)s”。")
                         % {"code": region.code, "name": region.name})
            return None
        return next(iter(found.values()))

    @staticmethod
    def _is_total(values: dict) -> bool:
        return any(normalise_header(values.get(k) or "") in TOTALS for k in ("region_code", "region_name"))

    def _cell(self, region: Region, division: str, value: Decimal | None) -> Pending:
        figure = self.existing.get((region.pk, division))
        before = audit.snapshot(figure) if figure else None
        figure = figure or RegionIndustryFigure(table=self.table, region=region, industry_code=division)
        figure.value = value
        return Pending(row=0, instance=figure, before=before)

    def validate_row(self, row: int, values: dict, cells_ok: bool):
        if self._is_total(values):
            return None
        region = self._district(row, values)
        if region is None:
            return None
        if self.wide:
            return self._wide_row(row, region, values, cells_ok)
        return self._long_row(row, region, values, cells_ok)

    def _wide_row(self, row: int, region: Region, values: dict, cells_ok: bool) -> list[Pending] | None:
        if region.pk in self.seen_rows:
            key = "region_code" if "region_code" in self.letters else "region_name"
            self.problem(row, key, _("与第%(row)d行是同一区县。") % {"row": self.seen_rows[region.pk]})
            return None
        self.seen_rows[region.pk] = row
        if not cells_ok:
            return None
        sums: dict[str, Decimal | None] = {}
        for key, column in self.industry_columns.items():
            value = values.get(key)
            previous = sums.get(column.division)
            sums[column.division] = previous if value is None else (previous or 0) + value
        items = [self._cell(region, division, value) for division, value in sums.items()]
        for item in items:
            item.row = row
        return items

    def _long_row(self, row: int, region: Region, values: dict, cells_ok: bool) -> Pending | None:
        if not cells_ok or not values.get("industry"):
            return None
        try:
            code = self._industry_code(values["industry"], self.names)
        except (ValueError, CellError) as exc:
            self.problem(row, "industry", str(exc))
            return None
        division = code[1:3]
        if (region.pk, code) in self.long_seen:
            self.problem(row, "industry", _("与第%(row)d行重复：同一区县、同一行业只能有一行。")
                         % {"row": self.long_seen[(region.pk, code)]})
            return None
        self.long_seen[(region.pk, code)] = row
        value = values.get("value")
        earlier = self.long_cells.get((region.pk, division))
        if earlier is None:
            item = self._cell(region, division, value)
            item.row = row
            self.long_cells[(region.pk, division)] = (item, code)
            return item
        item, first_code = earlier
        if len(first_code) == 3 or len(code) == 3:
            self.problem(row, "industry", _("与第%(row)d行重复计算：大类与其中类、小类不能同时导入。")
                         % {"row": item.row})
            return None
        if value is not None:  # another part of the division: roll up
            item.instance.value = (item.instance.value or 0) + value
        return None

    def write(self, changed: list[Pending]) -> None:
        self.bulk_save(RegionIndustryFigure, changed, ["value"])


def region_industry_figures_import(
    *, user, table: RegionIndustryTable, data: bytes, filename: str, dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import the cells of `table` as `user` (the organiser): nothing is written if any cell has a problem."""
    return import_file(RegionIndustryFigureImporter, user=user, data=data, filename=filename, dry_run=dry_run,
                       progress=progress, table=table)


def template_workbook() -> bytes:
    """The wide template: the city's districts as rows (code, name), the industrial divisions as columns."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from yuanqu.core.tabular.reader import NOTES_MARK

    names = dict(Industry.objects.filter(code__in=TEMPLATE_DIVISIONS).values_list("code", "name"))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(["区县代码", "区县名称", *[f"{c} {names[c]}" if c in names else c for c in TEMPLATE_DIVISIONS]])
    note = _("每行一个区县，每列一个行业（列标题以行业代码开头，可增删列，中类、小类合计到大类）；"
             "数值按数据表的指标和单位；空白、…、- 为缺失或不公开")
    sheet.append([NOTES_MARK + str(note)])
    districts = Region.objects.filter(level__in=(RegionLevel.DISTRICT, RegionLevel.COUNTY)).order_by("code")
    for region in districts:
        sheet.append([region.code, region.name])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    sheet[2][0].font = Font(italic=True, color="808080", size=9)
    sheet.freeze_panes = "C3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
