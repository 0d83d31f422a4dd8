from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from cooperatives.forms import InMemoryModelChoiceField
from ess_platform.kernel.bounds import BoundedFormMixin
from ess_platform.kernel.widgets import FastSelect
from regional_hubs.models import Region, RegionalHub

from .models import Event


class EventFilterForm(BoundedFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    region = InMemoryModelChoiceField(
        label=_("Region"), queryset=Region.objects.order_by("code"), to_field_name="code",
        required=False, empty_label=_("All regions"))
    kind = forms.ChoiceField(label=_("Kind"), required=False, widget=FastSelect,
                             choices=[("", _("All kinds")), *Event.Kind.choices])
    hub = InMemoryModelChoiceField(
        label=_("Regional hub"), queryset=RegionalHub.objects.public().order_by("region__code"),
        to_field_name="slug", required=False, empty_label=_("All hubs"))
    date_from = forms.DateField(label=_("From"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each list read once, for the chosen value and the options alike.
        for name in ("region", "hub"):
            self.fields[name].offer(self.fields[name].queryset)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


class GuestRegistrationForm(forms.Form):
    """A guest's details; the rules (valid e-mail or phone, no duplicate) are the service's."""

    name = forms.CharField(label=_("Full name"), max_length=150,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False,
                            widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.CharField(
        label=_("Phone"), max_length=30, required=False,
        help_text=_("An e-mail address or a phone number is needed to reach you."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "dir": "ltr"}))


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("Check-in code"), max_length=20,
                           widget=forms.TextInput(attrs={"autocapitalize": "characters",
                                                         "autocomplete": "off", "dir": "ltr"}))


class FairParticipationForm(forms.Form):
    """The fair or market a manager adds their cooperative to (events.selectors.joinable_fairs)."""

    event = forms.ModelChoiceField(label=_("Fair or market"), queryset=Event.objects.none(),
                                   empty_label=_("Choose a fair or market"))

    def __init__(self, *args, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events
        self.fields["event"].label_from_instance = lambda event: _(
            "%(title)s, %(region)s, %(date)s") % {
                "title": event.title, "region": event.region.name,
                "date": formats.date_format(timezone.localtime(event.starts_at),
                                            "SHORT_DATE_FORMAT")}
