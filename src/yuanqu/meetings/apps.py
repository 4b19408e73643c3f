from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MeetingsConfig(AppConfig):
    name = "yuanqu.meetings"
    label = "meetings"
    verbose_name = _("现场推进会")

    def ready(self):
        from yuanqu.core.context_processors import register

        register("meeting_list", pgettext_lazy("plural", "现场推进会"))
