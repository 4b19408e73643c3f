"""`yuanqu backup` / `yuanqu restore` on the suite's database vendor (SQLite, or PostgreSQL in the PG pass).

The demo data and a report attachment are backed up, restored into a fresh empty database of the same kind with
its own MEDIA_ROOT (the commands run as subprocesses, as an operator runs them), and every table's rows and every
file's bytes are compared: identical. Refusals (non-empty target, not a backup, truncated, tampered, other
vendor) exit 2 with a Chinese message and write nothing.
"""

import io
import json
import os
import tarfile
from pathlib import Path

import pytest

from tests.subprocess_db import (
    POSTGRES,
    VENDOR,
    canonical_dump,
    fresh_database,
    media_files,
    query,
    run_yuanqu,
    table_names,
)

ATTACHMENT = bytes(range(256)) * 64 + "现场照片".encode()

ADD_ATTACHMENT = f"""
from django.core.files.base import ContentFile
from yuanqu.projects.models import ProgressReport, ReportAttachment
report = ProgressReport.objects.order_by("pk").first()
attachment = ReportAttachment(report=report, original_name="现场照片.jpg", content_type="image/jpeg",
                              size={len(ATTACHMENT)})
attachment.file.save("现场照片.jpg", ContentFile(bytes.fromhex("{ATTACHMENT.hex()}")), save=False)
attachment.save()
print(attachment.file.name)
"""


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """A database with the demo data and one attachment, and its backup file."""
    tmp = tmp_path_factory.mktemp("backup-source")
    with fresh_database(tmp, "source") as url:
        run_yuanqu("demo", "--no-serve", url=url, var_dir=tmp, timeout=300)
        name = run_yuanqu("shell", "-c", ADD_ATTACHMENT, url=url, var_dir=tmp).stdout.strip().splitlines()[-1]
        assert (tmp / "media" / name).read_bytes() == ATTACHMENT
        out = run_yuanqu("backup", str(tmp / "backups" / "yuanqu-%Y%m%d.tar"), url=url, var_dir=tmp).stdout
        (archive,) = (tmp / "backups").glob("yuanqu-*.tar")
        yield {"url": url, "var": tmp, "archive": archive, "output": out, "attachment": name}


def _restore(archive: Path, url: str, var_dir: Path, check=True):
    return run_yuanqu("restore", str(archive), url=url, var_dir=var_dir, check=check)


def test_backup_holds_manifest_database_and_media(source):
    with tarfile.open(source["archive"]) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert names[0] == "manifest.json"
    assert manifest["vendor"] == VENDOR
    assert manifest["format"] == "yuanqu-backup"
    assert ("core", "0001_initial") in {tuple(m) for m in manifest["migrations"]}
    db_member = "db.dump" if POSTGRES else "db.sqlite3"
    assert set(manifest["files"]) == {db_member, "media/" + source["attachment"]}
    assert all(len(f["sha256"]) == 64 for f in manifest["files"].values())
    assert manifest["tables"]["projects_project"] == query(source["url"], "SELECT COUNT(*) FROM projects_project")[0][0]
    assert manifest["tables"]["projects_reportattachment"] == 1
    assert "已备份 (backed up)" in source["output"]


def test_restore_into_fresh_database_is_identical(source, tmp_path):
    with fresh_database(tmp_path, "target") as url:
        out = _restore(source["archive"], url, tmp_path).stdout
        before, after = canonical_dump(source["url"]), canonical_dump(url)
        assert set(before) == set(after)
        for table in before:
            assert after[table] == before[table], table
        rows = sum(len(r) - 1 for r in before.values())
        assert len(before) > 40 and rows > 2000
        assert f"{len(before)} 张表 (tables), {rows} 行 (rows), 1 个文件 (files)" in out
        assert media_files(tmp_path / "media") == media_files(source["var"] / "media")
        assert (tmp_path / "media" / source["attachment"]).read_bytes() == ATTACHMENT
        # The restored site is usable: nothing to migrate, and new rows get fresh keys (sequences restored).
        run_yuanqu("migrate", "--check", url=url, var_dir=tmp_path)
        created = run_yuanqu("shell", "-c", "from yuanqu.projects.models import Enterprise as E; "
                             "print(E.objects.create(name='恢复后新建企业', credit_code='91320900MA00000001', "
                             "region_id=E.objects.first().region_id).pk)",
                             url=url, var_dir=tmp_path).stdout.split()[-1]
        assert int(created) > max(pk for (pk,) in query(source["url"], "SELECT id FROM projects_enterprise"))


def _assert_refused(source, archive, tmp_path, *words, url=None):
    with fresh_database(tmp_path, "refused") if url is None else _given(url) as target:
        before = table_names(target)
        completed = _restore(archive, target, tmp_path, check=False)
        assert completed.returncode == 2, completed.stderr
        for word in words:
            assert word in completed.stderr
        assert table_names(target) == before  # nothing written
        assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*"))
    return completed.stderr


class _given:
    def __init__(self, url):
        self.url = url

    def __enter__(self):
        return self.url

    def __exit__(self, *exc):
        return False


def test_refuses_a_database_that_is_not_empty(source, tmp_path):
    _assert_refused(source, source["archive"], tmp_path, "目标数据库不是空的", "只能恢复到空数据库", url=source["url"])


def test_refuses_a_file_that_is_not_a_backup(source, tmp_path):
    garbage = tmp_path / "garbage.tar"
    garbage.write_bytes(os.urandom(50_000))
    _assert_refused(source, garbage, tmp_path, "不是 yuanqu 备份文件")
    other = tmp_path / "other.tar"
    with tarfile.open(other, "w") as tar:
        tar.add(__file__, arcname="readme.txt")
    _assert_refused(source, other, tmp_path, "不是 yuanqu 备份文件", "manifest.json")


def test_refuses_a_truncated_backup(source, tmp_path):
    truncated = tmp_path / "truncated.tar"
    data = source["archive"].read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    stderr = _assert_refused(source, truncated, tmp_path)
    assert any(word in stderr for word in ("截断", "损坏", "不完整", "校验失败")), stderr


def _rewritten(source_archive: Path, target: Path, change) -> Path:
    """A copy of the archive with `change(name, data, manifest) -> data` applied to every member but the manifest."""
    with tarfile.open(source_archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        members = [(m.name, tar.extractfile(m).read()) for m in tar.getmembers() if m.name != "manifest.json"]
    members = [(name, change(name, data, manifest)) for name, data in members]
    with tarfile.open(target, "w") as tar:
        for name, data in [("manifest.json", json.dumps(manifest).encode()), *members]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return target


def test_refuses_a_tampered_file(source, tmp_path):
    def flip_media_byte(name, data, manifest):
        return data[:-1] + bytes([data[-1] ^ 1]) if name.startswith("media/") else data

    tampered = _rewritten(source["archive"], tmp_path / "tampered.tar", flip_media_byte)
    _assert_refused(source, tampered, tmp_path, "校验失败", "SHA-256", "media/")


def test_refuses_another_vendor(source, tmp_path):
    other_vendor, other_member = ("sqlite", "db.sqlite3") if POSTGRES else ("postgresql", "db.dump")

    def as_other_vendor(name, data, manifest):
        manifest["vendor"] = other_vendor
        files = manifest["files"]
        for member in ("db.sqlite3", "db.dump"):
            if member in files:
                files[other_member] = files.pop(member)
        return data

    relabelled = _rewritten(source["archive"], tmp_path / "other-vendor.tar", as_other_vendor)
    _assert_refused(source, relabelled, tmp_path, "数据库类型不符", other_vendor)


def test_backup_reports_progress_per_file(source, tmp_path):
    script = f"""
from yuanqu.core import backup
seen = []
backup.backup({str(tmp_path / "p.tar")!r}, progress=lambda done, total: seen.append((done, total)))
print(seen)
"""
    seen = run_yuanqu("shell", "-c", script, url=source["url"], var_dir=source["var"]).stdout.strip().splitlines()[-1]
    assert seen == "[(1, 2), (2, 2)]"  # the database and the one attachment
