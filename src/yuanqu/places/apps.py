from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "yuanqu.places"
    label = "places"
    verbose_name = _("区域、园区与载体")

    def ready(self):
        from yuanqu.core import access
        from yuanqu.places.scoping import ROW_SCOPE

        access.register_row_scope(ROW_SCOPE)
