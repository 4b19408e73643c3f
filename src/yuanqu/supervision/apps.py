from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "yuanqu.supervision"
    label = "supervision"
    verbose_name = _("督办与亮灯")

    def ready(self):
        from yuanqu.core.context_processors import NAVIGATION

        for entry in (
            ("supervision_dashboard", _("进度看板"), None),
            ("light_list", _("亮灯"), None),
            ("supervisedtask_list", _("督办"), None),
        ):
            if entry[0] not in {name for name, _label, _roles in NAVIGATION}:
                NAVIGATION.append(entry)
