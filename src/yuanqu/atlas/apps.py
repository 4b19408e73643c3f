from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AtlasConfig(AppConfig):
    name = "yuanqu.atlas"
    label = "atlas"
    verbose_name = _("一张图")

    def ready(self):
        from yuanqu.core.context_processors import register

        register("project_map", _("一张图"))
