import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from ess_platform.kernel.api_filters import FilterSet
from regional_hubs.models import Region, RegionalHub

from ..models import Event
from ..selectors import filter_events

BOOLEAN_CHOICES = [(v, v) for v in ("true", "false", "1", "0")]


@extend_schema_field(OpenApiTypes.BOOL)
class BooleanChoiceFilter(django_filters.TypedChoiceFilter):
    """true/false/1/0, or absent (the page's default): a boolean in the API schema."""


def _true(value):
    return value in ("true", "1")


class EventFilter(FilterSet):
    """The events page's filter (events.selectors.filter_events) as API parameters; a value
    that names nothing answers 400 with the field error."""

    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(), to_field_name="code", method="skip",
        help_text="Region HCP code")
    hub = django_filters.ModelChoiceFilter(
        queryset=RegionalHub.objects.public(), to_field_name="slug", method="skip",
        help_text="Regional hub slug")
    kind = django_filters.ChoiceFilter(choices=Event.Kind.choices, method="skip")
    status = django_filters.ChoiceFilter(choices=Event.Status.choices, method="skip")
    date_from = django_filters.DateFilter(
        method="skip", label="from",
        help_text="Events still running on or after this day (YYYY-MM-DD)")
    date_to = django_filters.DateFilter(
        method="skip", label="to", help_text="Events starting on or before this day")
    search = django_filters.CharFilter(
        method="skip", max_length=200,
        help_text="Words searched in titles, venues and organisers, Arabic or French "
                  "(spelling, script and one-letter typos forgiven; best matches first)")
    upcoming = BooleanChoiceFilter(
        choices=BOOLEAN_CHOICES, coerce=_true, empty_value=None, method="skip",
        help_text="true: only events not over yet; false: past events too. Default, as on "
                  "the page: upcoming events unless ?from= is given (a change feed, with "
                  "?updated_since= or ?cursor=, has past events too).")

    class Meta:
        model = Event
        fields = []

    def skip(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        upcoming = data.get("upcoming")
        if upcoming is None and ({"updated_since", "cursor"} & set(self.data)):
            upcoming = False  # a client syncing changes is told of past events too
        return filter_events(
            queryset, region=data.get("region"), hub=data.get("hub"),
            kind=data.get("kind") or "", status=data.get("status") or "",
            date_from=data.get("date_from"), date_to=data.get("date_to"),
            upcoming=upcoming, q=data.get("search") or "")

    def __init__(self, data=None, *args, **kwargs):
        # Public names ?from= and ?to= (Python keywords, hence the aliases).
        if data is not None:
            data = data.copy()
            for public, field in (("from", "date_from"), ("to", "date_to")):
                if public in data and field not in data:
                    data[field] = data[public]
        super().__init__(data, *args, **kwargs)
