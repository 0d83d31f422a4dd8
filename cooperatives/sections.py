"""What the cooperatives app adds to the territory pages of ``regional_hubs``, which names
no app above it (see ``regional_hubs.hooks``): the region's listed cooperatives, and the
directory behind the needs pages' sector and commune links."""

from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from regional_hubs import hooks

from . import directory
from .cache import places
from .models import Cooperative, Sector


def directory_url(*, region=None, province=None, commune=None, sector=None):
    query = {key: value for key, value in (
        ("sector", sector), ("region", region.code if region else None),
        ("province", province.code if province else None),
        ("commune", commune.code if commune else None)) if value}
    url = reverse("cooperatives:directory")
    return f"{url}?{urlencode(query)}" if query else url


def counts_by_sector(*, region=None, province=None, commune=None):
    """{sector slug: count} of the published cooperatives of a territory (a region's or a
    province's from the directory's facet summary, a commune's counted)."""
    if commune is None and (province is not None or region is not None):
        level, territory = ("province", province) if province is not None else ("region", region)
        return counts_by_sector_in(level, [territory]).get(territory.pk, {})
    cooperatives = Cooperative.objects.public()
    if commune is not None:
        cooperatives = cooperatives.filter(commune=commune)
    rows = cooperatives.values("sector__slug").annotate(count=Count("pk")).order_by()
    return {row["sector__slug"]: row["count"] for row in rows}


def counts_by_sector_in(level, territories):
    """{territory pk: {sector slug: count}} of the published cooperatives of many regions,
    provinces or communes (``level``): regions and provinces summed from the directory's
    facet summary (the region's 85,000 rows are not counted again at ten times the data),
    communes in one query."""
    if level not in ("region", "province", "commune"):
        raise ValueError(level)
    if level != "commune":
        summary = directory.summary_by_sector(level)
        sectors = places()["sector"]
        if any(sector not in sectors for by_sector in summary.values() for sector in by_sector):
            sectors = places(refresh=True)["sector"]  # a sector newer than this process's
        slugs = {pk: sector.slug for pk, sector in sectors.items()}
        return {pk: {slugs[sector]: count for sector, count in summary[pk].items() if count}
                for pk in {getattr(t, "pk", t) for t in territories} if pk in summary}
    rows = (Cooperative.objects.public().filter(**{f"{level}__in": territories})
            .values(level, "sector__slug").annotate(count=Count("pk")).order_by())
    counts = {}
    for row in rows:
        counts.setdefault(row[level], {})[row["sector__slug"]] = row["count"]
    return counts


def sectors_by_slug(slugs):
    return {sector.slug: sector for sector in Sector.objects.filter(slug__in=list(slugs))}


def region_count(region):
    """The region's published cooperatives, from the directory's facet summary."""
    return directory.summary_count({"region": region})


def latest_in_region(region, limit):
    """The region's most recently listed published cooperatives, with their sector."""
    return list(Cooperative.objects.public().filter(region=region)
                .select_related("sector", "province").order_by("-pk")[:limit])


def register():
    hooks.register_directory(hooks.Directory(
        counts_by_sector=counts_by_sector, sectors_by_slug=sectors_by_slug,
        url=directory_url, counts_by_sector_in=counts_by_sector_in))
    hooks.register_activity(hooks.RegionActivity(
        key="cooperatives", count_label=_("Cooperatives listed"),
        link_label=_("Cooperatives of the region"), count=region_count,
        latest=latest_in_region, url=lambda region: directory_url(region=region),
        template="cooperatives/includes/region_activity.html"))
