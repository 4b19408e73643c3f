from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "yuanqu.places"
    label = "places"
    verbose_name = _("区域、园区与载体")

    def ready(self):
        from django.utils.translation import pgettext_lazy

        from yuanqu.core import access, context_processors
        from yuanqu.places.scoping import ROW_SCOPE

        access.register_row_scope(ROW_SCOPE)
        # re-zonings are the organiser's to record, though the list may be read by all
        context_processors.register("regionchange_list", pgettext_lazy("plural", "区划变更"), "reference.change")
