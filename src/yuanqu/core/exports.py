"""List exports as background jobs (issue 14): a list's .xlsx of more than YUANQU_EXPORT_ROWS_IN_REQUEST rows is
written by the job worker, streamed row by row (core.tabular.workbook.write_table), with its progress on the job's
page and the file as the job's result. The job re-reads the list exactly as its page does: the same view, the same
query string, the submitter's access (a district reporter's export holds only what their list shows)."""

from __future__ import annotations

import io

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, QueryDict
from django.urls import resolve, reverse
from django.utils.translation import gettext as _

from yuanqu.core import access, jobs
from yuanqu.core.tabular.workbook import write_table

KIND = "core.export"
CHUNK = 2000  # rows read from the database at a time


def runs_in_background(rows) -> bool:
    """More rows than YUANQU_EXPORT_ROWS_IN_REQUEST (counted up to that many plus one: a bounded cost)."""
    limit = settings.YUANQU_EXPORT_ROWS_IN_REQUEST
    return rows[:limit + 1].count() > limit


def export_submit(*, user, view_name: str, query: str, title: str):
    return jobs.submit(user=user, kind=KIND, title=_("导出 %(what)s") % {"what": title},
                       params={"view": view_name, "query": query, "name": title})


def table_rows(table, rows):
    """The export's rows one at a time, read CHUNK at a time (never the whole list in memory)."""
    return table.rows(rows.iterator(chunk_size=CHUNK))


def list_view(*, view_name: str, query: str, user):
    """The list view named `view_name`, set up for `user` with the page's query string; refused as its page is."""
    match = resolve(reverse(view_name))
    view = match.func.view_class(**match.func.view_initkwargs)
    request = HttpRequest()
    request.method, request.user = "GET", user
    request.GET = QueryDict(query)
    view.setup(request, **match.kwargs)
    operation = view.get_operation()
    if not access.allows(user, operation):
        raise PermissionDenied(access.refusal(operation))
    return view


def export_run(job, progress: jobs.Progress) -> jobs.Outcome:
    view = list_view(view_name=job.params["view"], query=job.params["query"], user=job.user)
    _filterset, rows = view.filtered()
    total = rows.count()
    progress.step(0, total)
    progress.log(_("共 %(n)d 行，开始写入。") % {"n": total})
    table = view.export_table or view.table
    buffer = io.BytesIO()
    written = write_table(buffer, job.params["name"], table.headers(), table_rows(table, rows),
                          progress=lambda n: progress.step(n, total))
    progress.step(written, total)
    return jobs.Outcome(_("已导出 %(n)d 行。") % {"n": written}, file=(f"{job.params['name']}.xlsx", buffer.getvalue()))
