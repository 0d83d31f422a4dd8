from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "ess_platform.kernel.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from ess_platform.kernel.registry import register_schedule

        autodiscover_modules("notification_kinds")
        register_schedule("notifications-sweep-pending",
                          task="ess_platform.notifications.tasks.sweep_pending_deliveries",
                          schedule=60)
