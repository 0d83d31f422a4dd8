from celery import shared_task

from ess_platform.kernel.notifications.scheduling import once_per_schedule

from . import index, rebuild


@shared_task(name="ess_platform.searching.tasks.refresh_search_index",
             acks_late=True, soft_time_limit=14 * 60, time_limit=15 * 60)
@once_per_schedule("searching.refresh_index", 24 * 60 * 60)
def refresh_search_index():
    """Beat, nightly: rebuild the stored search texts if the normalisation changed since
    they were built, then the vocabulary and the name pairs (learning the names bulk writes
    skipped, forgetting those no longer used)."""
    rebuilt = rebuild.rebuild_search_text()
    words, pairs = index.refresh_index()
    texts = f", texts rebuilt: {sum(rebuilt.values())}" if rebuilt is not None else ""
    return f"{words} words, {pairs} name pairs{texts}"


@shared_task(name="ess_platform.searching.tasks.learn_names",
             acks_late=True)
def learn_names(model_label, pks):
    """After a bulk write committed (the spreadsheet import): learn its rows' names now.
    Safe to run twice (what is known already is left alone)."""
    return index.learn_names(model_label, pks)
