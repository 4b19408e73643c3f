from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "yuanqu.projects"
    label = "projects"
    verbose_name = _("企业与项目")

    def ready(self):
        from yuanqu.core.context_processors import NAVIGATION

        NAVIGATION.append(("progressreport_list", _("月报"), None))
        NAVIGATION.append(("month_locks", _("月份锁定"), ()))
