import django_filters

from ess_platform.kernel.api_filters import FilterSet

from ..models import Commune, Province, RegionalHub
from ..selectors import search_communes


class ProvinceFilter(FilterSet):
    region = django_filters.CharFilter(field_name="region__code", help_text="Region HCP code")

    class Meta:
        model = Province
        fields = ["region", "kind"]


class CommuneFilter(FilterSet):
    province = django_filters.CharFilter(field_name="province__code",
                                         help_text="Province HCP code")
    region = django_filters.CharFilter(field_name="province__region__code",
                                       help_text="Region HCP code")
    search = django_filters.CharFilter(
        method="filter_search", max_length=200,
        help_text="Words of the commune's name (Arabic or French) or its HCP code")

    class Meta:
        model = Commune
        fields = ["province", "region", "kind"]

    def filter_search(self, queryset, name, value):
        return search_communes(queryset, value)


class HubFilter(FilterSet):
    region = django_filters.CharFilter(field_name="region__code", help_text="Region HCP code")
    status = django_filters.ChoiceFilter(choices=RegionalHub.Status.choices)

    class Meta:
        model = RegionalHub
        fields = ["region", "status"]
