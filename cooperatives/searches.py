"""What the site's search (ess_platform.kernel.searching) learns and lists from the directory."""

from django.utils.translation import gettext_lazy as _

from ess_platform.kernel.searching.registry import register_list, register_names


def search_cooperatives(search):
    from .selectors import cooperative_list

    return cooperative_list(q=search)


def search_products(search):
    from .selectors import product_list

    return product_list(q=search)


def _cooperative(cooperative):
    return {"title": cooperative.name, "url": cooperative.get_absolute_url(),
            "subtitle": f"{cooperative.sector.name} · {cooperative.commune.name}"}


def _product(product):
    return {"title": product.name, "subtitle": product.cooperative.name,
            "url": product.cooperative.get_absolute_url()}


def register():
    from ess_platform.kernel.searching.rebuild import register_search_text

    from .models import Cooperative, Product, Sector
    from .services import refresh_search_text

    # A cooperative's text holds its products' names: both are rebuilt together.
    register_search_text(Cooperative,
                         lambda pks: refresh_search_text(cooperative_ids=pks))

    register_names(Cooperative, ("name_ar", "name_fr"), source="cooperative", pairs=False,
                   include=lambda cooperative: cooperative.is_published)
    register_names(Product, ("name_ar", "name_fr"), source="product")
    register_names(Sector, ("name_ar", "name_fr"), source="sector", facet="sector")
    register_list("cooperatives", label=_("Cooperatives"), search=search_cooperatives,
                  url_name="cooperatives:directory", describe=_cooperative, position=10)
    register_list("products", label=_("Products"), search=search_products,
                  url_name="cooperatives:products", describe=_product, position=20)
