"""Writes of the newsroom: import a report (repair + extract, kept for the record) and turn it into a draft meeting."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from yuanqu.core import access, services
from yuanqu.meetings import services as meeting_services
from yuanqu.meetings.models import AttendeeRole, Meeting
from yuanqu.newsroom.extract import extract
from yuanqu.newsroom.models import NewsReport
from yuanqu.newsroom.repair import repair
from yuanqu.places.models import Region
from yuanqu.projects.models import Project

MAX_CHARS = 200_000  # a report is a few thousand characters


def _require_right(user) -> None:
    access.require(user, "news.import", _("只有市项目办（组织者）可以导入新闻稿。"))


@transaction.atomic
def news_report_create(*, user, text: str, source_name: str = "") -> NewsReport:
    """Repair ``text``, extract the meeting's facts from the repaired text and keep all of it (audited)."""
    _require_right(user)
    if not text.strip():
        raise ValidationError(_("请粘贴新闻稿正文或上传文件。"))
    if len(text) > MAX_CHARS:
        raise ValidationError(_("新闻稿过长（超过 20 万字），请只导入一篇报道。"))
    result = repair(text)
    return services.object_create(
        user=user,
        model=NewsReport,
        data={
            "source_name": source_name[:200],
            "original_text": text,
            "repaired_text": result.text,
            "spans": [span.to_dict() for span in result.spans],
            "facts": extract(result.text),
            "created_by": user,
        },
    )


def meeting_title(round_number: int) -> str:
    return f"第{round_number}次产业园区项目载体建设现场推进会"


def _dates(facts: dict) -> tuple[datetime.date, datetime.date]:
    year, month, days = facts.get("year"), facts.get("month"), list(facts.get("days") or [])
    if not (year and month and days):
        raise ValidationError(_("请填写会议的年、月、日。"))
    try:
        start = datetime.date(int(year), int(month), int(days[0]))
        end = datetime.date(int(year), int(month), int(days[-1]))
        if end < start:  # 30日至1日: the second day is in the next month
            end = (start.replace(day=1) + datetime.timedelta(days=32)).replace(day=int(days[-1]))
    except (TypeError, ValueError) as error:
        message = _("会议日期无效：%(y)s年%(m)s月%(d)s日。") % {"y": year, "m": month, "d": days}
        raise ValidationError(message) from error
    return start, end


@transaction.atomic
def draft_meeting_create(*, user, facts: dict, choices: dict, report: NewsReport | None = None) -> Meeting:
    """Create a draft (planning) meeting from reviewed facts, all or nothing, every write audited.

    ``facts``: ``round`` (int), ``year``/``month`` (int), ``days`` (list of day numbers), ``title``
    (optional; default 第N次产业园区项目载体建设现场推进会), ``leader``, ``presiding``, ``demands``
    (list of str). ``choices``: ``projects`` (list of project ids, in visiting order; the person chose
    them among the registry matches: nothing is ever created in the registry), ``regions`` (visited
    region ids), ``attendees`` (list of dicts ``name``, ``unit``, ``title``, ``region`` id or None,
    ``role``). Any invalid value raises a Chinese ValidationError and nothing is written.
    """
    _require_right(user)
    round_number = facts.get("round")
    if not round_number:
        raise ValidationError(_("请填写届次（第N次）。"))
    if Meeting.objects.filter(round=round_number).exists():
        raise ValidationError(_("第%(n)s次会议已存在，不能重复创建。") % {"n": round_number})
    start, end = _dates(facts)

    region_ids = list(dict.fromkeys(choices.get("regions") or []))
    regions = list(Region.objects.filter(pk__in=region_ids))
    if len(regions) != len(region_ids):
        raise ValidationError(_("所选观摩区县不存在。"))
    project_ids = [pk for pk in choices.get("projects") or [] if pk]
    if len(set(project_ids)) != len(project_ids):
        raise ValidationError(_("同一个项目被选了两次，请检查观摩项目。"))
    visible = access.restrict(Project.objects.all(), user, access.VIEW).in_bulk(project_ids)
    if len(visible) != len(project_ids):
        raise ValidationError(_("所选观摩项目在项目库中不存在。"))

    meeting = meeting_services.meeting_create(
        user=user,
        data={
            "round": round_number,
            "title": (facts.get("title") or "").strip() or meeting_title(round_number),
            "start_date": start,
            "end_date": end,
            "leader": (facts.get("leader") or "")[:100],
            "presiding": (facts.get("presiding") or "")[:100],
            "visited_regions": regions,
        },
    )
    for pk in project_ids:
        meeting_services.stop_add(user=user, meeting=meeting, project=visible[pk])
    region_by_id = {r.pk: r for r in Region.objects.filter(
        pk__in=[a["region"] for a in choices.get("attendees") or [] if a.get("region")])}
    for number, row in enumerate(choices.get("attendees") or [], start=1):
        if not (row.get("name") or "").strip():
            continue
        if row.get("region") and row["region"] not in region_by_id:
            raise ValidationError(_("第%(n)d位参会人员：所属区县不存在。") % {"n": number})
        if (row.get("role") or AttendeeRole.OBSERVER) not in AttendeeRole.values:
            raise ValidationError(_("第%(n)d位参会人员：身份无效。") % {"n": number})
        try:
            meeting_services.attendee_add(
                user=user,
                meeting=meeting,
                data={
                    "name": row["name"].strip(),
                    "unit": (row.get("unit") or "").strip(),
                    "title": (row.get("title") or "").strip(),
                    "region": region_by_id.get(row.get("region")),
                    "role": row.get("role") or AttendeeRole.OBSERVER,
                },
            )
        except ValidationError as error:
            raise ValidationError(
                _("第%(n)d位参会人员：%(e)s") % {"n": number, "e": "；".join(error.messages)}
            ) from error
    for text in facts.get("demands") or []:
        if text.strip():
            meeting_services.demand_add(user=user, meeting=meeting, data={"text": text.strip()})
    if report is not None:
        services.object_update(user=user, instance=report, data={"meeting": meeting})
    return meeting
