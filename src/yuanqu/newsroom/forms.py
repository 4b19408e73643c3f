"""The two forms of the import page: the report itself, and the reviewed facts."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from yuanqu.meetings.models import AttendeeRole
from yuanqu.newsroom import selectors
from yuanqu.newsroom.documents import MAX_BYTES, DocumentError, text_from_upload
from yuanqu.places.models import Region

#: A registry match at least this good is chosen in advance; the person can still change it.
PRESELECT_SCORE = 90
EXTRA_ATTENDEE_ROWS = 3


class NewsUploadForm(forms.Form):
    text = forms.CharField(label=_("粘贴新闻稿正文"), required=False, widget=forms.Textarea(attrs={"rows": 10}))
    file = forms.FileField(label=_("或上传文件（.txt、.html、.docx，不超过 2 MB）"), required=False)

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > MAX_BYTES:
                raise ValidationError(_("文件过大：新闻稿文件不能超过 2 MB。"))
            try:
                data["text"] = text_from_upload(upload.name, upload.read())
            except DocumentError as error:
                raise ValidationError(str(error)) from error
            data["source_name"] = upload.name
        elif not (data.get("text") or "").strip():
            raise ValidationError(_("请粘贴新闻稿正文或上传文件。"))
        return data


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class NewsReviewForm(forms.Form):
    """The extracted facts, editable; per visited project a choice among its registry matches or 不导入."""

    round = forms.IntegerField(label=_("届次（第N次）"), min_value=1)
    year = forms.IntegerField(label=_("年"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("月"), min_value=1, max_value=12)
    days = forms.CharField(label=_("日（多天用、分隔）"), max_length=40)
    title = forms.CharField(label=_("会议名称"), max_length=200, required=False)
    regions = forms.ModelMultipleChoiceField(
        label=_("观摩区县"), queryset=Region.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    leader = forms.CharField(label=_("带队领导"), max_length=100, required=False)
    presiding = forms.CharField(label=_("主持人"), max_length=100, required=False)
    demands = forms.CharField(label=_("工作要求（每行一条）"), required=False, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, report, user, **kwargs):
        super().__init__(*args, **kwargs)
        facts = report.facts or {}
        regions = selectors.districts()
        self.fields["regions"].queryset = Region.objects.filter(pk__in=[r.pk for r in regions])
        self.initial.update({
            "round": facts.get("round"),
            "year": facts.get("year"),
            "month": facts.get("month"),
            "days": "、".join(str(d) for d in facts.get("days") or []),
            "leader": facts.get("leader") or "",
            "presiding": facts.get("presiding") or "",
            "demands": "\n".join(facts.get("demands") or []),
            "regions": [r.pk for r in (selectors.region_match(d, regions) for d in facts.get("visited_districts") or [])
                        if r],
        })
        if facts.get("round"):
            from yuanqu.newsroom.services import meeting_title

            self.initial["title"] = meeting_title(facts["round"])

        self.project_rows = []
        for index, name in enumerate(facts.get("visited_projects") or []):
            candidates = selectors.project_candidates(name, user=user)
            field_name = f"project_{index}"
            self.fields[field_name] = forms.TypedChoiceField(
                label=name, required=False, coerce=int, empty_value=None,
                choices=[("", _("不导入")), *((p.pk, f"{p.name}（{p.region}，匹配度 {s:g}）") for p, s in candidates)],
            )
            if candidates and candidates[0][1] >= PRESELECT_SCORE:
                self.initial[field_name] = candidates[0][0].pk
            self.project_rows.append({"name": name, "field": self[field_name], "candidates": candidates})

        region_choices = [("", "—"), *((r.pk, r.name) for r in regions)]
        self.attendee_rows = []
        extracted = facts.get("attendees") or []
        for index in range(len(extracted) + EXTRA_ATTENDEE_ROWS):
            prefix = f"attendee_{index}_"
            self.fields[prefix + "name"] = forms.CharField(label=_("姓名/称谓"), max_length=50, required=False)
            self.fields[prefix + "region"] = forms.TypedChoiceField(
                label=_("所属区县"), choices=region_choices, required=False, coerce=int, empty_value=None
            )
            self.fields[prefix + "role"] = forms.ChoiceField(
                label=_("身份"), choices=AttendeeRole.choices, initial=AttendeeRole.OBSERVER
            )
            if index < len(extracted):
                self.initial[prefix + "name"] = extracted[index][:50]
                match = selectors.region_match(extracted[index], regions)
                self.initial[prefix + "region"] = match.pk if match else ""
            self.attendee_rows.append([self[prefix + "name"], self[prefix + "region"], self[prefix + "role"]])

    def clean_days(self):
        parts = [p for p in re.split(r"[、，,\s]+", self.cleaned_data["days"]) if p]
        if not parts or not all(p.isdigit() and 1 <= int(p) <= 31 for p in parts):
            raise ValidationError(_("请填写 1–31 之间的日期数字，多天用、分隔，例如 23、24。"))
        return [int(p) for p in parts]

    def facts(self) -> dict:
        data = self.cleaned_data
        return {
            "round": data["round"], "year": data["year"], "month": data["month"], "days": data["days"],
            "title": data["title"], "leader": data["leader"], "presiding": data["presiding"],
            "demands": _lines(data["demands"]),
        }

    def choices(self) -> dict:
        data = self.cleaned_data
        return {
            "projects": [data[f"project_{i}"] for i in range(len(self.project_rows)) if data.get(f"project_{i}")],
            "regions": [r.pk for r in data["regions"]],
            "attendees": [
                {"name": data[f"attendee_{i}_name"], "region": data[f"attendee_{i}_region"],
                 "role": data[f"attendee_{i}_role"]}
                for i in range(len(self.attendee_rows)) if (data.get(f"attendee_{i}_name") or "").strip()
            ],
        }
