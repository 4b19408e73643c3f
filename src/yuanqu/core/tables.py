"""Tables: the columns a list page shows and its .xlsx export writes (one definition serves both)."""

import datetime
import decimal
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.db import models
from django.utils.formats import date_format


@dataclass(frozen=True)
class Column:
    """A column: `accessor` is a dotted attribute path or a callable(obj); `order_by` enables sorting."""

    name: str
    label: str
    accessor: str | Callable | None = None
    order_by: str | None = None
    link: bool = False  # render as a link to the object's detail page

    def value(self, obj):
        """The raw value, for the export (numbers stay numbers, choices become their labels)."""
        if callable(self.accessor):
            return self.accessor(obj)
        current = obj
        path = (self.accessor or self.name).split(".")
        for index, part in enumerate(path):
            if current is None:
                return None
            display = getattr(current, f"get_{part}_display", None)
            if display is not None and index == len(path) - 1:
                return display()
            current = getattr(current, part, None)
            if isinstance(current, models.Manager):
                current = "、".join(str(o) for o in current.all())
        return current

    def text(self, obj) -> str:
        """The value formatted for a page: dates as 2019年8月23日, amounts with thousands separators."""
        return format_value(self.value(obj))


def format_value(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime.datetime):
        return date_format(value, "Y年n月j日 H:i")
    if isinstance(value, datetime.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, decimal.Decimal | float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, models.Model):
        return str(value)
    return str(value)


@dataclass
class Table:
    columns: list[Column]
    default_order: list[str] = field(default_factory=list)

    def sort_fields(self, key: str | None) -> list[str] | None:
        """ORM ordering for a `?sort=` value such as `name` or `-total_investment`; None if not sortable."""
        if not key:
            return None
        descending = key.startswith("-")
        name = key.lstrip("-")
        for column in self.columns:
            if column.name == name and column.order_by:
                return [("-" if descending else "") + column.order_by, "pk"]
        return None

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def headers(self) -> list[str]:
        return [str(c.label) for c in self.columns]

    def rows(self, objects) -> Iterator[list]:
        """The export's rows, one at a time (an export streams: `objects` may be a queryset's iterator)."""
        for obj in objects:
            yield [c.value(obj) for c in self.columns]
