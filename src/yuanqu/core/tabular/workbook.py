"""Excel output of list pages and reports (every app): a styled sheet with Chinese headers, a frozen header
row and sensible widths."""

import io
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell_value(value):
    if value is None:
        return None
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return value
    return str(value)


def table_workbook(title: str, headers: list[str], rows: list[list]) -> bytes:
    """An .xlsx with one sheet: `headers` in bold on a frozen first row, then `rows`."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31] or "Sheet1"
    sheet.append([str(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        sheet.append([_cell_value(v) for v in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # user text is never written as a formula (spreadsheet injection)
    for index, header in enumerate(headers, start=1):
        width = max([len(str(header)) * 2] + [len(str(r[index - 1] or "")) * 1.6 for r in rows[:200]])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 8), 50)
        for row in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            if hasattr(row[0].value, "year"):
                row[0].number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_MIME)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}.xlsx"
    return response


def table_workbook_response(title: str, headers: list[str], rows: list[list]) -> HttpResponse:
    return xlsx_response(title, table_workbook(title, headers, rows))
