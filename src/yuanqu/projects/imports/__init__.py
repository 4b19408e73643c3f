"""The project and monthly-report imports, declared on `yuanqu.core.tabular`: their columns (`columns.py`) and
row handling (`projects.py`, `reports.py`). Only views and commands import this package."""

from yuanqu.core.tabular import ImportResult, Progress, import_file
from yuanqu.projects.imports.projects import ProjectImporter
from yuanqu.projects.imports.reports import ReportImporter

IMPORTERS = {importer.kind: importer for importer in (ProjectImporter, ReportImporter)}
KINDS = {kind: importer.label for kind, importer in IMPORTERS.items()}  # "projects" -> "项目"


def run_import(
    *, user, kind: str, data: bytes, filename: str, dry_run: bool = False, progress: Progress | None = None
) -> ImportResult:
    """Import `data` (.xlsx or .csv bytes) as `kind` ("projects" or "reports") for `user`: all or nothing."""
    return import_file(IMPORTERS[kind], user=user, data=data, filename=filename, dry_run=dry_run, progress=progress)


__all__ = ["IMPORTERS", "KINDS", "ProjectImporter", "ReportImporter", "run_import"]
