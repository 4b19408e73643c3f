from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndustryConfig(AppConfig):
    name = "yuanqu.industry"
    label = "industry"
    verbose_name = _("产业分析")
