"""Background jobs: long work (imports of big files, light recompute of a whole city) run by the job worker.

The queue is Django's task framework: the django-tasks backport with the database backend django-tasks-db, which
runs on SQLite and PostgreSQL alike without a broker (docs/deployment.md says why it was chosen). What a person
sees is a `core.models.Job`: `submit` creates one (audited) and enqueues `run_job` when the transaction commits;
the worker (`yuanqu worker`) runs the job's handler, registered by its app with `register(kind, handler)`.

While a job runs, its live state (progress, log lines, a heartbeat) goes to a small file beside the media files,
`var/jobs/<id>.json`, not to the database: the handler's own transaction (a recompute holds one for the whole
city) must not see it, and SQLite would refuse a second writer. A worker killed mid-job stops its heartbeat;
`recover_interrupted` (run by every worker at start and by the job pages) then marks the job failed, and since
every handler is all-or-nothing nothing it did is visible: the person presses 重新运行 (`job_retry`).
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from yuanqu.core import access, audit
from yuanqu.core.models import ChangeAction, Job, JobStatus

HEARTBEAT_SECONDS = 2.0  # how often a running job's file is touched
SILENT_SECONDS = 20.0  # a running job whose file is older than this has lost its worker
LOG_LINES = 200  # the last lines kept in the live file and in the job's log
WRITE_EVERY = 0.25  # progress is written at most this often (a handler may report every row)


@dataclass
class Outcome:
    """What a handler returns: a summary line, optionally a result file; `failed` with `summary` as the reason
    (an import refused for its problems is a failed job that changed nothing)."""

    summary: str
    file: tuple[str, bytes] | None = None
    failed: bool = False


Handler = Callable[[Job, "Progress"], Outcome]
HANDLERS: dict[str, tuple[Handler, str]] = {}  # kind → (handler, operation the submitter needs)


def register(kind: str, handler: Handler, operation: str) -> None:
    HANDLERS[kind] = (handler, operation)


def live_dir() -> Path:
    return Path(settings.MEDIA_ROOT).parent / "jobs"


def _live_path(job_id: int) -> Path:
    return live_dir() / f"{job_id}.json"


class Progress:
    """A running job's live state: `step(done, total)` and `log(line)` from the handler; a heartbeat thread keeps
    the file fresh while the handler works on a long step."""

    def __init__(self, job: Job):
        self.job_id = job.pk
        self.state = {"done": 0, "total": 0, "log": [], "pid": os.getpid(), "host": socket.gethostname(),
                      "attempt": job.attempts}
        self._written = 0.0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, daemon=True)
        live_dir().mkdir(parents=True, exist_ok=True)
        self._write()
        self._thread.start()

    def step(self, done: int, total: int | None = None) -> None:
        self.state["done"] = int(done)
        if total is not None:
            self.state["total"] = int(total)
        if time.monotonic() - self._written >= WRITE_EVERY:
            self._write()

    def log(self, line: str) -> None:
        stamped = f"{timezone.localtime():%H:%M:%S} {line}"
        self.state["log"] = [*self.state["log"], stamped][-LOG_LINES:]
        self._write()

    def _beat(self) -> None:
        while not self._stop.wait(HEARTBEAT_SECONDS):
            self._write()

    def _write(self) -> None:
        with self._lock:
            self.state["beat"] = time.time()
            path = _live_path(self.job_id)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(json.dumps(self.state, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, path)  # a reader never sees half a file
            self._written = time.monotonic()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=HEARTBEAT_SECONDS * 2)
        self._write()


def live(job: Job) -> dict:
    """The job's state for its page and its status URL: the live file while it runs, the row once it ended."""
    state = {"status": job.status, "status_label": job.get_status_display(), "done": job.done, "total": job.total,
             "log": job.log.splitlines()[-LOG_LINES:], "summary": job.summary, "error": job.error}
    if job.status == JobStatus.RUNNING:
        try:
            data = json.loads(_live_path(job.pk).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        state.update({key: data[key] for key in ("done", "total", "log") if key in data})
    state["percent"] = round(100 * state["done"] / state["total"]) if state["total"] else None
    return state


def _enqueue(job: Job) -> None:
    def send():
        result = run_job.enqueue(job.pk)
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id))

    transaction.on_commit(send)


@transaction.atomic
def submit(*, user, kind: str, title: str, params: dict | None = None,
           upload: tuple[str, bytes] | None = None) -> Job:
    """Queue a job of `kind` for `user` (who must have the kind's operation); audited."""
    if kind not in HANDLERS:
        raise ValueError(f"unknown job kind {kind!r}; register it with yuanqu.core.jobs.register")
    access.require(user, HANDLERS[kind][1])
    job = Job(kind=kind, title=title[:200], user=user if getattr(user, "pk", None) else None, params=params or {})
    if upload is not None:
        name, content = upload
        job.params = {**job.params, "filename": name}
        job.upload.save(Path(name).name or "upload", ContentFile(content), save=False)
    job.full_clean()
    job.save()
    audit.record(user=user, action=ChangeAction.CREATE, instance=job, before=None)
    _enqueue(job)
    return job


def _finish(job: Job, *, status: str, summary: str = "", error: str = "", log: list[str] = (),
            file: tuple[str, bytes] | None = None, done: int | None = None, total: int | None = None) -> None:
    before = audit.snapshot(job)
    job.status, job.summary, job.error, job.finished = status, summary, error, timezone.now()
    job.log = "\n".join([*job.log.splitlines(), *log][-LOG_LINES:])
    if done is not None:
        job.done, job.total = done, total or 0
    if file is not None:
        job.result.save(Path(file[0]).name, ContentFile(file[1]), save=False)
    job.save()
    audit.record(user=job.user, action=ChangeAction.UPDATE, instance=job, before=before)


@task()
def run_job(job_id: int) -> str:
    """The task the worker runs: the job's handler with its progress, then the job's end state."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.status != JobStatus.QUEUED:
        return "skipped"
    handler, _operation = HANDLERS[job.kind]
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started=timezone.now(), attempts=job.attempts + 1,
                                         worker=f"{socket.gethostname()}:{os.getpid()}", error="", summary="")
    job.refresh_from_db()
    progress = Progress(job)
    try:
        outcome = handler(job, progress)
    except (ValidationError, PermissionDenied) as error:
        messages = getattr(error, "messages", None) or [str(error)]
        outcome = Outcome("；".join(str(m) for m in messages), failed=True)
    except Exception:  # an unexpected error: the job says so, the log keeps the trace for the maintainer
        progress.log(traceback.format_exc(limit=8))
        outcome = Outcome(_("内部错误，未写入任何数据；请把日志交给系统维护人员。"), failed=True)
    finally:
        progress.close()
    state = progress.state
    if outcome.failed:
        _finish(job, status=JobStatus.FAILED, error=outcome.summary, log=state["log"], done=state["done"],
                total=state["total"])
    else:
        _finish(job, status=JobStatus.SUCCEEDED, summary=outcome.summary, log=state["log"], file=outcome.file,
                done=state["done"], total=state["total"])
    return job.status


def _silent(job: Job) -> bool:
    """Whether a running job's worker is gone: its heartbeat stopped (or, on this host, its process died)."""
    path = _live_path(job.pk)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return job.started is not None and (timezone.now() - job.started).total_seconds() > SILENT_SECONDS
    if data.get("host") == socket.gethostname() and data.get("pid") and not _alive(int(data["pid"])):
        return True
    return time.time() - float(data.get("beat", 0)) > SILENT_SECONDS


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed child not yet reaped by its parent is a zombie: gone all the same
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"
    except (OSError, IndexError):
        return True


def recover_interrupted() -> list[Job]:
    """Mark every running job whose worker is gone as failed (retryable); returns them."""
    found = []
    for job in Job.objects.filter(status=JobStatus.RUNNING):
        if _silent(job):
            with transaction.atomic():
                locked = Job.objects.select_for_update().get(pk=job.pk)
                if locked.status != JobStatus.RUNNING:
                    continue
                state = live(locked)
                _finish(locked, status=JobStatus.FAILED, error=_(
                    "工作进程在运行中意外中断（第%(n)d次运行）。任务全部完成才写入，所以没有写入任何数据；"
                    "可以重新运行。") % {"n": locked.attempts}, log=state["log"], done=state["done"],
                    total=state["total"])
                found.append(locked)
    return found


@transaction.atomic
def job_retry(*, user, job: Job) -> Job:
    """Queue a failed job again (its submitter or the organiser); audited."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if not may_see(user, job):
        raise PermissionDenied
    access.require(user, HANDLERS[job.kind][1])
    if job.status != JobStatus.FAILED:
        raise ValidationError(_("只有失败的任务可以重新运行。"))
    before = audit.snapshot(job)
    job.status, job.error, job.summary, job.started, job.finished, job.done, job.total = (
        JobStatus.QUEUED, "", "", None, None, 0, 0)
    job.save()
    audit.record(user=user, action=ChangeAction.UPDATE, instance=job, before=before)
    _enqueue(job)
    return job


def may_see(user, job: Job) -> bool:
    return getattr(job, f"{Job.owner_field}_id") == getattr(user, "pk", None) or access.allows(user, "accounts.manage")


def jobs_of(user):
    jobs = Job.objects.select_related("user")
    return jobs if access.allows(user, "accounts.manage") else jobs.filter(**{Job.owner_field: user})


def upload_bytes(job: Job) -> bytes:
    with job.upload.open("rb") as handle:
        return handle.read()
