from django.core.cache import cache
from django.utils.translation import get_language
from rest_framework import viewsets
from rest_framework.response import Response

from ..cache import TTL, directory_key
from ..models import Sector
from ..selectors import cooperative_detail_queryset, cooperative_list, product_list
from .filters import CooperativeFilter, ProductFilter
from .serializers import (
    CooperativeDetailSerializer,
    CooperativeSerializer,
    ProductSerializer,
    SectorSerializer,
)


class SectorViewSet(viewsets.ReadOnlyModelViewSet):
    """The SSE sectors; look one up by its slug."""

    queryset = Sector.objects.all()
    serializer_class = SectorSerializer
    lookup_field = "slug"
    pagination_class = None
    filter_backends = []


class CooperativeViewSet(viewsets.ReadOnlyModelViewSet):
    """The published cooperatives of the national directory.

    Filters: region, province, commune (HCP codes), sector (slug), women_led, youth_led
    (true/false) and search (Arabic-aware: hamza forms, ta marbuta, alef maqsura,
    harakat and tatweel are ignored; French ignores case and accents).
    """

    filterset_class = CooperativeFilter
    ordering_fields = ["name", "registration_number", "founded_on", "members_count"]

    def get_queryset(self):
        if self.action == "retrieve":
            return cooperative_detail_queryset()
        return cooperative_list()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return CooperativeDetailSerializer
        return CooperativeSerializer

    def list(self, request, *args, **kwargs):
        """Public data, the same for everyone: pages are cached per directory version."""
        key = directory_key("api", get_language(), request.get_host(), request.get_full_path())
        data = cache.get(key)
        if data is not None:
            return Response(data)
        response = super().list(request, *args, **kwargs)
        if response.status_code == 200:
            cache.set(key, response.data, TTL)
        return response


class ProductViewSet(viewsets.ReadOnlyModelViewSet):
    """Products of the published cooperatives; filter by cooperative, sector or region."""

    queryset = product_list()
    serializer_class = ProductSerializer
    filterset_class = ProductFilter
    ordering_fields = ["name"]
