"""What the apps above this one show on the territory pages, registered by them.

``regional_hubs`` is the ground floor of the domain: it imports none of the apps above it
and names none of them by string (no ``apps.get_model``, no ``{% url %}`` of theirs). An
upper app registers, in its ``AppConfig.ready()``:

- ``register_activity(RegionActivity(...))``: a count, a short list and a link for a
  region, shown on the region and hub pages (cooperatives listed, upcoming events);
- ``register_directory(...)``: the directory that answers "which listed organisations of
  this territory, by sector", used by the needs pages and the promising-sector rule.

Without a registration the pages simply leave that part out.
"""

from collections.abc import Callable
from dataclasses import dataclass

LATEST_LIMIT = 5


@dataclass(frozen=True)
class RegionActivity:
    key: str
    #: Labels of the region page's figure and button (lazy translated strings).
    count_label: str
    link_label: str
    #: ``count(region)``: how many to announce.
    count: Callable
    #: ``latest(region, limit)``: the few items the panel lists.
    latest: Callable
    #: ``url(region)``: the upper app's list, filtered to the region.
    url: Callable
    #: Template of the panel, rendered with ``region``, ``count``, ``items`` and ``url``.
    template: str


@dataclass(frozen=True)
class Directory:
    #: ``counts_by_sector(region=, province=, commune=)``: {sector slug: listed count}.
    counts_by_sector: Callable
    #: ``sectors_by_slug(slugs)``: {slug: sector object}, for the sectors it knows.
    sectors_by_slug: Callable
    #: ``url(region=, province=, commune=, sector=)``: the directory page filtered so.
    url: Callable
    #: ``counts_by_sector_in(level, territories)``: {territory pk: {sector slug: count}}
    #: for many territories of one level ("region", "province" or "commune") in one query.
    counts_by_sector_in: Callable | None = None


_activities = {}
_directory = []


def register_activity(activity):
    _activities[activity.key] = activity


def register_directory(directory):
    _directory[:] = [directory]


def activities():
    return list(_activities.values())


def directory():
    """The registered directory, or None when no app above provides one."""
    return _directory[0] if _directory else None
