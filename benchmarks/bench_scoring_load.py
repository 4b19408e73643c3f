"""Load benchmark of phone scoring: ``--raters`` × ``--stops`` cards POSTed concurrently to the real server.

Starts gunicorn (``--server gunicorn``: gthread workers) or uvicorn (``--server uvicorn``: ASGI) on 127.0.0.1 against
a fresh, migrated database — a temporary SQLite file by default, or with ``--pg`` the PostgreSQL in
``YUANQU_DATABASE_URL`` (run it through ``scripts/with-postgres.sh``). It creates a meeting with the stops (one per
district), the default scheme and the raters (city-level, so none is recused and every rater scores every stop),
then, with httpx.AsyncClient at a bounded concurrency:

1. baseline: ``--baseline-requests`` POSTs (default 3,000) to the no-op endpoint ``/api/noop/`` (same server,
   middleware and DRF view stack, same concurrency, no database; routed only by ``benchmarks.noop_settings``,
   which the benchmark's server runs with);
2. paced: ``--rate`` cards a second (default 100) for ``--rate-seconds`` (default 10), open loop, each a new card:
   the latency a meeting's real traffic sees;
3. saturation: every other card once to ``/api/score/<token>/``, plus ``--duplicates`` of them sent a second time at
   once with the same idempotency key (a retry racing its original), in random order.

Then it checks in the database that every card is stored exactly once (one row per key, one current version per
rater and stop, version 1, the values sent), that each key got exactly one 201 and its duplicate a 200 with the
same version, and prints p50/p99 latency and throughput of both phases. Bounded: ``--max-seconds`` per phase
(default 420 s) and loopback only.

Run:  .venv/bin/python benchmarks/bench_scoring_load.py [--raters 1000 --stops 10 --concurrency 20]
      scripts/with-postgres.sh .venv/bin/python benchmarks/bench_scoring_load.py --pg
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def setup_database(args) -> str:
    """Point Django at a fresh database and migrate it; returns a label for the table."""
    if args.pg:
        url = os.environ.get("YUANQU_DATABASE_URL", "")
        if not url.startswith("postgres"):
            sys.exit("--pg needs YUANQU_DATABASE_URL=postgres://… (run through scripts/with-postgres.sh)")
        label = "PostgreSQL"
    else:
        args.tmp = tempfile.mkdtemp(prefix="yuanqu-bench-")
        url = f"sqlite:///{args.tmp}/bench.sqlite3"
        os.environ["YUANQU_DATABASE_URL"] = url
        label = "SQLite (WAL)"
    os.environ["YUANQU_DB_CONN_MAX_AGE"] = "60"  # the server keeps its connections, as deployed
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yuanqu.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    return label


def create_meeting(raters: int, stops: int):
    """A meeting under way, `stops` stops in as many districts, the default scheme, `raters` city-level raters."""
    import datetime

    from tests.factories import ProjectFactory, RegionFactory, UserFactory, ensure_industries
    from yuanqu.core.models import Role
    from yuanqu.meetings import services as meeting_services
    from yuanqu.meetings.models import Attendee, AttendeeRole, MeetingStatus
    from yuanqu.places.models import RegionLevel
    from yuanqu.scoring import services

    ensure_industries()
    organiser = UserFactory(username="bench_organiser", role=Role.ORGANISER)
    city = RegionFactory(code="320900", name="盐城市", level=RegionLevel.CITY)
    day = datetime.date(2026, 11, 25)
    meeting = meeting_services.meeting_create(user=organiser, data={
        "round": 99, "title": "负载测试会议", "start_date": day, "end_date": day})
    stop_list = []
    for i in range(stops):
        region = RegionFactory(code=f"3209{i + 10:02d}", name=f"测试区{i + 1}", parent=city)
        project = ProjectFactory(name=f"负载测试项目{i + 1}", region=region)
        stop_list.append(meeting_services.stop_add(user=organiser, meeting=meeting, project=project, day=day))
    Attendee.objects.bulk_create(
        [Attendee(meeting=meeting, name=f"评分人{i:04d}", role=AttendeeRole.RATER) for i in range(raters)]
    )
    meeting_services.meeting_set_status(user=organiser, meeting=meeting, status=MeetingStatus.SCHEDULED)
    meeting_services.meeting_set_status(user=organiser, meeting=meeting, status=MeetingStatus.UNDER_WAY)
    scheme = services.scheme_create_default(user=organiser, meeting=meeting)
    criteria = [(c.key, c.maximum) for c in scheme.criteria.all()]
    tokens = list(Attendee.objects.filter(meeting=meeting).order_by("pk").values_list("pk", "token"))
    return meeting, [s.pk for s in stop_list], tokens, criteria


def start_server(args, port: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "DJANGO_SETTINGS_MODULE": "benchmarks.noop_settings"}
    if args.server == "gunicorn":
        cmd = [str(VENV_BIN / "gunicorn"), "yuanqu.wsgi:application", "-b", f"127.0.0.1:{port}",
               "-w", str(args.workers), "-k", "gthread", "--threads", str(args.threads), "--keep-alive", "30",
               "--log-level", "warning"]
    else:
        cmd = [str(VENV_BIN / "uvicorn"), "yuanqu.asgi:application", "--host", "127.0.0.1", "--port", str(port),
               "--workers", str(args.workers), "--log-level", "warning", "--no-access-log"]
    args.server_log = tempfile.NamedTemporaryFile(prefix="yuanqu-bench-server-", suffix=".log", delete=False)
    server = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=args.server_log)
    import httpx

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/noop/", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    sys.exit("server did not start:\n" + Path(args.server_log.name).read_text(errors="replace")[-2000:])


async def run_phase(base: str, requests: list[tuple[str, dict | None]], concurrency: int, max_seconds: float):
    """POST every (path, body); returns per-request (latency s, status, body json) and the wall time."""
    import httpx

    semaphore = asyncio.Semaphore(concurrency)
    results: list = [None] * len(requests)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:

        async def one(i: int, path: str, body: dict | None):
            async with semaphore:
                t0 = time.perf_counter()
                try:
                    response = await client.post(path, json=body or {})
                    elapsed = time.perf_counter() - t0
                    try:
                        data = response.json() if body else None
                    except ValueError:  # an HTML error page: keep its start for the report
                        data = {"detail": response.text[:200]}
                    results[i] = (elapsed, response.status_code, data)
                except httpx.HTTPError as exc:
                    results[i] = (time.perf_counter() - t0, 0, str(exc))

        start = time.perf_counter()
        await asyncio.wait_for(asyncio.gather(*(one(i, p, b) for i, (p, b) in enumerate(requests))), max_seconds)
        return results, time.perf_counter() - start


async def run_paced(base: str, requests: list[tuple[str, dict]], rate: float, max_seconds: float):
    """POST the requests at a fixed rate (open loop: request i leaves at i / rate, whatever the answers before)."""
    import httpx

    results: list = [None] * len(requests)
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=50)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        start = time.perf_counter()

        async def one(i: int, path: str, body: dict):
            await asyncio.sleep(max(0.0, start + i / rate - time.perf_counter()))
            t0 = time.perf_counter()
            try:
                response = await client.post(path, json=body)
                results[i] = (time.perf_counter() - t0, response.status_code, response.json())
            except (httpx.HTTPError, ValueError) as exc:
                results[i] = (time.perf_counter() - t0, 0, str(exc))

        await asyncio.wait_for(asyncio.gather(*(one(i, p, b) for i, (p, b) in enumerate(requests))), max_seconds)
        return results, time.perf_counter() - start


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def doubled_keys(duplicates) -> set[str]:
    return {body["idempotency_key"] for _path, body in duplicates}


def check_stored(meeting, cards: dict, results, score_requests) -> list[str]:
    """Every card stored exactly once with the values sent; one 201 per key, duplicates answered 200, same version."""
    from yuanqu.scoring.models import Submission

    problems = []
    rows = list(Submission.objects.filter(stop__meeting=meeting).values_list(
        "idempotency_key", "attendee_id", "stop_id", "version", "is_current", "values"))
    if len(rows) != len(cards):
        problems.append(f"{len(rows)} rows stored for {len(cards)} cards")
    seen = {}
    for key, attendee, stop, version, current, values in rows:
        expected = cards.get(key)
        if expected is None:
            problems.append(f"unexpected key {key}")
        elif (attendee, stop, version, current, values) != (expected[0], expected[1], 1, True, expected[2]):
            problems.append(f"{key}: stored {(attendee, stop, version, current, values)}")
        seen[(attendee, stop)] = seen.get((attendee, stop), 0) + 1
    if any(n != 1 for n in seen.values()):
        problems.append("a (rater, stop) has more than one row")
    created: dict[str, int] = {}
    for (_path, body), (_t, status, data) in zip(score_requests, results, strict=True):
        if status not in (200, 201):
            problems.append(f"{body['idempotency_key']}: HTTP {status} {data}")
            continue
        created[body["idempotency_key"]] = created.get(body["idempotency_key"], 0) + (status == 201)
        if data.get("version") != 1:
            problems.append(f"{body['idempotency_key']}: answered version {data.get('version')}")
    if any(n != 1 for n in created.values()) or len(created) != len(cards):
        problems.append("not exactly one 201 per card")
    return problems[:10]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--raters", type=int, default=1000)
    parser.add_argument("--stops", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--duplicates", type=float, default=0.05, help="share of cards sent twice at once")
    parser.add_argument("--server", choices=["gunicorn", "uvicorn"], default="gunicorn")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8, help="gunicorn gthread threads per worker")
    parser.add_argument("--baseline-requests", type=int, default=3000, help="no-op requests (keeps the run short)")
    parser.add_argument("--pg", action="store_true", help="use the PostgreSQL of YUANQU_DATABASE_URL")
    parser.add_argument("--max-seconds", type=float, default=420.0, help="time limit of each phase")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=5, help="saturation rounds, no-op and cards alternating")
    parser.add_argument("--rate", type=float, default=100.0, help="paced phase: cards per second (0: none)")
    parser.add_argument("--rate-seconds", type=float, default=10.0, help="paced phase: how long")
    args = parser.parse_args()
    args.tmp = None
    rng = random.Random(args.seed)

    label = setup_database(args)
    t0 = time.perf_counter()
    meeting, stop_ids, tokens, criteria = create_meeting(args.raters, args.stops)
    setup_s = time.perf_counter() - t0

    cards, score_requests = {}, []
    for attendee_id, token in tokens:
        for stop_id in stop_ids:
            key = f"bench-{attendee_id}-{stop_id}"
            values = {k: rng.randrange(0, int(m) * 2 + 1) / 2 for k, m in criteria}
            values = {k: int(v) if float(v).is_integer() else v for k, v in values.items()}
            cards[key] = (attendee_id, stop_id, values)
            body = {"stop": stop_id, "values": values, "idempotency_key": key}
            score_requests.append((f"/api/score/{token}/", body))
    duplicates = rng.sample(score_requests, int(len(score_requests) * args.duplicates))
    rng.shuffle(score_requests)
    doubled = {id(r) for r in duplicates}  # each retry goes right next to its original: they race on the server
    score_requests = [r for request in score_requests for r in ([request] * (2 if id(request) in doubled else 1))]
    noop_requests = [("/api/noop/", None)] * min(len(score_requests), args.baseline_requests)
    # the paced phase sends distinct cards (no duplicates) before the saturation phase sends the rest
    paced_count = min(int(args.rate * args.rate_seconds), len(cards) // 2)
    paced_requests, seen_keys, retried = [], set(), doubled_keys(duplicates)
    for request in score_requests:
        key = request[1]["idempotency_key"]
        if len(paced_requests) >= paced_count:
            break
        if key not in retried and key not in seen_keys:
            paced_requests.append(request)
            seen_keys.add(key)
    score_requests = [r for r in score_requests if r[1]["idempotency_key"] not in seen_keys]

    port = free_port()
    server = start_server(args, port)
    base = f"http://127.0.0.1:{port}"
    try:
        asyncio.run(run_phase(base, noop_requests[:300], args.concurrency, args.max_seconds))  # warm-up
        paced_results, paced_wall = (asyncio.run(run_paced(base, paced_requests, args.rate, args.max_seconds))
                                     if paced_requests else ([], 0.0))
        # saturation in rounds, the no-op and the cards alternating: a burst of load from elsewhere on the box
        # then hits both alike, and the per-round ratios show how much the figure moves
        noop_results, noop_wall, score_results, score_wall, round_ratios = [], 0.0, [], 0.0, []
        for index in range(args.rounds):
            noop_part = noop_requests[index::args.rounds]
            score_part = score_requests[index * len(score_requests) // args.rounds:
                                        (index + 1) * len(score_requests) // args.rounds]
            got, wall = asyncio.run(run_phase(base, noop_part, args.concurrency, args.max_seconds))
            noop_results += got
            noop_wall += wall
            noop_rate = len(got) / wall
            got, wall = asyncio.run(run_phase(base, score_part, args.concurrency, args.max_seconds))
            score_results += got
            score_wall += wall
            round_ratios.append(len(got) / wall / noop_rate)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    problems = check_stored(meeting, cards, paced_results + score_results, paced_requests + score_requests)
    noop_errors = sum(1 for _t, status, _d in noop_results if status != 200)

    def row(name, results, wall, errors):
        latencies = [t * 1000 for t, _s, _d in results]
        return (name, len(results), percentile(latencies, 50), percentile(latencies, 99), len(results) / wall,
                errors, statistics.median(latencies))

    rows = [row("POST /api/noop/ (baseline)", noop_results, noop_wall, noop_errors),
            row("POST /api/score/<token>/", score_results, score_wall,
                sum(1 for _t, s, _d in score_results if s not in (200, 201)))]
    print(f"\nScoring load: {args.raters} raters × {args.stops} stops = {len(cards)} cards + {len(duplicates)} "
          f"concurrent duplicates; {label}; {args.server} workers={args.workers}"
          + (f" threads={args.threads}" if args.server == "gunicorn" else "")
          + f"; concurrency {args.concurrency}; Python {platform.python_version()}, {os.cpu_count()} CPUs; "
          f"set-up {setup_s:.1f} s\n")
    print("| endpoint | requests | p50 ms | p99 ms | req/s | errors |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, n, p50, p99, rps, errors, _median in rows:
        print(f"| {name} | {n} | {p50:.1f} | {p99:.1f} | {rps:.0f} | {errors} |")
    base_row, score_row = rows
    if paced_results:
        paced = [t * 1000 for t, _s, _d in paced_results]
        paced_errors = sum(1 for _t, s, _d in paced_results if s != 201)
        print(f"\npaced: {len(paced_results)} cards at {args.rate:.0f}/s for {args.rate_seconds:.0f} s (achieved "
              f"{len(paced_results) / paced_wall:.0f}/s): p50 {percentile(paced, 50):.1f} ms, "
              f"p99 {percentile(paced, 99):.1f} ms, errors {paced_errors}")
    print("throughput ratio score/noop by round: " + ", ".join(f"×{r:.2f}" for r in round_ratios)
          + f"; median ×{statistics.median(round_ratios):.2f}")
    print(f"\nratio score/noop: p50 ×{score_row[2] / base_row[2]:.1f}, p99 ×{score_row[3] / base_row[3]:.1f}, "
          f"throughput ×{score_row[4] / base_row[4]:.2f}")
    print("stored exactly once: " + ("yes — every card one row, version 1, values as sent; each key one 201"
                                     if not problems else "NO\n  " + "\n  ".join(problems)))
    log = Path(args.server_log.name).read_text(errors="replace")
    if problems and log.strip():
        print("server log (tail):\n" + log[-3000:])
    Path(args.server_log.name).unlink(missing_ok=True)
    if args.tmp:
        shutil.rmtree(args.tmp, ignore_errors=True)
    return 1 if problems or noop_errors else 0


if __name__ == "__main__":
    sys.exit(main())
