from decimal import Decimal

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

import ess_platform.kernel.private_files


class Migration(migrations.Migration):
    """A draft idea may leave everything but its title blank; the idea photo's thumbnail."""

    dependencies = [
        ("cooperatives", "0011_change_feed_updated_at"),
        ("projects_bank", "0005_change_feed_updated_at"),
        ("regional_hubs", "0004_change_feed_updated_at"),
    ]

    operations = [
        migrations.AlterField(
            model_name="projectidea",
            name="commune",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="project_ideas", to="regional_hubs.commune", verbose_name="target commune"),
        ),
        migrations.AlterField(
            model_name="projectidea",
            name="estimated_budget",
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal("0"))], verbose_name="estimated budget (MAD)"),
        ),
        migrations.AlterField(
            model_name="projectidea",
            name="expected_members",
            field=models.PositiveIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(100000)], verbose_name="expected members"),
        ),
        migrations.AlterField(
            model_name="projectidea",
            name="need_addressed",
            field=models.TextField(blank=True, help_text="The local need or problem the project answers.", validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name="need addressed"),
        ),
        migrations.AlterField(
            model_name="projectidea",
            name="province",
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="project_ideas", to="regional_hubs.province", verbose_name="province"),
        ),
        migrations.AlterField(
            model_name="projectidea",
            name="region",
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="project_ideas", to="regional_hubs.region", verbose_name="region"),
        ),
        migrations.AlterField(
            model_name="projectidea",
            name="sector",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="project_ideas", to="cooperatives.sector", verbose_name="sector"),
        ),
        migrations.AlterField(
            model_name="projectidea",
            name="summary",
            field=models.TextField(blank=True, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name="summary"),
        ),
        migrations.AddField(
            model_name="projectidea",
            name="photo_thumbnail",
            field=models.ImageField(blank=True, editable=False, storage=ess_platform.kernel.private_files.private_storage, upload_to=ess_platform.kernel.private_files.RandomName("ideas/thumbnails"), verbose_name="photo thumbnail"),
        ),
    ]
