"""Keeps the search's vocabulary and name pairs in step with the registered names.

Saving a registered row adds its words and pairs (one insert each, conflicts ignored);
``learn_names_after_commit`` queues the same for the rows a bulk write (the spreadsheet
import) stored without a signal; ``refresh_index`` rebuilds both from every registered
source, for the other bulk writes (national seeding) and to forget names no longer used:
``manage.py refresh_search_index``, and nightly by the beat schedule (``tasks.py``), with
the words most rows hold (``shares.py``). The
territory's names are recorded by ``load_territory`` itself.
"""

from django.apps import apps
from django.db import transaction

from ess_platform.kernel.search import normalize, strip_clitics

from .models import NamePair, SearchFacet, SearchWord, SpellingVariant, search_key
from .registry import name_sources
from .shares import refresh_word_shares
from .signals import search_names_changed

MIN_WORD = 3
MAX_WORD = 64
MAX_NAME = 200
_PUNCTUATION = "\"'\u2019\u02bc\u00ab\u00bb.,;:!?()[]{}\u060c\u061b\u061f-|/"


def words_of(text):
    """{normalised word: the word as written} for the words of ``text`` worth correcting."""
    found = {}
    for token in str(text or "").split():
        token = token.strip(_PUNCTUATION)
        word = strip_clitics(normalize(token).strip(_PUNCTUATION))
        if MIN_WORD <= len(word) <= MAX_WORD and not word.isdigit():
            found.setdefault(word, token[:100])
    return found


def pairs_of(values):
    """The (name, other) pairs among the different names of one row."""
    keys = {key for key in (search_key(value)[:MAX_NAME] for value in values if value) if key}
    return {(a, b) for a in keys for b in keys if a != b}


def _collect(source, rows):
    words, pairs = {}, set()
    for values in rows:
        for value in values:
            for word, display in words_of(value).items():
                words.setdefault(word, display)
        if source.pairs:
            pairs |= {(a, b, source.source) for a, b in pairs_of(values)}
    return words, pairs


def _write(words, pairs, *, using="default", batch_size=2000):
    SearchWord.objects.using(using).bulk_create(
        [SearchWord(word=word, display=display, length=len(word))
         for word, display in words.items()],
        ignore_conflicts=True, batch_size=batch_size)
    NamePair.objects.using(using).bulk_create(
        [NamePair(name=a, other=b, source=source) for a, b, source in pairs],
        ignore_conflicts=True, batch_size=batch_size)


def facets_of(source, rows):
    """{(name key, facet, id)} of rows ``(pk, *names)`` of a source registered with a facet."""
    if source.facet is None:
        return set()
    return {(key, source.facet, pk) for pk, *values in rows
            for key in {search_key(value)[:MAX_NAME] for value in values if value} if key}


def _write_facets(facets, *, using="default", batch_size=2000):
    SearchFacet.objects.using(using).bulk_create(
        [SearchFacet(key=key, facet=facet, object_id=pk) for key, facet, pk in facets],
        ignore_conflicts=True, batch_size=batch_size)


def variant_pairs(variants):
    pairs = set()
    for name, variant in variants:
        pairs |= {(a, b, "variant") for a, b in pairs_of((name, variant))}
    return pairs


def refresh_index(*, using="default"):
    """Rebuild the vocabulary and the name pairs from every registered source."""
    words, pairs, facets = {}, set(), set()
    for source in name_sources():
        rows = list(source.queryset().using(using).values_list("pk", *source.fields)
                    .iterator(chunk_size=5000)) if source.facet else (
            source.queryset().using(using).values_list(*source.fields).iterator(
                chunk_size=5000))
        if source.facet:
            facets |= facets_of(source, rows)
            rows = [values for _pk, *values in rows]
        source_words, source_pairs = _collect(source, rows)
        for word, display in source_words.items():
            words.setdefault(word, display)
        pairs |= source_pairs
    pairs |= variant_pairs(SpellingVariant.objects.using(using).values_list("name", "variant"))
    with transaction.atomic(using=using):
        SearchWord.objects.using(using).all().delete()
        NamePair.objects.using(using).all().delete()
        SearchFacet.objects.using(using).all().delete()
        _write(words, pairs, using=using)
        _write_facets(facets, using=using)
        search_names_changed.send(sender=SearchWord)
    # The words most rows hold, which the trigram index is spared (shares.py).
    refresh_word_shares(using=using)
    return len(words), len(pairs)


def record_names(instances, *, model=None):
    """Add the words and pairs of these rows (saved one by one or in bulk)."""
    instances = list(instances)
    if not instances:
        return
    model = model or type(instances[0])
    words, pairs = {}, set()
    for source in name_sources(model):
        kept = [obj for obj in instances if source.include is None or source.include(obj)]
        rows = [tuple(getattr(obj, name, "") or "" for name in source.fields) for obj in kept]
        source_words, source_pairs = _collect(source, rows)
        words.update(source_words)
        pairs |= source_pairs
        if source.facet:
            # A renamed row loses the names it had.
            SearchFacet.objects.filter(facet=source.facet,
                                       object_id__in=[obj.pk for obj in instances]).delete()
            _write_facets(facets_of(source, [(obj.pk, *values) for obj, values
                                             in zip(kept, rows, strict=True)]))
    if words or pairs:
        _write(words, pairs)


#: Rows whose names one task reads at a time (the primary keys travel in the message).
LEARN_BATCH = 2000
#: The Celery name of tasks.learn_names (looked up by name: the tasks import this module).
LEARN_NAMES_TASK = "ess_platform.searching.tasks.learn_names"


def learn_names_after_commit(model, pks):
    """Once the current transaction commits, queue the learning of these rows' names (the
    bulk writes that send no signal: the spreadsheet import), so a typo of a name just
    imported is corrected at once rather than after the nightly rebuild."""
    from ess_platform.kernel.task_names import task_named

    learn_names = task_named(LEARN_NAMES_TASK)
    pks = sorted({pk for pk in pks if pk is not None})
    if not pks or not name_sources(model):
        return
    label = model._meta.label
    for start in range(0, len(pks), LEARN_BATCH):
        batch = pks[start:start + LEARN_BATCH]
        transaction.on_commit(lambda batch=batch: learn_names.delay(label, batch))


def learn_names(model_label, pks):
    """Add the words and pairs of these rows (as saved now; safe to run twice: words and
    pairs already known are left as they are)."""
    model = apps.get_model(model_label)
    rows = list(model._base_manager.filter(pk__in=pks))
    record_names(rows, model=model)
    if rows:
        search_names_changed.send(sender=model)
    return len(rows)


def record_saved_names(sender, instance, raw=False, **kwargs):
    """Connected to every save (apps.py); acts on the models whose names are registered."""
    if not raw and name_sources(sender):
        record_names([instance], model=sender)


def forget_deleted_names(sender, instance, **kwargs):
    """Connected to every delete (apps.py): a deleted facet row no longer resolves."""
    for source in name_sources(sender):
        if source.facet:
            SearchFacet.objects.filter(facet=source.facet, object_id=instance.pk).delete()


def fill_if_empty(sender, using="default", **kwargs):
    """After migrate: build the index once on a database that has none yet."""
    if not SearchWord.objects.using(using).exists() or (
            any(source.facet for source in name_sources())
            and not SearchFacet.objects.using(using).exists()):
        refresh_index(using=using)


def refresh_variants(**kwargs):
    """Rewrite the pairs of the spelling variants (a small table) after one changed."""
    with transaction.atomic():
        NamePair.objects.filter(source="variant").delete()
        _write({}, variant_pairs(SpellingVariant.objects.values_list("name", "variant")))
        search_names_changed.send(sender=SpellingVariant)
