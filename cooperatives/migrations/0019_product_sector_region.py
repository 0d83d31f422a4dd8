# The cooperative's sector and region carried by its products (cooperatives/denormal.py),
# filled from the cooperatives, with the indexes the products list walks.

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Cooperative = apps.get_model("cooperatives", "Cooperative")
    Product = apps.get_model("cooperatives", "Product")
    cooperative = Cooperative._base_manager.filter(pk=OuterRef("cooperative_id"))
    Product._base_manager.update(sector_id=Subquery(cooperative.values("sector_id")[:1]),
                                 region_id=Subquery(cooperative.values("region_id")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ("cooperatives", "0018_list_indexes"),
        ("regional_hubs", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="product",
            name="sector",
            field=models.ForeignKey(db_index=False, editable=False, null=True,
                                    on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="cooperatives.sector",
                                    verbose_name="sector"),
        ),
        migrations.AddField(
            model_name="product",
            name="region",
            field=models.ForeignKey(db_index=False, editable=False, null=True,
                                    on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="regional_hubs.region",
                                    verbose_name="region"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="product",
            index=models.Index(fields=["sector", "name_ar", "id"], include=("cooperative",),
                               name="product_sector_name_ar_id"),
        ),
        migrations.AddIndex(
            model_name="product",
            index=models.Index(fields=["sector", "name_fr", "id"], include=("cooperative",),
                               name="product_sector_name_fr_id"),
        ),
        migrations.AddIndex(
            model_name="product",
            index=models.Index(fields=["region", "name_ar", "id"], include=("cooperative",),
                               name="product_region_name_ar_id"),
        ),
        migrations.AddIndex(
            model_name="product",
            index=models.Index(fields=["region", "name_fr", "id"], include=("cooperative",),
                               name="product_region_name_fr_id"),
        ),
    ]
