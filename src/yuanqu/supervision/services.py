"""Every write of the supervision app: one transaction each, checked against the user's role and regions, audited."""

import datetime
from collections import Counter
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yuanqu.core import access, audit
from yuanqu.core import services as core_services
from yuanqu.core.models import ChangeAction
from yuanqu.projects.models import ProgressReport, Project
from yuanqu.supervision import rules
from yuanqu.supervision.models import (
    ACTIVE_STATUSES,
    Exemption,
    ExemptionStatus,
    Light,
    LightColor,
    RuleSet,
    SupervisedTask,
    TaskFeedback,
    TaskSource,
    TaskStatus,
)

# status → statuses it may move to; reporters may only take the first two steps.
TRANSITIONS = {
    TaskStatus.OPEN: {TaskStatus.IN_PROGRESS, TaskStatus.DONE, TaskStatus.CLOSED},
    TaskStatus.IN_PROGRESS: {TaskStatus.DONE, TaskStatus.CLOSED},
    TaskStatus.DONE: {TaskStatus.CLOSED, TaskStatus.IN_PROGRESS},
    TaskStatus.CLOSED: {TaskStatus.IN_PROGRESS},
}
REPORTER_STATUSES = {TaskStatus.IN_PROGRESS, TaskStatus.DONE}


def _check(user, action: str, obj, code: str | None = None) -> None:
    """Scope check; `user=None` is the system itself (demo loading, the command line)."""
    if user is not None:
        access.check(user, action, obj, code=code)


def _record(user, instance, before, action=None) -> None:
    action = action or (ChangeAction.CREATE if before is None else ChangeAction.UPDATE)
    audit.record(user=user, action=action, instance=instance, before=before)


# --- rule sets -------------------------------------------------------------------------------------------------


def active_ruleset() -> RuleSet | None:
    return RuleSet.objects.filter(active=True).order_by("-version").first()


@transaction.atomic
def ruleset_update(*, user, params: dict, note: str = "") -> RuleSet:
    """Store `params` as a new active version; earlier versions stay (lights keep pointing at theirs)."""
    access.require(user, "supervision.manage", _("只有市项目办（组织者）可以修改亮灯规则。"))
    errors = rules.validate_params(params)
    if errors:
        raise ValidationError(errors)
    return core_services.version_create(user=user, model=RuleSet, params=params, note=note)


def ruleset_ensure_default(*, user=None) -> RuleSet:
    """The active rule set, creating version 1 with the defaults on a fresh database."""
    return active_ruleset() or ruleset_update(
        user=user, params=rules.DEFAULT_PARAMS, note=_("默认规则（实践中常用的阈值）")
    )


# --- lights ----------------------------------------------------------------------------------------------------


def _exempt_rules(project: Project, on: datetime.date) -> frozenset[str]:
    return frozenset(
        e.rule
        for e in project.exemptions.all()
        if e.status == ExemptionStatus.APPROVED and e.valid_until >= on
    )


class ReportFigures(NamedTuple):
    """What the rules read of a monthly report."""

    month: datetime.date
    investment_cumulative: Decimal


def project_facts(project: Project, month: datetime.date, as_of: datetime.date,
                  reports: list[ReportFigures] | None = None) -> rules.ProjectFacts:
    """The plain facts the rules judge, as they stood for `month` (reports up to it), with `project.exemptions`
    prefetched or fetched, and `reports` given (a recompute reads them for many projects at once) or read from
    `project.reports`."""
    reports = sorted(project.reports.all() if reports is None else reports, key=lambda r: r.month)
    upto_month = [r for r in reports if r.month <= month]
    ended = [r for r in reports if rules.month_index(r.month) < rules.month_index(as_of)]
    return rules.ProjectFacts(
        stage=project.stage,
        planned_started=project.planned_started,
        actual_started=project.actual_started,
        planned_completed=project.planned_completed,
        actual_completed=project.actual_completed,
        total_investment=float(project.total_investment or 0),
        investment_cumulative=float(upto_month[-1].investment_cumulative) if upto_month else None,
        last_report_month=ended[-1].month if ended else None,
        reports_due_from=rules.month_start(timezone.localtime(project.created).date()) if project.created else None,
        exempt_rules=_exempt_rules(project, as_of),
    )


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 2)))


@transaction.atomic
def lights_recompute(
    *, user, month: datetime.date | None = None, today: datetime.date | None = None, projects=None, progress=None
) -> dict[str, int]:
    """Evaluate every project (or `projects`) for `month` (default: this month) with the active rule set.

    Writes one Light per project and month (replacing that month's light only: other months are history) and
    audits each light that changed (a light found the same again only gets a new `computed_at`, unlogged).
    Returns counts by colour. `user=None` is the system (the command line); `progress(done, total)`
    is called after each chunk of RECOMPUTE_CHUNK projects.
    """
    access.require(user, "supervision.manage", _("只有市项目办（组织者）可以重新计算亮灯。"))
    today = today or timezone.localdate()
    month = rules.month_start(month or today)
    if rules.month_index(month) > rules.month_index(today):
        raise ValidationError(_("不能计算未来月份（%(m)s）的亮灯。") % {"m": rules.month_label(month)})
    as_of = today if rules.month_index(month) == rules.month_index(today) else rules.month_end(month)
    ruleset = ruleset_ensure_default(user=user)
    now = timezone.now()
    counts = Counter({c: 0 for c in LightColor.values})
    queryset = Project.objects.all() if projects is None else projects
    existing = {light.project_id: light for light in Light.objects.select_for_update().filter(month=month)}
    total = queryset.count() if progress else 0
    fields = ["color", "reasons", "ruleset", "time_progress", "investment_progress", "computed_at"]
    done = 0
    # RECOMPUTE_CHUNK projects at a time, each chunk's reports and exemptions prefetched, its lights written with
    # one INSERT and one UPDATE and their audit entries with one more: memory and statements do not grow with the
    # city (benchmarks/bench_jobs.py: 50,000 projects, 1.8M reports)
    for chunk in _chunks(queryset.select_related("region").prefetch_related("exemptions"), RECOMPUTE_CHUNK):
        figures: dict[int, list[ReportFigures]] = {}
        for project_id, *row in (ProgressReport.objects.filter(project__in=[p.pk for p in chunk]).order_by()
                                 .values_list("project_id", "month", "investment_cumulative")):
            figures.setdefault(project_id, []).append(ReportFigures(*row))
        new, changed, same, changes = [], [], [], []
        for project in chunk:
            facts = project_facts(project, month, as_of, reports=figures.get(project.pk, []))
            result = rules.evaluate(facts, month, ruleset.params, as_of=as_of)
            light = existing.get(project.pk) or Light(project=project, month=month)
            before = audit.snapshot(light) if light.pk else None
            light.color = result.color
            light.reasons = [r.as_dict() for r in result.reasons]
            light.ruleset = ruleset
            light.time_progress = _decimal(result.time_progress)
            light.investment_progress = _decimal(result.investment_progress)
            light.computed_at = now
            # the values are checked; the project, the rule set and (project, month) are right by construction
            light.clean_fields(exclude=["project", "ruleset"])
            if light.pk is None:
                new.append(light)
                changes.append((light, None))
            elif audit.snapshot(light) == before:
                same.append(light.pk)  # found the same again: only its computed_at moves (not logged)
            else:
                changed.append(light)
                changes.append((light, before))
            counts[result.color] += 1
        Light.objects.bulk_create(new, batch_size=1000)
        Light.objects.bulk_update(changed, fields, batch_size=1000)
        Light.objects.filter(pk__in=same).update(computed_at=now)
        audit.record_many(user=user, changes=[(ChangeAction.CREATE if before is None else ChangeAction.UPDATE,
                                               light, before) for light, before in changes])
        done += len(chunk)
        if progress:
            progress(done, total)
    return dict(counts)


RECOMPUTE_CHUNK = 2000


def _chunks(queryset, size: int):
    """The queryset's rows `size` at a time (keyset on the primary key), with its prefetches done per chunk."""
    last = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if not chunk:
            return
        yield chunk
        last = chunk[-1].pk


# --- exemptions ------------------------------------------------------------------------------------------------


@transaction.atomic
def exemption_request(
    *, user, project: Project, rule: str, reason: str, valid_until: datetime.date
) -> Exemption:
    """A district asks for a rule to be set aside for one of its projects; nothing changes until approved."""
    exemption = Exemption(
        project=project, rule=rule, reason=(reason or "").strip(), valid_until=valid_until, requested_by=user
    )
    access.check(user, access.ADD, exemption)
    if valid_until is not None and valid_until < timezone.localdate():
        raise ValidationError({"valid_until": _("有效期不能早于今天。")})
    exemption.full_clean()
    exemption.save()
    _record(user, exemption, None)
    return exemption


@transaction.atomic
def _exemption_decide(*, user, exemption: Exemption, status: str, note: str) -> Exemption:
    access.require(user, "supervision.manage", _("豁免须经市项目办（组织者）审批。"))
    exemption = Exemption.objects.select_for_update().get(pk=exemption.pk)
    if exemption.status != ExemptionStatus.REQUESTED:
        raise ValidationError(_("该申请已审批（%(s)s），不能重复审批。") % {"s": exemption.get_status_display()})
    before = audit.snapshot(exemption)
    exemption.status = status
    exemption.decided_by = user
    exemption.decided_at = timezone.now()
    exemption.decision_note = note
    exemption.full_clean()
    exemption.save()
    _record(user, exemption, before)
    return exemption


def exemption_approve(*, user, exemption: Exemption, note: str = "") -> Exemption:
    return _exemption_decide(user=user, exemption=exemption, status=ExemptionStatus.APPROVED, note=note)


def exemption_reject(*, user, exemption: Exemption, note: str = "") -> Exemption:
    return _exemption_decide(user=user, exemption=exemption, status=ExemptionStatus.REJECTED, note=note)


# --- supervised tasks ------------------------------------------------------------------------------------------

TASK_FIELDS = (
    "title", "description", "region", "project", "source", "light", "source_ref", "source_text",
    "owner_unit", "responsible_person", "deadline",
)


def _save_task(user, task: SupervisedTask, before: dict | None) -> SupervisedTask:
    task.full_clean()
    task.save()
    _record(user, task, before)
    return task


@transaction.atomic
def task_create(*, user, data: dict) -> SupervisedTask:
    """A task assigned by the organiser (by hand, from a light or from a meeting's demand)."""
    access.require(user, "supervision.manage", _("督办事项由市项目办（组织者）交办。"))
    unknown = set(data) - set(TASK_FIELDS)
    if unknown:
        raise ValidationError(_("未知字段：%(f)s") % {"f": "、".join(sorted(unknown))})
    task = SupervisedTask(created_by=user, **data)
    return _save_task(user, task, None)


@transaction.atomic
def task_update(*, user, task: SupervisedTask, data: dict) -> SupervisedTask:
    access.require(user, "supervision.manage", _("只有市项目办（组织者）可以修改督办事项。"))
    task = SupervisedTask.objects.select_for_update().get(pk=task.pk)
    before = audit.snapshot(task)
    for name, value in data.items():
        if name not in TASK_FIELDS:
            raise ValidationError(_("未知字段：%(f)s") % {"f": name})
        setattr(task, name, value)
    return _save_task(user, task, before)


@transaction.atomic
def task_delete(*, user, task: SupervisedTask) -> None:
    access.require(user, "supervision.manage", _("只有市项目办（组织者）可以删除督办事项。"))
    from yuanqu.core.services import object_delete

    object_delete(user=user, instance=task)


@transaction.atomic
def task_create_from_light(
    *, user, light: Light, deadline: datetime.date | None = None, today: datetime.date | None = None
) -> SupervisedTask:
    """Turn a red light into a task for the project's district, its reasons as the requirement."""
    access.require(user, "supervision.manage", _("督办事项由市项目办（组织者）交办。"))
    if light.color != LightColor.RED:
        raise ValidationError(_("只有红灯项目可以直接转为督办事项。"))
    if SupervisedTask.objects.filter(light=light, status__in=ACTIVE_STATUSES).exists():
        raise ValidationError(_("该红灯已有未办结的督办事项。"))
    today = today or timezone.localdate()
    project = light.project
    return task_create(
        user=user,
        data={
            "title": _("%(p)s亮红灯整改（%(m)s）") % {"p": project, "m": rules.month_label(light.month)},
            "description": "\n".join(r["text"] for r in light.reasons if not r.get("exempted")),
            "region": project.region,
            "project": project,
            "source": TaskSource.LIGHT,
            "light": light,
            "owner_unit": str(project.region),
            "responsible_person": _("待指定"),
            "deadline": deadline or today + datetime.timedelta(days=30),
        },
    )


def demand_ref(demand) -> str:
    """The `source_ref` of a task made from a meeting demand (meetings.Demand; no foreign key across sibling apps)."""
    return f"meetings.demand:{demand.pk}"


@transaction.atomic
def task_create_from_demand(
    *, user, demand, regions, responsible_person: str = "", deadline: datetime.date | None = None,
    today: datetime.date | None = None,
) -> list[SupervisedTask]:
    """One task per district for a leader's demand at a meeting (`demand`: text, owner_unit, deadline, meeting).

    A district that already has an unfinished task for this demand is skipped, so pressing twice is harmless.
    """
    access.require(user, "supervision.manage", _("督办事项由市项目办（组织者）交办。"))
    today = today or timezone.localdate()
    deadline = deadline or getattr(demand, "deadline", None) or today + datetime.timedelta(days=30)
    text = (demand.text or "").strip()
    if not text:
        raise ValidationError(_("会议要求内容为空，不能转为督办事项。"))
    created = []
    for region in regions:
        if SupervisedTask.objects.filter(
            source_ref=demand_ref(demand), region=region, status__in=ACTIVE_STATUSES
        ).exists():
            continue
        title = text if len(text) <= 60 else text[:59] + "…"
        created.append(
            task_create(
                user=user,
                data={
                    "title": title,
                    "description": text,
                    "region": region,
                    "source": TaskSource.MEETING,
                    "source_ref": demand_ref(demand),
                    "source_text": str(getattr(demand, "meeting", "") or ""),
                    "owner_unit": getattr(demand, "owner_unit", "") or str(region),
                    "responsible_person": responsible_person or _("待指定"),
                    "deadline": deadline,
                },
            )
        )
    return created


@transaction.atomic
def task_set_status(*, user, task: SupervisedTask, status: str, today: datetime.date | None = None) -> SupervisedTask:
    """Move a task along open → in progress → done/closed; only the organiser closes or reopens."""
    _check(user, access.CHANGE, task, code="supervision.respond")
    task = SupervisedTask.objects.select_for_update().get(pk=task.pk)
    if status not in TaskStatus.values:
        raise ValidationError(_("未知的状态：%(s)s") % {"s": status})
    if status not in TRANSITIONS[task.status]:
        raise ValidationError(
            _("不能从“%(a)s”改为“%(b)s”。") % {"a": task.get_status_display(), "b": TaskStatus(status).label}
        )
    district = user is not None and not access.allows(user, "supervision.manage")
    if district and (status not in REPORTER_STATUSES or task.status not in ACTIVE_STATUSES):
        raise PermissionDenied(_("关闭或重新打开督办事项须由市项目办（组织者）操作。"))
    today = today or timezone.localdate()
    before = audit.snapshot(task)
    task.status = status
    task.finished_on = None if status in ACTIVE_STATUSES else today
    return _save_task(user, task, before)


@transaction.atomic
def task_add_feedback(*, user, task: SupervisedTask, text: str, date: datetime.date | None = None) -> TaskFeedback:
    """A dated note on what was done; the first note of an open task puts it in progress."""
    feedback = TaskFeedback(task=task, text=(text or "").strip(), date=date or timezone.localdate(), author=user)
    _check(user, access.ADD, feedback)
    feedback.full_clean()
    feedback.save()
    _record(user, feedback, None)
    if task.status == TaskStatus.OPEN:
        before = audit.snapshot(task)
        task.status = TaskStatus.IN_PROGRESS
        _save_task(user, task, before)
    return feedback
