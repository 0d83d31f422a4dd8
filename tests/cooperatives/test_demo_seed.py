import pytest
from django.core.management import call_command
from django.db.models import Count

from cooperatives import demo
from cooperatives.models import Cooperative, CooperativeMembership
from ess_platform.demo import seed_accounts

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_links_the_manager(territory):
    seed_accounts()
    demo.seed()
    demo.seed()
    demo_rows = Cooperative.objects.unscoped().filter(registration_number__startswith="DEMO-")
    assert demo_rows.count() == len(demo.DEMO)
    membership = CooperativeMembership.objects.unscoped().get(user__username="gerante@demo.ess.ma")
    assert membership.role == "manager"
    cooperative = Cooperative.objects.unscoped().get(registration_number="DEMO-09-001")
    assert cooperative.products.count() == 3


def test_seed_national_is_idempotent_and_weighted(territory):
    call_command("seed_national", cooperatives=600, verbosity=0)
    call_command("seed_national", cooperatives=600, verbosity=0)
    synthetic = Cooperative.objects.unscoped().filter(registration_number__startswith="SYN-")
    assert synthetic.count() == 600
    per_region = dict(synthetic.order_by().values_list("region__code").annotate(
        n=Count("pk")))
    assert len(per_region) == 12
    assert per_region["09"] > per_region["12"]
    sample = synthetic.first()
    assert sample.name_ar and sample.name_fr and sample.search_text
    assert sample.province_id == sample.commune.province_id


def test_seed_national_products_are_searchable(territory):
    """The seeded products carry their search text (bulk writes run no save()): a
    product's name finds it, as it finds a product saved one by one."""
    from cooperatives.models import Product
    from cooperatives.selectors import product_list

    call_command("seed_national", cooperatives=60, verbosity=0)
    products = Product.objects.unscoped().filter(
        cooperative__registration_number__startswith="SYN-").select_related("cooperative")
    assert products.exists()
    for product in products:
        assert product.search_text == product.build_search_text(product.cooperative)
    product = products.order_by("pk").first()
    assert product.pk in {row.pk for row in product_list(q=product.name_fr)}
