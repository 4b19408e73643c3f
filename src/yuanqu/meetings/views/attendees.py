"""Attendees, their personal links and QR codes, and the personal page /m/<token>/ (no sign-in).

Only the organiser ever sees a link or a QR code; other readers see names and units.
"""

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from yuanqu.core import access
from yuanqu.core.views import operation_required, run_service
from yuanqu.meetings import selectors, services
from yuanqu.meetings.forms import AttendeeForm
from yuanqu.meetings.imports import attendee_file_import
from yuanqu.meetings.models import Attendee, Meeting
from yuanqu.meetings.views.common import get_meeting

MAX_PROBLEMS_SHOWN = 50  # one message on the next page: the first problems, and how many more there are


def personal_url(request, attendee: Attendee) -> str:
    return request.build_absolute_uri(reverse("meeting_personal", args=[attendee.token]))


def qr_svg(url: str, *, scale: int = 4) -> str:
    """The QR code of `url` as an inline <svg> element (segno, error correction M)."""
    return segno.make(url, error="m", micro=False).svg_inline(scale=scale, border=2)


def qr_data_uri(url: str, *, scale: int = 4) -> str:
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=scale, border=2)


def _organiser_attendee(request, pk) -> Attendee:
    try:
        return access.restrict(Attendee.objects.select_related("meeting"), request.user, access.CHANGE).get(pk=pk)
    except Attendee.DoesNotExist as exc:
        raise Http404 from exc


@operation_required("meetings.view", model=Meeting)
def attendee_list(request, pk):
    meeting = get_meeting(request, pk)
    organiser = access.allows(request.user, "meetings.manage")
    form = AttendeeForm(user=request.user)
    status = 200
    if request.method == "POST":
        access.require(request.user, "meetings.manage")
        meeting = get_meeting(request, pk, access.CHANGE)
        form = AttendeeForm(data=request.POST, user=request.user)
        if form.is_valid():
            try:
                attendee = services.attendee_add(user=request.user, meeting=meeting, data=form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(request, _("已添加参会人员：%(a)s") % {"a": attendee})
                return redirect("meeting_attendees", pk=pk)
        status = 400
    attendees = selectors.attendee_list(user=request.user, meeting=meeting)
    rows = [
        {"attendee": a, "url": personal_url(request, a) if organiser else None,
         "qr": qr_svg(personal_url(request, a), scale=2) if organiser and not a.token_revoked else None}
        for a in attendees
    ]
    return render(request, "meetings/attendee_list.html",
                  {"object": meeting, "rows": rows, "form": form if organiser else None, "organiser": organiser},
                  status=status)


@operation_required("meetings.manage", model=Meeting)
@require_POST
def attendee_upload(request, pk):
    meeting = get_meeting(request, pk, access.CHANGE)
    upload = request.FILES.get("file")
    target = reverse("meeting_attendees", args=[pk])
    if upload is None:
        messages.error(request, _("请选择要导入的 Excel 文件。"))
        return redirect(target)
    if upload.size > 5 * 1024 * 1024:
        messages.error(request, _("文件过大（上限 5 MB）。"))
        return redirect(target)

    def run():
        result = attendee_file_import(user=request.user, meeting=meeting, data=upload.read(), filename=upload.name)
        if not result.ok:  # each problem names its sheet, row and column
            shown = [str(problem) for problem in result.problems[:MAX_PROBLEMS_SHOWN]]
            hidden = len(result.problems) - len(shown)
            if hidden:
                shown.append(_("另有 %(hidden)s 处错误未列出，请先修改以上错误。") % {"hidden": hidden})
            raise ValidationError(shown)
        messages.success(request, _("已导入 %(n)d 名参会人员。") % {"n": result.created})

    return run_service(request, run, None, target)


@operation_required("meetings.manage", model=Attendee)
def attendee_qr(request, pk):
    attendee = _organiser_attendee(request, pk)
    if attendee.token_revoked:
        raise Http404(_("该链接已作废。"))
    response = HttpResponse(qr_svg(personal_url(request, attendee), scale=8), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


@operation_required("meetings.manage", model=Attendee)
@require_POST
def attendee_reissue(request, pk):
    attendee = _organiser_attendee(request, pk)
    return run_service(request, lambda: services.attendee_reissue_link(user=request.user, attendee=attendee),
                       _("已为 %(a)s 重新生成个人链接，旧链接已失效。") % {"a": attendee.name},
                       reverse("meeting_attendees", args=[attendee.meeting_id]))


@operation_required("meetings.manage", model=Attendee)
@require_POST
def attendee_revoke(request, pk):
    attendee = _organiser_attendee(request, pk)
    return run_service(request, lambda: services.attendee_revoke_link(user=request.user, attendee=attendee),
                       _("已作废 %(a)s 的个人链接。") % {"a": attendee.name},
                       reverse("meeting_attendees", args=[attendee.meeting_id]))


class PersonalView(View):
    """The attendee's own page behind the secret link: name, schedule, check-in.

    The scoring page extends this view (override `extra_context`) and the template's
    `{% block personal_extra %}`.
    """

    operation = access.PERSONAL_LINK  # the token is the credential: no sign-in
    template_name = "meetings/personal.html"

    def get_attendee(self, token: str) -> Attendee | None:
        return services.attendee_by_token(token)

    def invalid(self, request):
        return render(request, "meetings/personal_invalid.html", status=404)

    def extra_context(self, attendee: Attendee) -> dict:
        return {}

    def render_page(self, request, attendee: Attendee, *, status: int = 200, error: str = ""):
        meeting = attendee.meeting
        context = {"attendee": attendee, "meeting": meeting, "agenda": selectors.agenda(meeting), "error": error,
                   "token": attendee.token, **self.extra_context(attendee)}
        response = render(request, self.template_name, context, status=status)
        response["Cache-Control"] = "private, no-store"
        # The token is in the URL: never send it to other sites ("no-referrer" would make POST origins null).
        response["Referrer-Policy"] = "same-origin"
        return response

    def get(self, request, token):
        attendee = self.get_attendee(token)
        return self.invalid(request) if attendee is None else self.render_page(request, attendee)

    def post(self, request, token):
        attendee = self.get_attendee(token)
        if attendee is None:
            return self.invalid(request)
        if request.POST.get("action") == "check_in":
            try:
                attendee = services.attendee_check_in(token=token)
            except ValidationError as exc:
                return self.render_page(request, attendee, status=400, error="；".join(exc.messages))
            return redirect("meeting_personal", token=token)
        return self.render_page(request, attendee, status=400, error=_("未知操作。"))
