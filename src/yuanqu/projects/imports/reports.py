"""Import of monthly reports, upserted by project (项目名称 + 所在区县) and month; cumulative sums checked."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yuanqu.core import audit
from yuanqu.core.tabular import Pending
from yuanqu.projects import services
from yuanqu.projects.imports.columns import REPORT_SHEET, REPORT_SPECS
from yuanqu.projects.imports.regions import DistrictImporter
from yuanqu.projects.models import ProgressReport, Project

WRITTEN_FIELDS = services.REPORT_FIELDS


class ReportImporter(DistrictImporter):
    kind = "reports"
    label = "月报"
    sheet_name = REPORT_SHEET
    specs = REPORT_SPECS
    # Checked before looking the project up: a reporter learns nothing about other districts' projects.
    region_refused = gettext_lazy("无权导入“%(region)s”的月报：它不在您负责的区县范围内。")

    def prepare(self) -> None:
        self.load_regions()
        self.projects = {(p.region_id, p.name): p for p in Project.objects.select_related("region")}
        self.existing = {(r.project_id, r.month): r for r in ProgressReport.objects.select_related("project")}
        self.locked = services.locked_months()
        self.this_month = services.first_of_month(timezone.localdate())
        self.seen: dict[tuple, int] = {}

    def _project(self, row: int, values: dict) -> Project | None:
        region = self.writable_region(row, values["region"])
        if region is None:
            return None
        project = self.projects.get((region.pk, values["project_name"]))
        if project is None:
            self.problem(
                row,
                "project_name",
                _("“%(region)s”没有名为“%(name)s”的项目，请先登记项目。")
                % {"region": region, "name": values["project_name"]},
            )
        return project

    def validate_row(self, row: int, values: dict, cells_ok: bool) -> Pending | None:
        if not values.get("region") or not values.get("project_name"):
            return None
        project = self._project(row, values)
        month = values.get("month")
        if project is None or month is None:
            return None
        if month in self.locked:
            self.problem(
                row, "month", _("%(month)s已锁定，不能再填报或修改月报。") % {"month": services.month_label(month)}
            )
            return None
        if month > self.this_month:
            self.problem(row, "month", _("月份不能晚于本月。"))
            return None
        key = (project.pk, month)
        if key in self.seen:
            self.problem(
                row, "month", _("与第%(row)d行重复：同一项目同一月份只能有一份月报。") % {"row": self.seen[key]}
            )
            return None
        self.seen[key] = row
        if not cells_ok:
            return None
        report = self.existing.get(key)
        before = audit.snapshot(report) if report is not None else None
        if report is None:
            report = ProgressReport(project=project, month=month)
        for name in WRITTEN_FIELDS:
            if name in self.letters:
                value = values.get(name)
                setattr(report, name, "" if value is None and name in ("narrative", "problems") else value)
        try:
            report.full_clean(exclude=["project"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            self.validation_problems(row, exc)
            return None
        return Pending(row=row, instance=report, before=before)

    def check_all(self, pending: list[Pending]) -> None:
        """Cumulative = sum of the months so far, over the existing reports overlaid with the file's."""
        by_project: dict[int, dict] = {}
        rows: dict[tuple, int] = {}
        for (project_id, month), report in self.existing.items():
            by_project.setdefault(project_id, {})[month] = (report.investment_month, report.investment_cumulative)
        touched = set()
        for item in pending:
            report = item.instance
            by_project.setdefault(report.project_id, {})[report.month] = (
                report.investment_month,
                report.investment_cumulative,
            )
            rows[(report.project_id, report.month)] = item.row
            touched.add(report.project_id)
        for project_id in touched:
            problems = services.cumulative_problems(by_project[project_id])
            for month, message in problems.items():
                row = rows.get((project_id, month))
                if row is not None:
                    self.problem(row, "investment_cumulative", message)
                else:  # an existing month the file did not touch would become inconsistent
                    first = min(r for (p, _m), r in rows.items() if p == project_id)
                    self.problem(first, "investment_cumulative", _("导入后已有月报将不一致：") + message)

    def write(self, changed: list[Pending]) -> None:
        self.bulk_save(ProgressReport, changed, WRITTEN_FIELDS)
