"""What an import reports: one ImportProblem per refused cell, row, column or file, and the ImportResult."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ImportProblem:
    """One error: where (sheet, row, column letter and header) and what, in Chinese."""

    sheet: str
    row: int | None
    column: str  # letter, "" for whole-row or whole-file problems
    header: str
    message: str

    def __str__(self) -> str:
        where = [_("工作表 %(sheet)s") % {"sheet": self.sheet}]
        if self.row:
            where.append(_("第%(row)d行") % {"row": self.row})
        if self.column:
            where.append(_("列 %(col)s（%(header)s）") % {"col": self.column, "header": self.header})
        return ", ".join(where) + ": " + self.message


class FileProblem(Exception):
    """The file as a whole cannot be read (wrong type, empty, undecodable); carries its ImportProblem."""

    def __init__(self, problem: ImportProblem):
        super().__init__(problem.message)
        self.problem = problem


@dataclass
class ImportResult:
    kind: str
    problems: list[ImportProblem] = field(default_factory=list)
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    # The validated instances in file order (saved unless dry_run), only when there is no problem.
    records: list = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        text = _("共%(rows)d行：新建%(created)d条，更新%(updated)d条，未变%(unchanged)d条。") % {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
        return (_("（试运行，未写入）") + text) if self.dry_run else text
