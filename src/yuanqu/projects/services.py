"""Writes of monthly reports, month locks and report attachments: permission, validation and audit in one transaction.

Projects and enterprises are written by the generic services (`yuanqu.core.services`) and, in bulk, by the Excel
importer (`yuanqu.projects.imports`), which shares the checks below.
"""

import datetime
import io
import zipfile
from decimal import Decimal
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from yuanqu.core import access, audit, services
from yuanqu.core.models import ChangeAction
from yuanqu.projects.models import MonthLock, ProgressReport, Project, ReportAttachment

REPORT_FIELDS = ["investment_month", "investment_cumulative", "stage", "narrative", "problems"]
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# extension -> (content type, test of the first bytes / zip members)
ATTACHMENT_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def month_label(month: datetime.date) -> str:
    return f"{month.year}年{month.month}月"


def first_of_month(value: datetime.date) -> datetime.date:
    return value.replace(day=1)


def locked_months() -> set[datetime.date]:
    return set(MonthLock.objects.values_list("month", flat=True))


def cumulative_problems(months: dict[datetime.date, tuple[Decimal, Decimal]]) -> dict[datetime.date, str]:
    """Months whose cumulative investment (万元) is not the sum of this and every earlier month's investment.

    `months` maps a month's first day to (investment this month, cumulative). Returns month -> Chinese message.
    """
    problems = {}
    running = Decimal(0)
    for month in sorted(months):
        this_month, cumulative = months[month]
        expected = running + this_month
        if cumulative != expected:
            problems[month] = _(
                "%(month)s的累计完成投资应为%(expected)s万元（此前各月合计%(before)s万元＋本月%(this)s万元），"
                "填写的是%(given)s万元。"
            ) % {
                "month": month_label(month),
                "expected": _plain(expected),
                "before": _plain(running),
                "this": _plain(this_month),
                "given": _plain(cumulative),
            }
        running = expected
    return problems


def _plain(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _check_month_open(month: datetime.date) -> None:
    if MonthLock.objects.filter(month=first_of_month(month)).exists():
        raise ValidationError(
            {
                "month": _("%(month)s已锁定，不能再填报或修改月报；如需更正请联系市项目办解锁。")
                % {"month": month_label(month)}
            }
        )


def _check_future(month: datetime.date) -> None:
    from django.utils import timezone

    if month > first_of_month(timezone.localdate()):
        raise ValidationError({"month": _("月份不能晚于本月。")})


def _check_cumulative(report: ProgressReport) -> None:
    months = {
        r.month: (r.investment_month, r.investment_cumulative)
        for r in ProgressReport.objects.filter(project_id=report.project_id).exclude(pk=report.pk)
    }
    months[report.month] = (report.investment_month, report.investment_cumulative)
    problems = cumulative_problems(months)
    if report.month in problems:
        raise ValidationError({"investment_cumulative": problems[report.month]})
    if problems:
        raise ValidationError(
            {"investment_cumulative": [_("保存后，已有月报的累计数将不一致：") + "；".join(problems.values())]}
        )


@transaction.atomic
def report_submit(*, user, project: Project, month: datetime.date, data: dict) -> ProgressReport:
    """File `project`'s report for `month` (any day of it); raises ValidationError/PermissionDenied in Chinese."""
    if not access.can(user, access.CHANGE, project):
        raise PermissionDenied(_("无权为该项目填报月报：它不在您负责的区县范围内。"))
    month = first_of_month(month)
    _check_month_open(month)
    _check_future(month)
    if ProgressReport.objects.filter(project=project, month=month).exists():
        raise ValidationError(
            {
                "month": _("%(project)s %(month)s的月报已存在，请修改该月报。")
                % {"project": project, "month": month_label(month)}
            }
        )
    report = ProgressReport(project=project, month=month, **{k: v for k, v in data.items() if k in REPORT_FIELDS})
    report.full_clean()
    _check_cumulative(report)
    report.save()
    audit.record(user=user, action=ChangeAction.CREATE, instance=report, before=None)
    return report


@transaction.atomic
def report_update(*, user, report: ProgressReport, data: dict) -> ProgressReport:
    """Correct a report (its project and month stay); refused when the month is locked."""
    access.check(user, access.CHANGE, report)
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    _check_month_open(report.month)
    before = audit.snapshot(report)
    for name, value in data.items():
        if name in REPORT_FIELDS:
            setattr(report, name, value)
    report.full_clean()
    _check_cumulative(report)
    report.save()
    audit.record(user=user, action=ChangeAction.UPDATE, instance=report, before=before)
    return report


@transaction.atomic
def report_delete(*, user, report: ProgressReport) -> None:
    _check_month_open(report.month)
    services.object_delete(user=user, instance=report)


def _organiser_only(user) -> None:
    access.require(user, "supervision.manage", _("只有市项目办可以锁定或解锁月份。"))


@transaction.atomic
def month_lock(*, user, month: datetime.date, note: str = "") -> MonthLock:
    """Lock a month: its reports can no longer be filed, corrected or deleted."""
    _organiser_only(user)
    month = first_of_month(month)
    if MonthLock.objects.filter(month=month).exists():
        raise ValidationError({"month": _("%(month)s已经锁定。") % {"month": month_label(month)}})
    return services.object_create(user=user, model=MonthLock, data={"month": month, "note": note})


@transaction.atomic
def month_unlock(*, user, month: datetime.date) -> None:
    _organiser_only(user)
    lock = MonthLock.objects.filter(month=first_of_month(month)).first()
    if lock is None:
        raise ValidationError({"month": _("%(month)s没有锁定。") % {"month": month_label(month)}})
    services.object_delete(user=user, instance=lock)


def attachment_problem(name: str, head: bytes, size: int, *, whole=None) -> str | None:
    """Why an upload is refused (Chinese), or None: extension and magic bytes must agree, at most 10 MB."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in ATTACHMENT_TYPES:
        return _("不支持的文件类型“%(ext)s”：只能上传 jpg、png、pdf、docx、xlsx。") % {"ext": suffix or _("无扩展名")}
    if size > MAX_ATTACHMENT_BYTES:
        return _("文件过大（%(mb).1f MB）：单个附件不能超过10 MB。") % {"mb": size / 1024 / 1024}
    if size == 0:
        return _("文件是空的。")
    ok = {
        ".jpg": head.startswith(b"\xff\xd8\xff"),
        ".jpeg": head.startswith(b"\xff\xd8\xff"),
        ".png": head.startswith(b"\x89PNG\r\n\x1a\n"),
        ".pdf": head.startswith(b"%PDF-"),
    }.get(suffix)
    if ok is None:  # docx/xlsx: a zip holding the right part
        member = "word/document.xml" if suffix == ".docx" else "xl/workbook.xml"
        ok = head.startswith(b"PK\x03\x04") and whole is not None and _zip_has(whole, member)
    if not ok:
        return _("文件内容与扩展名“%(ext)s”不符，可能已损坏或被改了扩展名。") % {"ext": suffix}
    return None


def _zip_has(data: bytes, member: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return member in archive.namelist()
    except zipfile.BadZipFile:
        return False


@transaction.atomic
def attachment_add(*, user, report: ProgressReport, uploaded) -> ReportAttachment:
    """Attach an uploaded file (Django UploadedFile) to `report` after checking type, content and size."""
    access.check(user, access.CHANGE, report)
    _check_month_open(report.month)
    name = PurePath(uploaded.name or "").name[:200]
    data = uploaded.read() if uploaded.size <= MAX_ATTACHMENT_BYTES else uploaded.read(16)
    problem = attachment_problem(name, data[:16], uploaded.size, whole=data)
    if problem:
        raise ValidationError({"file": problem})
    uploaded.seek(0)
    attachment = ReportAttachment(
        report=report,
        file=uploaded,
        original_name=name,
        content_type=ATTACHMENT_TYPES[PurePath(name).suffix.lower()],
        size=uploaded.size,
    )
    attachment.full_clean()
    attachment.save()
    audit.record(user=user, action=ChangeAction.CREATE, instance=attachment, before=None)
    return attachment


@transaction.atomic
def attachment_delete(*, user, attachment: ReportAttachment) -> None:
    _check_month_open(attachment.report.month)
    storage, name = attachment.file.storage, attachment.file.name
    services.object_delete(user=user, instance=attachment)
    transaction.on_commit(lambda: storage.delete(name))
