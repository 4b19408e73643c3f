"""One-file backups of the database and the uploaded files, and their restore into an empty database.

A backup is an uncompressed tar holding

    manifest.json   format, yuanqu version, database vendor, applied migrations, rows per table, SHA-256 and
                    size of every other member
    db.sqlite3      SQLite: a copy taken with the online backup API (consistent while the server writes, WAL)
    db.dump         PostgreSQL: ``pg_dump --format=custom`` of one snapshot (the row counts come from the same one)
    media/...       every file under MEDIA_ROOT (report attachments)

`restore` checks everything it can before it writes anything: the manifest, every member's hash, the vendor, an
empty target database and no media file in the way. Problems are `BackupError`s with a Chinese message.

Only Django and the standard library: core is the ground floor and knows no other yuanqu app.
"""

from __future__ import annotations

import datetime
import glob
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connections

FORMAT = "yuanqu-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DB_MEMBER = {"sqlite": "db.sqlite3", "postgresql": "db.dump"}
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is Chinese and names the problem."""


@dataclass
class Summary:
    vendor: str
    tables: int
    rows: int
    files: int
    size: int = 0
    path: str = ""
    counts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of_manifest(cls, manifest: dict) -> Summary:
        """What a backup holds, read from its manifest (the manifest itself is not counted as a file)."""
        tables = manifest["tables"]
        return cls(vendor=manifest["vendor"], tables=len(tables), rows=sum(tables.values()),
                   files=len(manifest["files"]) - 1, counts=dict(tables))

    def describe(self) -> str:
        """The one line the backup, restore and check commands print."""
        line = f"{self.vendor}, {self.tables} 张表 (tables), {self.rows} 行 (rows), {self.files} 个文件 (files)"
        return line + (f", {self.size} 字节 (bytes)" if self.size else "")


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("yuanqu")
    except Exception:  # an uninstalled checkout
        return "unknown"


def _vendor(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in DB_MEMBER:
        raise BackupError(f"不支持的数据库类型：{vendor}（只支持 SQLite 和 PostgreSQL）。")
    return vendor


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# --- PostgreSQL tools and connection ---------------------------------------------------------------------------


def pg_tool(name: str) -> str:
    """The path of `pg_dump`/`pg_restore`: on PATH, else the newest /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if candidates:
        return candidates[-1]
    raise BackupError(f"找不到 {name}：请安装 PostgreSQL 客户端（apt-get install postgresql-client）。")


def pg_env(alias: str = "default") -> dict[str, str]:
    """libpq environment for the database of `alias`: the password goes in PGPASSWORD, never on a command line."""
    db = settings.DATABASES[alias]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    mapping = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD", "NAME": "PGDATABASE"}
    for key, var in mapping.items():
        if db.get(key):
            env[var] = str(db[key])
    options = db.get("OPTIONS") or {}
    for key, var in {"sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT",
                     "sslkey": "PGSSLKEY", "connect_timeout": "PGCONNECT_TIMEOUT"}.items():
        if options.get(key):
            env[var] = str(options[key])
    return env


def _run_pg(args: list[str], alias: str) -> None:
    completed = subprocess.run(args, env=pg_env(alias), capture_output=True, text=True)
    if completed.returncode != 0:
        tool, problem = Path(args[0]).name, completed.stderr.strip()[-800:]
        raise BackupError(f"{tool} 失败（退出码 {completed.returncode}）：{problem}")


# --- reading a database: tables, rows, migrations ---------------------------------------------------------------


def _sqlite_facts(path: Path) -> tuple[dict[str, int], list[list[str]]]:
    with sqlite3.connect(path) as conn:
        return _facts(conn.cursor(), "sqlite")


def _facts(cursor, vendor: str) -> tuple[dict[str, int], list[list[str]]]:
    """Rows per table and the applied migrations, read with `cursor` (a DB-API cursor)."""
    if vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")
        counts[table] = cursor.fetchone()[0]
    migrations = []
    if "django_migrations" in counts:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        migrations = [list(row) for row in cursor.fetchall()]
    return counts, migrations


def database_tables(alias: str = "default") -> list[str]:
    """The tables of the target database (its current schema on PostgreSQL)."""
    with connections[alias].cursor() as cursor:
        if connections[alias].vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        else:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        return sorted(row[0] for row in cursor.fetchall())


# --- backup -----------------------------------------------------------------------------------------------------


def _media_files(root: Path) -> list[tuple[str, Path]]:
    if not root.is_dir():
        return []
    files = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            files.append((MEDIA_PREFIX + path.relative_to(root).as_posix(), path))
    return files


def _dump_sqlite(alias: str, target: Path) -> tuple[dict[str, int], list[list[str]]]:
    name = str(settings.DATABASES[alias]["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise BackupError(f"无法备份内存数据库（{name}）。")
    if not Path(name).exists():
        raise BackupError(f"数据库文件不存在：{name}")
    source = sqlite3.connect(name, timeout=30)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)  # one consistent snapshot, even while the server writes (WAL)
        finally:
            destination.close()
    finally:
        source.close()
    with sqlite3.connect(target) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")  # the copy is one self-contained file
    return _sqlite_facts(target)


def _dump_postgresql(alias: str, target: Path) -> tuple[dict[str, int], list[list[str]]]:
    """pg_dump of an exported snapshot; the row counts and migrations are read in that same snapshot."""
    import psycopg

    env = pg_env(alias)
    conninfo = {k: env[v] for k, v in {"host": "PGHOST", "port": "PGPORT", "user": "PGUSER",
                                        "password": "PGPASSWORD", "dbname": "PGDATABASE"}.items() if v in env}
    with psycopg.connect(**conninfo) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        facts = _facts(conn.cursor(), "postgresql")
        _run_pg([pg_tool("pg_dump"), "--format=custom", f"--snapshot={snapshot}", f"--file={target}"], alias)
        conn.rollback()
    return facts


def backup(path: str | os.PathLike, *, alias: str = "default", progress=None) -> Summary:
    """Write a backup of the database `alias` and MEDIA_ROOT to `path` (written to a temporary name, then renamed);
    `progress(done, total)` hears of each file archived."""
    vendor = _vendor(alias)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="yuanqu-backup-", dir=path.parent) as tmp:
        db_file = Path(tmp) / DB_MEMBER[vendor]
        dump = _dump_sqlite if vendor == "sqlite" else _dump_postgresql
        counts, migrations = dump(alias, db_file)
        members = [(DB_MEMBER[vendor], db_file), *_media_files(Path(settings.MEDIA_ROOT))]
        files = {name: {"sha256": _sha256_file(file), "size": file.stat().st_size} for name, file in members}
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "yuanqu_version": _version(),
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "vendor": vendor,
            "migrations": migrations,
            "tables": counts,
            "files": files,
        }
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(datetime.datetime.now().timestamp()), 0o644
            tar.addfile(info, io.BytesIO(data))
            for done, (name, file) in enumerate(members, 1):
                tar.add(file, arcname=name, recursive=False)
                if progress:
                    progress(done, len(members))
        os.replace(partial, path)
    return Summary(vendor=vendor, tables=len(counts), rows=sum(counts.values()), files=len(members) - 1,
                   size=path.stat().st_size, path=str(path), counts=counts)


# --- restore ----------------------------------------------------------------------------------------------------


def _open(path: Path) -> tarfile.TarFile:
    if not path.is_file():
        raise BackupError(f"找不到备份文件：{path}")
    try:
        return tarfile.open(path, "r:")
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise BackupError(f"{path} 不是 yuanqu 备份文件（无法作为 tar 读取：{exc}）。") from exc


def _manifest(tar: tarfile.TarFile, path: Path) -> dict:
    try:
        member = tar.getmember(MANIFEST)
        manifest = json.loads(tar.extractfile(member).read().decode())
    except KeyError as exc:
        raise BackupError(f"{path} 不是 yuanqu 备份文件：缺少 {MANIFEST}。") from exc
    except (tarfile.TarError, EOFError, OSError, ValueError, AttributeError) as exc:
        raise BackupError(f"{path} 的 {MANIFEST} 已损坏：{exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} 不是 yuanqu 备份文件（清单格式不符）。")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"备份格式版本 {manifest.get('format_version')} 无法识别（本程序读取第 {FORMAT_VERSION} 版）。")
    vendor = manifest.get("vendor")
    files = manifest.get("files")
    if vendor not in DB_MEMBER or not isinstance(files, dict) or DB_MEMBER[vendor] not in files:
        raise BackupError(f"{path} 的清单不完整：缺少数据库类型或数据库文件。")
    for name in files:
        pure = PurePosixPath(name)
        media = name.startswith(MEDIA_PREFIX) and len(pure.parts) > 1
        if pure.is_absolute() or ".." in pure.parts or (name != DB_MEMBER[vendor] and not media):
            raise BackupError(f"备份清单中的文件名不安全：{name}")
    return manifest


def _extract_verified(tar: tarfile.TarFile, manifest: dict, into: Path, path: Path, progress=None) -> dict[str, Path]:
    """Every member of the manifest, extracted to `into` and checked against its SHA-256 and size."""
    listed = manifest["files"]
    extracted: dict[str, Path] = {}
    try:
        members = {m.name: m for m in tar.getmembers()}
        extra = set(members) - set(listed) - {MANIFEST}
        if extra:
            raise BackupError(f"备份中有清单未列出的文件：{sorted(extra)[0]}")
        for number, (name, expected) in enumerate(sorted(listed.items())):
            member = members.get(name)
            if member is None or not member.isfile():
                raise BackupError(f"备份不完整：缺少文件 {name}（文件可能被截断）。")
            target = into / f"{number:06d}"
            digest, size = hashlib.sha256(), 0
            with tar.extractfile(member) as source, open(target, "wb") as out:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
            if size != expected.get("size") or digest.hexdigest() != expected.get("sha256"):
                raise BackupError(f"校验失败：{name} 的 SHA-256 与清单不符（备份已损坏或被改动），未写入任何数据。")
            extracted[name] = target
            if progress:
                progress(number + 1, len(listed))
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise BackupError(f"{path} 已损坏或被截断：{exc}") from exc
    return extracted


def _media_target(root: Path, name: str) -> Path:
    return root.joinpath(*PurePosixPath(name[len(MEDIA_PREFIX):]).parts)


def inspect(path: str | os.PathLike) -> dict:
    """The manifest of a backup after checking every member's hash (nothing written but a temporary directory)."""
    path = Path(path)
    with _open(path) as tar, tempfile.TemporaryDirectory(prefix="yuanqu-restore-") as tmp:
        manifest = _manifest(tar, path)
        _extract_verified(tar, manifest, Path(tmp), path)
    return manifest


def restore(path: str | os.PathLike, *, alias: str = "default", progress=None) -> Summary:
    """Restore a backup into the empty database `alias` and MEDIA_ROOT; every check comes before any write.
    `progress(done, total)` hears of each file checked."""
    path = Path(path)
    vendor = _vendor(alias)
    media_root = Path(settings.MEDIA_ROOT)
    with _open(path) as tar, tempfile.TemporaryDirectory(prefix="yuanqu-restore-") as tmp:
        manifest = _manifest(tar, path)
        if manifest["vendor"] != vendor:
            raise BackupError(f"数据库类型不符：备份来自 {manifest['vendor']}，目标数据库是 {vendor}；"
                              "请恢复到同类数据库。")
        existing = database_tables(alias)
        if existing:
            raise BackupError(f"目标数据库不是空的：已有 {len(existing)} 张表（例如 {existing[0]}）。"
                              "只能恢复到空数据库，请新建一个空数据库后再恢复。")
        in_the_way = [name for name in manifest["files"] if name.startswith(MEDIA_PREFIX)
                      and _media_target(media_root, name).exists()]
        if in_the_way:
            raise BackupError(f"上传文件目录 {media_root} 中已有同名文件（例如 {in_the_way[0]}），未写入任何数据。")
        extracted = _extract_verified(tar, manifest, Path(tmp), path, progress)
        db_file = extracted[DB_MEMBER[vendor]]
        if vendor == "sqlite":
            _restore_sqlite(alias, db_file)
        else:
            _restore_postgresql(alias, db_file)
        files = 0
        for name, source in extracted.items():
            if name.startswith(MEDIA_PREFIX):
                target = _media_target(media_root, name)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(source, target)
                files += 1
    connections[alias].close()
    with connections[alias].cursor() as cursor:
        counts, _migrations = _facts(cursor, vendor)
    if counts != manifest["tables"]:
        differing = sorted(t for t in set(counts) | set(manifest["tables"])
                           if counts.get(t) != manifest["tables"].get(t))
        raise BackupError(f"恢复后的行数与备份清单不符（表 {differing[0]}）。")
    return Summary(vendor=vendor, tables=len(counts), rows=sum(counts.values()), files=files, path=str(path),
                   counts=counts)


def _restore_sqlite(alias: str, db_file: Path) -> None:
    name = str(settings.DATABASES[alias]["NAME"])
    connections[alias].close()
    source = sqlite3.connect(db_file)
    try:
        destination = sqlite3.connect(name, timeout=30)
        try:
            source.backup(destination)  # the backup API in reverse: page by page into the empty file
            destination.execute("PRAGMA journal_mode=WAL")
        finally:
            destination.close()
    finally:
        source.close()


def _restore_postgresql(alias: str, db_file: Path) -> None:
    connections[alias].close()
    _run_pg([pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
             f"--dbname={settings.DATABASES[alias]['NAME']}", str(db_file)], alias)
