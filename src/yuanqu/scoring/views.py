"""Web pages of scoring: the rater's phone page, the big screen, results (page, PDF, .xlsx) and the organiser's
buttons (default scheme, close a stop, close the meeting's scoring, publish)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yuanqu.core import access
from yuanqu.core.documents import pdf_response, render_pdf
from yuanqu.core.tabular.workbook import table_workbook_response
from yuanqu.core.views import operation_required, run_service
from yuanqu.meetings import maps as meeting_maps
from yuanqu.meetings.models import Meeting, MeetingStatus, Stop
from yuanqu.meetings.services import attendee_by_token
from yuanqu.meetings.views.attendees import PersonalView
from yuanqu.scoring import selectors, services
from yuanqu.scoring.forms import SchemeForm
from yuanqu.scoring.models import ScoringScheme, Submission
from yuanqu.scoring.services import UNDO_SECONDS


class RaterPageView(PersonalView):  # operation: PERSONAL_LINK, from PersonalView
    """/m/<token>/score/: the personal page with the scoring cards (phone first; works offline once loaded)."""

    template_name = "scoring/personal.html"

    def extra_context(self, attendee):
        return {"cards": selectors.rater_cards(attendee), "undo_seconds": UNDO_SECONDS,
                "api_url": reverse("scoring_api_score", args=[attendee.token]),
                "sw_url": reverse("scoring_rater_sw", args=[attendee.token]),
                "undo_url": reverse("scoring_api_undo", args=[attendee.token])}


@operation_required(access.PERSONAL_LINK)
def rater_service_worker(request, token):
    """/m/<token>/sw.js: lets the scoring page reload offline (scope: this rater's pages only)."""
    if attendee_by_token(token) is None:
        raise Http404
    body = render_to_string("scoring/sw.js", {
        "page_url": reverse("scoring_rater", args=[token]), "css_url": static("scoring/scoring.css"),
        "js_url": static("scoring/rater.js"), "labels_js_url": static("core/labels.js"),
        "site_css_url": static("core/site.css"),
    })
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


def _meeting(request, pk) -> Meeting:
    """The meeting if this user may read its results (reporters: only once published), else 404."""
    meeting = Meeting.objects.filter(pk=pk).first()
    if meeting is None or not selectors.results_visible(user=request.user, meeting=meeting):
        raise Http404
    return meeting


def _run(request, call, success: str, meeting: Meeting):
    """An organiser's button on the results page: run the service, then back to the results."""
    return run_service(request, call, success, reverse("scoring_results", args=[meeting.pk]))


@operation_required("meetings.view")
def scoring_index(request):
    meetings = list(selectors.readable_meetings(request.user))
    manages = access.allows(request.user, "meetings.manage")
    without = Meeting.objects.filter(scoring_scheme__isnull=True).order_by("-round") if manages else []
    return render(request, "scoring/index.html", {
        "meetings": meetings, "without": without, "shows_screen": access.allows(request.user, "meetings.results_early"),
    })


@operation_required("meetings.view", model=Meeting)
def screen(request, pk):
    meeting = _meeting(request, pk)
    return render(request, "scoring/screen.html", {"meeting": meeting, "route": meeting_maps.route_payload(meeting),
                                                   "live_url": reverse("scoring_api_live", args=[meeting.pk])})


def _hidden(request, meeting: Meeting, scheme) -> bool:
    """Before the close only the organiser sees a ranking the scheme hides until close."""
    finished = meeting.status in selectors.FINISHED
    return bool(scheme and scheme.hide_until_close and not finished
                and not access.allows(request.user, "meetings.manage"))


@operation_required("meetings.view", model=Meeting)
def results(request, pk):
    meeting = _meeting(request, pk)
    scheme = selectors.scheme_of(meeting)
    manages = access.allows(request.user, "meetings.manage")
    context = {"meeting": meeting, "scheme": scheme, "organiser": manages, "hidden": _hidden(request, meeting, scheme)}
    if scheme is not None and not context["hidden"]:
        context.update(selectors.results_compute(meeting=meeting))
        context["stops_all"] = list(meeting.stops.select_related("project").order_by("day", "order", "pk"))
    if manages and scheme is not None and not Submission.objects.filter(stop__meeting=meeting).exists():
        context["scheme_form"] = SchemeForm(instance=scheme, user=request.user)
    context["can_close"] = manages and scheme and meeting.status not in selectors.FINISHED
    context["can_publish"] = manages and meeting.status == MeetingStatus.CLOSED
    return render(request, "scoring/results.html", context)


def _computed(request, pk) -> dict:
    meeting = _meeting(request, pk)
    scheme = selectors.scheme_of(meeting)
    if scheme is None or _hidden(request, meeting, scheme):
        raise Http404
    return selectors.results_compute(meeting=meeting)


@operation_required("meetings.view", model=Meeting)
def results_pdf(request, pk):
    data = _computed(request, pk)
    meeting = data["meeting"]
    context = {**data, "printed": timezone.localdate(), "top": data["stops"][:3],
               "route": meeting_maps.route_figure(meeting)}
    return pdf_response(f"第{meeting.round}次现场推进会评分简报", render_pdf("scoring/results_pdf.html", context))


def _fmt(x, digits=2):
    return None if x is None else round(x, digits)


@operation_required("meetings.view", model=Meeting)
def results_xlsx(request, pk):
    data = _computed(request, pk)
    headers = [_("排名"), _("并列名次"), _("观摩项目"), _("区县"), _("评分人数"), _("得分"), _("得分95%区间"),
               _("名次95%区间")]
    rows = [[s["rank"], s["tie_rank"], s["name"], s["district"], s["n_raters"], s["score"],
             "—" if not s["score_ci"] else f"{s['score_ci'][0]:.2f}–{s['score_ci'][1]:.2f}",
             "—" if not s["rank_ci"] else f"{s['rank_ci'][0]}–{s['rank_ci'][1]}"] for s in data["stops"]]
    rows.append([None] * 8)
    rows.append([_("区县排名"), _("分组"), _("区县"), "", _("观摩点数"), _("得分"), _("得分95%区间"), _("名次95%区间")])
    rows += [[d["rank"], d["group"], d["name"], "", d["n_stops"], d["score"],
              "—" if not d["score_ci"] else f"{d['score_ci'][0]:.2f}–{d['score_ci'][1]:.2f}",
              "—" if not d["rank_ci"] else f"{d['rank_ci'][0]}–{d['rank_ci'][1]}"] for d in data["districts"]]
    rows.append([None] * 8)
    rows.append(["SHA-256", data["digest"], *[None] * 6])
    return table_workbook_response(f"第{data['meeting'].round}次现场推进会评分结果", headers, rows)


@operation_required("meetings.manage", model=Meeting)
@require_POST
def scheme_default(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    return _run(request, lambda: services.scheme_create_default(user=request.user, meeting=meeting),
                _("已创建默认评分方案。"), meeting)


@operation_required("meetings.manage", model=Meeting)
@require_POST
def scheme_edit(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    scheme = selectors.scheme_of(meeting)
    if scheme is None:
        raise Http404
    form = SchemeForm(data=request.POST, instance=ScoringScheme.objects.get(pk=scheme.pk), user=request.user)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, "；".join(errors))
        return redirect("scoring_results", pk=meeting.pk)
    data = {**{f: form.cleaned_data[f] for f in SchemeForm.Meta.fields}, "groups": form.cleaned_data["groups_text"]}
    return _run(request, lambda: services.scheme_update(user=request.user, scheme=scheme, data=data),
                _("评分方案已保存。"), meeting)


@operation_required("meetings.manage", model=Stop)
@require_POST
def stop_close(request, pk):
    stop = Stop.objects.filter(pk=pk).select_related("meeting", "project").first()
    if stop is None:
        raise Http404
    reopen = request.POST.get("action") == "reopen"
    if reopen:
        return _run(request, lambda: services.stop_reopen(user=request.user, stop=stop),
                    _("已重新开放“%(s)s”的评分。") % {"s": stop}, stop.meeting)
    return _run(request, lambda: services.stop_close(user=request.user, stop=stop),
                _("“%(s)s”的评分已截止。") % {"s": stop}, stop.meeting)


@operation_required("meetings.manage", model=Meeting)
@require_POST
def meeting_close(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    return _run(request, lambda: services.meeting_close(user=request.user, meeting=meeting),
                _("评分已结束，分数已锁定。"), meeting)


@operation_required("meetings.manage", model=Meeting)
@require_POST
def publish(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    return _run(request, lambda: services.results_publish(user=request.user, meeting=meeting),
                _("结果已发布。"), meeting)
