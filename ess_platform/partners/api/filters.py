import django_filters
from django.utils.translation import gettext_lazy as _

from ess_platform.kernel.api_filters import FilterSet

from ..models import Tombstone
from ..signals import datasets


def _dataset_choices():
    return [(name, name) for name in datasets()]


class TombstoneFilter(FilterSet):
    """The deleted rows of one public data set (``?dataset=``)."""

    dataset = django_filters.ChoiceFilter(
        choices=_dataset_choices, error_messages={"invalid_choice": _("Unknown data set.")},
        help_text="One data set: cooperatives, products, hubs, events, ideas, calls, "
                  "economic-models, funding-sources, partners, regions, provinces, communes.")

    class Meta:
        model = Tombstone
        fields = []
