"""A whole city's light recompute as a background job (core.jobs): the same service in its one transaction, its
progress shown on the job's page."""

import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from yuanqu.core import jobs
from yuanqu.projects.models import Project
from yuanqu.supervision import rules, services

KIND = "lights.recompute"


def runs_in_background() -> bool:
    """A recompute of more projects than YUANQU_JOB_RECOMPUTE_PROJECTS leaves the request."""
    return Project.objects.count() > settings.YUANQU_JOB_RECOMPUTE_PROJECTS


def recompute_submit(*, user, month: datetime.date | None):
    label = rules.month_label(month) if month else _("本月")
    return jobs.submit(user=user, kind=KIND, title=_("重新计算亮灯：%(month)s") % {"month": label},
                       params={"month": month.isoformat() if month else None})


def recompute_run(job, progress: jobs.Progress) -> jobs.Outcome:
    month = datetime.date.fromisoformat(job.params["month"]) if job.params.get("month") else None
    progress.log(_("开始重新计算亮灯"))
    counts = services.lights_recompute(user=job.user, month=month, progress=progress.step)
    summary = _("红灯 %(r)s 个，黄灯 %(y)s 个，绿灯 %(g)s 个。") % {
        "r": counts["red"], "y": counts["yellow"], "g": counts["green"]}
    progress.log(summary)
    return jobs.Outcome(_("已重新计算亮灯。") + summary)
