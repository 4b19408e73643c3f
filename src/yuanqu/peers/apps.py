from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeersConfig(AppConfig):
    name = "yuanqu.peers"
    label = "peers"
    verbose_name = _("区域对标")

    def ready(self):
        from yuanqu.core.context_processors import register

        register("peers", _("区域对标"))
