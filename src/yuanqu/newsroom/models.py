"""A news report as imported: the text as received, the repair, the extracted facts, and the draft made from it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yuanqu.core.models import BaseModel


class NewsReport(BaseModel):
    """One imported report, kept for the record. City-level: only the organiser imports reports."""

    scope_path = None
    operations = ("news.import", "news.import")  # drafts of the organiser's, read by nobody else

    source_name = models.CharField(_("来源文件"), max_length=200, blank=True)
    original_text = models.TextField(_("原文"))
    repaired_text = models.TextField(_("修复后文本"))
    spans = models.JSONField(_("待核对片段"), default=list, blank=True)
    facts = models.JSONField(_("提取的会议要素"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    meeting = models.ForeignKey(
        "meetings.Meeting", verbose_name=_("生成的草稿会议"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="news_reports",
    )

    class Meta:
        verbose_name = _("新闻稿")
        verbose_name_plural = pgettext_lazy("plural", "新闻稿")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        first_line = self.repaired_text.strip().split("\n", 1)[0]
        return first_line[:60] or f"新闻稿 {self.pk}"
