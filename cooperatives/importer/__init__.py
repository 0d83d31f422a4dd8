"""Import cooperatives from a spreadsheet (XLSX or CSV, Arabic/French/English headers).

Three steps, one module each: `reading` (the file's header and rows), `validation` (cell
values to model values, then the cooperative's own rules) and `writing` (valid rows in
bulk, a refused batch replayed row by row). Every row is validated completely before
anything is written, and a row is either fully written or rejected with its reason.
"""

import contextvars
import gc
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from django.db import connection
from django.utils.translation import gettext_lazy as _

from ess_platform.kernel import jobs

from ..models import Cooperative, ImportJob
from .reading import SpreadsheetError, detect_columns, read_table, row_values
from .validation import (
    OUTCOMES,
    ImportContext,
    RowError,
    apply_to,
    check_for_create,
    check_model_rules,
    reason_text,
    registration_number_of,
    text_of,
    validate_row,
)
from .writing import bulk_update, write_batch

__all__ = ["OUTCOMES", "SpreadsheetError", "bulk_update", "preview", "reason_text",
           "run_import"]

BATCH_SIZE = 5000
PREVIEW_ROWS = 20
#: Batches written at once on PostgreSQL, each by a thread with its own connection and
#: transaction (``BatchWriter``).
WRITERS = 2


def preview(fileobj, filename, *, region_id=None, limit=PREVIEW_ROWS):
    """What the first rows would give, without writing anything."""
    headers, rows = read_table(fileobj, filename)
    mapping, ignored, missing = detect_columns(headers)
    context = ImportContext.load(region_id=region_id)
    context.columns = {name: headers[index] for index, name in mapping.items()}
    sample = []
    for offset, row in enumerate(rows):
        if offset >= limit:
            break
        sample.append((offset + 2, row))
    numbers = {registration_number_of(row_values(row, mapping).get("registration_number"))
               for _n, row in sample}
    existing = Cooperative.objects.unscoped().in_bulk(numbers,
                                                      field_name="registration_number")
    results = []
    for row_number, row in sample:
        entry = {"row": row_number, "cells": [text_of(c) for c in row[:len(headers)]]}
        try:
            clean = validate_row(row_values(row, mapping), context, row_number)
            cooperative = existing.get(clean["registration_number"])
            if cooperative is not None:
                context.check_region(cooperative.region_id)
                entry["outcome"] = "update"
            else:
                check_for_create(clean)
                cooperative = Cooperative()
                entry["outcome"] = "create"
            check_model_rules(apply_to(cooperative, clean))
        except RowError as error:
            entry.update(outcome="rejected", reason=error.reason, params=error.params)
        entry["outcome_label"] = str(OUTCOMES[entry["outcome"]])
        entry["reason_text"] = reason_text(entry)
        results.append(entry)
    return {
        "headers": headers,
        "detected": [(headers[index], name) for index, name in sorted(mapping.items())],
        "ignored": ignored,
        "missing": missing,
        "rows": results,
    }


def run_import(job):
    """Import every row of a job's file; fills the job's counters and report."""
    with collector_paused():
        return _run_import(job)


@contextmanager
def collector_paused():
    """Python's cyclic garbage collector paused for the block, and resumed as it was.

    An import holds every row of its file, and the values read and written for each batch,
    tens of thousands of objects that live to its end: each full collection walked all of
    them again, a quarter of the import's own time at 65,000 rows. Whatever cycles the
    block leaves are collected once it is resumed."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _run_import(job):
    with job.file.open("rb") as fileobj:
        headers, rows = read_table(fileobj, job.original_name)
        mapping, _ignored, missing = detect_columns(headers)
        if missing:
            raise SpreadsheetError(_("Required columns are missing: %(columns)s.")
                                   % {"columns": ", ".join(missing)})
        all_rows = list(rows)
    context = ImportContext.load(region_id=job.region_id)
    context.columns = {name: headers[index] for index, name in mapping.items()}
    # Each progress write is also the job's heartbeat (ess_platform.kernel.jobs).
    kind = jobs.kind_of(ImportJob)
    jobs.beat(kind, job, total_rows=len(all_rows))
    report, counts = [], {"created": 0, "updated": 0, "rejected": 0}

    def reject(row_number, number, error):
        report.append({"row": row_number, "registration_number": number,
                       "outcome": "rejected", "reason": error.reason,
                       "params": error.params})
        counts["rejected"] += 1

    def record(processed, batch):
        written, rejected = batch
        for row_number, number, error in rejected:
            reject(row_number, number, error)
        for row_number, number, outcome in written:
            counts[outcome] += 1
            report.append({"row": row_number, "registration_number": number,
                           "outcome": outcome})
        jobs.beat(kind, job, processed_rows=processed, created_count=counts["created"],
                  updated_count=counts["updated"], rejected_count=counts["rejected"])

    # The changes are on record as made by the import's creator.
    with BatchWriter(context, actor=job.created_by) as writer:
        for start in range(0, len(all_rows), BATCH_SIZE):
            valid = []
            for row_number, row in enumerate(all_rows[start:start + BATCH_SIZE], start + 2):
                values = row_values(row, mapping)
                try:
                    valid.append((row_number, validate_row(values, context, row_number)))
                except RowError as error:
                    reject(row_number, text_of(values.get("registration_number")), error)
            for processed, batch in writer.write(valid, min(start + BATCH_SIZE,
                                                            len(all_rows))):
                record(processed, batch)
        for processed, batch in writer.finish():
            record(processed, batch)
    report.sort(key=lambda entry: entry["row"])
    return report, counts, len(all_rows)


class BatchWriter:
    """Writes validated batches (``write_batch``) and hands back their outcomes in order.

    On PostgreSQL, outside a transaction (a worker running an import), up to ``WRITERS``
    batches are written at once, each by a pool thread with its own connection and
    transaction, while this thread validates the next batch: most of an import's time is
    the database's upkeep of the indexes of every row it writes, which then runs on two
    cores, alongside this process's own work. Batches are independent: the validation
    rejects a registration number that already appeared in the file, so no two batches
    write the same cooperative. Inside a transaction (a test, a caller's atomic block) and
    on SQLite, whose writers would only wait for one another, each batch is written here,
    in turn.

    ``write(valid, processed)`` and ``finish()`` yield (processed rows, (written,
    rejected)) for each batch written by then, in the file's order; an error in a batch
    is raised there, once the batches under way are done."""

    def __init__(self, context, *, actor=None, writers=None):
        self.context, self.actor = context, actor
        writers = WRITERS if writers is None else writers
        self.concurrent = (writers > 1 and connection.vendor == "postgresql"
                           and not connection.in_atomic_block)
        self.pool = (ThreadPoolExecutor(writers, thread_name_prefix="import-writer")
                     if self.concurrent else None)
        self.writers = writers
        self.pending = deque()  # (processed rows, future), oldest first

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def write(self, valid, processed):
        if not self.concurrent:
            yield processed, write_batch(valid, self.context, actor=self.actor)
            return
        while len(self.pending) >= self.writers:
            yield self._next()
        # The language, the correlation id of the change records: this thread's context.
        self.pending.append((processed, self.pool.submit(
            contextvars.copy_context().run, self._write, valid)))

    def finish(self):
        while self.pending:
            yield self._next()

    def _next(self):
        processed, future = self.pending.popleft()
        return processed, future.result()

    def _write(self, valid):
        try:
            return write_batch(valid, self.context, actor=self.actor)
        finally:
            connection.close()  # this thread's own connection
