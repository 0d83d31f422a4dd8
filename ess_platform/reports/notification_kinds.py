from django.utils.translation import gettext_lazy as _

from ess_platform.kernel.notifications.kinds import register

register("report_ready", _("Report ready"))
register("report_failed", _("Report failed"))
