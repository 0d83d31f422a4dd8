from rest_framework import viewsets

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


class ProductViewSet(viewsets.ReadOnlyModelViewSet):
    """Products of the published cooperatives; filter by cooperative, sector or region."""

    queryset = product_list()
    serializer_class = ProductSerializer
    filterset_class = ProductFilter
    ordering_fields = ["name"]
