"""What changes cooperatives: search text upkeep, profile and product edits, memberships."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ess_platform import jobs
from ess_platform.jobs import run_in_background
from ess_platform.search import normalize
from ess_platform.uploads import LARGE_PHOTO_SIZE, THUMBNAIL_SIZE, make_thumbnail

from .cache import bump_directory_version
from .models import Cooperative, CooperativeMembership, ImportJob, Product

SEARCH_FIELDS = ("registration_number", "name_ar", "name_fr", "description_ar",
                 "description_fr")
PRODUCT_SEARCH_FIELDS = ("name_ar", "name_fr")


def build_search_text(cooperative_values, product_values=()):
    """The normalised search text from a cooperative's values and its products' values.

    ``cooperative_values``: mapping (or object) with SEARCH_FIELDS; ``product_values``:
    iterable of mappings/objects with PRODUCT_SEARCH_FIELDS. Duplicate words are kept
    once, so names equal in both languages do not double the column.
    """
    def get(source, field):
        if isinstance(source, dict):
            return source.get(field)
        return getattr(source, field, None)

    parts = [get(cooperative_values, field) for field in SEARCH_FIELDS]
    for product in product_values:
        parts.extend(get(product, field) for field in PRODUCT_SEARCH_FIELDS)
    seen, chunks = set(), []
    for part in parts:
        text = normalize(part)
        if text and text not in seen:
            seen.add(text)
            chunks.append(text)
    return " | ".join(chunks)


def products_to_research(cooperatives, products):
    """The products (grouped by cooperative id) whose stored search text changes."""
    changed = []
    for cooperative in cooperatives:
        for product in products.get(cooperative.pk, ()):
            text = product.build_search_text(cooperative)
            if text != product.search_text:
                product.search_text = text
                changed.append(product)
    return changed


def refresh_search_text(cooperative_ids):
    """Recompute search_text for these cooperatives and their products (two queries plus
    the bulk updates)."""
    ids = list(cooperative_ids)
    if not ids:
        return 0
    cooperatives = {
        c.pk: c
        for c in Cooperative.objects.unscoped().filter(pk__in=ids).only("pk", *SEARCH_FIELDS)
    }
    products = {}
    for product in Product.objects.unscoped().filter(cooperative_id__in=ids).only(
        "pk", "cooperative_id", "search_text", *PRODUCT_SEARCH_FIELDS
    ):
        products.setdefault(product.cooperative_id, []).append(product)
    for cooperative in cooperatives.values():
        cooperative.search_text = build_search_text(cooperative,
                                                    products.get(cooperative.pk, ()))
    Cooperative.objects.bulk_update(cooperatives.values(), ["search_text"], batch_size=1000)
    Product.objects.bulk_update(products_to_research(cooperatives.values(), products),
                                ["search_text"], batch_size=1000)
    bump_directory_version()
    return len(cooperatives)


def save_cooperative(cooperative):
    """Save a cooperative and keep its search text current."""
    with transaction.atomic():
        cooperative.full_clean()
        cooperative.save()
        refresh_search_text([cooperative.pk])
        cooperative.refresh_from_db(fields=["search_text"])
    return cooperative


def save_product(product, *, photo_changed=False):
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
        refresh_search_text([product.cooperative_id])
    return product


def delete_product(product):
    cooperative_id = product.cooperative_id
    with transaction.atomic():
        for field in (product.thumbnail, product.photo_large, product.photo):
            if field:
                field.delete(save=False)
        product.delete()
        refresh_search_text([cooperative_id])


def is_manager(user, cooperative):
    """Is this user a manager of this cooperative (the site's edit permission)?"""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return CooperativeMembership.objects.owned_by(user).filter(
        cooperative=cooperative, role=CooperativeMembership.Role.MANAGER
    ).exists()


def managed_cooperatives(user):
    if not (user and user.is_authenticated and user.is_active):
        return Cooperative.objects.none()
    # The user's own cooperatives: the filter is the selection.
    return Cooperative.objects.unscoped().filter(
        memberships__user=user, memberships__role=CooperativeMembership.Role.MANAGER
    ).select_related("sector", "commune", "region")


# ---------------------------------------------------------------- spreadsheet imports

def create_import_job(*, user, upload):
    """Store an uploaded spreadsheet for preview; a delegate's import is bound to a region."""
    from regional_hubs.scoping import is_national_admin

    from .models import ImportJob

    region = None if is_national_admin(user) else user.region
    return ImportJob.objects.create(created_by=user, region=region, file=upload,
                                    original_name=upload.name[:255])


def confirm_import_job(job):
    """Queue a previewed import; the task runs once the transaction commits."""
    from .models import ImportJob
    from .tasks import run_import_job

    updated = ImportJob.objects.unscoped().filter(pk=job.pk, status=ImportJob.Status.DRAFT).update(
        status=ImportJob.Status.PENDING, queued_at=timezone.now())
    job.refresh_from_db()
    if updated:
        token = str(job.attempt_token)
        transaction.on_commit(lambda: run_in_background(run_import_job, job.pk, token))
    return job


def execute_import_job(job_id, token=None, *, keep_alive=False):
    """Run a queued import (called by the Celery task; safe to call twice).

    A waiting job is taken once; a running one only when its heartbeat stopped (its worker
    died); a second copy of the task, or a message of an earlier attempt, does nothing
    (ess_platform.jobs). Rows are matched by registration number, so a run started again
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


def sweep_waiting_imports(older_than=timedelta(minutes=2)):
    """Enqueue again the confirmed imports that no worker took (the broker was down), and
    queue again those whose worker died; beat runs ess_platform.jobs for every kind."""
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
