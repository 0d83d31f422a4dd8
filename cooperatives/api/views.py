from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from rest_framework import exceptions, viewsets

from ess_platform.kernel.change_feed import ChangeFeedMixin
from ess_platform.kernel.opendata.api import OpenDataMixin

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


class DirectoryCachedListMixin:
    """List pages are public data, the same for everyone: their JSON is cached per directory
    version (cooperatives/cache.py) and a hit is answered before DRF's machinery. Only
    plain JSON GETs are served from the cache; the browsable API, CSV, GeoJSON and
    ?format= go through. (Put it before the viewset's other bases.)"""

    def _list_cache_key(self, request):
        if (request.method != "GET" or self.action_map.get("get") != "list"
                or "format" in request.GET
                or any(kind in request.headers.get("Accept", "")
                       for kind in ("text/html", "text/csv", "geo+json"))):
            return None
        return directory_key("api", get_language(), request.get_host(), request.get_full_path())

    def dispatch(self, request, *args, **kwargs):
        key = self._list_cache_key(request)
        body = cache.get(key) if key else None
        if body is not None:
            # Authentication (a bad token is a 401, as on a miss) and throttles still apply.
            drf_request = self.initialize_request(request, *args, **kwargs)
            self.request, self.args, self.kwargs = drf_request, args, kwargs
            self.headers = self.default_response_headers
            try:
                self.perform_authentication(drf_request)
                self.check_throttles(drf_request)
            except exceptions.APIException as error:
                return self.finalize_response(drf_request, self.handle_exception(error),
                                              *args, **kwargs)
            response = HttpResponse(body, content_type="application/json")
            patch_vary_headers(response, ["Accept"])
            return response
        response = super().dispatch(request, *args, **kwargs)
        renderer = getattr(response, "accepted_renderer", None)
        if key and response.status_code == 200 and getattr(renderer, "format", "") == "json":
            cache.set(key, response.rendered_content, TTL)
        return response


class SectorViewSet(OpenDataMixin, viewsets.ReadOnlyModelViewSet):
    """The SSE sectors; look one up by its slug."""

    queryset = Sector.objects.all()
    serializer_class = SectorSerializer
    lookup_field = "slug"
    pagination_class = None
    geo_fields = None
    export_name = "sectors"
    filter_backends = []


class CooperativeViewSet(DirectoryCachedListMixin, ChangeFeedMixin, OpenDataMixin,
                         viewsets.ReadOnlyModelViewSet):
    """The published cooperatives of the national directory.

    Filters: region, province, commune (HCP codes), sector (slug), women_led, youth_led
    (true/false) and search (Arabic-aware: hamza forms, ta marbuta, alef maqsura,
    harakat and tatweel are ignored; French ignores case and accents).
    """

    filterset_class = CooperativeFilter
    export_name = "cooperatives"
    ordering_fields = ["name", "registration_number", "founded_on", "members_count"]

    def get_queryset(self):
        if self.action == "retrieve":
            return cooperative_detail_queryset()
        return cooperative_list()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return CooperativeDetailSerializer
        return CooperativeSerializer


class ProductViewSet(DirectoryCachedListMixin, ChangeFeedMixin, OpenDataMixin,
                     viewsets.ReadOnlyModelViewSet):
    """Products of the published cooperatives, with their price in dirhams (MAD), unit and
    availability; filter by cooperative, sector, region, price range (min_price,
    max_price), available and search, like the products search page."""

    queryset = product_list()
    serializer_class = ProductSerializer
    filterset_class = ProductFilter
    geo_fields = None
    export_name = "products"
    ordering_fields = ["name", "price", "updated_at"]
