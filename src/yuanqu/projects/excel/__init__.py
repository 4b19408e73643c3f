"""Excel and CSV templates, import (all or nothing) and export for projects and monthly reports."""

from yuanqu.projects.excel.cells import ImportProblem
from yuanqu.projects.excel.importer import ImportResult, SystemActor, run_import

KINDS = {"projects": "项目", "reports": "月报"}

__all__ = ["KINDS", "ImportProblem", "ImportResult", "SystemActor", "run_import"]
