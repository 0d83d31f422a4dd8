from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HistoryConfig(AppConfig):
    name = "ess_platform.history"
    label = "history"
    verbose_name = _("Change history")

    def ready(self):
        from .registry import register_tracked_models

        register_tracked_models()
