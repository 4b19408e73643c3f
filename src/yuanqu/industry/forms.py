"""Forms of the analysis pages (parameters), of the edited records (chains, nodes, cost profiles) and of the
grading parameters."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from yuanqu.core.forms import ScopedModelForm
from yuanqu.industry import grading
from yuanqu.industry.models import Chain, ChainNode, CostProfile, RegionIndustryTable
from yuanqu.places.models import CarrierKind, Industry


def _number(label, initial, minimum=0, **kwargs):
    return forms.DecimalField(
        label=label, initial=initial, min_value=minimum, max_digits=14, decimal_places=2, **kwargs
    )


class CostForm(forms.Form):
    """The reference factory (参照工厂) and the horizon."""

    land_mu = _number(_("用地面积（亩）"), 50)
    floor_area_m2 = _number(_("厂房面积（m²）"), 20000)
    employees = _number(_("用工人数"), 300)
    power_kwh_per_year = _number(_("年用电量（kWh）"), 8000000)
    water_t_per_year = _number(_("年用水量（吨）"), 60000)
    freight_t_km_per_year = _number(_("年货运量（吨·公里）"), 5000000)
    revenue_per_year = _number(_("年营业收入（万元）"), 50000)
    years = forms.IntegerField(label=_("测算年限（年）"), initial=10, min_value=1, max_value=50)
    discount_rate = forms.DecimalField(
        label=_("折现率（如 0.05，可不填）"), required=False, min_value=0, max_value=1, decimal_places=4
    )
    locations = forms.ModelMultipleChoiceField(
        label=_("参与比较的地点（不选为全部）"), queryset=CostProfile.objects.all(), required=False
    )


class CarrierMatchForm(forms.Form):
    area_m2 = _number(_("所需面积（m²）"), None, minimum=1)
    industry = forms.ModelChoiceField(
        label=_("项目所属行业"), queryset=Industry.objects.filter(code__regex=r"^\d{2}$").order_by("code")
    )
    needed_by = forms.DateField(
        label=_("需要入驻日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    kinds = forms.MultipleChoiceField(
        label=_("可接受的载体类型（不选为不限）"), choices=CarrierKind.choices, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["needed_by"].initial = datetime.date.today() + datetime.timedelta(days=90)


class GradesUploadForm(forms.Form):
    file = forms.FileField(label=_("亩均效益数据文件（.xlsx 或 .csv）"))
    dry_run = forms.BooleanField(label=_("只检查，不写入"), required=False)


# ----------------------------------------------------------------------------- records


class ChainForm(ScopedModelForm):
    class Meta:
        model = Chain
        fields = ["name", "description"]


class ChainNodeForm(ScopedModelForm):
    """A link of a chain. Upstream links are offered from the same chain only (the chain is fixed once the link
    exists; a new link takes it from ?chain=); the service checks them again and refuses loops."""

    class Meta:
        model = ChainNode
        fields = ["chain", "name", "stage", "order", "industry_codes", "keywords", "orientation", "parents"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chain_id = self.instance.chain_id or self.data.get("chain") or self.initial.get("chain")
        parents = self.fields["parents"]
        if self.instance.pk:
            self.fields["chain"].disabled = True
            parents.queryset = parents.queryset.exclude(pk=self.instance.pk)
        if str(chain_id or "").isdigit():
            parents.queryset = parents.queryset.filter(chain_id=int(chain_id))
            parents.label_from_instance = lambda node: node.name
        parents.queryset = parents.queryset.select_related("chain")
        parents.help_text = _("按住 Ctrl（Mac 上为 ⌘）可多选；只能选本产业链的环节。")


class CostProfileForm(ScopedModelForm):
    class Meta:
        model = CostProfile
        fields = ["location", *CostProfile.COST_FIELDS, "illustrative", "note"]


# ----------------------------------------------------------------------------- grading parameters


def _param_number(label, initial, **kwargs):
    # no limits here: the rules (weight > 0, cap ≥ 1, ...) are grading.validate_params's, with their messages
    return forms.FloatField(label=label, initial=initial, required=False, **kwargs)


class GradingSchemeForm(forms.Form):
    """The grading parameters as one row of fields per indicator (`<key>__used|weight|benchmark|cap|required`),
    the minimum number of indicators, the cut-offs and a note. `params()` gives the document the service
    validates; `attach()` puts the service's messages next to their fields."""

    min_indicators = forms.IntegerField(label=_("最少有效指标数"), required=False)
    cutoff_a = _param_number(_("A 类不低于（分）"), None)
    cutoff_b = _param_number(_("B 类不低于（分）"), None)
    cutoff_c = _param_number(_("C 类不低于（分）"), None)
    note = forms.CharField(label=_("修改说明"), max_length=200, required=False)

    ROW_FIELDS = ("used", "weight", "benchmark", "cap", "required")

    def __init__(self, *args, params: dict, editable: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.editable = editable
        current = {i["key"]: i for i in params.get("indicators", [])}
        self.directions = {}
        self.rows = []
        for key, base in grading.CATALOGUE.items():
            item = current.get(key, {})
            self.directions[key] = item.get("higher_is_better", base.higher_is_better)
            checkbox = forms.CheckboxInput(attrs={"style": "width:auto"})
            self.fields[f"{key}__used"] = forms.BooleanField(
                label=_("参与评价"), required=False, initial=key in current, widget=checkbox
            )
            self.fields[f"{key}__weight"] = _param_number(_("权重"), item.get("weight", base.weight))
            self.fields[f"{key}__benchmark"] = _param_number(
                _("基准值（%(unit)s）") % {"unit": base.unit}, item.get("benchmark", base.benchmark)
            )
            self.fields[f"{key}__cap"] = _param_number(_("封顶倍数"), item.get("cap", base.cap))
            self.fields[f"{key}__required"] = forms.BooleanField(
                label=_("必需指标"), required=False, initial=key in params.get("required", []), widget=checkbox
            )
            self.rows.append(
                {
                    "key": key,
                    "name": base.name_zh,
                    "unit": base.unit,
                    "higher_is_better": self.directions[key],
                    "fields": [self[f"{key}__{name}"] for name in self.ROW_FIELDS],
                }
            )
        self.fields["min_indicators"].initial = params.get("min_indicators")
        cutoffs = params.get("cutoffs", {})
        for grade in "abc":
            self.fields[f"cutoff_{grade}"].initial = cutoffs.get(grade)
        for field in self.fields.values():  # the others read the parameters; only the organiser changes them
            field.disabled = not editable

    def params(self) -> dict:
        data = self.cleaned_data
        used = [key for key in grading.CATALOGUE if data.get(f"{key}__used")]
        return {
            "indicators": [
                {
                    "key": key,
                    "weight": data.get(f"{key}__weight"),
                    "benchmark": data.get(f"{key}__benchmark"),
                    "cap": data.get(f"{key}__cap"),
                    "higher_is_better": self.directions[key],
                }
                for key in used
            ],
            "required": [key for key in grading.CATALOGUE if data.get(f"{key}__required")],
            "min_indicators": data.get("min_indicators"),
            "cutoffs": {grade: data.get(f"cutoff_{grade}") for grade in "abc"},
        }

    def attach(self, error: ValidationError) -> None:
        """Each message of the service's ValidationError beside its field (`indicators.<key>.<name>` →
        `<key>__<name>`, `cutoffs.a` → `cutoff_a`, ...); the rest above the form."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for where, errors in error.message_dict.items():
            parts = where.split(".")
            if parts[0] == "indicators" and len(parts) == 2:
                name = f"{parts[1]}__used"
            elif parts[0] == "indicators" and len(parts) == 3:
                name = f"{parts[1]}__{parts[2]}"
            elif parts[0] == "cutoffs" and len(parts) == 2:
                name = f"cutoff_{parts[1]}"
            else:
                name = where
            self.add_error(name if name in self.fields else None, errors)


TABLE_FIELDS = ["name", "year", "measure", "source", "source_url", "basis", "illustrative", "note"]


class RegionIndustryTableForm(ScopedModelForm):
    """A table's description; its cells come from the import on its page."""

    source_url = forms.URLField(label=_("来源链接"), required=False, assume_scheme="https")

    class Meta:
        model = RegionIndustryTable
        fields = TABLE_FIELDS


class RegionIndustryImportForm(forms.Form):
    file = forms.FileField(label=_("数据文件（.xlsx 或 .csv）"))
    dry_run = forms.BooleanField(label=_("只检查，不写入"), required=False)
