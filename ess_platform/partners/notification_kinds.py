from django.utils.translation import gettext_lazy as _

from ess_platform.kernel.notifications.kinds import register

register("api_key_approved", _("API key approved"))
register("api_key_refused", _("API key refused"))
register("webhook_paused", _("Webhook paused"))
