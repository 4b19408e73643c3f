"""The import page (organiser only): paste or upload → review the repair and the facts → confirm a draft meeting."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from yuanqu.core.views import operation_required
from yuanqu.newsroom import selectors, services
from yuanqu.newsroom.forms import NewsReviewForm, NewsUploadForm
from yuanqu.newsroom.models import NewsReport

_KIND_LABELS = {
    "lost_character": "缺字（已用□标出）",
    "possible_lost_character": "可能缺字（问号保留原样）",
    "broken_annotation": "残缺拼音注音（已删除）",
    "fragment": "无法确定的拼音片段（保留原样）",
    "site_chrome": "网页杂项（分享按钮、版权说明、水印等，已删除）",
    "injected_break": "防复制插入的换行（已删除）",
    "broken_line": "断开的一行（已接上）",
    "lost_indent": "乱码缩进（已删除）",
}


def highlighted(text: str, spans: list[dict]) -> list[dict]:
    """The repaired text as pieces: plain text, and each damaged span with its tooltip."""
    pieces, cursor = [], 0
    for span in sorted(spans, key=lambda s: s["offset"]):
        start, end = span["offset"], span["offset"] + len(span["marker"])
        if start < cursor:
            continue
        pieces.append({"text": text[cursor:start]})
        suggestion = span["suggestion"]
        tip = [_("原文：%(raw)s") % {"raw": span["raw"]}, _KIND_LABELS.get(span["kind"], span["kind"])]
        if suggestion is not None:
            tip.append(_("建议：%(s)s") % {"s": suggestion or _("删除")})
        if span.get("reading"):
            tip.append(_("残存读音：%(r)s") % {"r": span["reading"]})
        pieces.append({"text": text[start:end], "raw": span["raw"], "kind": span["kind"], "tip": "；".join(tip)})
        cursor = end
    pieces.append({"text": text[cursor:]})
    return pieces


@operation_required("news.import")
def news_import(request):
    form = NewsUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.news_report_create(
                user=request.user, text=form.cleaned_data["text"], source_name=form.cleaned_data.get("source_name", "")
            )
        except ValidationError as error:
            form.add_error(None, "；".join(error.messages))
        else:
            return redirect("news_review", pk=report.pk)
    return render(request, "newsroom/news_import.html", {
        "form": form, "reports": selectors.news_reports(user=request.user)[:10],
    })


@operation_required("news.import", model=NewsReport)
def news_review(request, pk: int):
    report = get_object_or_404(selectors.news_reports(user=request.user), pk=pk)
    form = NewsReviewForm(request.POST or None, report=report, user=request.user)
    if request.method == "POST" and report.meeting_id:
        messages.error(request, _("这篇新闻稿已生成过草稿会议。"))
        return redirect("meeting_detail", pk=report.meeting_id)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.draft_meeting_create(
                user=request.user, facts=form.facts(), choices=form.choices(), report=report
            )
        except ValidationError as error:
            form.add_error(None, "；".join(error.messages))
        else:
            messages.success(request, _("已创建草稿会议，请继续完善日程和观摩点。"))
            return redirect(reverse("meeting_detail", args=[meeting.pk]))
    return render(request, "newsroom/news_review.html", {
        "report": report, "form": form, "pieces": highlighted(report.repaired_text, report.spans),
        "span_count": len(report.spans),
    })
