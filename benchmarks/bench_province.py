"""Province scale on PostgreSQL: generate a province, serve it as deployed, and time every list, page and API list.

For each ``--scales`` value (default 0.01 and 1) it creates a fresh database on the PostgreSQL server of
``YUANQU_DATABASE_URL`` (run it through ``scripts/with-postgres.sh``), migrates it and fills it with COPY:

    scale 1: 江苏省 (13 cities and their 95 county-level divisions, from the official list), 2,000 parks,
    10,000 carriers, 20,000 enterprises, 50,000 projects, 36 monthly reports each (1.8M), this month's light of
    every project, 200,000 supervised tasks, 500 meetings × 10 stops × 400 raters (2M scores)

(counts scale with the factor; the divisions do not). It then starts ``yuanqu serve --workers 2`` on it (with
benchmarks/province_settings.py, which adds only an ``X-Queries`` header counting each response's SQL queries),
signs in as the city organiser and as one district's reporter, and requests every page below ``--requests`` times
in turn (after one warm-up), over real HTTP on 127.0.0.1. It prints, for each page, p50/p95 at each scale, the
p95 ratio of the largest scale to the smallest, and the query counts.

Run:  scripts/with-postgres.sh .venv/bin/python benchmarks/bench_province.py [--scales 0.01,1] [--requests 20]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
VENV_BIN = Path(sys.executable).parent
PROVINCE = "320000"
MONTHS = 36
STOPS_PER_MEETING = 10
RATERS_PER_MEETING = 400
PASSWORD = "province-bench-password"
KEY = secrets.token_urlsafe(50)


def sizes(scale: float) -> dict[str, int]:
    def n(full: int, least: int) -> int:
        return max(least, round(full * scale))

    return {"parks": n(2000, 95), "carriers": n(10000, 95), "enterprises": n(20000, 200), "projects": n(50000, 500),
            "tasks": n(200000, 200), "meetings": n(500, 2)}


# --- databases -------------------------------------------------------------------------------------------------


def server_url() -> str:
    url = os.environ.get("YUANQU_DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("needs YUANQU_DATABASE_URL=postgres://… (run through scripts/with-postgres.sh)")
    return url


def with_dbname(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


def create_database(name: str) -> str:
    import psycopg

    url = server_url()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return with_dbname(url, name)


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(server_url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- generation (in a child process per database: Django is set up once per process) --------------------------


def _copy(connection, model, fields: list[str], rows) -> int:
    """COPY `rows` (tuples in the order of `fields`, attnames) into `model`'s table; every other column gets its
    default (auto_now fields: now; JSON: its default serialised). Returns the count."""
    now = datetime.datetime.now(datetime.UTC)
    others = []
    for field in model._meta.concrete_fields:
        if field.attname in fields or (field.primary_key and field.attname not in fields):
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        elif field.has_default():
            value = field.get_default()
        elif field.null:
            value = None
        else:
            value = ""
        if field.get_internal_type() == "JSONField" and value is not None:
            value = json.dumps(value)
        others.append((field.column, value))
    columns = [model._meta.get_field(name.removesuffix("_id")).column if name.endswith("_id") else
               model._meta.get_field(name).column for name in fields] + [c for c, _v in others]
    tail = tuple(v for _c, v in others)
    count = 0
    quoted = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cursor, cursor.cursor.copy(
            f'COPY "{model._meta.db_table}" ({quoted}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row((*row, *tail))
            count += 1
    return count


def _reset_sequences(connection, models) -> None:
    with connection.cursor() as cursor:
        for model in models:
            table, pk = model._meta.db_table, model._meta.pk.column
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{pk}'), "
                           f"COALESCE((SELECT MAX({pk}) FROM \"{table}\"), 1))")


def generate(scale: float) -> dict:
    """Fill the (migrated) database Django points at; returns the counts and the ids the measurements need."""
    import django

    django.setup()
    from django.db import connection

    from yuanqu.core.models import Role, User
    from yuanqu.meetings.models import Attendee, Meeting, Stop
    from yuanqu.places import divisions
    from yuanqu.places.models import Carrier, Industry, Park, Region
    from yuanqu.projects.models import Enterprise, ProgressReport, Project
    from yuanqu.scoring.models import ScoringCriterion, ScoringScheme, Submission
    from yuanqu.supervision import services as supervision
    from yuanqu.supervision.models import Light, SupervisedTask

    rng = random.Random(2026)
    size = sizes(scale)
    counts, started = {}, time.perf_counter()
    tree = divisions.tree(PROVINCE)
    codes = {d.code: i + 1 for i, d in enumerate(tree)}
    counts["regions"] = _copy(connection, Region, ["id", "code", "name", "level", "parent_id"], (
        (codes[d.code], d.code, d.name, d.level, codes.get(d.parent)) for d in tree))
    districts = [codes[d.code] for d in tree if d.level in ("district", "county")]
    divisions_ids = list(Industry.objects.filter(code__regex=r"^\d{2}$").values_list("id", flat=True))
    counts["parks"] = _copy(connection, Park, ["id", "name", "region_id", "level", "latitude", "longitude"], (
        (i, f"第{i}号产业园", districts[i % len(districts)], "provincial", Decimal("32.0") + Decimal(i % 200) / 100,
         Decimal("119.0") + Decimal(i % 300) / 100) for i in range(1, size["parks"] + 1)))
    counts["carriers"] = _copy(connection, Carrier, ["id", "name", "park_id", "kind", "floor_area", "occupied_area",
                                                     "construction"], (
        (i, f"标准厂房{i}", (i % size["parks"]) + 1, "standard_factory", Decimal(20000), Decimal(i % 20000),
         "completed") for i in range(1, size["carriers"] + 1)))
    counts["enterprises"] = _copy(connection, Enterprise, ["id", "name", "credit_code", "region_id", "industry_id"], (
        (i, f"江苏第{i}号科技有限公司", f"91320000{i:010d}", districts[i % len(districts)],
         divisions_ids[i % len(divisions_ids)]) for i in range(1, size["enterprises"] + 1)))
    stages = ["signed", "started", "completed", "producing"]
    n_projects = size["projects"]
    project_region = [districts[i % len(districts)] for i in range(n_projects + 1)]
    counts["projects"] = _copy(connection, Project, [
        "id", "code", "name", "region_id", "park_id", "enterprise_id", "industry_id", "total_investment", "stage",
        "latitude", "longitude", "actual_signed", "planned_started"], (
        (i, f"JS{i:06d}", f"江苏第{i}号制造业项目", project_region[i], (i % size["parks"]) + 1,
         (i % size["enterprises"]) + 1, divisions_ids[i % len(divisions_ids)], Decimal(rng.randrange(5, 300) * 500),
         stages[i % 4], Decimal("32.0") + Decimal(i % 200) / 100, Decimal("119.0") + Decimal(i % 300) / 100,
         datetime.date(2023, 1, 1), datetime.date(2023, 6, 1)) for i in range(1, n_projects + 1)))
    # parks must lie in their project's region for the model's rule: fix the generated link in one statement
    with connection.cursor() as cursor:
        cursor.execute("UPDATE projects_project p SET park_id = NULL WHERE park_id IS NOT NULL AND "
                       "(SELECT region_id FROM places_park WHERE id = p.park_id) <> p.region_id")
    today = datetime.date.today().replace(day=1)
    months = [(today.replace(day=1) - datetime.timedelta(days=31 * k)).replace(day=1) for k in range(MONTHS)]
    counts["reports"] = _copy(connection, ProgressReport, [
        "project_id", "month", "investment_month", "investment_cumulative", "stage", "narrative"], (
        (p, month, Decimal(100), Decimal(100 * (MONTHS - k)), stages[p % 4], "按计划推进")
        for p in range(1, n_projects + 1) for k, month in enumerate(months)))
    ruleset = supervision.ruleset_ensure_default(user=None)
    now = datetime.datetime.now(datetime.UTC)
    counts["lights"] = _copy(connection, Light, ["project_id", "month", "color", "ruleset_id", "computed_at",
                                                 "reasons"], (
        (p, today, ("green", "yellow", "red")[p % 7 % 3], ruleset.pk, now, "[]") for p in range(1, n_projects + 1)))
    counts["tasks"] = _copy(connection, SupervisedTask, [
        "title", "region_id", "project_id", "owner_unit", "responsible_person", "deadline", "status"], (
        (f"督办事项{i}", project_region[(i % n_projects) + 1], (i % n_projects) + 1, "发改局", "王强",
         datetime.date(2027, 1, 1) if i % 5 else datetime.date(2025, 1, 1), "open")
        for i in range(1, size["tasks"] + 1)))
    n_meetings = size["meetings"]
    counts["meetings"] = _copy(connection, Meeting, ["id", "round", "title", "start_date", "end_date", "status"], (
        (m, m, f"第{m}次现场推进会", datetime.date(2020, 1, 1) + datetime.timedelta(days=3 * m),
         datetime.date(2020, 1, 1) + datetime.timedelta(days=3 * m), "published") for m in range(1, n_meetings + 1)))
    counts["stops"] = _copy(connection, Stop, ["id", "meeting_id", "project_id", "order"], (
        ((m - 1) * STOPS_PER_MEETING + s, m, ((m * 37 + s * 101) % n_projects) + 1, s)
        for m in range(1, n_meetings + 1) for s in range(1, STOPS_PER_MEETING + 1)))
    counts["raters"] = _copy(connection, Attendee, ["id", "meeting_id", "name", "token", "role"], (
        ((m - 1) * RATERS_PER_MEETING + r, m, f"评分人{r}", uuid.uuid4().hex + uuid.uuid4().hex, "rater")
        for m in range(1, n_meetings + 1) for r in range(1, RATERS_PER_MEETING + 1)))
    _copy(connection, ScoringScheme, ["id", "meeting_id"], ((m, m) for m in range(1, n_meetings + 1)))
    _copy(connection, ScoringCriterion, ["scheme_id", "key", "name", "weight", "maximum"], (
        (m, "overall", "综合", Decimal(1), Decimal(100)) for m in range(1, n_meetings + 1)))
    counts["scores"] = _copy(connection, Submission, ["attendee_id", "stop_id", "idempotency_key", "version",
                                                      "values"], (
        ((m - 1) * RATERS_PER_MEETING + r, (m - 1) * STOPS_PER_MEETING + s, f"k-{m}-{r}-{s}", 1,
         json.dumps({"overall": 60 + (r * s + m) % 40}))
        for m in range(1, n_meetings + 1) for s in range(1, STOPS_PER_MEETING + 1)
        for r in range(1, RATERS_PER_MEETING + 1)))
    _reset_sequences(connection, [Region, Park, Carrier, Enterprise, Project, ProgressReport, Light, SupervisedTask,
                                  Meeting, Stop, Attendee, ScoringScheme, ScoringCriterion, Submission])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    organiser = User.objects.create_user("province_organiser", password=PASSWORD, role=Role.ORGANISER)
    reporter = User.objects.create_user("district_reporter", password=PASSWORD, role=Role.REPORTER)
    reporter.regions.set([districts[0]])
    return {"counts": counts, "seconds": round(time.perf_counter() - started, 1), "organiser": organiser.username,
            "reporter": reporter.username, "district": districts[0], "project": 1, "meeting": 1,
            "own_project": 1 if project_region[1] == districts[0] else next(
                i for i in range(1, n_projects + 1) if project_region[i] == districts[0])}


# --- measuring --------------------------------------------------------------------------------------------------


def pages(info: dict, role: str) -> list[tuple[str, str]]:
    """The pages measured; a district reporter opens a project of their own district."""
    d, m = info["district"], info["meeting"]
    p = info["own_project"] if role == "reporter" else info["project"]
    return [
        ("项目列表", "/projects/"),
        ("项目列表 筛选+排序", f"/projects/?region={d}&stage=started&sort=-total_investment"),
        ("项目列表 搜索", "/projects/?q=第4号"), ("项目列表 末页", "/projects/?page=last"),
        ("月报列表", "/reports/"), ("月报列表 末页", "/reports/?page=last"),
        ("督办事项", "/supervision/tasks/"), ("督办事项 逾期", "/supervision/tasks/?overdue=true&active=true"),
        ("载体列表", "/carriers/"), ("企业列表", "/enterprises/"), ("推进会列表", "/meetings/"),
        ("亮灯列表", "/supervision/lights/"), ("进度看板", "/supervision/dashboard/"), ("首页", "/"),
        ("项目详情", f"/projects/{p}/"), ("项目亮灯历程", f"/supervision/projects/{p}/lights/"),
        ("一张图", "/map/"), ("主导产业", "/industry/leading/"),
        ("精准招商", f"/industry/targets/?region={info['district_code']}"),
        ("评分结果", f"/meetings/{m}/results/"),
        ("API 项目", "/api/projects/"), ("API 项目 按代码", f"/api/projects/?region__code={info['district_code']}"),
        ("API 月报", "/api/reports/"), ("API 督办", "/api/tasks/"), ("API 载体", "/api/carriers/"),
        ("API 企业", "/api/enterprises/"), ("API 推进会", "/api/meetings/"),
        ("导出 项目 xlsx", f"/projects/?region={d}&export=xlsx"),
    ]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def child_env(url: str, var_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("YUANQU_", "DJANGO_"))}
    env.update(YUANQU_DATABASE_URL=url, YUANQU_SECRET_KEY=KEY, YUANQU_VAR_DIR=str(var_dir),
               YUANQU_DB_CONN_MAX_AGE="60", DJANGO_SETTINGS_MODULE="benchmarks.province_settings",
               PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "src")]))
    return env


def serve(url: str, var_dir: Path) -> tuple[subprocess.Popen, str]:
    import httpx

    port = free_port()
    log = open(var_dir / "server.log", "ab")  # noqa: SIM115 (closed with the process)
    server = subprocess.Popen([str(VENV_BIN / "yuanqu"), "serve", "--host", "127.0.0.1", "--port", str(port),
                               "--workers", "2"], env=child_env(url, var_dir), cwd=ROOT, stdout=log, stderr=log,
                              start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/login/", timeout=5).status_code == 200:
                return server, base
        except httpx.HTTPError:
            time.sleep(0.3)
    server.kill()
    sys.exit("the server did not start: see " + str(var_dir / "server.log"))


def signed_in(base: str, username: str):
    import httpx

    client = httpx.Client(base_url=base, timeout=120, follow_redirects=False)
    client.get("/login/")
    response = client.post("/login/", data={"username": username, "password": PASSWORD,
                                            "csrfmiddlewaretoken": client.cookies["csrftoken"]},
                           headers={"Referer": base + "/login/"})
    if response.status_code != 302:
        sys.exit(f"sign-in of {username} failed: {response.status_code}")
    return client


SLOW_SECONDS = 2.0  # a page whose warm-up takes longer is measured SLOW_REQUESTS times only (bounded run time)
SLOW_REQUESTS = 3


def measure(client, path: str, requests: int) -> dict:
    start = time.perf_counter()
    client.get(path)  # warm-up
    if time.perf_counter() - start > SLOW_SECONDS:
        requests = SLOW_REQUESTS
    times, queries, status = [], set(), set()
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - start)
        status.add(response.status_code)
        queries.add(response.headers.get("X-Queries", "?"))
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    return {"n": requests, "p50": statistics.median(times) * 1000, "p95": p95 * 1000,
            "queries": "/".join(sorted(queries)), "status": "/".join(str(s) for s in sorted(status))}


def run_scale(scale: float, requests: int, keep: bool) -> tuple[dict, dict]:
    name = f"yuanqu_province_{str(scale).replace('.', '_')}"
    url = create_database(name)
    var_dir = Path(f"/tmp/{name}")
    var_dir.mkdir(exist_ok=True)
    env = child_env(url, var_dir) | {"DJANGO_SETTINGS_MODULE": "yuanqu.settings"}
    subprocess.run([str(VENV_BIN / "yuanqu"), "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    started = time.perf_counter()
    made = subprocess.run([sys.executable, __file__, "--generate", str(scale)], env=env, cwd=ROOT,
                          capture_output=True, text=True)
    if made.returncode != 0:
        sys.exit(f"generating scale {scale} failed:\n{made.stderr[-4000:]}")
    info = json.loads(made.stdout.strip().splitlines()[-1])
    info["wall"] = round(time.perf_counter() - started, 1)
    import psycopg

    with psycopg.connect(url) as conn:
        info["district_code"] = conn.execute("SELECT code FROM places_region WHERE id = %s",
                                             (info["district"],)).fetchone()[0]
    counted = ", ".join(f"{k} {v:,}" for k, v in info["counts"].items())
    print(f"scale {scale}: generated in {info['wall']} s: {counted}", flush=True)
    server, base = serve(url, var_dir)
    results = {}
    try:
        for role in ("organiser", "reporter"):
            client = signed_in(base, info[role])
            for label, path in pages(info, role):
                results[(label, role)] = measure(client, path, requests)
                row = results[(label, role)]
                print(f"  scale {scale} {role} {label}: p50 {row['p50']:.0f} ms, p95 {row['p95']:.0f} ms, "
                      f"{row['queries']} queries ({row['n']} requests)", file=sys.stderr, flush=True)
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
        if not keep:
            drop_database(name)
    return info, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="0.01,1")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the generated databases")
    parser.add_argument("--generate", type=float, help=argparse.SUPPRESS)  # the child process that fills one
    args = parser.parse_args()
    if args.generate is not None:
        print(json.dumps(generate(args.generate)))
        return
    scales = [float(s) for s in args.scales.split(",")]
    runs = {scale: run_scale(scale, args.requests, args.keep) for scale in scales}
    small, large = min(scales), max(scales)
    print()
    print(f"PostgreSQL, yuanqu serve --workers 2, {args.requests} sequential requests per page after a warm-up "
          f"({SLOW_REQUESTS} when the warm-up took over {SLOW_SECONDS:.0f} s); ms; queries per response (X-Queries)")
    print()
    head = " | ".join(f"p50 @{s} | p95 @{s}" for s in scales)
    print(f"| page | role | {head} | p95 ratio {large}/{small} | queries {' / '.join(str(s) for s in scales)} "
          f"| status |")
    print("| --- | --- | " + " | ".join("---: | ---:" for _s in scales) + " | ---: | --- | --- |")
    for key in runs[small][1]:
        label, role = key
        cells = " | ".join(f"{runs[s][1][key]['p50']:.0f} | {runs[s][1][key]['p95']:.0f}" for s in scales)
        ratio = runs[large][1][key]["p95"] / max(runs[small][1][key]["p95"], 0.1)
        queries = " / ".join(runs[s][1][key]["queries"] for s in scales)
        status = " / ".join(runs[s][1][key]["status"] for s in scales)
        print(f"| {label} | {role} | {cells} | {ratio:.2f} | {queries} | {status} |")


if __name__ == "__main__":
    main()
