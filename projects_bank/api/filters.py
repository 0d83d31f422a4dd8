import django_filters

from ess_platform.api_filters import FilterSet

from ..models import ProjectIdea


class IdeaFilter(FilterSet):
    region = django_filters.CharFilter(field_name="region__code", help_text="Region HCP code")
    sector = django_filters.CharFilter(field_name="sector__slug", help_text="Sector slug")
    call = django_filters.CharFilter(field_name="call__slug", help_text="Call slug")
    status = django_filters.ChoiceFilter(choices=ProjectIdea.Status.choices)

    class Meta:
        model = ProjectIdea
        fields = ["region", "sector", "call", "status", "language"]
