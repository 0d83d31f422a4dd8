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
        # What anonymous visitors see of this app's data is cached whole until it changes.
        from ess_platform.kernel.page_cache import watch_models

        from .models import Evaluation, JuryAssignment, Score

        # Not the jury's work in progress, which no public page shows.
        watch_models(*(model for model in self.get_models()
                       if model not in (JuryAssignment, Evaluation, Score)))
