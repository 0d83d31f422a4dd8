from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionalHubsConfig(AppConfig):
    name = "regional_hubs"
    verbose_name = _("Territory and regional hubs")

    def ready(self):
        from . import searches

        searches.register()
        # What anonymous visitors see of this app's data is cached whole until it changes.
        from ess_platform.kernel.page_cache import watch_models

        watch_models(*self.get_models())
