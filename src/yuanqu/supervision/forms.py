from django import forms
from django.utils.translation import gettext_lazy as _

from yuanqu.core.forms import ScopedModelForm, date_widgets
from yuanqu.supervision import rules
from yuanqu.supervision.models import Exemption, SupervisedTask, TaskFeedback


class TaskForm(ScopedModelForm):
    class Meta:
        model = SupervisedTask
        fields = [
            "title", "description", "region", "project", "source", "source_ref", "source_text",
            "owner_unit", "responsible_person", "deadline",
        ]
        widgets = date_widgets("deadline")


class TaskFeedbackForm(forms.ModelForm):
    class Meta:
        model = TaskFeedback
        fields = ["date", "text"]
        widgets = {**date_widgets("date"), "text": forms.Textarea(attrs={"rows": 3})}


class ExemptionForm(ScopedModelForm):
    class Meta:
        model = Exemption
        fields = ["project", "rule", "reason", "valid_until"]
        widgets = {**date_widgets("valid_until"), "reason": forms.Textarea(attrs={"rows": 3})}


class RuleSetForm(forms.Form):
    """The three rules' parameters as flat fields (`<rule>__enabled|yellow|red|reason`) plus a note."""

    note = forms.CharField(label=_("修改说明"), max_length=200, required=False)

    def __init__(self, *args, params: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.rule_groups = []
        for key, label in rules.RULE_LABELS.items():
            current = params.get(key, rules.DEFAULT_PARAMS[key])
            unit = rules.RULE_UNITS[key]
            number = forms.DecimalField if key == rules.INVESTMENT_LAG else forms.IntegerField
            self.fields[f"{key}__enabled"] = forms.BooleanField(
                label=_("启用"), required=False, initial=current["enabled"],
                widget=forms.CheckboxInput(attrs={"style": "width:auto"}),
            )
            self.fields[f"{key}__yellow"] = number(label=_("黄灯阈值（%(u)s）") % {"u": unit}, min_value=0,
                                                   initial=current["yellow"])
            self.fields[f"{key}__red"] = number(label=_("红灯阈值（%(u)s）") % {"u": unit}, min_value=0,
                                                initial=current["red"])
            self.fields[f"{key}__reason"] = forms.CharField(
                label=_("原因说明"), max_length=200, initial=current["reason"],
                help_text=_("可用占位符：%(p)s") % {"p": "、".join("{" + p + "}" for p in rules.PLACEHOLDERS[key])},
            )
            self.rule_groups.append((label, [self[f"{key}__{n}"] for n in ("enabled", "yellow", "red", "reason")]))
        self.order_fields([*self.fields.keys() - {"note"}, "note"])

    def params(self) -> dict:
        data = self.cleaned_data
        out = {}
        for key in rules.RULE_LABELS:
            yellow, red = data[f"{key}__yellow"], data[f"{key}__red"]
            if key == rules.INVESTMENT_LAG:
                yellow, red = float(yellow), float(red)
            out[key] = {
                "enabled": data[f"{key}__enabled"], "yellow": yellow, "red": red, "reason": data[f"{key}__reason"],
            }
        return out
