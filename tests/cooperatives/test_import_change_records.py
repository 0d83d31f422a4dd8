"""The change record an import writes for an updated cooperative is the one a save writes:
auditlog's own diff of the cooperative before and after, for every kind of column a
spreadsheet holds, with the object's name, region and the import's creator."""

import datetime
from decimal import Decimal

import pytest
from auditlog.diff import model_instance_diff
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from cooperatives.models import Cooperative
from ess_platform.history.models import ChangeRecord
from tests.cooperatives.factories import CooperativeFactory, sector
from tests.cooperatives.test_import import csv_bytes, run
from tests.factories import commune_in

pytestmark = pytest.mark.django_db

HEADER = ["registration_number", "name_ar", "name_fr", "legal_form", "sector", "commune",
          "founded_on", "members_count", "women_members", "youth_members", "women_led",
          "youth_led", "email", "website", "latitude", "longitude", "address_fr",
          "description_ar"]


@pytest.fixture
def do_import(django_capture_on_commit_callbacks):
    def _run(user, content):
        return run(user, content, django_capture_on_commit_callbacks=(
            django_capture_on_commit_callbacks))
    return _run


def update_records(cooperative, actor):
    return ChangeRecord.objects.unscoped().filter(
        content_type=ContentType.objects.get_for_model(Cooperative),
        object_pk=str(cooperative.pk), action=ChangeRecord.Action.UPDATE, actor=actor)


def name_in_language_of(user, cooperative):
    """str(cooperative) as the import writes it: in its creator's language."""
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        return str(cooperative)


def test_an_updated_cooperatives_record_is_auditlogs_diff_of_every_changed_column(
        do_import, national_admin, souss_massa, fes_meknes):
    created = CooperativeFactory(
        registration_number="REC-1", legal_form=Cooperative.LegalForm.COOPERATIVE,
        founded_on=datetime.date(2010, 5, 1), members_count=20, women_members=15,
        youth_members=5, women_led=False, youth_led=True, email="old@example.ma",
        website="https://old.example.ma", latitude=Decimal("30.1"),
        longitude=Decimal("-9.5"), address_fr="Ancienne adresse", description_ar="وصف قديم")
    before = Cooperative.objects.unscoped().get(pk=created.pk)
    elsewhere = commune_in("03")

    job = do_import(national_admin, csv_bytes(HEADER, [[
        "REC-1", "تعاونية جديدة", "Coopérative nouvelle", "union", "handicrafts",
        elsewhere.code, "2012-06-30", "40", "12", "30", "oui", "non", "new@example.ma",
        "new.example.ma", "31.25", "-8.123456", "Nouvelle adresse", "وصف جديد"]]))

    assert (job.updated_count, job.rejected_count) == (1, 0)
    after = Cooperative.objects.unscoped().get(pk=created.pk)
    assert (after.sector, after.commune, after.members_count) == (
        sector("handicrafts"), elsewhere, 40)
    [record] = update_records(after, national_admin)
    expected = model_instance_diff(before, after)  # what a save records
    assert record.changes == {name: list(values) for name, values in expected.items()}
    # Every kind of column is there, the place's province and region with the commune.
    assert set(record.changes) == {
        "name_ar", "name_fr", "legal_form", "sector", "commune", "province", "region",
        "founded_on", "members_count", "women_members", "youth_members", "women_led",
        "youth_led", "email", "website", "latitude", "longitude", "address_fr",
        "description_ar"}
    assert record.changes["latitude"] == ["30.100000", "31.250000"]
    assert record.changes["sector"] == [str(sector("argan").pk), str(sector("handicrafts").pk)]
    assert record.changes["women_led"] == ["False", "True"]
    assert record.changes["founded_on"] == ["2010-05-01", "2012-06-30"]
    assert record.object_repr == name_in_language_of(national_admin, after)
    assert record.region_id == after.region_id == elsewhere.province.region_id
    assert record.actor_email == national_admin.email


def test_columns_a_file_does_not_hold_are_neither_written_nor_recorded(
        do_import, delegate):
    created = CooperativeFactory(registration_number="REC-2", members_count=20,
                                 women_members=15, youth_members=5)
    before = Cooperative.objects.unscoped().get(pk=created.pk)

    job = do_import(delegate, csv_bytes(["رقم التسجيل", "عدد الأعضاء"], [["REC-2", "21"]]))

    assert (job.updated_count, job.rejected_count) == (1, 0)
    after = Cooperative.objects.unscoped().get(pk=created.pk)
    [record] = update_records(after, delegate)
    assert record.changes == {"members_count": ["20", "21"]}
    # Its name is on record though the file does not give it.
    assert record.object_repr == name_in_language_of(delegate, after)
    assert record.region_id == delegate.region_id
    assert after.updated_at > before.updated_at
    for name in ("name_ar", "name_fr", "search_text", "sector_id", "commune_id",
                 "women_members", "youth_members", "founded_on", "created_at"):
        assert getattr(after, name) == getattr(before, name), name


def test_a_batch_whose_rows_change_different_columns_records_each_its_own(
        do_import, delegate):
    first = CooperativeFactory(registration_number="REC-3", members_count=20,
                               women_members=15, youth_members=5)
    second = CooperativeFactory(registration_number="REC-4", members_count=20,
                                women_members=15, youth_members=5)
    name_of_second = second.name_fr

    job = do_import(delegate, csv_bytes(
        ["رقم التسجيل", "الاسم بالفرنسية", "عدد الأعضاء"],
        [["REC-3", first.name_fr, "22"], ["REC-4", "Coopérative renommée", "20"]]))

    assert (job.updated_count, job.rejected_count) == (2, 0)
    assert update_records(first, delegate).get().changes == {"members_count": ["20", "22"]}
    assert update_records(second, delegate).get().changes == {
        "name_fr": [name_of_second, "Coopérative renommée"]}
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.members_count, first.name_fr) == (22, first.name_fr)
    assert (second.members_count, second.name_fr) == (20, "Coopérative renommée")
    # The renamed one is found by its new name; the other keeps its search text.
    assert "renommee" in second.search_text
