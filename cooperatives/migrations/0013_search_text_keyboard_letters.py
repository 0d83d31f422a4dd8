"""Recompute Cooperative.search_text after the normalisation learnt the letters of Persian,
Urdu and kindred keyboards (ی -> ي, ک -> ك, ہ -> ه ...).

Only rows whose stored text changes are written, in batches by primary key, so the
migration is cheap when (as usual) no stored name uses those letters.
"""

from django.db import migrations

BATCH_SIZE = 1000


def recompute_search_text(apps, schema_editor):
    from cooperatives.services import (
        PRODUCT_SEARCH_FIELDS,
        SEARCH_FIELDS,
        build_search_text,
    )

    Cooperative = apps.get_model("cooperatives", "Cooperative")
    Product = apps.get_model("cooperatives", "Product")
    db = schema_editor.connection.alias
    last_pk = 0
    while True:
        batch = list(Cooperative._base_manager.using(db).filter(pk__gt=last_pk)
                     .order_by("pk").only("pk", "search_text", *SEARCH_FIELDS)[:BATCH_SIZE])
        if not batch:
            return
        last_pk = batch[-1].pk
        products = {}
        for product in Product._base_manager.using(db).filter(
                cooperative_id__in=[c.pk for c in batch]).only(
                "cooperative_id", *PRODUCT_SEARCH_FIELDS):
            products.setdefault(product.cooperative_id, []).append(product)
        changed = []
        for cooperative in batch:
            text = build_search_text(cooperative_values=cooperative,
                                     product_values=products.get(cooperative.pk, ()))
            if text != cooperative.search_text:
                cooperative.search_text = text
                changed.append(cooperative)
        Cooperative._base_manager.using(db).bulk_update(changed, ["search_text"])


class Migration(migrations.Migration):

    dependencies = [
        ("cooperatives", "0012_product_photo_large"),
    ]

    operations = [
        migrations.RunPython(recompute_search_text, migrations.RunPython.noop, elidable=True),
    ]
