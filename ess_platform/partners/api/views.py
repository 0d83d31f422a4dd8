from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import decorators, mixins, permissions, viewsets
from rest_framework.response import Response

from ess_platform.kernel.api_filters import FilterBackend
from ess_platform.kernel.change_feed import ChangeFeedMixin
from ess_platform.kernel.notifications.models import Delivery

from .. import services
from ..auth import ANY_SCOPE, IsPartner
from ..models import Tombstone, WebhookDelivery, WebhookEndpoint
from .filters import TombstoneFilter
from .serializers import (
    NewWebhookEndpointSerializer,
    TombstoneSerializer,
    WebhookDeliverySerializer,
    WebhookEndpointSerializer,
)


class DeletedViewSet(ChangeFeedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Tombstones: the rows that left a public data set (deleted, or no longer public),
    oldest first, with ``?updated_since=`` and the same cursor as the lists' change feed.
    A row listed here and later in its list with a newer ``updated_at`` is public again."""

    serializer_class = TombstoneSerializer
    feed_field = "deleted_at"
    filter_backends = [FilterBackend]
    filterset_class = TombstoneFilter

    def _in_feed(self):
        return self.action == "list"

    def get_queryset(self):
        return Tombstone.objects.all()


class WebhookViewSet(viewsets.ModelViewSet):
    """Your webhook endpoints (partners: an account with an active API key).

    The answer to a registration holds the signing ``secret``, shown this once. Each
    delivery is a POST signed ``X-ESS-Signature: t=<unix time>,v1=<hex>`` where the hex is
    HMAC-SHA256(secret, "<t>.<body>"). After repeated failures an endpoint is paused and
    you are notified; ``POST .../resume/`` starts it again.
    """

    permission_classes = [permissions.IsAuthenticated, IsPartner]
    api_key_write_scope = ANY_SCOPE
    serializer_class = WebhookEndpointSerializer
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema's generation
            return WebhookEndpoint.objects.none()
        return WebhookEndpoint.objects.filter(owner=self.request.user).order_by("-pk")

    def get_serializer_class(self):
        if self.action == "create":
            return NewWebhookEndpointSerializer
        if self.action == "deliveries":
            return WebhookDeliverySerializer
        return WebhookEndpointSerializer

    @extend_schema(responses=WebhookDeliverySerializer(many=True))
    @decorators.action(detail=True, methods=["get"])
    def deliveries(self, request, pk=None):
        """The endpoint's delivery log, newest first."""
        endpoint = self.get_object()
        rows = WebhookDelivery.objects.filter(endpoint=endpoint).select_related(
            "notification").prefetch_related(
            Prefetch("notification__deliveries", queryset=Delivery.objects.only(
                "pk", "status", "notification_id"))).order_by("-created_at", "-pk")
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(
            WebhookDeliverySerializer(page, many=True).data)

    @extend_schema(request=None, responses=WebhookEndpointSerializer)
    @decorators.action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        """Start a paused endpoint again."""
        endpoint = services.resume_endpoint(endpoint=self.get_object())
        return Response(WebhookEndpointSerializer(endpoint).data)
