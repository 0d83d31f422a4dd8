"""One list of sector slugs: ``regional_hubs.territory.SectorKey`` (the lower floor's, used
by the promising-sector rule). The data migration that creates the Sector rows keeps its
own copy on purpose (a migration must replay as it was written, whatever the code becomes);
these tests fail the day the two part."""

from importlib import import_module

import pytest

from cooperatives.models import Sector
from regional_hubs.territory import SECTOR_LABELS, SectorKey

KEYS = {value for name, value in vars(SectorKey).items() if name.isupper()}


def test_the_sector_keys_and_their_labels_are_one_list():
    assert set(SECTOR_LABELS) == KEYS


def test_the_data_migration_creates_exactly_the_sector_keys():
    migration = import_module("cooperatives.migrations.0003_sectors")
    assert {row[0] for row in migration.SECTORS} == KEYS


@pytest.mark.django_db
def test_every_sector_key_is_a_sector_of_the_directory():
    assert KEYS <= set(Sector.objects.values_list("slug", flat=True))
