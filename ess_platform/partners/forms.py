from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ApiKey


class ApiKeyRequestForm(forms.ModelForm):
    class Meta:
        model = ApiKey
        fields = ["name", "purpose", "scope"]
        labels = {"name": _("A name for this key"),
                  "purpose": _("What will you do with the data?")}
        help_texts = {"name": _("For you, e.g. the application that will use it."),
                      "scope": _("Reading is enough to sync the open data.")}
