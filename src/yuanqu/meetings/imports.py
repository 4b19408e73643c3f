"""Attendee list from an .xlsx or .csv (姓名, 单位, 职务, 所属区县, 身份), declared on `yuanqu.core.tabular`: every
bad cell is reported with its sheet, row and column, and nothing is written unless every row is good."""

from functools import partial

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yuanqu.core.tabular import BaseImporter, ImportResult, Pending, Spec, cells, import_file
from yuanqu.meetings import services
from yuanqu.meetings.models import Attendee, AttendeeRole, Meeting
from yuanqu.places.models import Region

SHEET = "参会人员"
MAX_ROWS = 2000

SPECS: list[Spec] = [
    Spec("name", "姓名*", gettext_lazy("必填；最多50个字"), parse=partial(cells.text, max_length=50)),
    Spec("unit", "单位", gettext_lazy("如 亭湖区人民政府")),
    Spec("title", "职务", gettext_lazy("如 区长")),
    Spec("region", "所属区县", gettext_lazy("区县名称或6位行政区划代码；评分时回避本区县的项目")),
    Spec("role", "身份", gettext_lazy("下拉选择；空白为“评分人”"), choices=AttendeeRole),
]


class AttendeeImporter(BaseImporter):
    kind = "attendees"
    sheet_name = SHEET
    specs = SPECS
    strict_headers = False  # lists kept for other uses carry more columns (序号, 手机号): they are ignored
    max_rows = MAX_ROWS

    def __init__(self, *, meeting: Meeting, **kwargs):
        super().__init__(**kwargs)
        self.meeting = meeting

    def prepare(self) -> None:
        self.regions = {}
        for region in Region.objects.all():
            self.regions[region.name] = self.regions[region.code] = region

    def validate_row(self, row: int, values: dict, cells_ok: bool) -> Pending | None:
        region = None
        if values.get("region"):
            region = self.regions.get(values["region"])
            if region is None:
                self.problem(row, "region", _("找不到区县“%(v)s”。") % {"v": values["region"]})
                return None
        if not cells_ok:
            return None
        attendee = Attendee(
            meeting=self.meeting,
            name=values["name"],
            unit=values.get("unit") or "",
            title=values.get("title") or "",
            region=region,
            role=values.get("role") or AttendeeRole.RATER,
        )
        try:
            attendee.full_clean(exclude=["meeting", "region", "token"])
        except ValidationError as exc:
            self.validation_problems(row, exc)
            return None
        return Pending(row=row, instance=attendee, before=None)

    def check_all(self, pending: list[Pending]) -> None:
        if not pending and not self.result.problems:
            self.problem(None, None, _("文件中没有参会人员。"))

    def write(self, changed: list[Pending]) -> None:
        # The meeting's own service adds them (permission, audit), so a file and the form write alike.
        rows = [
            {"row": p.row, **{name: getattr(p.instance, name) for name in services.ATTENDEE_FIELDS}} for p in changed
        ]
        services.attendee_import(user=self.user, meeting=self.meeting, rows=rows)


def attendee_file_import(*, user, meeting: Meeting, data: bytes, filename: str) -> ImportResult:
    """Add the attendees listed in `data` (.xlsx or .csv bytes) to `meeting` as `user`: all or nothing."""
    return import_file(AttendeeImporter, user=user, data=data, filename=filename, meeting=meeting)
