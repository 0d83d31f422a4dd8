from django import forms
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from regional_hubs.models import Region
from regional_hubs.scoping import is_national_admin

from . import services
from .models import Report


class DateInput(forms.DateInput):
    input_type = "date"

    def format_value(self, value):
        return value.isoformat() if hasattr(value, "isoformat") else value


class ReportRequestForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.order_by("code"), required=False,
        empty_label=_("Whole country"),
        help_text=_("Regional delegates can ask for their own region only."))
    period_start = forms.DateField(label=_("From"), widget=DateInput)
    period_end = forms.DateField(label=_("To"), widget=DateInput)
    language = forms.ChoiceField(label=_("Language of the report"),
                                 choices=Report.Language.choices)

    def __init__(self, *args, user, **kwargs):
        today = timezone.localdate()
        kwargs.setdefault("initial", {
            "region": None if is_national_admin(user) else user.region_id,
            "period_start": today.replace(month=1, day=1),
            "period_end": today,
            "language": translation.get_language() or "ar",
        })
        super().__init__(*args, **kwargs)
        self.user = user
        if not is_national_admin(user):
            self.fields["region"].required = True
            self.fields["region"].empty_label = None

    def clean(self):
        cleaned = super().clean()
        if "region" in cleaned:
            # The rules live in the service; the form only shows its answer.
            try:
                services.check_report_request(
                    requester=self.user, region=cleaned["region"],
                    period_start=cleaned.get("period_start"),
                    period_end=cleaned.get("period_end"))
            except forms.ValidationError as error:
                self.add_error(None, error)
        return cleaned
