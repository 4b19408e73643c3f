from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProjectsConfig(AppConfig):
    name = "yuanqu.projects"
    label = "projects"
    verbose_name = _("企业与项目")

    def ready(self):
        from yuanqu.core.context_processors import register

        register("progressreport_list", pgettext_lazy("plural", "月报"))
        register("month_locks", _("月份锁定"))

        from yuanqu.core import jobs
        from yuanqu.projects import jobs as project_jobs

        jobs.register(project_jobs.KIND, project_jobs.import_run, "district.change")
