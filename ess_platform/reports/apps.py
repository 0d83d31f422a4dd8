from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "ess_platform.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from ess_platform.kernel import jobs

        from . import services

        jobs.register(services.JOBS)
