from django import forms
from django.utils.translation import gettext_lazy as _

from .channels import optional_channels


class PreferenceForm(forms.Form):
    channels = forms.MultipleChoiceField(
        label=_("Send my notifications also by"), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every notification stays in your in-site inbox whatever you choose."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["channels"].choices = [
            (channel.name, channel.label) for channel in optional_channels()
        ]

    def clean_channels(self):
        channels = self.cleaned_data["channels"]
        if "email" in channels and not self.user.email:
            raise forms.ValidationError(
                _("Add an e-mail address to your profile to receive e-mails."))
        if any(name.startswith("sms") for name in channels) and not self.user.phone:
            raise forms.ValidationError(
                _("Add a phone number to your profile to receive text messages."))
        return channels
