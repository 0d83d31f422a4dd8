"""The public directory's cache (API list pages and the directory map).

Entries are keyed by a directory version that every write to directory data replaces, as
it writes and again after its transaction commits: saves and deletes of cooperatives,
products and sectors (signals), and the bulk writes that bypass signals (import,
search-text refresh, seed_national) call `bump_directory_version` themselves. A reader
keyed on an old version is never read again; one keyed on the new version reads committed
rows. TTL bounds what no write path sees (a territory renamed by load_territory).
"""

import hashlib
import time

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "cooperatives:directory-version"
TTL = 10 * 60


def directory_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY)
    return version


def bump_directory_version():
    """Make every cached directory entry obsolete: now, and again once the transaction
    commits (a reader between the two may have cached rows from before the commit)."""

    def bump():
        cache.set(VERSION_KEY, time.time_ns(), None)

    bump()
    transaction.on_commit(bump)


def directory_key(kind, *parts):
    raw = "|".join(str(part) for part in (directory_version(), *parts))
    return f"cooperatives:{kind}:{hashlib.sha256(raw.encode()).hexdigest()}"
