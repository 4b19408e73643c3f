"""Pagination that costs the same on a province's 1.8M monthly reports as on a city's 3,000 (issue 14).

Two costs grow with a table: the exact count (a full scan on PostgreSQL) and a deep OFFSET (the last page sorts and
skips every row before it). So:

- an unfiltered list of a big table (over ESTIMATE_ABOVE rows by the planner's statistics) shows the planner's
  estimate, said as such in the UI ("约 1800000 条（按数据库统计估算…）") and the API (`count_estimated`); a
  filtered list, whose count an index serves, is counted exactly;
- a page in the second half is read from the other end: the queryset in reverse order with the smaller offset, its
  rows turned round. The last page is then as cheap as the first (both served by an index on the leading sort key).

Pages in the middle of a million rows still cost an offset; nobody reads them, they filter.
"""

from __future__ import annotations

from django.core import paginator
from django.db import connections
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination

ESTIMATE_ABOVE = 100_000


def _totally_ordered(rows):
    """The rows with `pk` as the last sort key: reversed, they come in exactly the opposite order (no ties)."""
    ordering = list(rows.query.order_by or rows.model._meta.ordering)
    if not any(isinstance(o, str) and o.lstrip("-") in ("pk", "id") for o in ordering):
        ordering.append("pk")
    return rows.order_by(*ordering)


def _count_or_estimate(queryset) -> tuple[int, bool] | None:
    """On PostgreSQL, for an unfiltered queryset: (the planner's estimate, True) when it is over ESTIMATE_ABOVE,
    else (the exact count, False), in ONE query either way (a CASE whose exact branch PostgreSQL only runs when the
    estimate is small), so a page's query count does not depend on the table's size. None: count as usual."""
    connection = connections[queryset.db]
    query = queryset.query
    if connection.vendor != "postgresql" or query.where or query.distinct or query.combinator or query.is_sliced:
        return None  # SQLite keeps no row estimate; a filtered list is counted exactly (an index serves it)
    inner, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT CASE WHEN e.n > %s THEN -e.n ELSE (SELECT count(*) FROM ({inner}) AS rows) END "
            "FROM (SELECT reltuples::bigint AS n FROM pg_class WHERE oid = %s::regclass) AS e",
            [ESTIMATE_ABOVE, *params, queryset.model._meta.db_table],
        )
        value = cursor.fetchone()[0]
    return (-value, True) if value < 0 else (value, False)


class Paginator(paginator.Paginator):
    def __init__(self, object_list, *args, **kwargs):
        if hasattr(object_list, "query") and object_list.ordered:
            object_list = _totally_ordered(object_list)
        super().__init__(object_list, *args, **kwargs)

    @cached_property
    def _counted(self) -> tuple[int, bool]:
        known = _count_or_estimate(self.object_list) if hasattr(self.object_list, "query") else None
        return known if known is not None else (super().count, False)

    @cached_property
    def estimated(self) -> bool:
        return self._counted[1]

    @cached_property
    def count(self) -> int:
        return self._counted[0]

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        if hasattr(rows, "query") and rows.ordered and bottom > self.count // 2 and top > bottom:
            from_end = self.count - top
            window = list(rows.reverse()[from_end:from_end + (top - bottom)])
            return self._get_page(window[::-1], number, self)
        return self._get_page(rows[bottom:top], number, self)


class PageNumberPagination(PageNumberPagination):
    """DRF's page numbers on the same paginator; the response says when the count is an estimate."""

    django_paginator_class = Paginator

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_estimated"] = self.page.paginator.estimated
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_estimated"] = {"type": "boolean", "example": False}
        return schema
