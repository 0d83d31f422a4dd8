from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperativesConfig(AppConfig):
    name = "cooperatives"
    verbose_name = _("Cooperatives")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from ess_platform.kernel import jobs

        from . import services

        jobs.register(services.IMPORT_JOBS)

        from . import report_sections, searches, sections

        searches.register()
        sections.register()
        report_sections.register()
        # What anonymous visitors see of this app's data is cached whole until it changes;
        # the directory page by the directory's own version too (kept in the database).
        from ess_platform.kernel.page_cache import add_version, watch_models

        from .cache import bump_directory_version, read_directory_version
        from .models import Certification, Cooperative, Product, Sector

        # Not inquiries, memberships, import jobs (their heartbeats) nor version rows.
        watch_models(Sector, Cooperative, Product, Certification)
        add_version(read_directory_version, pages=["cooperatives:directory"])

        def changed(**kwargs):
            bump_directory_version()

        for model in (Cooperative, Product, Sector):
            post_save.connect(changed, sender=model, weak=False,
                              dispatch_uid=f"directory-cache-{model.__name__}-save")
            post_delete.connect(changed, sender=model, weak=False,
                                dispatch_uid=f"directory-cache-{model.__name__}-delete")
        # Its products carry its sector and region (cooperatives/denormal.py).
        from .denormal import sync_product_placement

        def cooperative_saved(instance, created, update_fields=None, raw=False, **kwargs):
            if created or raw or (update_fields is not None and not {
                    "sector", "commune", "region"} & set(update_fields)):
                return
            sync_product_placement(cooperative_ids=[instance.pk])

        post_save.connect(cooperative_saved, sender=Cooperative, weak=False,
                          dispatch_uid="products-take-cooperative-placement")
        # A spelling variant, a rebuilt vocabulary or names just learnt change what a
        # search finds: the cached searched pages are obsolete too.
        from ess_platform.kernel.searching.signals import search_names_changed

        search_names_changed.connect(changed, weak=False,
                                     dispatch_uid="directory-cache-search-names")
