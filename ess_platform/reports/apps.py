from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "ess_platform.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from ess_platform.kernel import jobs
        from ess_platform.kernel.registry import register_schedule

        from . import services

        jobs.register(services.JOBS)
        register_schedule("reports-delete-expired",
                          task="ess_platform.reports.tasks.delete_expired_reports",
                          schedule=24 * 60 * 60)
        register_schedule("territory-refresh", task="ess_platform.reports.tasks.refresh_territory",
                          schedule=24 * 60 * 60)
