from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsBankConfig(AppConfig):
    name = "projects_bank"
    verbose_name = _("Projects bank")

    def ready(self):
        from . import searches, sections

        sections.register()
        searches.register()
