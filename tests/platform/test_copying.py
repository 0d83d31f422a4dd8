"""Seeding many rows with COPY gives the same rows as bulk_create (keys, dates, values),
from model instances or from plain values."""

import pytest

from cooperatives.models import Sector
from ess_platform.kernel.copying import copy_objects, copy_rows

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


def test_plain_rows_take_what_an_insert_gives_the_other_columns():
    copy_rows(Sector, ["slug", "name_ar", "position"],
              [("plain-1", "قطاع أول", 91), ("plain-2", "قطاع ثان", 92)])

    saved = Sector.objects.create(slug="saved", name_ar="قطاع", position=93)
    saved.refresh_from_db()
    stored = Sector.objects.filter(slug__startswith="plain-").order_by("slug")
    assert [(s.slug, s.name_ar, s.position) for s in stored] == [
        ("plain-1", "قطاع أول", 91), ("plain-2", "قطاع ثان", 92)]
    # The columns not given hold what a saved sector's do.
    assert {(s.description_ar, s.description_fr, s.name_fr) for s in stored} == {
        (saved.description_ar, saved.description_fr, saved.name_fr)}
    assert all(s.pk for s in stored)


def test_plain_rows_keep_json_values_as_json():
    from django.contrib.contenttypes.models import ContentType

    from ess_platform.history.models import ChangeRecord

    sector_type = ContentType.objects.get_for_model(Sector)
    copy_rows(ChangeRecord, ["content_type_id", "object_pk", "object_repr", "action",
                             "changes"],
              [(sector_type.pk, "1", "one", ChangeRecord.Action.UPDATE,
                {"name_ar": ["قديم", "جديد"]}),
               (sector_type.pk, "2", "two", ChangeRecord.Action.UPDATE, "text")])

    records = ChangeRecord.objects.unscoped().filter(content_type=sector_type)
    assert {r.object_pk: r.changes for r in records} == {
        "1": {"name_ar": ["قديم", "جديد"]}, "2": "text"}
    assert all(r.timestamp is not None for r in records)


def test_copying_no_plain_rows_writes_nothing():
    before = Sector.objects.count()
    copy_rows(Sector, ["slug"], [])
    assert Sector.objects.count() == before
