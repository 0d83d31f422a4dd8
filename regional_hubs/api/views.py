from rest_framework import viewsets

from ..models import Commune, Province, Region
from .filters import CommuneFilter, ProvinceFilter
from .serializers import CommuneSerializer, ProvinceSerializer, RegionSerializer


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Morocco's 12 regions; look one up by its HCP code."""

    queryset = Region.objects.order_by("code")
    serializer_class = RegionSerializer
    lookup_field = "code"
    pagination_class = None


class ProvinceViewSet(viewsets.ReadOnlyModelViewSet):
    """Provinces and prefectures; filter with ?region=<code>."""

    queryset = Province.objects.select_related("region").order_by("code")
    serializer_class = ProvinceSerializer
    filterset_class = ProvinceFilter
    lookup_field = "code"
    lookup_value_regex = r"[0-9.]+"


class CommuneViewSet(viewsets.ReadOnlyModelViewSet):
    """Communes; filter with ?province=<code> or ?region=<code>."""

    queryset = Commune.objects.select_related("province__region").order_by("code")
    serializer_class = CommuneSerializer
    filterset_class = CommuneFilter
    lookup_field = "code"
    lookup_value_regex = r"[0-9.]+"
