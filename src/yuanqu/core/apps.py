from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "yuanqu.core"
    label = "core"
    verbose_name = _("基础")

    def ready(self):
        from yuanqu.core import (
            lockout,  # noqa: F401  (connects the lock-out's change-log entry)
            openapi,  # noqa: F401  (registers the schema of related records)
        )
