import django_filters
from django.core.exceptions import ValidationError as FieldError
from django.forms import ModelChoiceField
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from ess_platform.kernel.api_filters import FilterSet
from regional_hubs.models import Commune, Province, Region

from ..cache import current_version, reference_data
from ..models import Cooperative, Product, Sector
from ..selectors import filter_cooperatives, filter_products

BOOLEAN_CHOICES = [(v, v) for v in ("true", "false", "1", "0")]


def _true(value):
    return value in ("true", "1")


class ReferenceChoiceField(ModelChoiceField):
    """A region, province or sector named by its code or slug, found in the directory's
    reference data kept in the process (cooperatives/cache.py) instead of a query."""

    def __init__(self, *args, reference, **kwargs):
        self.reference = reference
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        for row in reference_data(current_version())[self.reference]:
            if str(getattr(row, self.to_field_name)) == str(value):
                return row
        raise FieldError(self.error_messages["invalid_choice"], code="invalid_choice")


@extend_schema_field(OpenApiTypes.STR)
class CodeChoiceFilter(django_filters.ModelChoiceFilter):
    """A row named by its code or slug (``to_field_name``), given to the selector; with
    ``reference`` ("regions", "provinces", "sectors"), read from the process's reference
    data (no query)."""

    def __init__(self, *args, reference=None, **kwargs):
        if reference is not None:
            self.field_class = ReferenceChoiceField
            kwargs["reference"] = reference
        super().__init__(*args, **kwargs)


@extend_schema_field(OpenApiTypes.BOOL)
class BooleanChoiceFilter(django_filters.TypedChoiceFilter):
    """true/false/1/0, given to the selector."""


class CooperativeFilter(FilterSet):
    """The directory filters; a value that names nothing answers 400 with the field error."""

    region = CodeChoiceFilter(
        queryset=Region.objects.all(), to_field_name="code", method="skip",
        reference="regions", help_text=_("Region HCP code, e.g. 09"))
    province = CodeChoiceFilter(
        queryset=Province.objects.all(), to_field_name="code", method="skip",
        reference="provinces", help_text=_("Province HCP code"))
    commune = django_filters.ModelChoiceFilter(
        queryset=Commune.objects.all(), to_field_name="code", method="skip",
        help_text=_("Commune HCP code"))
    sector = CodeChoiceFilter(
        queryset=Sector.objects.all(), to_field_name="slug", method="skip",
        reference="sectors", help_text=_("Sector slug, e.g. argan"))
    women_led = django_filters.TypedChoiceFilter(
        choices=BOOLEAN_CHOICES, coerce=_true, empty_value=None, method="skip",
        help_text=_("true or false"))
    youth_led = django_filters.TypedChoiceFilter(
        choices=BOOLEAN_CHOICES, coerce=_true, empty_value=None, method="skip",
        help_text=_("true or false"))
    search = django_filters.CharFilter(
        method="skip", max_length=200,
        help_text=_("Words searched in names, descriptions and products, Arabic or French"))

    class Meta:
        model = Cooperative
        fields = []

    def skip(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        data = dict(self.form.cleaned_data)
        data["q"] = data.pop("search", "") or ""
        return filter_cooperatives(queryset, **data)


class ProductFilter(FilterSet):
    """The products search's filters (the page's, by the same selector); a value that
    names nothing, or a price range upside down, answers 400 with the field error."""

    cooperative = django_filters.NumberFilter(field_name="cooperative_id")
    registration_number = django_filters.CharFilter(
        field_name="cooperative__registration_number")
    sector = CodeChoiceFilter(
        queryset=Sector.objects.all(), to_field_name="slug", method="skip",
        reference="sectors", help_text=_("Sector slug, e.g. argan"))
    region = CodeChoiceFilter(
        queryset=Region.objects.all(), to_field_name="code", method="skip",
        reference="regions", help_text=_("Region HCP code, e.g. 09"))
    min_price = django_filters.NumberFilter(
        method="skip", min_value=0, max_digits=10, decimal_places=2,
        help_text=_("Lowest price in dirhams (MAD)"))
    max_price = django_filters.NumberFilter(
        method="skip", min_value=0, max_digits=10, decimal_places=2,
        help_text=_("Highest price in dirhams (MAD)"))
    available = BooleanChoiceFilter(
        choices=BOOLEAN_CHOICES, coerce=_true, empty_value=None, method="skip",
        help_text=_("true: only the products that can be had now"))
    search = django_filters.CharFilter(
        method="skip", max_length=200,
        help_text=_("Words searched in product and cooperative names, Arabic or French"))

    class Meta:
        model = Product
        fields = []

    def skip(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        low, high = data.get("min_price"), data.get("max_price")
        if low is not None and high is not None and low > high:
            raise ValidationError(
                {"max_price": [_("The highest price is below the lowest price.")]})
        return filter_products(
            queryset, q=data.get("search") or "", sector=data.get("sector"),
            region=data.get("region"), min_price=low, max_price=high,
            available=data.get("available") or None)
