from datetime import datetime, time, timedelta

import django_filters
from django.utils import timezone

from ess_platform.api_filters import FilterSet

from ..models import Event


def _day_start(value):
    return timezone.make_aware(datetime.combine(value, time.min),
                               timezone.get_current_timezone())


class EventFilter(FilterSet):
    region = django_filters.CharFilter(field_name="region__code", help_text="Region HCP code")
    hub = django_filters.CharFilter(field_name="hub__slug", help_text="Regional hub slug")
    kind = django_filters.ChoiceFilter(choices=Event.Kind.choices)
    status = django_filters.ChoiceFilter(choices=Event.Status.choices)
    date_from = django_filters.DateFilter(
        method="filter_from", label="from",
        help_text="Events still running on or after this day (YYYY-MM-DD)")
    date_to = django_filters.DateFilter(
        method="filter_to", label="to", help_text="Events starting on or before this day")
    upcoming = django_filters.BooleanFilter(method="filter_upcoming",
                                            help_text="true: only events not over yet")

    class Meta:
        model = Event
        fields = ["region", "hub", "kind", "status"]

    def filter_from(self, queryset, name, value):
        return queryset.filter(ends_at__gte=_day_start(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(starts_at__lt=_day_start(value + timedelta(days=1)))

    def filter_upcoming(self, queryset, name, value):
        return queryset.upcoming() if value else queryset

    def __init__(self, data=None, *args, **kwargs):
        # Public names ?from= and ?to= (Python keywords, hence the aliases).
        if data is not None:
            data = data.copy()
            for public, field in (("from", "date_from"), ("to", "date_to")):
                if public in data and field not in data:
                    data[field] = data[public]
        super().__init__(data, *args, **kwargs)
