"""A worker killed with SIGKILL mid-job (issue 14, item 3): during a big import and during a whole city's light
recompute. The job is then marked failed and retryable (by the next worker's start), nothing of it is visible,
and running it again completes it. The real `yuanqu worker` runs as a subprocess against a fresh database of the
suite's vendor (tests/subprocess_db.py); the database is read back with raw SQL. Every wait polls with a deadline."""

import json
import os
import signal
import subprocess
import time
from pathlib import Path

from tests.subprocess_db import ROOT, YUANQU, fresh_database, query, run_yuanqu, yuanqu_env

ROWS = 4000  # projects in the imported file: long enough to be killed half way
DEADLINE = 90.0

SETUP = f"""
import io, django
django.setup()
from openpyxl import Workbook
from tests.factories import world
from tests.projects.conftest import PROJECT_HEADERS, project_row
from yuanqu.projects import jobs as project_jobs
w = world()
book = Workbook()
sheet = book.active
sheet.title = "项目"
sheet.append(PROJECT_HEADERS)
for i in range({ROWS}):
    sheet.append(project_row(项目名称=f"中断测试项目{{i}}"))
buffer = io.BytesIO()
book.save(buffer)
job = project_jobs.import_submit(user=w.organiser, kind="projects", filename="大文件.xlsx", data=buffer.getvalue())
print(job.pk)
"""

RECOMPUTE = """
import django
django.setup()
from yuanqu.core.models import User
from yuanqu.supervision import jobs as supervision_jobs
print(supervision_jobs.recompute_submit(user=User.objects.get(username="organiser"), month=None).pk)
"""


def _python(script: str, url: str, var_dir: Path) -> str:
    completed = subprocess.run([str(Path(YUANQU).parent / "python"), "-c", script], cwd=ROOT, text=True,
                               capture_output=True, timeout=300,
                               env=yuanqu_env(url, var_dir, DJANGO_SETTINGS_MODULE="yuanqu.settings"))
    assert completed.returncode == 0, completed.stderr[-3000:]
    return completed.stdout.strip().splitlines()[-1]


def _start_worker(url: str, var_dir: Path) -> subprocess.Popen:
    log = open(var_dir / "worker.log", "ab")  # noqa: SIM115 (closed with the process)
    return subprocess.Popen([YUANQU, "worker", "--interval", "0.2"], env=yuanqu_env(url, var_dir), cwd=ROOT,
                            stdout=log, stderr=log, start_new_session=True)


def _kill_when_half_way(worker: subprocess.Popen, live: Path) -> dict:
    """SIGKILL the worker once the job's live file shows it has done some of its work; returns that state."""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        assert worker.poll() is None, "the worker exited on its own"
        try:
            state = json.loads(live.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            state = {}
        if state.get("done", 0) > 0 and state["done"] < state.get("total", 0):
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=DEADLINE)
            return state
        time.sleep(0.05)
    os.killpg(worker.pid, signal.SIGKILL)
    raise AssertionError("the job never got half way")


def _job(url: str, pk: str) -> tuple:
    return query(url, "SELECT status, attempts, error FROM core_job WHERE id = ?", (int(pk),))[0]


def test_sigkill_of_the_worker_mid_import_and_mid_recompute(tmp_path):
    with fresh_database(tmp_path, "crash_jobs") as url:
        run_yuanqu("migrate", url=url, var_dir=tmp_path)
        pk = _python(SETUP, url, tmp_path)
        projects_before = query(url, "SELECT COUNT(*) FROM projects_project")[0][0]
        live = tmp_path / "jobs" / f"{pk}.json"

        state = _kill_when_half_way(_start_worker(url, tmp_path), live)
        assert 0 < state["done"] < state["total"]
        assert query(url, "SELECT COUNT(*) FROM projects_project")[0][0] == projects_before  # nothing visible
        assert _job(url, pk)[0] == "running"  # as the killed worker left it
        restarted = run_yuanqu("worker", "--batch", url=url, var_dir=tmp_path, timeout=DEADLINE)
        assert f"已标记为中断、可重新运行：{pk}" in restarted.stdout
        status, attempts, error = _job(url, pk)
        assert (status, attempts) == ("failed", 1) and "意外中断" in error
        assert query(url, "SELECT COUNT(*) FROM projects_project")[0][0] == projects_before

        _python(f"import django; django.setup()\nfrom yuanqu.core import jobs\nfrom yuanqu.core.models import Job\n"
                f"job = Job.objects.get(pk={pk})\nprint(jobs.job_retry(user=job.user, job=job).pk)", url, tmp_path)
        run_yuanqu("worker", "--batch", url=url, var_dir=tmp_path, timeout=300)
        assert _job(url, pk)[:2] == ("succeeded", 2)
        assert query(url, "SELECT COUNT(*) FROM projects_project")[0][0] == projects_before + ROWS

        # the same for a whole city's recompute, one transaction for all its lights
        recompute = _python(RECOMPUTE, url, tmp_path)
        state = _kill_when_half_way(_start_worker(url, tmp_path), tmp_path / "jobs" / f"{recompute}.json")
        assert query(url, "SELECT COUNT(*) FROM supervision_light")[0][0] == 0
        run_yuanqu("worker", "--batch", url=url, var_dir=tmp_path, timeout=DEADLINE)
        assert _job(url, recompute)[0] == "failed"
        assert query(url, "SELECT COUNT(*) FROM supervision_light")[0][0] == 0
