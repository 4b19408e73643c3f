"""Blank import templates: Chinese headers, a grey notes row, drop-downs for coded columns."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from yuanqu.core.tabular.reader import NOTES_MARK

LISTS_SHEET = "选项"
DATA_ROWS = 5000  # drop-downs cover this many data rows


def template_workbook(importer) -> bytes:
    """The .xlsx template of an importer class: its sheet named `importer.sheet_name`, one column per spec (required
    headers in red), the grey notes row the importer skips, and a drop-down wherever a spec offers values."""
    sheet_name, specs = importer.sheet_name, importer.specs
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
        values = spec.drop_down()
        if values is not None:
            add_list(list_column, spec.header.rstrip("*"), values, index)
            list_column += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
