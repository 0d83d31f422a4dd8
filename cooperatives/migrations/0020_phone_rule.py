"""The one phone rule on the free-text phone (ess_platform.kernel.phones): a validator only,
no change to the table; stored values are left as they are."""

from django.db import migrations, models

import ess_platform.kernel.phones


class Migration(migrations.Migration):

    dependencies = [
        ("cooperatives", "0019_product_sector_region"),
    ]

    operations = [
        migrations.AlterField(
            model_name="cooperative",
            name="phone",
            field=models.CharField(blank=True, max_length=30, verbose_name="phone",
                                   validators=[ess_platform.kernel.phones.phone_validator]),
        ),
    ]
