"""The all-or-nothing import every app's Excel/CSV import is declared on.

An importer declares its `kind`, preferred `sheet_name`, its columns (`specs`, each with its cell parser) and
its row handling (`validate_row`, `write`, optionally `prepare`, `check_all`, `refusal`). The run: read the
sheet (reader) → map row 1 onto the specs → parse every cell → validate every row into unsaved model instances,
collecting ALL problems → if any, write nothing → else create/update in ONE transaction with bulk operations,
one ObjectChange per created or changed object (same snapshot as `yuanqu.core.audit`). Unchanged rows write
nothing, so re-importing a file is a no-op.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from yuanqu.core import audit
from yuanqu.core.models import ChangeAction, ObjectChange, User
from yuanqu.core.tabular import cells
from yuanqu.core.tabular.cells import CellError
from yuanqu.core.tabular.problems import FileProblem, ImportProblem, ImportResult
from yuanqu.core.tabular.reader import Sheet, is_blank_row, is_notes_row, normalise_header, open_sheet
from yuanqu.core.tabular.spec import Spec

BATCH = 1000
Progress = Callable[[int, int | None], None]  # (rows done, rows in file if known)


@dataclass
class Pending:
    """A validated row: the instance to write and its snapshot before the import (None = new)."""

    row: int
    instance: models.Model
    before: dict | None


class BaseImporter:
    kind: str
    sheet_name: str  # the sheet read if the workbook has it (else the first visible one); the template's sheet
    specs: list[Spec]
    strict_headers = True  # False: columns with an unknown header (or none) are ignored instead of refused
    max_rows: int | None = None  # data rows accepted in one file

    def __init__(self, *, user, sheet: Sheet, progress: Progress | None = None):
        self.user = user
        self.sheet = sheet
        self.progress = progress
        self.result = ImportResult(kind=self.kind)
        self.columns: dict[int, Spec] = {}
        self.letters: dict[str, tuple[str, str]] = {}  # spec key -> (letter, header)

    # --- problems

    def problem(self, row: int | None, key: str | None, message: str) -> None:
        """A problem at `row` (None: the whole file) in the column of spec `key` (None: the whole row)."""
        letter, header = self.letters.get(key, ("", "")) if key else ("", "")
        self.result.problems.append(
            ImportProblem(sheet=self.sheet.name, row=row, column=letter, header=header, message=str(message))
        )

    def missing_column(self, header: str, message: str) -> None:
        """Row 1 lacks a column the import needs."""
        self.result.problems.append(ImportProblem(self.sheet.name, 1, "", header, str(message)))

    def validation_problems(self, row: int, exc: ValidationError, field_to_key: dict | None = None) -> None:
        """A model's ValidationError as problems at `row`, each in its field's column where the file has one."""
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
        by_header = {}
        for spec in self.specs:
            for header in (spec.header, *spec.aliases):
                by_header[normalise_header(header).lower()] = spec
        name = self.sheet.name
        for index, header in enumerate(self.sheet.headers):
            letter = get_column_letter(index + 1)
            if not header:
                continue
            spec = by_header.get(normalise_header(header).lower())
            if spec is None:
                if self.strict_headers:
                    self.result.problems.append(
                        ImportProblem(name, 1, letter, header, _("无法识别的列标题，请使用导入模板中的列标题。"))
                    )
            elif spec.key in self.letters:
                self.result.problems.append(ImportProblem(name, 1, letter, header, _("列标题重复。")))
            else:
                self.columns[index] = spec
                self.letters[spec.key] = (letter, spec.header)
        for spec in self.specs:
            if spec.required and spec.key not in self.letters:
                self.missing_column(spec.header, _("缺少必填列“%(h)s”。") % {"h": spec.header})
        return not self.result.problems

    def run(self, *, dry_run: bool = False) -> ImportResult:
        self.result.dry_run = dry_run
        refusal = self.refusal()
        if refusal:
            self.problem(None, None, refusal)
            return self.result
        if not self.map_headers():
            return self.result
        self.prepare()
        pending = self._validate_rows()
        if self.progress:
            self.progress(self.result.rows, self.result.rows)
        self.check_all(pending)
        if self.result.problems:
            return self.result
        changed = [p for p in pending if p.before is None or p.before != audit.snapshot(p.instance)]
        self.result.created = sum(1 for p in changed if p.before is None)
        self.result.updated = len(changed) - self.result.created
        self.result.unchanged = len(pending) - len(changed)
        self.result.records = [p.instance for p in pending]
        if not dry_run and changed:
            with transaction.atomic():
                self.write(changed)
        return self.result

    def _validate_rows(self) -> list[Pending]:
        """Every row parsed and validated; problems collected, nothing written."""
        pending: list[Pending] = []
        total = self.sheet.total
        columns = [(index, spec.key, spec.read, spec.required) for index, spec in self.columns.items()]
        is_blank, mapped = cells.is_blank, self.columns
        for count, (number, raw) in enumerate(self.sheet.rows, start=1):
            if self.progress and count % 500 == 0:
                self.progress(count, total)
            if is_blank_row(raw) or (number == 2 and is_notes_row(raw)):
                continue
            if self.max_rows is not None and self.result.rows >= self.max_rows:
                self.problem(number, None, _("最多导入 %(n)d 行。") % {"n": self.max_rows})
                break
            if self.strict_headers:
                for index, value in enumerate(raw):
                    if index not in mapped and not is_blank(value):
                        column = get_column_letter(index + 1)
                        self.problem(number, None, _("列 %(col)s 没有列标题，却填写了内容。") % {"col": column})
            values, ok, width = {}, True, len(raw)
            for index, key, read, required in columns:
                raw_value = raw[index] if index < width else None
                if required and is_blank(raw_value):
                    self.problem(number, key, _("必填，不能为空。"))
                    ok = False
                    continue
                try:
                    values[key] = read(raw_value)
                except CellError as exc:
                    self.problem(number, key, str(exc))
                    ok = False
            self.result.rows += 1
            item = self.validate_row(number, values, ok)
            if isinstance(item, list):  # a wide sheet: one row holds several records (a district's cells)
                pending.extend(item)
            elif item is not None:
                pending.append(item)
        return pending

    # --- hooks

    def refusal(self) -> str | None:
        """A Chinese message if this user may not run this import at all (checked before reading any row)."""
        return None

    def prepare(self) -> None:
        """Load the lookup tables (regions, parks, existing rows) once."""

    def validate_row(self, row: int, values: dict, cells_ok: bool) -> Pending | list[Pending] | None:
        """The row's instance to write (with its snapshot before), or None after reporting its problems; a list
        when one row holds several records (a wide sheet: one record per cell).
        `values` holds the parsed cells (key -> value); `cells_ok` is False if a cell was refused."""
        raise NotImplementedError

    def check_all(self, pending: list[Pending]) -> None:
        """Checks across rows (e.g. cumulative sums); add problems, never write."""

    def write(self, changed: list[Pending]) -> None:
        """Save the new and changed rows (inside the import's transaction)."""
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


def import_file(
    importer: type[BaseImporter],
    *,
    user,
    data: bytes,
    filename: str,
    dry_run: bool = False,
    progress: Progress | None = None,
    **options,
) -> ImportResult:
    """Import `data` (.xlsx or .csv bytes) with the `importer` class for `user`: all or nothing. `options` go to
    the importer's constructor (e.g. the meeting the attendees are for)."""
    try:
        sheet = open_sheet(data, filename, preferred_sheet=importer.sheet_name)
        return importer(user=user, sheet=sheet, progress=progress, **options).run(dry_run=dry_run)
    except FileProblem as exc:  # also raised while reading rows (a CSV broken half way)
        return ImportResult(kind=importer.kind, problems=[exc.problem], dry_run=dry_run)
