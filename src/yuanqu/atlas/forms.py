from django import forms
from django.db.models import Q
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

from yuanqu.atlas import selectors
from yuanqu.core import access
from yuanqu.places.models import Industry, Region, current_regions_q
from yuanqu.projects.maps import DISTRICT_LEVELS
from yuanqu.projects.models import Stage
from yuanqu.supervision.models import LightColor


class MapFilterForm(forms.Form):
    """The map's filters, read from the query string; every choice limited to what the user may see."""

    region = forms.ModelChoiceField(label=_("区县"), queryset=Region.objects.none(), required=False,
                                    empty_label=_("全部区县"))
    industry = forms.ModelChoiceField(label=_("行业"), queryset=Industry.objects.none(), required=False,
                                      empty_label=_("全部行业"))
    stage = forms.ChoiceField(label=_("阶段"), required=False, choices=[("", _("全部阶段")), *Stage.choices])
    light = forms.ChoiceField(label=_("灯色"), required=False, choices=[
        ("", _("全部灯色")), *LightColor.choices, (selectors.NO_LIGHT, _("本月未亮灯"))])
    carriers = forms.BooleanField(label=_("显示载体"), required=False)
    meeting = forms.ModelChoiceField(label=_("推进会路线"), queryset=selectors.Meeting.objects.none(), required=False,
                                     empty_label=_("不显示路线"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        regions = Region.objects.filter(current_regions_q(), level__in=DISTRICT_LEVELS).order_by("code")
        self.fields["region"].queryset = access.restrict(regions, user, access.VIEW, code="district.view")
        divisions = Industry.objects.annotate(n=Length("code")).filter(Q(n=2)).order_by("code")
        self.fields["industry"].queryset = divisions
        self.fields["meeting"].queryset = selectors.meetings_for(user)
