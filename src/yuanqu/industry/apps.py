from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndustryConfig(AppConfig):
    name = "yuanqu.industry"
    label = "industry"
    verbose_name = _("产业分析")

    def ready(self):
        from yuanqu.core.context_processors import register

        register("industry_chains", _("产业分析"), )
        # the organiser's maintenance pages; the others reach them (read-only) from the analysis pages
        register("chain_list", _("产业链维护"), "reference.change")
        register("costprofile_list", _("地点成本参数"), "reference.change")
        register("regionindustrytable_list", _("区域产业数据表"), "reference.change")
        register("industry_grading_scheme", _("亩均评价参数"), "reference.change")
