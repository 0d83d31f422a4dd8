"""Reads of the directory, shared by the site, the API and the exports."""

from django.db.models import F, Prefetch

from ess_platform.kernel.references import ReferencedIterable, referenced
from ess_platform.kernel.searching.engine import Search

from .cache import places
from .models import Certification, Cooperative, CooperativeMembership, Product


def filter_cooperatives(queryset, *, region=None, province=None, commune=None, sector=None,
                        women_led=None, youth_led=None, q=""):
    """Apply the directory filters to a Cooperative queryset.

    ``region``/``province``/``commune``/``sector`` are model instances (or None);
    ``women_led``/``youth_led`` are True, False or None (no filter); ``q`` is free text (or
    an ``ess_platform.kernel.searching.engine.Search``), matched by the site's one search.
    """
    if region is not None:
        queryset = queryset.filter(region=region)
    if province is not None:
        queryset = queryset.filter(province=province)
    if commune is not None:
        queryset = queryset.filter(commune=commune)
    if sector is not None:
        queryset = queryset.filter(sector=sector)
    if women_led is not None:
        queryset = queryset.filter(women_led=women_led)
    if youth_led is not None:
        queryset = queryset.filter(youth_led=youth_led)
    # The site's one search (ess_platform/kernel/searching/engine.py) on the stored normalised
    # text: LIKE served on PostgreSQL by the pg_trgm GIN index (migration 0004), ranked;
    # words that name a sector or a place exactly filter by its indexed id instead.
    search = q if isinstance(q, Search) else Search(q)
    return search.apply(queryset, column="search_text", facets=SEARCH_FACETS,
                        broad=BROAD_FACETS)


#: The rows a query may name exactly (ess_platform.kernel.searching: ``SearchFacet``), and
#: the indexed column the directory filters them by.
SEARCH_FACETS = {"sector": "sector_id", "region": "region_id", "province": "province_id",
                 "commune": "commune_id"}
#: The facets whose rows a third of the country may match: named alone, they keep the
#: directory's indexed order instead of a rank over every match.
BROAD_FACETS = ("sector", "region")


class CooperativeRows(ReferencedIterable):
    """Cooperatives with their sector, province and region set from the process's reference
    data (cooperatives.cache.places), for the directory version being read."""

    @staticmethod
    def references(refresh=False):
        return places(refresh=refresh)


class ProductRows(ReferencedIterable):
    """Products with their cooperative's sector and region set from the process's reference
    data, as CooperativeRows sets a cooperative's."""

    @staticmethod
    def references(refresh=False):
        tables = places(refresh=refresh)
        return {"cooperative__sector": tables["sector"], "cooperative__region": tables["region"]}


def cooperative_list(*, published_only=True, **filters):
    """The directory: filtered cooperatives with what a list row shows, in name order.

    ``published_only=False`` is for services and tasks that see every cooperative."""
    # Each row's sector, province and region come from memory, not from joins; its commune
    # (1,503 of them, 30 ms to read into a process) is joined.
    queryset = referenced(Cooperative.objects.select_related("commune"), CooperativeRows)
    queryset = queryset.public() if published_only else queryset.unscoped()
    # A search orders by its rank first, then by this order.
    return filter_cooperatives(queryset.order_by("name", "pk"), **filters)


def cooperative_detail_queryset(*, published_only=True):
    """What the cooperative page needs, in three queries (row, products, certifications)."""
    queryset = Cooperative.objects.select_related(
        "sector", "commune", "province", "region", "region__hub"
    ).prefetch_related(
        Prefetch("products", queryset=Product.objects.order_by("name", "pk")),
        Prefetch("certifications", queryset=Certification.objects.order_by("kind", "pk")))
    return queryset.public() if published_only else queryset.unscoped()


#: The products search's orders: (keys of ``order_by``) by public name.
PRODUCT_ORDERS = {
    "name": ("name", "pk"),
    "price": (F("price").asc(nulls_last=True), "pk"),
    "-price": (F("price").desc(nulls_last=True), "-pk"),
    "-updated_at": ("-updated_at", "-pk"),
}


def filter_products(queryset, *, q="", sector=None, region=None, min_price=None,
                    max_price=None, available=None, cooperative=None):
    """Apply the products search's filters to a Product queryset.

    ``sector``/``region``/``cooperative`` are instances (or None); ``min_price`` and
    ``max_price`` bound the price in dirhams (a product without a price is left out when
    either is given); ``available`` keeps the products that can be had now; ``q`` (text or a
    ``Search``) goes through the site's one search, on the fields the global search reads.
    """
    if cooperative is not None:
        queryset = queryset.filter(cooperative=cooperative)
    # The cooperative's sector and region, carried by the product (cooperatives/denormal.py):
    # a page is a walk of the (sector|region, name, id) index over those products alone.
    if sector is not None:
        queryset = queryset.filter(sector=sector)
    if region is not None:
        queryset = queryset.filter(region=region)
    if min_price is not None:
        queryset = queryset.filter(price__gte=min_price)
    if max_price is not None:
        queryset = queryset.filter(price__lte=max_price)
    if available:
        queryset = queryset.exclude(availability=Product.Availability.UNAVAILABLE)
    # The site's one search (ess_platform.kernel.searching), as the global search applies it, on
    # the stored text of PRODUCT_SEARCH_FIELDS (trigram-indexed on PostgreSQL).
    search = q if isinstance(q, Search) else Search(q)
    return search.apply(queryset, column="search_text")


def product_list(*, order="name", **filters):
    """Products of the published cooperatives with what a row shows (its cooperative, the
    cooperative's sector and region), filtered and in one of PRODUCT_ORDERS."""
    # The cooperative is joined; its sector and region come from memory (ProductRows).
    queryset = referenced(Product.objects.public().select_related("cooperative"), ProductRows)
    # A search orders by its rank first, then by this order.
    return filter_products(queryset.order_by(*PRODUCT_ORDERS.get(order, PRODUCT_ORDERS["name"])),
                           **filters)


def managed_cooperatives(user):
    """The cooperatives this user manages (none for an anonymous or inactive account)."""
    if not (user and user.is_authenticated and user.is_active):
        return Cooperative.objects.none()
    # The user's own cooperatives: the filter is the selection.
    return Cooperative.objects.unscoped().filter(
        memberships__user=user, memberships__role=CooperativeMembership.Role.MANAGER
    ).select_related("sector", "commune", "region")
