"""The one Excel/CSV framework: read a sheet without trusting it, parse cells with Chinese messages, declare
columns (`Spec`), write import templates and list workbooks, and run all-or-nothing, audited imports.

It imports nothing from the apps: each app declares its importer (a `BaseImporter` subclass with its `Spec`
list and row handling) and passes the class to `import_file`. Only views and management commands import it.

    reader.py    open_sheet, Sheet, normalise_header       cells.py     the cell parsers, CellError
    problems.py  ImportProblem, FileProblem, ImportResult  spec.py      Spec, export_table
    importer.py  BaseImporter, Pending, import_file        template.py  template_workbook (the blank .xlsx)
    workbook.py  table_workbook(_response), xlsx_response (list exports)
"""

from yuanqu.core.tabular import cells
from yuanqu.core.tabular.cells import CellError
from yuanqu.core.tabular.importer import BaseImporter, Pending, Progress, import_file
from yuanqu.core.tabular.problems import FileProblem, ImportProblem, ImportResult
from yuanqu.core.tabular.reader import Sheet, normalise_header, open_sheet
from yuanqu.core.tabular.spec import Spec, export_table

__all__ = [
    "BaseImporter",
    "CellError",
    "FileProblem",
    "ImportProblem",
    "ImportResult",
    "Pending",
    "Progress",
    "Sheet",
    "Spec",
    "cells",
    "export_table",
    "import_file",
    "normalise_header",
    "open_sheet",
]
