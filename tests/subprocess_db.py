"""Fresh databases for tests that run `yuanqu` in subprocesses (backup/restore, crash safety).

The suite runs once on SQLite and once on PostgreSQL (`YUANQU_DATABASE_URL=postgres://…`, scripts/with-postgres.sh).
A subprocess cannot see pytest-django's test database on SQLite (it may live in memory), so these tests make their
own: a file in the test's temporary directory on SQLite, a new database on the same server on PostgreSQL (dropped
afterwards). They read it back with raw SQL, never through the test process's Django connection.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
YUANQU = str(Path(sys.executable).parent / "yuanqu")
SERVER_URL = os.environ.get("YUANQU_DATABASE_URL", "")
SUBPROCESS_KEY = os.environ.get("YUANQU_SECRET_KEY") or secrets.token_urlsafe(50)
POSTGRES = SERVER_URL.startswith(("postgres://", "postgresql://"))
VENDOR = "postgresql" if POSTGRES else "sqlite"


def _with_dbname(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def _pg_admin():
    import psycopg

    return psycopg.connect(SERVER_URL, autocommit=True)


@contextlib.contextmanager
def fresh_database(directory: Path, label: str):
    """The URL of a new, empty database of the suite's vendor; dropped (PostgreSQL) when the block ends."""
    if not POSTGRES:
        yield f"sqlite:///{directory / (label + '.sqlite3')}"
        return
    name = f"yuanqu_{label}_{uuid.uuid4().hex[:8]}"
    with _pg_admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_dbname(SERVER_URL, name)
    finally:
        with _pg_admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def yuanqu_env(url: str, var_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "YUANQU_", "DJANGO_"))}
    # on PostgreSQL the settings refuse to start without a key: the subprocesses of one test run share one
    env.update(YUANQU_DATABASE_URL=url, YUANQU_VAR_DIR=str(var_dir), PYTHONUNBUFFERED="1",
               YUANQU_SECRET_KEY=SUBPROCESS_KEY, **extra)
    return env


def run_yuanqu(*args: str, url: str, var_dir: Path, timeout: float = 120, check: bool = True,
               input: str | None = None) -> subprocess.CompletedProcess:
    """`yuanqu ARGS` against the database `url` and the data directory `var_dir` (its media/ is MEDIA_ROOT)."""
    completed = subprocess.run([YUANQU, *args], env=yuanqu_env(url, var_dir), cwd=ROOT, capture_output=True,
                               text=True, timeout=timeout, input=input)
    if check and completed.returncode != 0:
        raise AssertionError(f"yuanqu {' '.join(args)} exited {completed.returncode}:\n{completed.stderr[-3000:]}")
    return completed


@contextlib.contextmanager
def raw_connection(url: str):
    """A DB-API connection to `url` (sqlite3 or psycopg), outside Django."""
    if url.startswith("sqlite:///"):
        conn = sqlite3.connect(url[len("sqlite:///"):], timeout=30)
    else:
        import psycopg

        conn = psycopg.connect(url, autocommit=True)
    try:
        yield conn
    finally:
        conn.close()


def table_names(url: str) -> list[str]:
    with raw_connection(url) as conn:
        cursor = conn.cursor()
        if url.startswith("sqlite:///"):
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        else:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        return sorted(row[0] for row in cursor.fetchall())


def query(url: str, sql: str, params: tuple = ()) -> list[tuple]:
    with raw_connection(url) as conn:
        cursor = conn.cursor()
        if not url.startswith("sqlite:///"):
            sql = sql.replace("?", "%s")
        if params:
            cursor.execute(sql, params)
        else:
            cursor.execute(sql)  # no placeholders: a literal % (LIKE 'x%') stays as it is
        return [tuple(row) for row in cursor.fetchall()]


def canonical_dump(url: str) -> dict[str, list[tuple]]:
    """Every table's rows as tuples, column by column in the table's order, sorted (a canonical, order-free dump)."""
    dump = {}
    with raw_connection(url) as conn:
        for table in table_names(url):
            cursor = conn.cursor()
            cursor.execute(f'SELECT * FROM "{table}"')
            columns = tuple(d[0] for d in cursor.description)
            dump[table] = [columns, *sorted((tuple(row) for row in cursor.fetchall()), key=repr)]
    return dump


def media_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
