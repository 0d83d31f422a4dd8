from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from ess_platform.uploads import ImageUploadField, validate_image
from regional_hubs.models import Commune, Province, Region

from .models import Cooperative, Product, Sector

MAX_IMPORT_SIZE = 30 * 1024 * 1024
BOOLEAN_CHOICES = [("", _("All")), ("1", _("Yes")), ("0", _("No"))]


class DirectoryFilterForm(forms.Form):
    """The directory filters, by public codes and slugs (region=09&sector=argan...)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.order_by("code"),
                                    to_field_name="code", required=False,
                                    empty_label=_("All regions"))
    province = forms.ModelChoiceField(label=_("Province"), queryset=Province.objects.none(),
                                      to_field_name="code", required=False,
                                      empty_label=_("All provinces"))
    commune = forms.ModelChoiceField(label=_("Commune"), queryset=Commune.objects.none(),
                                     to_field_name="code", required=False,
                                     empty_label=_("All communes"))
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=Sector.objects.all(),
                                    to_field_name="slug", required=False,
                                    empty_label=_("All sectors"))
    women_led = forms.TypedChoiceField(label=_("Women-led"), choices=BOOLEAN_CHOICES,
                                       coerce=lambda v: v == "1", empty_value=None,
                                       required=False)
    youth_led = forms.TypedChoiceField(label=_("Youth-led"), choices=BOOLEAN_CHOICES,
                                       coerce=lambda v: v == "1", empty_value=None,
                                       required=False)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        data = data or {}
        provinces = Province.objects.order_by("code")
        region_code = data.get("region")
        if region_code and isinstance(region_code, str):
            provinces = provinces.filter(region__code=region_code)
        self.fields["province"].queryset = provinces
        # Communes are listed once a province is chosen (1,500 options otherwise); any
        # valid commune code is still accepted, e.g. from a link.
        communes = Commune.objects.order_by("name", "code")
        self.fields["commune"].queryset = communes
        province_code = data.get("province")
        if province_code and isinstance(province_code, str):
            self.fields["commune"].widget.choices = forms.ModelChoiceField(
                queryset=communes.filter(province__code=province_code),
                to_field_name="code", empty_label=_("All communes"),
            ).choices
        else:
            self.fields["commune"].widget = forms.HiddenInput()

    def clean(self):
        cleaned = super().clean()
        region, province, commune = (cleaned.get("region"), cleaned.get("province"),
                                     cleaned.get("commune"))
        if region and province and province.region_id != region.pk:
            self.add_error("province", _("This province is not in the chosen region."))
        if province and commune and commune.province_id != province.pk:
            self.add_error("commune", _("This commune is not in the chosen province."))
        return cleaned

    def filters(self):
        """Keyword arguments for selectors.cooperative_list (call after is_valid())."""
        data = self.cleaned_data
        return {
            "region": data.get("region"), "province": data.get("province"),
            "commune": data.get("commune"), "sector": data.get("sector"),
            "women_led": data.get("women_led"), "youth_led": data.get("youth_led"),
            "q": data.get("q") or "",
        }


class CooperativeProfileForm(forms.ModelForm):
    """What a cooperative's manager may change on the site (not its number or commune)."""

    class Meta:
        model = Cooperative
        fields = [
            "name_ar", "name_fr", "sector", "founded_on", "members_count", "women_members",
            "youth_members", "women_led", "youth_led", "description_ar", "description_fr",
            "address_ar", "address_fr", "phone", "email", "website", "latitude", "longitude",
        ]
        widgets = {"founded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_ar"].required = True


class ProductForm(forms.ModelForm):
    photo = ImageUploadField(label=_("photo"), required=False, validators=[validate_image],
                             help_text=_("JPEG, PNG, WebP or GIF, at most 5 MB."))

    class Meta:
        model = Product
        fields = ["name_ar", "name_fr", "description_ar", "description_fr", "photo"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_ar"].required = True


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("XLSX or CSV (UTF-8), one cooperative a row, column names in Arabic, "
                    "French or English on the first row."),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        name = (file.name or "").lower()
        if not name.endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload an XLSX or CSV file."), code="bad_type")
        if file.size > MAX_IMPORT_SIZE:
            raise forms.ValidationError(
                _("This file is too large. The maximum size is %(limit)s."),
                code="too_large", params={"limit": filesizeformat(MAX_IMPORT_SIZE)})
        return file
