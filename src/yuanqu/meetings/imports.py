"""Attendee list from an .xlsx (姓名, 单位, 职务, 所属区县, 身份): parsed fully before anything is written."""

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from yuanqu.core.i18n import label_lookup
from yuanqu.meetings.models import AttendeeRole
from yuanqu.places.models import Region

COLUMNS = {"姓名": "name", "单位": "unit", "职务": "title", "所属区县": "region", "身份": "role"}
MAX_ROWS = 2000


def parse_attendees(content: bytes) -> list[dict]:
    """Rows as attendee data; raises one ValidationError listing every bad cell (row and column)."""
    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
    except Exception as exc:  # openpyxl raises many types for a file that is not an .xlsx
        raise ValidationError(_("无法读取文件：请上传 Excel（.xlsx）文件。")) from exc
    rows = sheet.iter_rows(values_only=True)
    header = [str(h or "").strip() for h in next(rows, [])]
    if "姓名" not in header:
        raise ValidationError(_("第1行须是表头，且包含“姓名”列。"))
    where = {COLUMNS[h]: i for i, h in enumerate(header) if h in COLUMNS}
    regions = {}
    for region in Region.objects.all():
        regions[region.name] = regions[region.code] = region
    roles = label_lookup(AttendeeRole)
    result, errors = [], []
    for number, row in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            errors.append(_("最多导入 %(n)d 行。") % {"n": MAX_ROWS})
            break
        cells = {k: (str(row[i]).strip() if i < len(row) and row[i] is not None else "") for k, i in where.items()}
        if not any(cells.values()):
            continue

        def cell_error(key, message, number=number):
            column = get_column_letter(where[key] + 1)
            errors.append(_("第%(row)d行%(col)s列（%(name)s）：%(msg)s")
                          % {"row": number, "col": column, "name": header[where[key]], "msg": message})

        data = {"row": number, "name": cells.get("name", ""), "unit": cells.get("unit", ""),
                "title": cells.get("title", "")}
        if not data["name"]:
            cell_error("name", _("姓名不能为空。"))
        if cells.get("region"):
            data["region"] = regions.get(cells["region"])
            if data["region"] is None:
                cell_error("region", _("找不到区县“%(v)s”。") % {"v": cells["region"]})
        if cells.get("role"):
            data["role"] = roles.get(cells["role"])
            if data["role"] is None:
                cell_error("role", _("身份须是 %(choices)s 之一。") % {"choices": "、".join(roles)})
        result.append(data)
    if errors:
        raise ValidationError(errors)
    if not result:
        raise ValidationError(_("文件中没有参会人员。"))
    return result
