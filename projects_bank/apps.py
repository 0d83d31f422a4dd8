from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsBankConfig(AppConfig):
    name = "projects_bank"
    verbose_name = _("Projects bank")

    def ready(self):
        from . import report_sections, searches, sections

        sections.register()
        searches.register()
        report_sections.register()
