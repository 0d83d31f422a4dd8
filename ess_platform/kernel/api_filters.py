"""The API's filtering: every FilterSet of every app derives from `FilterSet` here.

A number or date the database cannot hold (a 23-digit id, the year 99999) is a 400 with
the field's error instead of an overflow deep inside the query (ess_platform/kernel/bounds.py).
The backend refuses a view whose filterset does not derive from this base, so a new app
cannot forget it.
"""

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django_filters import rest_framework as filters
from rest_framework import filters as drf_filters

from .bounds import bound_field


class FilterSet(filters.FilterSet):
    """Base of every API filterset. Model choice filters need nothing more: Django answers
    "Select a valid choice" for a key out of the column's range or holding a NUL."""

    def get_form_class(self):
        form_class = super().get_form_class()
        for field in form_class.base_fields.values():
            bound_field(field)
        return form_class


class FilterBackend(filters.DjangoFilterBackend):
    filterset_base = FilterSet

    def get_filterset_class(self, view, queryset=None):
        filterset_class = super().get_filterset_class(view, queryset)
        if filterset_class is not None and not issubclass(filterset_class, FilterSet):
            raise ImproperlyConfigured(
                f"{type(view).__name__}.filterset_class must derive from "
                "ess_platform.kernel.api_filters.FilterSet")
        return filterset_class


def _orders_rows(queryset, path):
    """Whether ``path`` (``field`` or ``relation__field``) names a column of the queryset's
    model, through its relations, or one of its annotations."""
    if path in queryset.query.annotations:
        return True
    opts = queryset.model._meta
    parts = path.split("__")
    for position, part in enumerate(parts):
        try:
            field = opts.get_field(part)
        except FieldDoesNotExist:
            return False
        if position < len(parts) - 1:
            if not field.is_relation or field.related_model is None:
                return False
            opts = field.related_model._meta
    return True


class OrderingFilter(drf_filters.OrderingFilter):
    """DRF's ``?ordering=``; without one, a searched list keeps its search rank first (best
    matches first) and the view's default order after it.

    A view without ``ordering_fields`` may be ordered by its serializer's fields, as in
    DRF, but only by those that are columns of its model: a serializer of computed payloads
    (a commune's needs) names fields the rows do not have, and ordering by one was a 500."""

    def get_default_valid_fields(self, queryset, view, context=None):
        return [(path, label) for path, label
                in super().get_default_valid_fields(queryset, view, context)
                if _orders_rows(queryset, path)]

    def filter_queryset(self, request, queryset, view):
        ordering = self.get_ordering(request, queryset, view)
        searched = "search_rank" in queryset.query.annotations
        if ordering and searched and not request.query_params.get(self.ordering_param):
            return queryset.order_by("search_rank", *ordering)
        return super().filter_queryset(request, queryset, view)
