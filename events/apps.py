from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from . import searches, sections, services, signals

        searches.register()
        sections.register()
        signals.capacity_changed.connect(services.promote_waitlist_after_capacity_change,
                                         dispatch_uid="events-promote-waitlist")
