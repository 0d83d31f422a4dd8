import re

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from ess_platform.kernel.phones import clean_phone
from ess_platform.kernel.searching.engine import Search
from ess_platform.kernel.uploads import ImageUploadField, validate_image
from ess_platform.kernel.widgets import FastSelect
from ess_platform.users.models import normalize_email
from regional_hubs.models import Commune, Province, Region

from .directory import SORTS
from .models import Certification, Cooperative, Product, Sector

MAX_IMPORT_SIZE = 30 * 1024 * 1024
BOOLEAN_CHOICES = [("", _("All")), ("1", _("Yes")), ("0", _("No"))]


class _InMemoryChoices(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.objects is None:
            yield from super().__iter__()
            return
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.objects:
            yield self.choice(obj)

    def __len__(self):
        if self.field.objects is None:
            return super().__len__()
        return len(self.field.objects) + (self.field.empty_label is not None)


class InMemoryModelChoiceField(forms.ModelChoiceField):
    """A model choice among ``objects`` already in memory (the directory's reference data,
    cooperatives/cache.py) instead of a query each; its queryset when ``objects`` is None,
    and for a value not among them when ``lookup_missing`` (a valid code from a link)."""

    iterator = _InMemoryChoices
    widget = FastSelect
    objects = None
    lookup_missing = False

    def to_python(self, value):
        if self.objects is None or value in self.empty_values:
            return super().to_python(value)
        key = self.to_field_name or "pk"
        for obj in self.objects:
            if str(getattr(obj, key)) == str(value):
                return obj
        if self.lookup_missing:
            return super().to_python(value)
        raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                              params={"value": value})

    def offer(self, objects):
        self.objects = list(objects)
        self.widget.choices = self.choices


class DirectoryFilterForm(forms.Form):
    """The directory filters, by public codes and slugs (region=09&sector=argan...)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    region = InMemoryModelChoiceField(label=_("Region"), queryset=Region.objects.order_by("code"),
                                    to_field_name="code", required=False,
                                    empty_label=_("All regions"))
    province = InMemoryModelChoiceField(label=_("Province"), queryset=Province.objects.none(),
                                      to_field_name="code", required=False,
                                      empty_label=_("All provinces"))
    commune = InMemoryModelChoiceField(label=_("Commune"), queryset=Commune.objects.none(),
                                     to_field_name="code", required=False,
                                     empty_label=_("All communes"))
    sector = InMemoryModelChoiceField(label=_("Sector"), queryset=Sector.objects.all(),
                                    to_field_name="slug", required=False,
                                    empty_label=_("All sectors"))
    women_led = forms.TypedChoiceField(label=_("Women-led"), choices=BOOLEAN_CHOICES,
                                       coerce=lambda v: v == "1", empty_value=None,
                                       required=False, widget=FastSelect)
    youth_led = forms.TypedChoiceField(label=_("Youth-led"), choices=BOOLEAN_CHOICES,
                                       coerce=lambda v: v == "1", empty_value=None,
                                       required=False, widget=FastSelect)
    # The list's order (cooperatives/directory.py SORTS); a search without one keeps its
    # relevance order.
    sort = forms.ChoiceField(label=_("Sort by"), required=False, widget=FastSelect,
                             choices=[(key, label) for key, (label, _order) in SORTS.items()])

    def __init__(self, data=None, *, reference=None, **kwargs):
        """``reference``: the regions, provinces and sectors already in memory
        (cooperatives.cache.reference_data), offered without a query each."""
        super().__init__(data, **kwargs)
        data = data or {}
        provinces = Province.objects.order_by("code")
        region_code = data.get("region")
        if region_code and isinstance(region_code, str):
            provinces = provinces.filter(region__code=region_code)
        self.fields["province"].queryset = provinces
        if reference is not None:
            self.fields["region"].offer(reference["regions"])
            self.fields["sector"].offer(reference["sectors"])
            self.fields["province"].offer(
                province for province in reference["provinces"]
                if not (region_code and isinstance(region_code, str))
                or province.region.code == region_code)
        # Communes are listed once a province is chosen (1,500 options otherwise); any
        # valid commune code is still accepted, e.g. from a link.
        communes = Commune.objects.order_by("name", "code")
        commune = self.fields["commune"]
        commune.queryset = communes
        province_code = data.get("province")
        if province_code and isinstance(province_code, str):
            # The province's communes, read once for the choices and the chosen one.
            commune.lookup_missing = True
            commune.offer(communes.filter(province__code=province_code))
        else:
            commune.widget = forms.HiddenInput()

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
            "q": self.search,
        }

    @cached_property
    def search(self):
        """The words as one ``Search``, expanded once for the list, its counts and its
        explanations (call after is_valid())."""
        return Search(self.cleaned_data.get("q") or "")


class CooperativeProfileForm(forms.ModelForm):
    """What a cooperative's manager may change on the site (not its number or commune)."""

    class Meta:
        model = Cooperative
        fields = [
            "name_ar", "name_fr", "sector", "founded_on", "members_count", "women_members",
            "youth_members", "women_led", "youth_led", "description_ar", "description_fr",
            "address_ar", "address_fr", "phone", "whatsapp", "email", "website", "latitude",
            "longitude",
        ]
        widgets = {"founded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
                   "whatsapp": forms.TextInput(attrs={"type": "tel"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_ar"].required = True

    def clean_whatsapp(self):
        return clean_phone(self.cleaned_data.get("whatsapp"))


class ProductForm(forms.ModelForm):
    photo = ImageUploadField(label=_("photo"), required=False, validators=[validate_image],
                             help_text=_("JPEG, PNG, WebP or GIF, at most 5 MB."))

    class Meta:
        model = Product
        fields = ["name_ar", "name_fr", "description_ar", "description_fr", "price", "unit",
                  "availability", "photo"]
        widgets = {"price": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01",
                                                     "min": "0"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_ar"].required = True
        # Left out (an older form, an API-like post): the product's current value.
        for name in ("unit", "availability"):
            self.fields[name].required = False

    def _kept(self, name):
        return self.cleaned_data.get(name) or getattr(self.instance, name)

    def clean_unit(self):
        return self._kept("unit")

    def clean_availability(self):
        return self._kept("availability")


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


class CertificationForm(forms.ModelForm):
    class Meta:
        model = Certification
        fields = ["kind", "title", "reference", "issued_by", "valid_until"]
        widgets = {"valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


CertificationFormSet = forms.inlineformset_factory(
    Cooperative, Certification, form=CertificationForm, extra=1, can_delete=True,
    max_num=30, validate_max=True)


#: At most this many links in a question: spam carries many, a person one at most.
MAX_LINKS = 1
LINK = re.compile(r"https?://|www\.|<a\s|\[url", re.IGNORECASE)


class InquiryForm(forms.Form):
    """"Ask the cooperative": who asks, how to answer them, and the question."""

    name = forms.CharField(label=_("Your name"), max_length=150,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(label=_("Your e-mail"), required=False,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.CharField(label=_("Your phone"), max_length=30, required=False,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
    product = forms.TypedChoiceField(label=_("About the product"), required=False,
                                     coerce=int, empty_value=None)
    message = forms.CharField(label=_("Your question"), min_length=10, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 5}))
    # A field people never see (hidden by the stylesheet, skipped by the keyboard):
    # robots that fill every field give themselves away.
    website = forms.CharField(label=_("Leave this field empty"), required=False,
                              widget=forms.TextInput(attrs={"tabindex": "-1",
                                                            "autocomplete": "off"}))
    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, cooperative, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The cooperative's products as the page already has them (prefetched).
        self.products = {product.pk: product for product in cooperative.products.all()}
        self.fields["product"].choices = [("", _("No product in particular"))] + [
            (pk, product.name) for pk, product in self.products.items()]
        if not self.products:
            self.fields["product"].widget = forms.HiddenInput()
        if user is not None and user.is_authenticated:
            self.fields["name"].initial = user.get_full_name() or ""
            self.fields["email"].initial = user.email
            self.fields["phone"].initial = user.phone

    def clean_email(self):
        return normalize_email(self.cleaned_data.get("email"))

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone"))

    def clean_product(self):
        pk = self.cleaned_data.get("product")
        return self.products.get(pk) if pk is not None else None

    def clean_name(self):
        name = self.cleaned_data["name"]
        if LINK.search(name):
            raise forms.ValidationError(_("A name holds no link."), code="spam")
        return name

    def clean_message(self):
        message = self.cleaned_data["message"]
        if len(LINK.findall(message)) > MAX_LINKS:
            raise forms.ValidationError(
                _("A message may hold at most one link."), code="links")
        return message

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(
                _("Your message looks automated and was not sent."), code="spam")
        if not cleaned.get("email") and not cleaned.get("phone") \
                and not self.has_error("email") and not self.has_error("phone"):
            raise forms.ValidationError(
                _("Give an e-mail address or a phone number, so that the cooperative can "
                  "answer you."), code="contact")
        return cleaned


class ProductSearchForm(forms.Form):
    """The products search's filters, by public codes and slugs (sector=argan&region=09)."""

    SORTS = [("name", _("Name")), ("price", _("Price, lowest first")),
             ("-price", _("Price, highest first")), ("-updated_at", _("Newest"))]

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    sector = InMemoryModelChoiceField(label=_("Sector"), queryset=Sector.objects.all(),
                                    to_field_name="slug", required=False,
                                    empty_label=_("All sectors"))
    region = InMemoryModelChoiceField(label=_("Region"), queryset=Region.objects.order_by("code"),
                                    to_field_name="code", required=False,
                                    empty_label=_("All regions"))
    min_price = forms.DecimalField(label=_("Lowest price (MAD)"), required=False, min_value=0,
                                   max_digits=10, decimal_places=2,
                                   widget=forms.NumberInput(attrs={"inputmode": "decimal"}))
    max_price = forms.DecimalField(label=_("Highest price (MAD)"), required=False,
                                   min_value=0, max_digits=10, decimal_places=2,
                                   widget=forms.NumberInput(attrs={"inputmode": "decimal"}))
    available = forms.BooleanField(label=_("Available now only"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False,
                             widget=FastSelect)

    def __init__(self, data=None, *, reference=None, **kwargs):
        """``reference``: the regions and sectors already in memory
        (cooperatives.cache.reference_data), offered without a query each."""
        super().__init__(data, **kwargs)
        if reference is not None:
            self.fields["region"].offer(reference["regions"])
            self.fields["sector"].offer(reference["sectors"])

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_price"), cleaned.get("max_price")
        if low is not None and high is not None and low > high:
            self.add_error("max_price", _("The highest price is below the lowest price."))
        return cleaned

    def filters(self):
        """Keyword arguments for selectors.filter_products (call after is_valid())."""
        data = self.cleaned_data
        return {"q": data.get("q") or "", "sector": data.get("sector"),
                "region": data.get("region"), "min_price": data.get("min_price"),
                "max_price": data.get("max_price"), "available": data.get("available") or None}
