"""Background jobs at province scale on PostgreSQL: the export of every project to .xlsx and the light recompute of
every project, each run as the job worker runs it (`core.jobs.run_job`), in a fresh process whose peak RSS is read.

Baselines measured in the same run, each in its own fresh process on the same database:
- the floor: the same process reading the same rows (the export's queryset, every column value) and writing nothing;
- the old export: the same rows written by openpyxl's ordinary (in-memory) workbook, as the list export was before.

The database is the province of benchmarks/bench_province.py at ``--scale`` (default 1: 50,000 projects, 1.8M
reports), generated here (about 2 minutes), or an existing one given with ``--database NAME`` on the same server.

Run:  scripts/with-postgres.sh .venv/bin/python benchmarks/bench_jobs.py [--scale 1] [--database NAME]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

MODES = ("floor", "export_in_memory", "export_job", "recompute_job", "recompute_new_month")


def child(mode: str) -> dict:
    """One measurement in this (fresh) process: seconds and peak RSS."""
    import django

    django.setup()
    from django.db import transaction

    from yuanqu.core import exports, jobs
    from yuanqu.core.models import Job, User
    from yuanqu.core.tabular.workbook import table_workbook
    from yuanqu.projects.models import Project
    from yuanqu.supervision import jobs as supervision_jobs
    from yuanqu.supervision.models import Light

    organiser = User.objects.get(username="province_organiser")
    previous = (datetime.date.today().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    if mode == "recompute_new_month":  # a month with no lights yet: every light created and logged
        Light.objects.filter(month=previous).delete()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    rows = Project.objects.count()
    if mode in ("floor", "export_in_memory"):
        view = exports.list_view(view_name="project_list", query="", user=organiser)
        _filterset, queryset = view.filtered()
        table = view.export_table or view.table
        if mode == "floor":
            rows = sum(1 for _row in exports.table_rows(table, queryset))
        else:
            content = table_workbook("项目", table.headers(), [[c.value(o) for c in table.columns] for o in queryset])
            assert content[:2] == b"PK"
    else:
        with transaction.atomic():
            if mode == "export_job":
                job = exports.export_submit(user=organiser, view_name="project_list", query="", title="项目")
            else:
                job = supervision_jobs.recompute_submit(
                    user=organiser, month=previous if mode == "recompute_new_month" else None)
        jobs.run_job.call(job.pk)
        job = Job.objects.get(pk=job.pk)
        assert job.status == "succeeded", (job.status, job.error, job.log[-2000:])
        rows = job.total
    seconds = time.perf_counter() - started
    return {"mode": mode, "rows": rows, "seconds": round(seconds, 2),
            "rss_after_setup_mb": round(rss_before), "peak_rss_mb": round(resource.getrusage(
                resource.RUSAGE_SELF).ru_maxrss / 1024)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--database", help="an existing province database on the server (skips generation)")
    parser.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return
    from benchmarks import bench_province

    name = args.database or f"yuanqu_jobs_{str(args.scale).replace('.', '_')}"
    var_dir = Path(f"/tmp/{name}")
    var_dir.mkdir(exist_ok=True)
    if args.database:
        url = bench_province.with_dbname(bench_province.server_url(), name)
    else:
        url = bench_province.create_database(name)
        env = bench_province.child_env(url, var_dir) | {"DJANGO_SETTINGS_MODULE": "yuanqu.settings"}
        subprocess.run([str(Path(sys.executable).parent / "yuanqu"), "migrate", "-v0"], env=env, cwd=ROOT, check=True)
        made = subprocess.run([sys.executable, bench_province.__file__, "--generate", str(args.scale)], env=env,
                              cwd=ROOT, capture_output=True, text=True)
        if made.returncode != 0:
            sys.exit(made.stderr[-4000:])
    env = bench_province.child_env(url, var_dir) | {"DJANGO_SETTINGS_MODULE": "yuanqu.settings"}
    results = []
    for mode in MODES:
        done = subprocess.run([sys.executable, __file__, "--child", mode], env=env, cwd=ROOT, capture_output=True,
                              text=True)
        if done.returncode != 0:
            sys.exit(f"{mode} failed:\n{done.stderr[-4000:]}")
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(results[-1], file=sys.stderr, flush=True)
    floor = results[0]
    print(f"\nJobs at scale {args.scale} on PostgreSQL ({floor['rows']:,} projects); each mode a fresh process; "
          f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs\n")
    print("| what | rows | seconds | RSS after set-up MB | peak RSS MB | peak over the floor's |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    labels = {"floor": "floor: read every row and column, write nothing",
              "export_in_memory": "old export: openpyxl in-memory workbook",
              "export_job": "export job (streamed, write-only workbook)",
              "recompute_job": "light recompute job, this month (lights exist: most found the same)",
              "recompute_new_month": "light recompute job, last month (no lights yet: all created and logged)"}
    for row in results:
        print(f"| {labels[row['mode']]} | {row['rows']:,} | {row['seconds']:.1f} | {row['rss_after_setup_mb']} | "
              f"{row['peak_rss_mb']} | {row['peak_rss_mb'] - floor['peak_rss_mb']:+d} |")


if __name__ == "__main__":
    main()
