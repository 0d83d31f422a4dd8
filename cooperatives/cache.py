"""The public directory's cache (API list pages and the directory map).

Entries are keyed by the directory version: the id of the newest committed DirectoryChange
row, read with one primary-key query per request. Every write to directory data adds a
row inside its transaction (invisible to others until it commits, and no lock taken) and
another once it has committed (ids can commit out of order): saves and deletes of
cooperatives, products and sectors (signals), and the bulk writes that bypass signals
(import, search-text refresh, seed_national) call `bump_directory_version` themselves. A
reader keyed on an old version is never read again; one keyed on the new version reads
committed rows. The version lives in the database, not in Redis, so a write made while
Redis is down (its cache writes are dropped, ess_platform/kernel/cache.py) still makes every entry
cached before it obsolete when Redis returns. TTL bounds what no write path sees (a
territory renamed by load_territory).
"""

import contextvars
import hashlib
import time
from contextlib import contextmanager

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import transaction
from django.db.models import Max

from regional_hubs.models import Province

from .models import DirectoryChange, Sector

TTL = 10 * 60
# Rows older than this many changes are deleted now and then; only the newest one counts.
KEEP_CHANGES = 1000


def directory_version():
    return DirectoryChange.objects.aggregate(version=Max("id"))["version"] or 0


def bump_directory_version():
    """Make every cached directory entry obsolete once the current transaction commits
    (at once outside one), and for the transaction's own later reads."""
    from ess_platform.kernel.page_cache import bump_public_version

    bump_public_version()  # the public pages show the directory too
    if transaction.get_connection().in_atomic_block:
        DirectoryChange.objects.create()

    def bump_after_commit():
        change = DirectoryChange.objects.create()
        if change.id % KEEP_CHANGES == 0:
            DirectoryChange.objects.filter(id__lt=change.id - KEEP_CHANGES).delete()

    transaction.on_commit(bump_after_commit)


# The version a request read once (``pinned_version``), for the entries it builds.
_pinned = contextvars.ContextVar("directory_version", default=None)


@contextmanager
def pinned_version(version):
    """Within the block, entries are keyed by ``version`` without reading it again."""
    token = _pinned.set(version)
    try:
        yield
    finally:
        _pinned.reset(token)


def current_version():
    """The version this block pinned (``pinned_version``), or the database's."""
    version = _pinned.get()
    return directory_version() if version is None else version


def read_directory_version(request):
    """The directory version, read once a request: the public page cache keys the
    directory page by it (ess_platform/kernel/page_cache.py) and the view reuses it."""
    version = getattr(request, "directory_version", None)
    if version is None:
        version = request.directory_version = directory_version()
    return version


def directory_key(kind, *parts, version=None):
    """The cache key of one directory entry; ``version`` when the caller has read it."""
    if version is None:
        version = _pinned.get()
    if version is None:
        version = directory_version()
    raw = "|".join(str(part) for part in (version, *parts))
    return f"cooperatives:{kind}:{hashlib.sha256(raw.encode()).hexdigest()}"


def cached_rows(queryset):
    """``list(queryset)``, kept under the directory version and the query's own SQL: the
    directory's grouped counts are the same for every page, order and language of a
    filter (and for every filter dropped to the same wider rows), so one GROUP BY over
    the country serves them all until the next write."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return list(queryset)
    key = directory_key("rows", sql, *params)
    rows = cache.get(key)
    if rows is None:
        rows = list(queryset)
        cache.set(key, rows, TTL)
    return rows


# The directory's reference data (its filters' choices), kept in each process: a page that
# misses the cache then reads only what depends on its filters.
_reference = {}


def reference_data(version):
    """{"regions", "provinces", "sectors"}: lists in the filters' order, for this directory
    version (sector writes bump it) and at most TTL seconds (a territory reloaded)."""
    now = time.monotonic()
    entry = _reference.get("directory")
    if entry is not None and entry[0] == version and entry[1] > now:
        return entry[2]
    # Regions come with their provinces: one query for the territory, one for the sectors.
    provinces = list(Province.objects.select_related("region").order_by("code"))
    regions = {}
    for province in provinces:
        province.region = regions.setdefault(province.region_id, province.region)
    data = {"regions": sorted(regions.values(), key=lambda region: region.code),
            "provinces": provinces, "sectors": list(Sector.objects.all())}
    _reference["directory"] = (version, now + TTL, data)
    return data


def places(refresh=False):
    """{"sector", "region", "province": {primary key: instance}}: what a directory row
    links to (ess_platform/kernel/references.py), from ``reference_data`` of the version
    this block pinned, or else of the newest one this process holds (no query), or else of
    the database's. ``refresh``: read it again (a row links to one it does not hold)."""
    version = _pinned.get()
    entry = _reference.get("directory")
    if (refresh or entry is None or entry[1] <= time.monotonic()
            or (version is not None and entry[0] != version)):
        if refresh:
            _reference.pop("directory", None)
        data = reference_data(directory_version() if version is None else version)
    else:
        data = entry[2]
    by_id = data.get("by_id")
    if by_id is None:
        by_id = data["by_id"] = {
            "sector": {sector.pk: sector for sector in data["sectors"]},
            "region": {region.pk: region for region in data["regions"]},
            "province": {province.pk: province for province in data["provinces"]}}
    return by_id


def held(name, version, read):
    """What ``read()`` gives at this directory version, kept in this process (like the
    reference data) until the version changes or TTL seconds pass: data built from the whole
    directory that every page of one version shares (the facet summary's groups)."""
    now = time.monotonic()
    entry = _reference.get(name)
    if entry is not None and entry[0] == version and entry[1] > now:
        return entry[2]
    value = read()
    _reference[name] = (version, now + TTL, value)
    return value


def forget_reference_data():
    """Drop this process's reference data (tests that rebuild the territory)."""
    _reference.clear()
