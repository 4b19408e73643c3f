from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "yuanqu.core"
    label = "core"
    verbose_name = _("基础")

    def ready(self):
        from yuanqu.core import (
            access,
            exports,
            jobs,
            lockout,  # noqa: F401  (connects the lock-out's change-log entry)
            openapi,  # noqa: F401  (registers the schema of related records)
        )

        # any reader may export a list; the job checks the list's own operation for its submitter (core.exports)
        jobs.register(exports.KIND, exports.export_run, access.SIGNED_IN)
