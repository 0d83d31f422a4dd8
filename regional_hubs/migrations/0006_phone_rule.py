"""The one phone rule on the hubs' and hub contacts' phones (ess_platform.kernel.phones): a
validator only, no change to the tables; stored values are left as they are."""

from django.db import migrations, models

import ess_platform.kernel.phones


class Migration(migrations.Migration):

    dependencies = [
        ("regional_hubs", "0005_territory_profile_commune"),
    ]

    operations = [
        migrations.AlterField(
            model_name=model_name,
            name="phone",
            field=models.CharField(blank=True, max_length=30, verbose_name="phone",
                                   validators=[ess_platform.kernel.phones.phone_validator]),
        )
        for model_name in ("hubcontact", "regionalhub")
    ]
