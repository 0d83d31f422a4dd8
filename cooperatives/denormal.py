"""A cooperative's sector and region, copied onto its products.

``Product.sector`` and ``Product.region`` let the products of a sector or a region be read
from the products' own indexes, without walking every cooperative. A product takes them
from its cooperative when it is saved (``Product.save``); when cooperatives change (a
save from the site, the admin or a service: the ``post_save`` signal in apps.py; the
spreadsheet import's bulk write; ``seed_national``) ``sync_product_placement`` copies
them again. It is the one function that does, so every path stays in step.
"""

from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from .models import Cooperative, Product


def sync_product_placement(*, cooperative_ids=None):
    """Copy each cooperative's sector and region onto those of its products that differ
    (one UPDATE, stamped for the change feed); every cooperative's when
    ``cooperative_ids`` is None. Returns how many products changed."""
    products = Product.objects.unscoped()
    if cooperative_ids is not None:
        ids = list(cooperative_ids)
        if not ids:
            return 0
        products = products.filter(cooperative_id__in=ids)
    stale = products.exclude(sector_id=F("cooperative__sector_id"),
                             region_id=F("cooperative__region_id"))
    cooperative = Cooperative.objects.unscoped().filter(pk=OuterRef("cooperative_id"))
    return stale.update(sector_id=Subquery(cooperative.values("sector_id")[:1]),
                        region_id=Subquery(cooperative.values("region_id")[:1]),
                        updated_at=timezone.now())
