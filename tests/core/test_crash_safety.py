"""Crash safety (issue 16, item 8): SIGKILL the real server mid-burst of scores, and an import mid-write.

Both run `yuanqu` as subprocesses against a fresh database of the suite's vendor (a file on SQLite, a new database
on the PostgreSQL server in the PG pass; see tests/subprocess_db.py) and check the database with raw SQL afterwards.
No timing assertions: every wait polls with a deadline, every loop is bounded in count.
"""

import json
import os
import signal
import socket
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from tests.subprocess_db import (
    POSTGRES,
    ROOT,
    YUANQU,
    fresh_database,
    query,
    raw_connection,
    run_yuanqu,
    yuanqu_env,
)

RATERS, STOPS, VERSIONS = 4, 4, 16  # 4 raters × 4 stops × 16 successive cards = 256 requests
KILL_AFTER = 70  # acknowledged cards before the SIGKILL (about a quarter of the burst)
DEADLINE = 45.0  # seconds for any one wait

SETUP_TOUR = f"""
import json, django
django.setup()
from tests.scoring.conftest import make_tour
from yuanqu.meetings import services as meeting_services
tour = make_tour()
raters = [tour.city_rater] + [
    meeting_services.attendee_add(user=tour.w.organiser, meeting=tour.meeting,
                                  data={{"name": f"市级评分人{{i}}", "region": None, "role": "rater"}})
    for i in range({RATERS - 1})]
print(json.dumps({{"raters": [[a.pk, a.token] for a in raters], "stops": [s.pk for s in tour.stops]}}))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(url: str, var_dir: Path, log: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    with open(log, "ab") as out:
        server = subprocess.Popen([YUANQU, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
                                  env=yuanqu_env(url, var_dir), cwd=ROOT, stdout=out, stderr=out,
                                  start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError("server exited:\n" + log.read_text(errors="replace")[-3000:])
        try:
            if httpx.get(base + "/login/", timeout=2).status_code == 200:
                return server, base
        except httpx.HTTPError:
            time.sleep(0.2)
    _kill(server)
    raise AssertionError("server did not start:\n" + log.read_text(errors="replace")[-3000:])


def _kill(process: subprocess.Popen) -> None:
    """SIGKILL the process group this test started (the server or the import and any children), and reap it."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=DEADLINE)


def _values(i: int) -> dict:
    base = {"development_quality": 25, "intelligent_manufacturing": 20, "resource_integration": 15,
            "industrial_driving": 20}
    return {key: value - (i + n) % 5 for n, (key, value) in enumerate(base.items())}


def _post(client: httpx.Client, card: dict):
    """(status, version) of one card; status 0 when no answer came (refused connection, killed mid-request)."""
    try:
        response = client.post(f"/api/score/{card['token']}/", json=card["body"])
    except httpx.HTTPError:
        return 0, None
    version = response.json().get("version") if response.status_code in (200, 201) else None
    return response.status_code, version


def test_sigkill_mid_scoring_burst_loses_and_doubles_nothing(tmp_path):
    with fresh_database(tmp_path, "crash_scores") as url:
        run_yuanqu("migrate", url=url, var_dir=tmp_path)
        setup = subprocess.run([str(Path(YUANQU).parent / "python"), "-c", SETUP_TOUR], cwd=ROOT, text=True,
                               capture_output=True, timeout=120,
                               env=yuanqu_env(url, tmp_path, DJANGO_SETTINGS_MODULE="yuanqu.settings"))
        assert setup.returncode == 0, setup.stderr[-3000:]
        world = json.loads(setup.stdout.strip().splitlines()[-1])
        pairs = [(attendee, token, stop) for attendee, token in world["raters"] for stop in world["stops"]]
        cards = {
            (attendee, stop): [
                {"key": f"crash-{attendee}-{stop}-{i}", "token": token, "values": _values(i),
                 "body": {"stop": stop, "values": _values(i), "idempotency_key": f"crash-{attendee}-{stop}-{i}"}}
                for i in range(VERSIONS)
            ]
            for attendee, token, stop in pairs
        }
        log = tmp_path / "server.log"
        server, base = _start_server(url, tmp_path, log)
        acknowledged: dict[str, int] = {}  # key -> version answered
        lock = threading.Lock()

        def rater_at_stop(pair) -> None:
            with httpx.Client(base_url=base, timeout=10) as client:
                for card in cards[pair]:  # a phone sends its next card only after the last was acknowledged
                    status, version = _post(client, card)
                    if status not in (200, 201):
                        return
                    with lock:
                        acknowledged[card["key"]] = version

        try:
            with ThreadPoolExecutor(max_workers=8) as pool:
                futures = [pool.submit(rater_at_stop, pair) for pair in cards]
                deadline = time.monotonic() + DEADLINE
                while len(acknowledged) < KILL_AFTER and time.monotonic() < deadline:
                    time.sleep(0.005)
                _kill(server)  # mid-burst: no graceful shutdown, requests in flight are cut off
                for future in futures:
                    future.result(timeout=DEADLINE)
        finally:
            _kill(server)
        before_kill = dict(acknowledged)
        total = RATERS * STOPS * VERSIONS
        assert KILL_AFTER <= len(before_kill) < total, "the kill did not land mid-burst"

        server, base = _start_server(url, tmp_path, log)
        try:
            resent = replayed = stored_unanswered = 0
            with httpx.Client(base_url=base, timeout=20) as client:
                for pair_cards in cards.values():
                    for card in pair_cards:
                        if card["key"] in before_kill:
                            continue
                        status, version = _post(client, card)
                        assert status in (200, 201), (card["key"], status)
                        stored_unanswered += status == 200  # stored before the kill, its answer lost
                        resent += 1
                        acknowledged[card["key"]] = version
                    for card in pair_cards[::3]:  # and some that were acknowledged: same key, same answer
                        if card["key"] in before_kill:
                            assert _post(client, card) == (200, before_kill[card["key"]])
                            replayed += 1
        finally:
            _kill(server)

        rows = query(url, "SELECT idempotency_key, attendee_id, stop_id, version, is_current, \"values\" "
                          "FROM scoring_submission WHERE idempotency_key LIKE 'crash-%'")
        per_key: dict[str, int] = {}
        for key, *_ in rows:
            per_key[key] = per_key.get(key, 0) + 1
        sent = {card["key"]: card for pair_cards in cards.values() for card in pair_cards}
        assert set(per_key) == set(sent) == set(acknowledged)
        doubled = sum(n - 1 for n in per_key.values())
        assert doubled == 0
        for key, _attendee, _stop, version, _current, values in rows:
            values = json.loads(values) if isinstance(values, str) else values
            assert values == sent[key]["values"], key
            assert version == acknowledged[key], key  # the version answered is the version stored
        for (attendee, stop), pair_cards in cards.items():
            versions = sorted(r[3] for r in rows if (r[1], r[2]) == (attendee, stop))
            assert versions == list(range(1, VERSIONS + 1))
            current = [r for r in rows if (r[1], r[2]) == (attendee, stop) and r[4]]
            assert len(current) == 1 and current[0][0] == pair_cards[-1]["key"]
        print(f"\ncrash-safety scoring ({'PostgreSQL' if POSTGRES else 'SQLite'}): {total} cards, "
              f"{len(before_kill)} acknowledged before SIGKILL, {resent} resent after restart "
              f"({stored_unanswered} of them stored before the kill, answer lost), {replayed} acknowledged resent, "
              f"{len(rows)} stored, {doubled} doubled")


# --- import -----------------------------------------------------------------------------------------------------

IMPORT_ROWS = 6000


def _projects_xlsx(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    from yuanqu.projects.imports.columns import PROJECT_SPECS

    headers = [spec.header for spec in PROJECT_SPECS]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("项目")
    sheet.append(headers)
    for i in range(rows):
        values = {"项目名称": f"断电测试项目{i:05d}", "所在区县": "亭湖区", "计划总投资（万元）": 1000 + i,
                  "当前阶段": "签约", "建设内容": "断电测试"}
        sheet.append([values.get(h.rstrip("*")) for h in headers])
    workbook.save(path)


def _writer_active(url: str) -> bool:
    """True while another connection holds an open write transaction (the import's all-or-nothing write)."""
    if POSTGRES:
        return query(url, "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
                          "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()")[0][0] > 0
    with raw_connection(url) as conn:
        conn.isolation_level = None
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            conn.execute("BEGIN IMMEDIATE")
        except Exception as exc:  # sqlite3.OperationalError: database is locked
            if "locked" in str(exc):
                return True
            raise
        conn.execute("ROLLBACK")
        return False


def _imported(url: str) -> tuple[int, int]:
    projects = query(url, "SELECT COUNT(*) FROM projects_project WHERE name LIKE '断电测试项目%'")[0][0]
    changes = query(url, "SELECT COUNT(*) FROM core_objectchange WHERE object_repr LIKE '断电测试项目%'")[0][0]
    return projects, changes


def test_sigkill_mid_import_writes_all_or_nothing(tmp_path):
    workbook = tmp_path / "projects.xlsx"
    _projects_xlsx(workbook, IMPORT_ROWS)
    with fresh_database(tmp_path, "crash_import") as url:
        run_yuanqu("demo", "--no-serve", url=url, var_dir=tmp_path, timeout=300)
        log = tmp_path / "import.log"
        with open(log, "wb") as out:
            process = subprocess.Popen([YUANQU, "import", "projects", str(workbook), "--no-progress"],
                                       env=yuanqu_env(url, tmp_path), cwd=ROOT, stdout=out, stderr=out,
                                       start_new_session=True)
        try:
            deadline, seen_writing = time.monotonic() + DEADLINE, False
            while time.monotonic() < deadline and process.poll() is None:
                if _writer_active(url):
                    seen_writing = True
                    break
                time.sleep(0.01)
            still_running = process.poll() is None
            _kill(process)
        finally:
            _kill(process)
        assert seen_writing and still_running, "the kill did not land during the write:\n" + log.read_text()
        assert process.returncode == -signal.SIGKILL
        after_kill = _imported(url)
        assert after_kill in ((0, 0), (IMPORT_ROWS, IMPORT_ROWS)), after_kill  # never a partial set

        # The database is sound after the crash: the same import run to the end writes every row.
        done = run_yuanqu("import", "projects", str(workbook), "--no-progress", url=url, var_dir=tmp_path)
        assert _imported(url) == (IMPORT_ROWS, IMPORT_ROWS), done.stdout
        print(f"\ncrash-safety import ({'PostgreSQL' if POSTGRES else 'SQLite'}): SIGKILL during the write of "
              f"{IMPORT_ROWS} rows left {after_kill[0]} projects and {after_kill[1]} change records; "
              f"the rerun stored {IMPORT_ROWS}")
