"""Forms of the analysis pages (parameters, not records)."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from yuanqu.industry.models import CostProfile
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
