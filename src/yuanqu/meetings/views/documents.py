"""Printable agenda: /meetings/<pk>/agenda.pdf (?attendee=<id> adds that person's QR code) and agenda.xlsx."""

from django.http import Http404
from django.utils import timezone

from yuanqu.core import access
from yuanqu.core.documents import pdf_response, render_pdf
from yuanqu.core.tabular.workbook import table_workbook_response
from yuanqu.core.views import operation_required
from yuanqu.meetings import maps, selectors
from yuanqu.meetings.models import Meeting
from yuanqu.meetings.views.attendees import personal_url, qr_data_uri
from yuanqu.meetings.views.common import get_meeting


@operation_required("meetings.view", model=Meeting)
def agenda_pdf(request, pk):
    meeting = get_meeting(request, pk)
    attendee, qr = None, None
    raw = request.GET.get("attendee")
    if raw:
        # Only the organiser may print someone's personal link; for anyone else it does not exist.
        if not access.allows(request.user, "meetings.manage") or not raw.isdigit():
            raise Http404
        attendee = meeting.attendees.filter(pk=int(raw), token_revoked=False).first()
        if attendee is None:
            raise Http404
        qr = qr_data_uri(personal_url(request, attendee), scale=5)
    context = {"meeting": meeting, "agenda": selectors.agenda(meeting), "attendee": attendee, "qr": qr,
               "regions": "、".join(r.name for r in meeting.visited_regions.all()), "printed": timezone.localdate(),
               "standard_title": f"第{meeting.round}次产业园区项目载体建设现场推进会",
               "route": maps.route_figure(meeting)}
    name = f"第{meeting.round}次现场推进会日程" + (f"-{attendee.name}" if attendee else "")
    return pdf_response(name, render_pdf("meetings/agenda_pdf.html", context))


@operation_required("meetings.view", model=Meeting)
def agenda_xlsx(request, pk):
    meeting = get_meeting(request, pk)
    headers, rows = selectors.agenda_rows(meeting)
    return table_workbook_response(f"第{meeting.round}次现场推进会日程", headers, rows)
