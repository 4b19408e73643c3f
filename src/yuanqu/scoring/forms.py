from django import forms
from django.utils.translation import gettext_lazy as _

from yuanqu.core.forms import ScopedModelForm
from yuanqu.scoring.models import ScoringScheme


class SchemeForm(ScopedModelForm):
    """The scheme's rules (criteria stay the default ones; weights/maxima are edited in the admin before scoring)."""

    groups_text = forms.CharField(
        label=_("分组排名"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行“区县代码 组名”，如“320902 市区”；留空则统一排名。"),
    )

    class Meta:
        model = ScoringScheme
        fields = ["kind", "trim", "trim_min_raters", "normalise", "hide_until_close"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["groups_text"] = "\n".join(f"{k} {v}" for k, v in sorted(self.instance.groups.items()))

    def clean_groups_text(self):
        groups = {}
        for number, line in enumerate(self.cleaned_data["groups_text"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = line.split(maxsplit=1)
            if len(parts) != 2 or not parts[0].isdigit():
                raise forms.ValidationError(_("第%(n)d行格式应为“区县代码 组名”。") % {"n": number})
            groups[parts[0]] = parts[1].strip()
        return groups
