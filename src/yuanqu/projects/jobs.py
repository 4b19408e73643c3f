"""The project and monthly-report imports as background jobs (core.jobs), for files too big to import in the
request: the same importer, all or nothing, its progress shown on the job's page."""

from django.conf import settings
from django.utils.translation import gettext as _

from yuanqu.core import jobs
from yuanqu.projects.imports import KINDS, run_import

KIND = "projects.import"
PROBLEMS_IN_ERROR = 50  # problems listed on the job's page; the count says how many more


def runs_in_background(size: int) -> bool:
    """An upload larger than YUANQU_JOB_UPLOAD_BYTES is imported by the worker, not in the request."""
    return size > settings.YUANQU_JOB_UPLOAD_BYTES


def import_submit(*, user, kind: str, filename: str, data: bytes):
    title = _("导入%(what)s：%(file)s") % {"what": KINDS[kind], "file": filename}
    return jobs.submit(user=user, kind=KIND, title=title, params={"kind": kind}, upload=(filename, data))


def import_run(job, progress: jobs.Progress) -> jobs.Outcome:
    data = jobs.upload_bytes(job)
    progress.log(_("读取文件 %(name)s（%(kb)d KB）") % {"name": job.params["filename"], "kb": len(data) // 1024})
    result = run_import(user=job.user, kind=job.params["kind"], data=data, filename=job.params["filename"],
                        progress=progress.step)
    if not result.ok:
        lines = [str(problem) for problem in result.problems[:PROBLEMS_IN_ERROR]]
        more = len(result.problems) - len(lines)
        head = _("未导入任何数据：发现 %(n)d 处问题，请修改文件后重新上传。") % {"n": len(result.problems)}
        tail = [_("……另有 %(n)d 处问题。") % {"n": more}] if more > 0 else []
        return jobs.Outcome("\n".join([head, *lines, *tail]), failed=True)
    progress.log(result.summary())
    return jobs.Outcome(_("导入成功。") + result.summary())
