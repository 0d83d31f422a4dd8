"""Stored ``search_text`` columns rebuilt when the normalisation changes.

``ess_platform.kernel.search.NORMALIZATION_VERSION`` names the normalisation; the version the
stored columns were built with is one row (``SearchTextVersion``). When the two differ,
``rebuild_search_text`` recomputes every stored column in batches of primary keys (bounded
memory: a batch of rows at a time, changed rows written with ``bulk_update``), then records
the version: run after migrate (apps.py), by the nightly refresh (tasks.py) and by
``manage.py rebuild_search_text``. Safe to run twice: the same version writes nothing.

The columns: every model mixing in ``StoredSearchText`` (found by the kernel itself), and
those an app registers with ``register_search_text(model, rebuild)`` because their text is
built from more than their own row (a cooperative's holds its products' names).
"""

from django.apps import apps
from django.db import transaction

from ess_platform.kernel import search

from .models import SearchTextVersion, StoredSearchText

BATCH_SIZE = 1000
_rebuilders = {}


def register_search_text(model, rebuild):
    """``rebuild(pks)`` recomputes and writes the stored texts of these rows of ``model``
    (and of the rows whose text is built from them); returns how many it wrote."""
    _rebuilders[model] = rebuild


def _rebuild_stored(model):
    def rebuild(pks):
        fields = tuple(model.search_text_fields)
        rows = list(model._base_manager.filter(pk__in=pks).only("pk", "search_text", *fields))
        changed = []
        for row in rows:
            text = row.build_search_text()
            if text != row.search_text:
                row.search_text = text
                changed.append(row)
        model._base_manager.bulk_update(changed, ["search_text"], batch_size=BATCH_SIZE)
        return len(changed)
    return rebuild


def stored_text_models():
    """{model: rebuild(pks)} of every stored search column."""
    found = {model: _rebuild_stored(model) for model in apps.get_models()
             if issubclass(model, StoredSearchText)}
    return {**found, **_rebuilders}


def stored_version(*, using="default"):
    row = SearchTextVersion.objects.using(using).order_by("pk").first()
    return row.version if row else None


def is_stale(*, using="default"):
    return stored_version(using=using) != search.NORMALIZATION_VERSION


def rebuild_search_text(*, force=False, batch_size=BATCH_SIZE):
    """Rebuild every stored search column when built with another normalisation version
    (or ``force``); {model label: rows written}, or None when already current."""
    version = search.NORMALIZATION_VERSION
    if not force and not is_stale():
        return None
    written = {}
    for model, rebuild in stored_text_models().items():
        count, last_pk = 0, None
        while True:
            pks = model._base_manager.order_by("pk")
            if last_pk is not None:
                pks = pks.filter(pk__gt=last_pk)
            pks = list(pks.values_list("pk", flat=True)[:batch_size])
            if not pks:
                break
            last_pk = pks[-1]
            with transaction.atomic():
                count += rebuild(pks) or 0
        written[model._meta.label] = count
    with transaction.atomic():
        SearchTextVersion.objects.all().delete()
        SearchTextVersion.objects.create(version=version)
    return written


def rebuild_if_stale(sender=None, using="default", **kwargs):
    """After migrate: rebuild the stored columns when the normalisation changed."""
    if using == "default":
        rebuild_search_text()
