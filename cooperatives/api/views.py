from rest_framework import viewsets

from ess_platform.kernel.change_feed import ChangeFeedMixin
from ess_platform.kernel.opendata.api import OpenDataMixin
from ess_platform.kernel.page_cache import PublicListCacheMixin

from ..cache import TTL, current_version, directory_version, pinned_version
from ..directory import SUMMARY_KEYS, page_anchors, product_summary_count, summary_count
from ..models import Sector
from ..selectors import cooperative_detail_queryset, cooperative_list, product_list
from .filters import CooperativeFilter, ProductFilter
from .serializers import (
    CooperativeDetailSerializer,
    CooperativeSerializer,
    ProductSerializer,
    SectorSerializer,
)

#: The query parameters that leave a cooperatives list's count to the facet summary: its
#: facets, and the page and order (which change no count).
SUMMARY_PARAMETERS = {*SUMMARY_KEYS, "page", "page_size", "ordering"}
#: ... and those that leave a products list's count to the products summary.
PRODUCT_SUMMARY_PARAMETERS = {"region", "sector", "available", "page", "page_size", "ordering"}


class DirectoryCachedListMixin(PublicListCacheMixin):
    """Directory list pages are public data, the same for everyone (signed in or not):
    their JSON is cached per directory version (cooperatives/cache.py), which a write on
    any web process changes at once (ess_platform/kernel/page_cache.py for the rest)."""

    cache_everyone = True
    cache_ttl = TTL

    def dispatch(self, request, *args, **kwargs):
        # One read of the version a request: the cache key, the grouped counts and the
        # filters' reference data (regions, provinces, sectors) all use it.
        with pinned_version(directory_version()):
            return super().dispatch(request, *args, **kwargs)

    def cache_version(self):
        return current_version()

    #: The query parameters that leave a list's count to a summary of the directory
    #: (cooperatives/directory.py): its filters there, and the page and order (which change
    #: no count). None: always counted by the database.
    summary_parameters = None

    def summary_count(self, data):
        """The count of the list filtered by these clean filter values, from a summary."""
        raise NotImplementedError

    #: The query parameters of a whole list (no filter): its deep pages walk from its
    #: anchors (``page_anchors``).
    WHOLE_LIST_PARAMETERS = frozenset({"page", "page_size", "ordering"})

    def page_anchors(self, queryset):
        """The anchors of ``queryset``, the list to page, when the request asks for the
        whole list (no filter, no search); None otherwise. Called by the paginator for a
        deep page only."""
        params = self.request.query_params
        if self.action != "list" or any(value and key not in self.WHOLE_LIST_PARAMETERS
                                        for key, value in params.items()):
            return None
        return page_anchors(queryset)

    def known_count(self):
        """The list's count from a summary when its only filters are
        ``summary_parameters``; None (counted by the database) otherwise."""
        params = self.request.query_params
        if self.summary_parameters is None or self.action != "list" or any(
                value and key not in self.summary_parameters for key, value in params.items()):
            return None
        filterset = self.filterset_class(params, queryset=self.get_queryset().none(),
                                         request=self.request)
        if not filterset.is_valid():  # answered 400 before paging: not reached
            return None
        return self.summary_count(filterset.form.cleaned_data)


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

    summary_parameters = SUMMARY_PARAMETERS

    def summary_count(self, data):
        return summary_count({key: data.get(key) for key in SUMMARY_KEYS})


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
    summary_parameters = PRODUCT_SUMMARY_PARAMETERS

    def summary_count(self, data):
        return product_summary_count(region=data.get("region"), sector=data.get("sector"),
                                     available=data.get("available"))
