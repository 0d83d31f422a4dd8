from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from ess_platform.kernel.registry import register_schedule

        from . import report_sections, searches, sections, services, signals

        searches.register()
        sections.register()
        report_sections.register()
        register_schedule("events-send-reminders", task="events.send_reminders",
                          schedule=15 * 60)
        signals.capacity_changed.connect(services.promote_waitlist_after_capacity_change,
                                         dispatch_uid="events-promote-waitlist")
        # What anonymous visitors see of this app's data is cached whole until it changes.
        from ess_platform.kernel.page_cache import watch_models

        watch_models(*self.get_models())
