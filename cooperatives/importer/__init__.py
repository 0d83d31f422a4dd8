"""Import cooperatives from a spreadsheet (XLSX or CSV, Arabic/French/English headers).

Three steps, one module each: `reading` (the file's header and rows), `validation` (cell
values to model values, then the cooperative's own rules) and `writing` (valid rows in
bulk, a refused batch replayed row by row). Every row is validated completely before
anything is written, and a row is either fully written or rejected with its reason.
"""

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

    for start in range(0, len(all_rows), BATCH_SIZE):
        valid = []
        for row_number, row in enumerate(all_rows[start:start + BATCH_SIZE], start + 2):
            values = row_values(row, mapping)
            try:
                valid.append((row_number, validate_row(values, context, row_number)))
            except RowError as error:
                reject(row_number, text_of(values.get("registration_number")), error)
        # The changes are on record as made by the import's creator.
        written, rejected = write_batch(valid, context, actor=job.created_by)
        for row_number, number, error in rejected:
            reject(row_number, number, error)
        for row_number, number, outcome in written:
            counts[outcome] += 1
            report.append({"row": row_number, "registration_number": number,
                           "outcome": outcome})
        jobs.beat(kind, job, processed_rows=min(start + BATCH_SIZE, len(all_rows)),
                  created_count=counts["created"], updated_count=counts["updated"],
                  rejected_count=counts["rejected"])
    report.sort(key=lambda entry: entry["row"])
    return report, counts, len(all_rows)
