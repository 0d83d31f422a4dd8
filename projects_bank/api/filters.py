import django_filters

from ess_platform.kernel.api_filters import FilterSet

from ..models import FundingSource, Partner, ProjectIdea, RankingEntry
from ..selectors import filter_funding_sources, filter_ideas, filter_partners


class IdeaFilter(FilterSet):
    """The ideas page's filter (projects_bank.selectors.filter_ideas) as API parameters."""

    region = django_filters.CharFilter(method="skip", max_length=2,
                                       help_text="Region HCP code")
    sector = django_filters.CharFilter(method="skip", max_length=50, help_text="Sector slug")
    call = django_filters.CharFilter(method="skip", max_length=80, help_text="Call slug")
    status = django_filters.ChoiceFilter(choices=ProjectIdea.Status.choices, method="skip")
    language = django_filters.ChoiceFilter(
        choices=ProjectIdea._meta.get_field("language").choices, method="skip")
    search = django_filters.CharFilter(
        method="skip", max_length=200,
        help_text="Words searched in titles and summaries, Arabic or French (spelling, "
                  "script and one-letter typos forgiven; best matches first)")

    class Meta:
        model = ProjectIdea
        fields = []

    def skip(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        return filter_ideas(queryset, q=data.get("search") or "",
                            **{name: data.get(name) or "" for name in
                               ("region", "sector", "call", "status", "language")})


class RankingFilter(FilterSet):
    call = django_filters.CharFilter(field_name="call__slug", max_length=80,
                                     help_text="Call slug")
    region = django_filters.CharFilter(field_name="call__region__code", max_length=2,
                                       help_text="Region HCP code of the call")

    class Meta:
        model = RankingEntry
        fields = []


class FundingSourceFilter(FilterSet):
    """The financing guide's filter (projects_bank.selectors.funding_sources)."""

    kind = django_filters.ChoiceFilter(choices=FundingSource.Kind.choices, method="skip")
    sector = django_filters.CharFilter(method="skip", max_length=50,
                                       help_text="Sector slug: sources open to every sector "
                                                 "are kept")
    region = django_filters.CharFilter(method="skip", max_length=2,
                                       help_text="Region HCP code: national sources are kept")
    women = django_filters.BooleanFilter(method="skip",
                                         help_text="true: only sources for women's projects")
    youth = django_filters.BooleanFilter(method="skip",
                                         help_text="true: only sources for young people")
    search = django_filters.CharFilter(
        method="skip", max_length=200,
        help_text="Words searched in programmes and funders, Arabic or French (spelling, "
                  "script and one-letter typos forgiven; best matches first)")

    class Meta:
        model = FundingSource
        fields = []

    def skip(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        return filter_funding_sources(
            queryset, kind=data.get("kind") or "", sector=data.get("sector") or "",
            region=data.get("region") or "", women=bool(data.get("women")),
            youth=bool(data.get("youth")), q=data.get("search") or "")


class PartnerFilter(FilterSet):
    """The partners list's filter (projects_bank.selectors.partners)."""

    kind = django_filters.ChoiceFilter(choices=Partner.Kind.choices, method="skip")
    region = django_filters.CharFilter(method="skip", max_length=2,
                                       help_text="Region HCP code: national partners are kept")
    search = django_filters.CharFilter(
        method="skip", max_length=200,
        help_text="Words searched in names and services, Arabic or French (spelling, "
                  "script and one-letter typos forgiven; best matches first)")

    class Meta:
        model = Partner
        fields = []

    def skip(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        return filter_partners(queryset, kind=data.get("kind") or "",
                               region=data.get("region") or "", q=data.get("search") or "")
