from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchingConfig(AppConfig):
    name = "ess_platform.kernel.searching"
    label = "searching"
    verbose_name = _("Search")

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save

        from ess_platform.kernel.registry import register_schedule

        from . import index, rebuild
        from .models import SpellingVariant

        # The search's vocabulary and names in both scripts, rebuilt every night.
        register_schedule("search-refresh-index",
                          task="ess_platform.searching.tasks.refresh_search_index",
                          schedule=24 * 60 * 60)

        post_migrate.connect(index.fill_if_empty, sender=self,
                             dispatch_uid="searching_fill_if_empty")
        # Stored search texts built with another normalisation are rebuilt (rebuild.py).
        post_migrate.connect(rebuild.rebuild_if_stale, sender=self,
                             dispatch_uid="searching_rebuild_if_stale")
        post_save.connect(index.record_saved_names, weak=False,
                          dispatch_uid="searching_names_saved")
        post_delete.connect(index.forget_deleted_names, weak=False,
                            dispatch_uid="searching_names_deleted")
        for signal in (post_save, post_delete):
            signal.connect(index.refresh_variants, sender=SpellingVariant,
                           dispatch_uid=f"searching_variants_{signal is post_save}")
