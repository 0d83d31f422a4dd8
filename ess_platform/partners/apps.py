from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    """What partners use to sync data: API keys, the change feed, signed webhooks."""

    name = "ess_platform.partners"
    label = "partners"
    verbose_name = _("Partners' API")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from ess_platform.kernel.notifications import channels

        from . import auth, signals, webhooks  # noqa: F401 - auth: its OpenAPI extension

        channels.SYSTEM_CHANNELS[webhooks.WebhookChannel.name] = webhooks.WebhookChannel
        signals.connect()
