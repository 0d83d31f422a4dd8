"""An import outside a transaction (a worker's) writes its batches by several threads at
once on PostgreSQL, each with its own connection, and reports every row as the import of
one batch after the other would; the garbage collector is paused only while it runs."""

import gc
import threading
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.db import connection

import cooperatives.importer as importer
from cooperatives.models import Cooperative, ImportJob, Sector
from ess_platform.history.models import ChangeRecord
from tests.cooperatives.factories import CooperativeFactory
from tests.cooperatives.test_import import FR_HEADER, csv_bytes, row, run

POSTGRESQL = connection.vendor == "postgresql"


@pytest.fixture
def sectors(db):
    """The sectors (a transactional test's flush removes those the migrations wrote)."""
    if not Sector.objects.exists():
        import_module("cooperatives.migrations.0003_sectors").create_sectors(django_apps, None)


@pytest.fixture
def writers_seen(monkeypatch):
    """The threads that wrote each batch, with the batches' first rows."""
    seen = []
    write_batch = importer.write_batch

    def spy(valid, context, *, actor=None):
        seen.append((threading.current_thread().name, valid[0][0] if valid else None))
        return write_batch(valid, context, actor=actor)

    monkeypatch.setattr(importer, "write_batch", spy)
    return seen


@pytest.mark.django_db(transaction=True)
def test_batches_written_at_once_report_every_row_in_the_files_order(
    delegate, sectors, writers_seen, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(importer, "BATCH_SIZE", 3)
    known = CooperativeFactory(registration_number="PAR-2", name_fr="Ancien nom",
                               members_count=12, women_members=4, youth_members=2)
    rows = [row(f"PAR-{n}", members=30 + n) for n in range(1, 12)]
    rows[4] = row("PAR-1")  # row 6: a number the file already gave (row 2)
    rows[7] = row("PAR-X", women=90)  # row 9: more women than members
    job = run(delegate, csv_bytes(FR_HEADER, rows),
              django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)

    assert job.status == ImportJob.Status.DONE, job.error
    assert (job.created_count, job.updated_count, job.rejected_count) == (8, 1, 2)
    assert job.processed_rows == job.total_rows == 11
    assert [(entry["row"], entry["outcome"], entry.get("reason")) for entry in job.report] == [
        (2, "created", None), (3, "updated", None), (4, "created", None),
        (5, "created", None), (6, "rejected", "duplicate_in_file"), (7, "created", None),
        (8, "created", None), (9, "rejected", "members_inconsistent"),
        (10, "created", None), (11, "created", None), (12, "created", None)]
    # Four batches of three rows (the rejected ones never reach a writer).
    assert [first for _thread, first in writers_seen] == [2, 5, 8, 11]
    threads = {thread for thread, _first in writers_seen}
    if POSTGRESQL:
        assert all(thread.startswith("import-writer") for thread in threads)
    else:  # SQLite's writers would only wait for one another: written in turn, here
        assert threads == {threading.current_thread().name}
    stored = dict(Cooperative.objects.unscoped().filter(registration_number__startswith="PAR-")
                  .values_list("registration_number", "members_count"))
    assert stored == {f"PAR-{n}": 30 + n for n in (1, 2, 3, 4, 6, 7, 9, 10, 11)}
    known.refresh_from_db()
    assert "tifaout" in known.search_text  # its name changed with its row
    record = ChangeRecord.objects.unscoped().get(object_id=known.pk,
                                                 action=ChangeRecord.Action.UPDATE)
    assert record.actor == delegate
    assert record.changes["members_count"] == ["12", "32"]
    assert Cooperative.objects.unscoped().filter(
        registration_number__startswith="PAR-", region=delegate.region).count() == 9


@pytest.mark.django_db(transaction=True)
def test_a_batch_that_fails_fails_the_import_once_the_others_are_done(
    delegate, sectors, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(importer, "BATCH_SIZE", 2)
    write_batch = importer.write_batch

    def failing(valid, context, *, actor=None):
        if valid[0][0] == 4:
            raise RuntimeError("the database went away")
        return write_batch(valid, context, actor=actor)

    monkeypatch.setattr(importer, "write_batch", failing)
    rows = [row(f"ERR-{n}") for n in range(1, 9)]
    job = run(delegate, csv_bytes(FR_HEADER, rows),
              django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)

    assert job.status == ImportJob.Status.FAILED
    assert "the database went away" in job.error
    # The batch before the failing one is written, the failing one is not, and no writer
    # is left running. (A batch already under way beside it may be written too: the rows
    # are matched by registration number, so running the import again writes each once.)
    written = set(Cooperative.objects.unscoped().filter(registration_number__startswith="ERR-")
                  .values_list("registration_number", flat=True))
    assert {"ERR-1", "ERR-2"} <= written
    assert not {"ERR-3", "ERR-4"} & written
    assert not [t for t in threading.enumerate() if t.name.startswith("import-writer")]


def test_the_collector_is_paused_in_the_block_and_resumed_as_it_was():
    assert gc.isenabled()
    with importer.collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), importer.collector_paused():
        raise ValueError
    assert gc.isenabled()
    gc.disable()
    try:
        with importer.collector_paused():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()
