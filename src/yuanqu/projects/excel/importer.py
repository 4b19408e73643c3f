"""The all-or-nothing import shared by projects and monthly reports.

parse (reader) → validate every row into unsaved model instances, collecting ALL problems → if any, write
nothing → else create/update in ONE transaction with bulk operations, one ObjectChange per created or changed
object (same snapshot as `yuanqu.core.audit`). Unchanged rows write nothing, so re-importing a file is a no-op.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from yuanqu.core import audit
from yuanqu.core.commandline import SystemActor  # noqa: F401  (re-exported)
from yuanqu.core.models import ChangeAction, ObjectChange, User
from yuanqu.projects.excel import cells
from yuanqu.projects.excel.cells import CellError, ImportProblem
from yuanqu.projects.excel.columns import Spec
from yuanqu.projects.excel.reader import Sheet, is_blank_row, is_notes_row, normalise_header

BATCH = 1000
Progress = Callable[[int, int | None], None]  # (rows done, rows in file if known)


@dataclass
class ImportResult:
    kind: str
    problems: list[ImportProblem] = field(default_factory=list)
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False

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


@dataclass
class Pending:
    """A validated row: the instance to write and its snapshot before the import (None = new)."""

    row: int
    instance: models.Model
    before: dict | None


class BaseImporter:
    kind: str
    specs: list[Spec]
    model: type[models.Model]

    def __init__(self, *, user, sheet: Sheet, progress: Progress | None = None):
        self.user = user
        self.sheet = sheet
        self.progress = progress
        self.result = ImportResult(kind=self.kind)
        self.columns: dict[int, Spec] = {}
        self.letters: dict[str, tuple[str, str]] = {}  # spec key -> (letter, header)

    # --- problems

    def problem(self, row: int | None, key: str | None, message: str) -> None:
        letter, header = self.letters.get(key, ("", "")) if key else ("", "")
        self.result.problems.append(
            ImportProblem(sheet=self.sheet.name, row=row, column=letter, header=header, message=str(message))
        )

    def validation_problems(self, row: int, exc: ValidationError, field_to_key: dict | None = None) -> None:
        field_to_key = field_to_key or {}
        if not hasattr(exc, "error_dict"):
            for message in exc.messages:
                self.problem(row, None, message)
            return
        for name, errors in exc.error_dict.items():
            key = field_to_key.get(name, name)
            for error in errors:
                for message in error.messages:
                    self.problem(row, key if key in self.letters and name != NON_FIELD_ERRORS else None, message)

    # --- the run

    def map_headers(self) -> bool:
        by_header = {normalise_header(spec.header): spec for spec in self.specs}
        for index, header in enumerate(self.sheet.headers):
            letter = get_column_letter(index + 1)
            if not header:
                continue
            spec = by_header.get(normalise_header(header))
            if spec is None:
                self.result.problems.append(
                    ImportProblem(self.sheet.name, 1, letter, header, _("无法识别的列标题，请使用导入模板中的列标题。"))
                )
            elif spec.key in self.letters:
                self.result.problems.append(ImportProblem(self.sheet.name, 1, letter, header, _("列标题重复。")))
            else:
                self.columns[index] = spec
                self.letters[spec.key] = (letter, spec.header)
        for spec in self.specs:
            if spec.required and spec.key not in self.letters:
                self.result.problems.append(
                    ImportProblem(self.sheet.name, 1, "", spec.header, _("缺少必填列“%(h)s”。") % {"h": spec.header})
                )
        return not self.result.problems

    def run(self, *, dry_run: bool = False) -> ImportResult:
        self.result.dry_run = dry_run
        if not self.map_headers():
            return self.result
        self.prepare()
        pending: list[Pending] = []
        total = self.sheet.total
        for count, (number, raw) in enumerate(self.sheet.rows, start=1):
            if self.progress and count % 500 == 0:
                self.progress(count, total)
            if is_blank_row(raw) or (number == 2 and is_notes_row(raw)):
                continue
            extra = [i for i, v in enumerate(raw) if i not in self.columns and not cells.is_blank(v)]
            for index in extra:
                self.problem(
                    number, None, _("列 %(col)s 没有列标题，却填写了内容。") % {"col": get_column_letter(index + 1)}
                )
            values, ok = {}, True
            for index, spec in self.columns.items():
                raw_value = raw[index] if index < len(raw) else None
                if spec.required and cells.is_blank(raw_value):
                    self.problem(number, spec.key, _("必填，不能为空。"))
                    ok = False
                    continue
                try:
                    values[spec.key] = self.parse(spec, raw_value)
                except CellError as exc:
                    self.problem(number, spec.key, str(exc))
                    ok = False
            self.result.rows += 1
            item = self.validate_row(number, values, ok)
            if item is not None:
                pending.append(item)
        if self.progress:
            self.progress(self.result.rows, self.result.rows)
        self.check_all(pending)
        if self.result.problems:
            return self.result
        changed = [p for p in pending if p.before is None or p.before != audit.snapshot(p.instance)]
        self.result.created = sum(1 for p in changed if p.before is None)
        self.result.updated = len(changed) - self.result.created
        self.result.unchanged = len(pending) - len(changed)
        if not dry_run and changed:
            with transaction.atomic():
                self.write(changed)
        return self.result

    # --- hooks

    def prepare(self) -> None:
        """Load the lookup tables (regions, parks, existing rows) once."""

    def parse(self, spec: Spec, raw):
        raise NotImplementedError

    def validate_row(self, row: int, values: dict, cells_ok: bool) -> Pending | None:
        raise NotImplementedError

    def check_all(self, pending: list[Pending]) -> None:
        """Checks across rows (e.g. cumulative sums); add problems, never write."""

    def write(self, changed: list[Pending]) -> None:
        raise NotImplementedError

    # --- shared writing

    def bulk_save(self, model: type[models.Model], items: list[Pending], fields: list[str]) -> None:
        new = [p.instance for p in items if p.before is None]
        old = [p.instance for p in items if p.before is not None]
        now = timezone.now()
        for instance in old:
            instance.updated = now
        model.objects.bulk_create(new, batch_size=BATCH)
        if old:
            model.objects.bulk_update(old, [*fields, "updated"], batch_size=BATCH)
        self.bulk_audit(items)

    def bulk_audit(self, items: list[Pending]) -> None:
        real_user = self.user if isinstance(self.user, User) else None
        request_id = audit.current_request_id.get()
        changes = []
        for item in items:
            instance = item.instance
            changes.append(
                ObjectChange(
                    user=real_user,
                    user_name=getattr(self.user, "username", "") or "",
                    request_id=request_id,
                    action=ChangeAction.CREATE if item.before is None else ChangeAction.UPDATE,
                    content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
                    object_id=str(instance.pk),
                    object_repr=str(instance)[:200],
                    before=item.before,
                    after=audit.snapshot(instance),
                )
            )
        ObjectChange.objects.bulk_create(changes, batch_size=BATCH)


def run_import(
    *, user, kind: str, data: bytes, filename: str, dry_run: bool = False, progress: Progress | None = None
) -> ImportResult:
    """Import `data` (.xlsx or .csv bytes) as `kind` ("projects" or "reports") for `user`: all or nothing."""
    from yuanqu.projects.excel.columns import SPECS
    from yuanqu.projects.excel.projects import ProjectImporter
    from yuanqu.projects.excel.reader import FileProblem, open_sheet
    from yuanqu.projects.excel.reports import ReportImporter

    importer_class = {"projects": ProjectImporter, "reports": ReportImporter}[kind]
    try:
        sheet = open_sheet(data, filename, preferred_sheet=SPECS[kind][0])
        return importer_class(user=user, sheet=sheet, progress=progress).run(dry_run=dry_run)
    except FileProblem as exc:
        return ImportResult(kind=kind, problems=[exc.problem], dry_run=dry_run)
