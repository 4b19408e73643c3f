from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "yuanqu.scoring"
    label = "scoring"
    verbose_name = _("观摩评分")

    def ready(self):
        from yuanqu.core.context_processors import register, register_record_link

        register("scoring_index", _("观摩评分"))
        register_record_link("meetings.Meeting", "scoring_results", _("评分与排名"))
