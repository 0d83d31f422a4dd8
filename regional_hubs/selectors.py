"""Reads shared by the pages, the API and the exports, each with its select/prefetch.

The apps above depend on this one, not the reverse: what they add to the territory pages
(counts, lists, directory links) comes through the registrations of ``hooks``.
"""

from django.db.models import Prefetch

from ess_platform.kernel.search import normalize, search_terms

from . import hooks
from .hooks import LATEST_LIMIT
from .models import Commune, HubService, Province, Region, RegionalHub, TerritoryProfile


def hub_list(*, region_code="", status=""):
    hubs = RegionalHub.objects.public().select_related("region").prefetch_related(
        Prefetch("services", queryset=HubService.objects.order_by("kind"))
    ).order_by("region__code")
    if region_code:
        hubs = hubs.filter(region__code=region_code)
    if status:
        hubs = hubs.filter(status=status)
    return hubs


def hub_for_page(slug):
    """The public hub at this address, with what its page shows, or None."""
    return (
        RegionalHub.objects.public().select_related("region")
        .prefetch_related("services", "contacts", "partners", "milestones")
        .filter(slug=slug)
        .first()
    )


def region_by_slug(slug):
    """The region at this address, or None."""
    return Region.objects.select_related("hub", "profile").filter(slug=slug).first()


def region_by_code(code):
    """The region of this HCP code, or None."""
    return Region.objects.select_related("hub", "profile").filter(code=code).first()


def province_by_code(code, region=None):
    """The province or prefecture of this code (in ``region`` when given), or None."""
    provinces = Province.objects.select_related("region__profile", "profile")
    if region is not None:
        provinces = provinces.filter(region=region)
    return provinces.filter(code=code).first()


def commune_by_code(code, province):
    """A commune of this province, with its census profile, or None."""
    return Commune.objects.select_related("profile").filter(
        code=code, province=province).first()


def province_communes(province):
    """The communes of a province with their census profiles, by name."""
    return province.communes.select_related("profile").order_by("name", "code")


def regions_with_profiles():
    return Region.objects.select_related("hub", "profile").order_by("code")


def region_provinces(region):
    return region.provinces.select_related("profile").order_by("code")


def national_profile():
    return TerritoryProfile.objects.filter(code=TerritoryProfile.COUNTRY_CODE).first()


def cooperatives_by_sector(*, region=None, province=None, commune=None):
    """{sector slug: count} of the organisations the registered directory lists here."""
    found = hooks.directory()
    if found is None:
        return {}
    return found.counts_by_sector(region=region, province=province, commune=commune)


def cooperatives_by_sector_in(level, territories):
    """{territory pk: {sector slug: count}} for many regions, provinces or communes at once
    (``level`` names which), from the registered directory."""
    found = hooks.directory()
    if found is None or found.counts_by_sector_in is None:
        return {}
    return found.counts_by_sector_in(level, list(territories))


def sectors_by_slug(slugs):
    """The directory's sector objects for these slugs (to link promising sectors)."""
    found = hooks.directory()
    if found is None:
        return {}
    return found.sectors_by_slug(list(slugs))


def directory_url(**filters):
    """The registered directory's page filtered by territory or sector, or ""."""
    found = hooks.directory()
    return found.url(**filters) if found is not None else ""


def region_activity(region, *, with_items=False, limit=LATEST_LIMIT):
    """What the apps above register for a region: label, count, link (and latest items)."""
    panels = []
    for activity in hooks.activities():
        panels.append({
            "key": activity.key,
            "count_label": activity.count_label,
            "link_label": activity.link_label,
            "template": activity.template,
            "count": activity.count(region),
            "url": activity.url(region),
            "items": activity.latest(region, limit) if with_items else [],
        })
    return panels


def search_communes(queryset, query):
    """Communes whose Arabic or French name, or code, holds every word of ``query``.

    Names go through the site's one search normalisation (ess_platform/kernel/search.py). The
    communes are a fixed reference list (1,503 nationally), so their names are normalised
    here rather than stored in a search column.
    """
    terms = search_terms(query)
    if not terms:
        return queryset
    rows = Commune.objects.values_list("pk", "code", "name_ar", "name_fr")
    matches = [pk for pk, *texts in rows.iterator(chunk_size=2000)
               if all(term in normalize(" ".join(t or "" for t in texts)) for term in terms)]
    return queryset.filter(pk__in=matches)
