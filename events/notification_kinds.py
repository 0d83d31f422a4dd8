from django.utils.translation import gettext_lazy as _

from ess_platform.kernel.notifications.kinds import register

register("event_registered", _("Place confirmed"))
register("event_waitlisted", _("Put on the waiting list"))
register("event_promoted", _("Promoted from the waiting list"))
register("event_cancelled", _("Registration cancelled"))
register("event_reminder", _("Event reminder"))
register("event_registration_reminded", _("Registration sent again"))
register("event_registration_confirm", _("Registration to confirm"))
