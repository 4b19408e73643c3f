from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SupervisionConfig(AppConfig):
    name = "yuanqu.supervision"
    label = "supervision"
    verbose_name = _("督办与亮灯")

    def ready(self):
        from yuanqu.core.context_processors import register

        register("supervision_dashboard", _("进度看板"))
        register("light_list", pgettext_lazy("plural", "亮灯"))
        register("supervisedtask_list", _("督办"))

        from yuanqu.core import jobs
        from yuanqu.supervision import jobs as supervision_jobs

        jobs.register(supervision_jobs.KIND, supervision_jobs.recompute_run, "supervision.manage")
