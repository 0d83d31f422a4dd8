from django.db.models import Prefetch
from rest_framework import viewsets

from ess_platform.kernel.change_feed import ChangeFeedMixin
from ess_platform.kernel.opendata.api import OpenDataMixin
from ess_platform.kernel.page_cache import PublicListCacheMixin

from ..models import Event, Session
from .filters import EventFilter
from .serializers import EventDetailSerializer, EventSerializer


class EventViewSet(PublicListCacheMixin, ChangeFeedMixin, OpenDataMixin,
                   viewsets.ReadOnlyModelViewSet):
    """Published SSE events, upcoming ones unless ?from= or ?upcoming=false is given (as on
    the events page); filter with ?region=<code>&kind=&status=&from=YYYY-MM-DD&to=&hub=<slug>."""

    serializer_class = EventSerializer
    filterset_class = EventFilter
    export_name = "events"
    lookup_field = "slug"
    ordering_fields = ["starts_at", "ends_at"]
    ordering = ["starts_at", "pk"]

    def get_queryset(self):
        queryset = (
            Event.objects.published()
            .select_related("region", "province", "commune", "hub", "call")
            .with_taken_places()
            .order_by("starts_at", "pk")
        )
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch("sessions", queryset=Session.objects.order_by("starts_at", "pk")),
                "cooperatives",
            )
        return queryset

    def get_serializer_class(self):
        return EventDetailSerializer if self.action == "retrieve" else EventSerializer
