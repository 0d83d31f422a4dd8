from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EssPlatformConfig(AppConfig):
    name = "ess_platform"
    verbose_name = _("Platform")

    def ready(self):
        from django.conf import locale, settings
        from django.core.signals import request_finished

        from ess_platform.kernel import (
            admin_search,  # noqa: F401 - registers SQLite's search normalisation
        )
        from ess_platform.kernel.memory import settle
        from ess_platform.kernel.registry import register_schedule
        from ess_platform.kernel.uploads import apply_pixel_limit

        from . import (
            startup,  # noqa: F401 - registers the production settings check
        )

        apply_pixel_limit()
        # The process's lasting objects out of the garbage collector's way, once warm.
        request_finished.connect(settle, dispatch_uid="ess_platform.kernel.memory.settle")
        # Reports and imports: queue again the jobs of a dead worker (JOB_HEARTBEAT_TIMEOUT,
        # JOB_MAX_ATTEMPTS) and those the broker never took (ess_platform/kernel/jobs.py).
        register_schedule("jobs-sweep-stalled", task="ess_platform.jobs.sweep_stalled_jobs",
                          schedule=60)
        # Languages Django does not know (Tamazight): names for get_language_info().
        for code, info in getattr(settings, "EXTRA_LANG_INFO", {}).items():
            locale.LANG_INFO.setdefault(code, info)
