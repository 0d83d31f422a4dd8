import django_filters
from django.utils.translation import gettext_lazy as _

from ess_platform.api_filters import FilterSet
from regional_hubs.models import Commune, Province, Region

from ..models import Cooperative, Product, Sector
from ..selectors import filter_cooperatives

BOOLEAN_CHOICES = [(v, v) for v in ("true", "false", "1", "0")]


def _true(value):
    return value in ("true", "1")


class CooperativeFilter(FilterSet):
    """The directory filters; a value that names nothing answers 400 with the field error."""

    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(), to_field_name="code", method="skip",
        help_text=_("Region HCP code, e.g. 09"))
    province = django_filters.ModelChoiceFilter(
        queryset=Province.objects.all(), to_field_name="code", method="skip",
        help_text=_("Province HCP code"))
    commune = django_filters.ModelChoiceFilter(
        queryset=Commune.objects.all(), to_field_name="code", method="skip",
        help_text=_("Commune HCP code"))
    sector = django_filters.ModelChoiceFilter(
        queryset=Sector.objects.all(), to_field_name="slug", method="skip",
        help_text=_("Sector slug, e.g. argan"))
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
    cooperative = django_filters.NumberFilter(field_name="cooperative_id")
    registration_number = django_filters.CharFilter(
        field_name="cooperative__registration_number")
    sector = django_filters.CharFilter(field_name="cooperative__sector__slug")
    region = django_filters.CharFilter(field_name="cooperative__region__code")

    class Meta:
        model = Product
        fields = []
