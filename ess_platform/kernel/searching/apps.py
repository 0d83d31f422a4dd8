from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchingConfig(AppConfig):
    name = "ess_platform.kernel.searching"
    label = "searching"
    verbose_name = _("Search")

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save

        from . import index
        from .models import SpellingVariant

        post_migrate.connect(index.fill_if_empty, sender=self,
                             dispatch_uid="searching_fill_if_empty")
        post_save.connect(index.record_saved_names, weak=False,
                          dispatch_uid="searching_names_saved")
        for signal in (post_save, post_delete):
            signal.connect(index.refresh_variants, sender=SpellingVariant,
                           dispatch_uid=f"searching_variants_{signal is post_save}")
