"""The spreadsheet import puts every cooperative it creates or updates on record."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cooperatives.models import Cooperative
from ess_platform.history.models import ChangeRecord
from tests.cooperatives.factories import CooperativeFactory
from tests.cooperatives.test_import import AR_HEADER, csv_bytes, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def do_import(django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cooperatives.services import confirm_import_job, create_import_job

    def _run(user, content):
        job = create_import_job(user=user, upload=SimpleUploadedFile("coops.csv", content))
        with CaptureQueriesContext(connection) as queries, \
                django_capture_on_commit_callbacks(execute=True):
            confirm_import_job(job=job)
        job.refresh_from_db()
        return job, len(queries)

    return _run


def cooperative_records():
    return ChangeRecord.objects.unscoped().filter(
        content_type=ContentType.objects.get_for_model(Cooperative))


def test_import_records_creations_and_updates_with_actor_values_and_region(
        do_import, delegate):
    existing = CooperativeFactory(registration_number="HIS-3", members_count=20,
                                  women_members=15, youth_members=5)
    before = cooperative_records().count()
    job, _queries = do_import(delegate, csv_bytes(AR_HEADER, [
        row("HIS-1"), row("HIS-2"), row("HIS-3", members=30, women=10, youth=4)]))
    assert (job.created_count, job.updated_count, job.rejected_count) == (2, 1, 0)

    records = {r.object_pk: r for r in cooperative_records().order_by("pk")[before:]}
    coops = {c.registration_number: c for c in Cooperative.objects.unscoped().filter(
        registration_number__in=["HIS-1", "HIS-2", "HIS-3"])}
    assert set(records) == {str(c.pk) for c in coops.values()}
    for record in records.values():
        assert record.actor == delegate and record.actor_email == delegate.email
        assert record.region_id == delegate.region_id
    for number in ("HIS-1", "HIS-2"):
        created = records[str(coops[number].pk)]
        assert created.action == ChangeRecord.Action.CREATE
        assert created.changes["registration_number"] == ["None", number]
        assert created.changes["members_count"] == ["None", "25"]
    updated = records[str(existing.pk)]
    assert updated.action == ChangeRecord.Action.UPDATE
    assert updated.changes["members_count"] == ["20", "30"]
    assert updated.changes["women_members"] == ["15", "10"]
    assert updated.changes["youth_members"] == ["5", "4"]
    # Unchanged columns, the search column and the timestamp are not listed.
    assert "registration_number" not in updated.changes
    assert "search_text" not in updated.changes and "updated_at" not in updated.changes
    # A delegate of the region reads them; one of another region does not.
    assert ChangeRecord.objects.managed_by(delegate).filter(
        pk__in=[r.pk for r in records.values()]).count() == 3


def test_delegate_of_another_region_does_not_read_the_import_records(do_import, delegate):
    from tests.factories import DelegateFactory, region

    do_import(delegate, csv_bytes(AR_HEADER, [row("HIS-9")]))
    other = DelegateFactory(region=region("07"))
    assert cooperative_records().exists()
    assert not ChangeRecord.objects.managed_by(other).filter(
        content_type=ContentType.objects.get_for_model(Cooperative)).exists()


def test_records_are_written_in_bulk_whatever_the_row_count(do_import, delegate):
    CooperativeFactory(registration_number="BLK-U1")
    CooperativeFactory(registration_number="BLK-U2")
    CooperativeFactory(registration_number="BLK-U3")
    _job, small = do_import(delegate, csv_bytes(AR_HEADER, [
        row("BLK-1"), row("BLK-U1", members=40)]))
    _job, large = do_import(delegate, csv_bytes(AR_HEADER, [
        *(row(f"BLK-{n}") for n in range(10, 22)),
        row("BLK-U2", members=40), row("BLK-U3", members=41)]))
    assert cooperative_records().filter(actor=delegate).count() == 2 + 14
    assert large == small, (small, large)


def test_a_row_equal_to_the_stored_cooperative_counts_as_updated_but_is_not_rewritten(
        do_import, delegate):
    content = csv_bytes(AR_HEADER, [row("SAME-1"), row("SAME-2")])
    do_import(delegate, content)
    stamped = dict(Cooperative.objects.unscoped().filter(
        registration_number__startswith="SAME-").values_list("registration_number",
                                                              "updated_at"))
    before = cooperative_records().count()

    job, _queries = do_import(delegate, content)

    assert (job.created_count, job.updated_count, job.rejected_count) == (0, 2, 0)
    assert cooperative_records().count() == before  # nothing changed, nothing on record
    assert dict(Cooperative.objects.unscoped().filter(
        registration_number__startswith="SAME-").values_list(
            "registration_number", "updated_at")) == stamped  # and not in the change feed


def test_inconsistent_member_counts_are_refused_by_the_model_rule_on_update(
        do_import, delegate):
    CooperativeFactory(registration_number="RULE-1", members_count=20, women_members=15,
                       youth_members=5)

    job, _queries = do_import(delegate, csv_bytes(["رقم التسجيل", "عدد الأعضاء"],
                                                  [["RULE-1", "10"]]))

    assert job.report == [{"row": 2, "registration_number": "RULE-1",
                           "outcome": "rejected", "reason": "members_inconsistent",
                           "params": {}}]
    assert Cooperative.objects.unscoped().get(registration_number="RULE-1").members_count == 20
