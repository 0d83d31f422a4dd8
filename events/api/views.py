from django.db.models import Prefetch
from rest_framework import viewsets

from ..models import Event, Session
from .filters import EventFilter
from .serializers import EventDetailSerializer, EventSerializer


class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """Published SSE events; filter with ?region=<code>&kind=&from=YYYY-MM-DD&to=&hub=<slug>."""

    serializer_class = EventSerializer
    filterset_class = EventFilter
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
