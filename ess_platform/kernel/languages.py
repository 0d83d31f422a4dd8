"""The interface languages a person may read the site, messages and reports in."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InterfaceLanguage(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    FRENCH = "fr", _("French")
    TAMAZIGHT = "zgh", _("Tamazight")
