from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionalHubsConfig(AppConfig):
    name = "regional_hubs"
    verbose_name = _("Territory and regional hubs")

    def ready(self):
        from . import searches

        searches.register()
