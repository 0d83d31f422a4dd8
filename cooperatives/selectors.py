"""Reads of the directory, shared by the site, the API and the exports."""

from django.db.models import Prefetch

from ess_platform.search import search_terms

from .models import Cooperative, Product


def filter_cooperatives(queryset, *, region=None, province=None, commune=None, sector=None,
                        women_led=None, youth_led=None, q=""):
    """Apply the directory filters to a Cooperative queryset.

    ``region``/``province``/``commune``/``sector`` are model instances (or None);
    ``women_led``/``youth_led`` are True, False or None (no filter); ``q`` is free text,
    normalised like the stored search text and matched word by word.
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
    for term in search_terms(q):
        # Both sides are normalised and casefolded: a plain LIKE is exact, and on
        # PostgreSQL it is served by the pg_trgm GIN index (migration 0004).
        queryset = queryset.filter(search_text__contains=term)
    return queryset


def cooperative_list(*, published_only=True, **filters):
    """The directory: filtered cooperatives with what a list row shows, in name order.

    ``published_only=False`` is for services and tasks that see every cooperative."""
    queryset = Cooperative.objects.select_related("sector", "commune", "province", "region")
    queryset = queryset.public() if published_only else queryset.unscoped()
    return filter_cooperatives(queryset, **filters).order_by("name", "pk")


def cooperative_detail_queryset(*, published_only=True):
    """What the cooperative page needs, in three queries (row, products, nothing else)."""
    queryset = Cooperative.objects.select_related(
        "sector", "commune", "province", "region", "region__hub"
    ).prefetch_related(Prefetch("products", queryset=Product.objects.order_by("name", "pk")))
    return queryset.public() if published_only else queryset.unscoped()


def map_points(queryset, limit=3000):
    """(latitude, longitude, pk, name) of the located cooperatives of a filtered list."""
    return list(
        queryset.filter(latitude__isnull=False, longitude__isnull=False)
        .order_by()
        .values_list("latitude", "longitude", "pk", "name")[:limit]
    )


def product_list():
    return Product.objects.public().select_related(
        "cooperative", "cooperative__sector").order_by("cooperative__name", "name", "pk")
