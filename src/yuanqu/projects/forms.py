from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yuanqu.core import access
from yuanqu.core.forms import ScopedModelForm, date_widgets
from yuanqu.places.forms import CoordinateFormMixin
from yuanqu.projects.models import Enterprise, ProgressReport, Project, Stage


class EnterpriseForm(ScopedModelForm):
    class Meta:
        model = Enterprise
        fields = ["name", "credit_code", "region", "industry", "address"]


STAGE_DATE_FIELDS = [f"{kind}_{s}" for s in Stage.values for kind in ("planned", "actual")]
# One list of a project's fields for the form, the API and the detail page.
PROJECT_FACTS = ["name", "code", "enterprise", "region", "park", "carrier", "industry", "kind", "orientation",
                 "key_level", "total_investment", "stage"]
PROJECT_DETAILS = ["construction_content", "latitude", "longitude"]
PROJECT_FIELDS = [*PROJECT_FACTS, *STAGE_DATE_FIELDS, *PROJECT_DETAILS]


class ProjectForm(CoordinateFormMixin, ScopedModelForm):
    class Meta:
        model = Project
        fields = PROJECT_FIELDS
        widgets = date_widgets(*STAGE_DATE_FIELDS)


class ProgressReportForm(ScopedModelForm):
    """A monthly report; the project and month are fixed once filed (corrections change the figures only)."""

    month = forms.DateField(
        label=_("月份"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    class Meta:
        model = ProgressReport
        fields = ["project", "month", "investment_month", "investment_cumulative", "stage", "narrative", "problems"]
        widgets = {"narrative": forms.Textarea(attrs={"rows": 4}), "problems": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["month"].widget.input_type = "month"
        self.fields["month"].widget.format = "%Y-%m"
        # Only projects the user may change: a reporter files for their own district's projects.
        projects = Project.objects.select_related("region")
        self.fields["project"].queryset = access.restrict(projects, user, access.CHANGE)
        if self.instance.pk:
            self.fields["project"].disabled = True
            self.fields["month"].disabled = True
        elif not self.is_bound:
            # a new report is this month's, at the stage the project has reached, unless the link says otherwise
            self.initial.setdefault("month", timezone.localdate().replace(day=1))
            chosen = str(self.initial.get("project", ""))
            project = self.fields["project"].queryset.filter(pk=chosen).first() if chosen.isdigit() else None
            if project is not None:
                self.initial.setdefault("stage", project.stage)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("附件（jpg、png、pdf、docx、xlsx，不超过10 MB）"))


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("导入内容"), choices=[("projects", _("项目")), ("reports", _("月报"))])
    file = forms.FileField(label=_("文件（.xlsx 或 .csv）"))
    dry_run = forms.BooleanField(label=_("只检查，不写入"), required=False)


class MonthLockForm(forms.Form):
    month = forms.DateField(
        label=_("月份"), input_formats=["%Y-%m", "%Y-%m-%d"], widget=forms.DateInput(attrs={"type": "month"})
    )
    note = forms.CharField(label=_("说明"), max_length=200, required=False)
