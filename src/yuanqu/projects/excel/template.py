"""Blank import templates: Chinese headers, a grey notes row, drop-downs for coded columns."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from yuanqu.core.i18n import data_labels
from yuanqu.places.models import Industry, Region, RegionLevel
from yuanqu.projects.excel.columns import SPECS
from yuanqu.projects.excel.reader import NOTES_MARK

LISTS_SHEET = "选项"
DATA_ROWS = 5000  # drop-downs cover this many data rows


def template_workbook(kind: str) -> bytes:
    """The .xlsx template for `kind` ("projects" or "reports")."""
    sheet_name, specs = SPECS[kind]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name
    lists = workbook.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    sheet.append([spec.header for spec in specs])
    sheet.append([(NOTES_MARK if index == 0 else "") + str(spec.note) for index, spec in enumerate(specs)])
    for index, spec in enumerate(specs, start=1):
        head, note = sheet.cell(1, index), sheet.cell(2, index)
        head.font = Font(bold=True, color="B71C1C" if spec.required else "000000")
        head.fill = PatternFill("solid", fgColor="DDEBF7")
        head.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        note.font = Font(italic=True, color="808080", size=9)
        note.fill = PatternFill("solid", fgColor="F2F2F2")
        note.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(len(spec.header) * 2 + 2, 30))
    sheet.row_dimensions[2].height = 45
    sheet.freeze_panes = "A3"

    def add_list(list_column: int, title: str, values: list[str], target_column: int) -> None:
        lists.cell(1, list_column, title)
        for row, value in enumerate(values, start=2):
            lists.cell(row, list_column, value)
        if not values:
            return
        letter = get_column_letter(list_column)
        formula = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
        validation = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True)
        validation.errorTitle = "输入有误"
        validation.error = f"请从下拉列表中选择{title}。"
        sheet.add_data_validation(validation)
        target = get_column_letter(target_column)
        validation.add(f"{target}3:{target}{DATA_ROWS + 2}")

    list_column = 1
    for index, spec in enumerate(specs, start=1):
        values = None
        if spec.choices is not None:
            values = [label for _value, label in data_labels(spec.choices)]
        elif spec.key == "region":
            regions = Region.objects.filter(level__in=[RegionLevel.DISTRICT, RegionLevel.COUNTY]).order_by("code")
            values = [r.name for r in regions]
        elif spec.key == "industry":
            values = list(Industry.objects.filter(code__regex=r"^\d{2}$").values_list("code", flat=True))
        if values is not None:
            add_list(list_column, spec.header.rstrip("*"), values, index)
            list_column += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
