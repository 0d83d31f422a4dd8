from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "ess_platform.kernel.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("notification_kinds")
