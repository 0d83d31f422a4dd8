"""The stored search text of cooperatives and products: which fields it holds and how it is
built. Shared by the services and the spreadsheet import's writing step, which the
services run, so it sits below both."""

from ess_platform.kernel.search import search_text

SEARCH_FIELDS = ("registration_number", "name_ar", "name_fr", "description_ar",
                 "description_fr")
PRODUCT_SEARCH_FIELDS = ("name_ar", "name_fr")


def build_search_text(*, cooperative_values, product_values=()):
    """The normalised search text from a cooperative's values and its products' values.

    ``cooperative_values``: mapping (or object) with SEARCH_FIELDS; ``product_values``:
    iterable of mappings/objects with PRODUCT_SEARCH_FIELDS. Duplicate words are kept
    once, so names equal in both languages do not double the column.
    """
    def get(source, field):
        if isinstance(source, dict):
            return source.get(field)
        return getattr(source, field, None)

    parts = [get(cooperative_values, field) for field in SEARCH_FIELDS]
    for product in product_values:
        parts.extend(get(product, field) for field in PRODUCT_SEARCH_FIELDS)
    return search_text(*parts)


def products_to_research(*, cooperatives, products):
    """The products (grouped by cooperative id) whose stored search text changes."""
    changed = []
    for cooperative in cooperatives:
        for product in products.get(cooperative.pk, ()):
            text = product.build_search_text(cooperative)
            if text != product.search_text:
                product.search_text = text
                changed.append(product)
    return changed
