"""What changes cooperatives: search text upkeep, profile and product edits, memberships."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ess_platform.kernel import jobs
from ess_platform.kernel.uploads import LARGE_PHOTO_SIZE, THUMBNAIL_SIZE, make_thumbnail

from .cache import bump_directory_version
from .models import Cooperative, ImportJob, Product
from .search_text import (
    PRODUCT_SEARCH_FIELDS,
    SEARCH_FIELDS,
    build_search_text,
    products_to_research,
)


def refresh_search_text(*, cooperative_ids):
    """Recompute search_text for these cooperatives and their products (two queries plus
    the bulk updates of the rows whose text changed); returns how many cooperatives."""
    ids = list(cooperative_ids)
    if not ids:
        return 0
    cooperatives = {
        c.pk: c
        for c in Cooperative.objects.unscoped().filter(pk__in=ids).only(
            "pk", "search_text", *SEARCH_FIELDS)
    }
    products = {}
    for product in Product.objects.unscoped().filter(cooperative_id__in=ids).only(
        "pk", "cooperative_id", "search_text", *PRODUCT_SEARCH_FIELDS
    ):
        products.setdefault(product.cooperative_id, []).append(product)
    changed = []
    for cooperative in cooperatives.values():
        text = build_search_text(cooperative_values=cooperative,
                                 product_values=products.get(cooperative.pk, ()))
        if text != cooperative.search_text:
            cooperative.search_text = text
            changed.append(cooperative)
    Cooperative.objects.bulk_update(changed, ["search_text"], batch_size=1000)
    Product.objects.bulk_update(
        products_to_research(cooperatives=cooperatives.values(), products=products),
        ["search_text"], batch_size=1000)
    bump_directory_version()
    return len(cooperatives)


def save_cooperative(*, cooperative):
    """Save a cooperative and keep its search text current."""
    with transaction.atomic():
        cooperative.full_clean()
        cooperative.save()
        refresh_search_text(cooperative_ids=[cooperative.pk])
        cooperative.refresh_from_db(fields=["search_text"])
    return cooperative


def save_product(*, product, photo_changed=False):
    """Save a product (regenerating its thumbnail when the photo changed) and reindex."""
    with transaction.atomic():
        if photo_changed or (product.photo and not (product.thumbnail and product.photo_large)):
            for size, field in ((THUMBNAIL_SIZE, product.thumbnail),
                                (LARGE_PHOTO_SIZE, product.photo_large)):
                if field:
                    field.delete(save=False)
                if product.photo:
                    resized = make_thumbnail(product.photo, size=size)
                    field.save(resized.name, resized, save=False)
                else:
                    setattr(product, field.field.name, "")
        product.save()
        refresh_search_text(cooperative_ids=[product.cooperative_id])
    return product


def delete_product(*, product):
    cooperative_id = product.cooperative_id
    with transaction.atomic():
        for field in (product.thumbnail, product.photo_large, product.photo):
            if field:
                field.delete(save=False)
        product.delete()
        refresh_search_text(cooperative_ids=[cooperative_id])


# ---------------------------------------------------------------- spreadsheet imports

def create_import_job(*, user, upload):
    """Store an uploaded spreadsheet for preview; a delegate's import is bound to a region."""
    from regional_hubs.scoping import is_national_admin

    from .models import ImportJob

    region = None if is_national_admin(user) else user.region
    return ImportJob.objects.create(created_by=user, region=region, file=upload,
                                    original_name=upload.name[:255])


def confirm_import_job(*, job):
    """Queue a previewed import; the task runs once the transaction commits."""
    from .models import ImportJob

    updated = ImportJob.objects.unscoped().filter(pk=job.pk, status=ImportJob.Status.DRAFT).update(
        status=ImportJob.Status.PENDING, queued_at=timezone.now())
    job.refresh_from_db()
    if updated:
        token = str(job.attempt_token)
        # By the task's name (ess_platform.kernel.jobs), so the services import no task module.
        transaction.on_commit(lambda: jobs.enqueue(IMPORT_JOBS, job.pk, token))
    return job


def execute_import_job(*, job_id, token=None, keep_alive=False):
    """Run a queued import (called by the Celery task; safe to call twice).

    A waiting job is taken once; a running one only when its heartbeat stopped (its worker
    died); a second copy of the task, or a message of an earlier attempt, does nothing
    (ess_platform.kernel.jobs). Rows are matched by registration number, so a run started again
    after a lost worker writes each cooperative once.
    """
    import logging

    from .importer import SpreadsheetError, run_import

    job = jobs.claim(IMPORT_JOBS, job_id, token, processed_rows=0, created_count=0,
                     updated_count=0, rejected_count=0)
    if job is None:
        return None
    try:
        with jobs.keep_alive(IMPORT_JOBS, job, enabled=keep_alive):
            report, counts, total = run_import(job)
    except jobs.JobLost:
        logging.getLogger(__name__).warning("Cooperative import %s was taken over by another "
                                            "attempt; this run stops.", job_id)
        return None
    except SpreadsheetError as error:
        job.status, job.error = ImportJob.Status.FAILED, str(error)
    except Exception as error:
        logging.getLogger(__name__).exception("Cooperative import %s failed", job_id)
        job.status, job.error = ImportJob.Status.FAILED, str(error)[:500]
    else:
        job.status, job.report, job.total_rows = ImportJob.Status.DONE, report, total
        job.processed_rows = total
        job.created_count, job.updated_count = counts["created"], counts["updated"]
        job.rejected_count = counts["rejected"]
    job.finished_at = timezone.now()
    fields = ["status", "error", "report", "total_rows", "processed_rows", "created_count",
              "updated_count", "rejected_count", "finished_at"]
    # Only while this run still holds the job (attempts unchanged since its claim).
    ImportJob.objects.unscoped().filter(
        pk=job.pk, status=ImportJob.Status.RUNNING, attempts=job.attempts
    ).update(**{name: getattr(job, name) for name in fields})
    return job


def sweep_waiting_imports(*, older_than=timedelta(minutes=2)):
    """Enqueue again the confirmed imports that no worker took (the broker was down), and
    queue again those whose worker died; beat runs ess_platform.kernel.jobs for every kind."""
    return jobs.sweep(IMPORT_JOBS, waiting_after=older_than.total_seconds())["resent"]


def _give_up_import(job, reason):
    ImportJob.objects.unscoped().filter(
        pk=job.pk, status__in=[ImportJob.Status.PENDING, ImportJob.Status.RUNNING]
    ).update(status=ImportJob.Status.FAILED, error=reason, finished_at=timezone.now())


IMPORT_JOBS = jobs.JobKind(
    model=ImportJob, task="cooperatives.tasks.run_import_job",
    waiting=ImportJob.Status.PENDING, running=ImportJob.Status.RUNNING,
    finished=(ImportJob.Status.DONE, ImportJob.Status.FAILED),
    waiting_since="queued_at", give_up=_give_up_import,
    language=lambda job: getattr(job.created_by, "preferred_language", "")
    or settings.LANGUAGE_CODE,
)
