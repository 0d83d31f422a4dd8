"""The words most rows of a searched table hold, and how many of them (``WordShare``).

A search on PostgreSQL finds its rows through the pg_trgm GIN index of a stored
``search_text`` column. The index answers a word by reading the list of every row that
holds each of its trigrams: for a rare word a short list, for a word that almost every row
holds ("cooperative", "تعاونية", typed with a cooperative's name) a list of the whole table,
read for each of its trigrams, which costs more than all the rest of the query and grows
with the table. Such a word filters nothing; the engine tests it by its position in the
rows the query's other words found (``Search.apply``), so the index reads the lists of the
words that narrow the search only.

``refresh_word_shares`` counts, for every stored search column, the rows whose text holds
each word (as a whole word, with the article and the one-letter clitics taken off as a
query takes them off), and keeps the words of ``COMMON_SHARE`` of the rows or more. A row
holding a word as a whole word holds it as a part too: the share kept is never more than
the share a query's ``contains`` finds, so a word is only ever treated as common when it
is. Run with the vocabulary (``index.refresh_index``: national seeding, nightly), on
PostgreSQL only: SQLite has no trigram index to spare.
"""

from math import ceil

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import connections, transaction

from .models import WordShare

#: A word held by this part of a table's rows or more is common there.
COMMON_SHARE = 0.2

#: Each row's distinct words (split at spaces and punctuation), without the article and
#: one-letter clitics an Arabic word may carry (search.strip_clitics takes them off a query
#: word), counted over the table.
_SHARES_SQL = """
SELECT word, count(*) FROM (
    SELECT DISTINCT id, regexp_replace(token, '^(وال|بال|فال|كال|لل|ال)', '') AS word
    FROM (SELECT {pk} AS id,
                 unnest(string_to_array(translate({column}, %s, %s), ' ')) AS token
          FROM {table} {sample}) AS tokens
) AS words
WHERE length(word) >= 2
GROUP BY word HAVING count(*) >= %s
"""
#: Rows counted at most (about): a larger table's shares are those of a random sample of
#: its rows, which tells a word held by a fifth of them as well as the whole table does.
SAMPLED_ROWS = 20000
#: The characters that part words in a stored text besides spaces.
_PARTING = "|.,;:!?()[]{}«»\"،؛؟"


def table_label(model):
    return model._meta.label_lower


def searched_models():
    """The models with a stored ``search_text`` column."""
    found = []
    for model in apps.get_models():
        try:
            model._meta.get_field("search_text")
        except FieldDoesNotExist:
            continue
        found.append(model)
    return found


def refresh_word_shares(*, using="default"):
    """Recount the common words of every stored search column (PostgreSQL); {table: words
    kept}, or None on another database."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return None
    found = {}
    for model in searched_models():
        total = model._base_manager.using(using).count()
        label = table_label(model)
        found[label] = []
        if not total:
            continue
        quote = connection.ops.quote_name
        percent = min(100.0, SAMPLED_ROWS * 100.0 / total)
        sql = _SHARES_SQL.format(pk=quote(model._meta.pk.column),
                                 column=quote(model._meta.get_field("search_text").column),
                                 table=quote(model._meta.db_table),
                                 sample="TABLESAMPLE BERNOULLI (%s) REPEATABLE (0)"
                                 if percent < 100 else "")
        counted = total * percent / 100
        with connection.cursor() as cursor:
            cursor.execute(sql, [_PARTING, " " * len(_PARTING),
                                 *([percent] if percent < 100 else []),
                                 max(1, ceil(counted * COMMON_SHARE))])
            found[label] = [(word[:64], min(1000, round(rows * 1000 / counted)))
                            for word, rows in cursor.fetchall()]
    with transaction.atomic(using=using):
        WordShare.objects.using(using).all().delete()
        WordShare.objects.using(using).bulk_create(
            [WordShare(table=label, word=word, per_mille=per_mille)
             for label, words in found.items() for word, per_mille in words],
            ignore_conflicts=True)
    return {label: len(words) for label, words in found.items()}
