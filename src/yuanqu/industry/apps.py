from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndustryConfig(AppConfig):
    name = "yuanqu.industry"
    label = "industry"
    verbose_name = _("产业分析")

    def ready(self):
        from yuanqu.core.context_processors import register

        register("industry_chains", _("产业分析"), ("organiser", "viewer", "investment", "reporter"))
