"""Product.search_text: a product's names and its cooperative's, normalised, for the
products search; filled for the rows already stored, and pg_trgm-indexed on PostgreSQL
(the list used to normalise four columns in SQL on every row of the country's products)."""

from django.db import migrations, models

BATCH_SIZE = 2000
INDEX = "product_search_text_trgm"


def fill_search_text(apps, schema_editor):
    from ess_platform.kernel.search import normalize

    Product = apps.get_model("cooperatives", "Product")
    db = schema_editor.connection.alias
    last_pk = 0
    while True:
        batch = list(Product._base_manager.using(db).filter(pk__gt=last_pk).order_by("pk")
                     .select_related("cooperative")
                     .only("pk", "name_ar", "name_fr", "cooperative__name_ar",
                           "cooperative__name_fr")[:BATCH_SIZE])
        if not batch:
            return
        last_pk = batch[-1].pk
        for product in batch:
            seen, chunks = set(), []
            for part in (product.name_ar, product.name_fr, product.cooperative.name_ar,
                         product.cooperative.name_fr):
                text = normalize(part)
                if text and text not in seen:
                    seen.add(text)
                    chunks.append(text)
            product.search_text = " | ".join(chunks)
        Product._base_manager.using(db).bulk_update(batch, ["search_text"])


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON cooperatives_product "
                          "USING gin (search_text gin_trgm_ops)")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ("cooperatives", "0014_profiles_products_certifications_inquiries"),
    ]

    operations = [
        migrations.AddField(
            model_name="product",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False,
                                   verbose_name="search text"),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(create_index, drop_index),
    ]
