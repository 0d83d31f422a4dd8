"""Seeding many rows with COPY gives the same rows as bulk_create (keys, dates, values)."""

import pytest

from cooperatives.models import Sector
from ess_platform.kernel.copying import copy_objects

pytestmark = pytest.mark.django_db


def test_copied_rows_get_keys_from_the_sequence_and_read_back_equal():
    sectors = copy_objects(Sector, [
        Sector(slug=f"copied-{n}", name_ar=f"قطاع {n}", name_fr=f"Secteur {n}", position=90 + n)
        for n in range(3)])

    assert all(sector.pk for sector in sectors)
    assert len({sector.pk for sector in sectors}) == 3
    stored = Sector.objects.get(pk=sectors[1].pk)
    assert (stored.slug, stored.name_ar, stored.name_fr) == ("copied-1", "قطاع 1", "Secteur 1")
    assert Sector.objects.create(slug="after", name_ar="بعد", position=99).pk > sectors[-1].pk


def test_copying_nothing_writes_nothing():
    before = Sector.objects.count()
    assert copy_objects(Sector, []) == []
    assert Sector.objects.count() == before
