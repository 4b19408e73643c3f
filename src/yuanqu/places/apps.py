from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "yuanqu.places"
    label = "places"
    verbose_name = _("区域、园区与载体")
