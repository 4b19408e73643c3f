"""Read an uploaded .xlsx or .csv into a header row and data rows, without trusting the file.

A file that is not what its name says, an empty sheet or an undecodable CSV becomes an ImportProblem with a
Chinese message, never a traceback.
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from yuanqu.core.tabular.problems import FileProblem, ImportProblem

NOTES_MARK = "【填写说明】"  # the template's grey notes row starts with this; the importer skips that row
MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass
class Sheet:
    name: str
    headers: list[str]
    rows: Iterator[tuple[int, list]]  # (row number as Excel shows it, raw cell values)
    total: int | None = None  # number of rows if known (for progress bars)
    close: list = field(default_factory=list)


def _problem(sheet: str, message: str) -> FileProblem:
    return FileProblem(ImportProblem(sheet=sheet, row=None, column="", header="", message=message))


def open_sheet(data: bytes, filename: str, *, preferred_sheet: str) -> Sheet:
    """The sheet to import: `preferred_sheet` if the workbook has it, else the first visible one."""
    lower = (filename or "").lower()
    if len(data) > MAX_FILE_BYTES:
        raise _problem(filename, _("文件过大：最多50 MB。"))
    if not data:
        raise _problem(filename, _("文件是空的。"))
    if lower.endswith(".csv"):
        return _csv_sheet(data, filename)
    if lower.endswith(".xlsx") or lower.endswith(".xlsm"):
        return _xlsx_sheet(data, filename, preferred_sheet)
    if lower.endswith(".xls"):
        raise _problem(filename, _("不支持旧版 .xls 文件：请在 Excel 中“另存为” .xlsx 后再导入。"))
    raise _problem(filename, _("只能导入 .xlsx 或 .csv 文件。"))


def _xlsx_sheet(data: bytes, filename: str, preferred: str) -> Sheet:
    from openpyxl import load_workbook

    not_xlsx = _(
        "文件“%(name)s”不是有效的 .xlsx 文件（可能是改了扩展名的其他文件或已损坏），请用 Excel 打开后另存为 .xlsx。"
    )
    if not data.startswith(b"PK\x03\x04"):
        raise _problem(filename, not_xlsx % {"name": filename})
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        raise _problem(filename, not_xlsx % {"name": filename}) from exc
    except Exception as exc:  # openpyxl raises assorted errors on malformed parts; all mean "not a workbook"
        raise _problem(filename, not_xlsx % {"name": filename}) from exc
    if preferred in workbook.sheetnames:
        sheet = workbook[preferred]
    else:
        visible = [ws for ws in workbook.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
        if not visible:
            raise _problem(filename, _("工作簿中没有可导入的工作表。"))
        sheet = visible[0]
    iterator = sheet.iter_rows(values_only=True)
    try:
        header_row = next(iterator)
    except StopIteration:
        raise _problem(sheet.title, _("工作表是空的：第1行应为列标题。")) from None
    except Exception as exc:
        raise _problem(filename, not_xlsx % {"name": filename}) from exc
    headers = [_header(v) for v in header_row]
    total = sheet.max_row - 1 if sheet.max_row else None

    def rows():
        try:
            for number, values in enumerate(iterator, start=2):
                yield number, list(values)
        finally:
            workbook.close()

    return Sheet(name=sheet.title, headers=headers, rows=rows(), total=total)


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GBK (GB18030, its superset): what Excel and WPS save on Chinese Windows."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnicodeDecodeError("csv", data, 0, 1, "neither UTF-8 nor GBK")


def _csv_sheet(data: bytes, filename: str) -> Sheet:
    if data.startswith(b"PK\x03\x04") or b"\x00" in data[:4096]:
        raise _problem(filename, _("文件“%(name)s”不是文本格式的 CSV 文件。") % {"name": filename})
    try:
        content = decode_csv(data)
    except UnicodeDecodeError:
        raise _problem(filename, _("无法识别 CSV 文件的编码：请保存为 UTF-8 或 GBK 编码。")) from None
    try:
        dialect = csv.Sniffer().sniff(content[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(content, newline=""), dialect)
    try:
        header_row = next(reader)
    except StopIteration:
        raise _problem(filename, _("文件是空的：第1行应为列标题。")) from None
    except csv.Error as exc:
        raise _problem(filename, _("CSV 格式错误：%(error)s") % {"error": exc}) from None
    sheet_name = filename.rsplit("/", 1)[-1]
    total = content.count("\n")

    def rows():
        try:
            yield from enumerate(reader, start=2)
        except csv.Error as exc:
            raise _problem(
                sheet_name, _("CSV 格式错误（第%(row)d行附近）：%(error)s") % {"row": reader.line_num, "error": exc}
            ) from None

    return Sheet(name=sheet_name, headers=[_header(v) for v in header_row], rows=rows(), total=total)


def _header(value) -> str:
    return "" if value is None else str(value).strip()


def normalise_header(header: str) -> str:
    """Compare headers without the required-mark, spaces and full/half-width bracket differences."""
    return (
        header.replace("*", "")
        .replace("＊", "")
        .replace(" ", "")
        .replace("\u3000", "")
        .replace("(", "（")
        .replace(")", "）")
        .strip()
    )


def is_notes_row(values: list) -> bool:
    first = next((v for v in values if v not in (None, "")), None)
    return isinstance(first, str) and first.startswith(NOTES_MARK)


def is_blank_row(values: list) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)
