"""A column of an import sheet, declared once: its header and template note, how a cell is read, how an object
is written back by the list export (so an exported list imports again unchanged), and its drop-down values."""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from yuanqu.core.i18n import data_labels
from yuanqu.core.tables import Column, Table
from yuanqu.core.tabular import cells

DEFAULT_TEXT = partial(cells.text, max_length=100)


@dataclass(frozen=True)
class Spec:
    key: str  # model field, or a pseudo-field resolved by the importer (enterprise_name, credit_code, ...)
    header: str  # as written in row 1; "*" marks a required column
    note: str  # the grey notes row of the template
    export: Callable | None = None  # obj -> cell value, for the list export
    choices: type | None = None  # TextChoices: cells are read by label (or code), the template offers the labels
    parse: Callable | None = None  # raw cell -> value or CellError; default: the choice, else text of ≤ 100
    options: Callable[[], list[str]] | None = None  # the template's drop-down values for a column without choices
    aliases: tuple[str, ...] = ()  # other headers accepted in row 1 (compared as by `normalise_header`)
    read: Callable = field(init=False, repr=False, compare=False)  # the parser in effect

    def __post_init__(self):
        if self.parse is not None:
            reader = self.parse
        elif self.choices is not None:
            reader = partial(cells.choice, choices=self.choices)
        else:
            reader = DEFAULT_TEXT
        object.__setattr__(self, "read", reader)

    @property
    def required(self) -> bool:
        return self.header.endswith("*")

    def drop_down(self) -> list[str] | None:
        """The values the template offers in this column, None for a free column."""
        if self.choices is not None:
            return [label for _value, label in data_labels(self.choices)]
        return self.options() if self.options is not None else None


def export_table(specs: list[Spec]) -> Table:
    """A core Table with exactly the import columns: the list export of these rows imports again unchanged."""
    return Table([Column(spec.key, spec.header, accessor=spec.export) for spec in specs])
