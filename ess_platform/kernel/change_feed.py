"""The change feed: ``?updated_since=`` on every public list, paged by a keyset cursor.

With ``updated_since`` (ISO 8601; without an offset it is Africa/Casablanca time) or a
``cursor``, a list answers the rows changed at or after that time, oldest change first,
ordered by (updated_at, id), and ``next`` carries a cursor holding the last (updated_at,
id) sent. A row changed while a client walks the pages moves to the end of the feed: it
is sent again later, never skipped. Deletions are in ``/api/v1/changes/deleted/``.
"""

import base64
import binascii
from datetime import UTC, datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from ess_platform.kernel.bounds import DATETIME_RANGE

FEED_PARAMS = ("updated_since", "cursor")
MAX_PAGE_SIZE = 500


def wants_feed(request):
    return any(request.query_params.get(name) for name in FEED_PARAMS)


def parse_since(value):
    try:
        moment = parse_datetime(value.strip())
    except ValueError:
        moment = None
    if moment is None:
        raise ValidationError({"updated_since": [
            _("Give an ISO 8601 date and time, e.g. 2026-01-31T08:00:00Z.")]})
    try:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        # In UTC for the database (PostgreSQL refuses offsets past 15:59 that Python
        # accepts), within the years every engine holds.
        moment = moment.astimezone(UTC)
        if not DATETIME_RANGE[0] <= moment <= DATETIME_RANGE[1]:
            raise ValueError
    except (OverflowError, ValueError):
        raise ValidationError({"updated_since": [_("This date is out of range.")]}) from None
    return moment


def encode_cursor(moment, pk):
    raw = f"{moment.isoformat()}|{pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(value):
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
        moment, pk = raw.split("|")
        moment = datetime.fromisoformat(moment)
        pk = int(pk)
        if timezone.is_naive(moment) or not 0 < pk < 2 ** 63:
            raise ValueError
        moment = moment.astimezone(UTC)
        if not DATETIME_RANGE[0] <= moment <= DATETIME_RANGE[1]:
            raise ValueError
    except (ValueError, OverflowError, UnicodeDecodeError, binascii.Error):
        raise ValidationError({"cursor": [_("Invalid cursor.")]}) from None
    return moment, pk


def changed_since(queryset, request, field="updated_at"):
    """The rows changed at or after ``?updated_since=``, in the feed's order."""
    value = request.query_params.get("updated_since")
    queryset = queryset.order_by(field, "pk")
    if value:
        queryset = queryset.filter(**{f"{field}__gte": parse_since(value)})
    return queryset


class ChangeFeedPagination(pagination.BasePagination):
    """Keyset pages over (field, id) of a queryset already in that order (changed_since);
    ``count`` is how many rows changed since ``updated_since``."""

    page_size = 100
    page_size_query_param = "page_size"

    def __init__(self, field="updated_at"):
        self.field = field

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        params = request.query_params
        size = params.get(self.page_size_query_param, "")
        self.size = min(int(size), MAX_PAGE_SIZE) if size.isdigit() and int(size) else \
            self.page_size
        rows = queryset
        self.count = rows.count()
        if params.get("cursor"):
            moment, pk = decode_cursor(params["cursor"])
            rows = rows.filter(Q(**{f"{self.field}__gt": moment})
                               | Q(**{self.field: moment, "pk__gt": pk}))
        page = list(rows[:self.size + 1])
        self.has_next = len(page) > self.size
        page = page[:self.size]
        self.last = page[-1] if page else None
        return page

    def get_next_link(self):
        if not self.has_next or self.last is None:
            return None
        url = self.request.build_absolute_uri()
        cursor = encode_cursor(getattr(self.last, self.field), self.last.pk)
        return replace_query_param(url, "cursor", cursor)

    def get_paginated_response(self, data):
        return Response({"count": self.count, "next": self.get_next_link(),
                         "previous": None, "results": data})


FEED_PARAMETERS = [
    OpenApiParameter(
        "updated_since", OpenApiTypes.DATETIME,
        description="Only the rows changed at or after this time (ISO 8601), oldest change "
                    "first, ordered by (updated_at, id); follow `next` to page. Deleted or "
                    "unpublished rows: /api/v1/changes/deleted/."),
    OpenApiParameter(
        "cursor", OpenApiTypes.STR,
        description="The position in the change feed, as given in `next`."),
]


class ChangeFeedSchema:
    """Adds the feed's parameters to the list of whatever schema the view had."""

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self._is_list_view():
            parameters = [*parameters, *FEED_PARAMETERS]
        return parameters


class ChangeFeedMixin:
    """For a public list viewset: ``?updated_since=`` / ``?cursor=`` switch its pages to
    the change feed (put the mixin first among the bases)."""

    feed_field = "updated_at"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "schema" in vars(cls):
            return
        inherited = next((vars(base)["schema"] for base in cls.__mro__[1:]
                          if base is not ChangeFeedMixin and "schema" in vars(base)), None)
        base = type(inherited) if isinstance(inherited, AutoSchema) else AutoSchema
        if not issubclass(base, ChangeFeedSchema):
            base = type(f"ChangeFeed{base.__name__}", (ChangeFeedSchema, base), {})
        cls.schema = base()

    def _in_feed(self):
        return getattr(self, "action", None) == "list" and wants_feed(self.request)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self._in_feed():
            queryset = changed_since(queryset, self.request, self.feed_field)
        return queryset

    @property
    def paginator(self):
        # A list served whole (the 12 regions) stays a whole list, filtered.
        if self._in_feed() and self.pagination_class is not None:
            if not hasattr(self, "_feed_paginator"):
                self._feed_paginator = ChangeFeedPagination(self.feed_field)
            return self._feed_paginator
        return super().paginator
