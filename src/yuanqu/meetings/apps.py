from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "yuanqu.meetings"
    label = "meetings"
    verbose_name = _("现场推进会")
