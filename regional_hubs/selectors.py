"""Reads shared by the pages, the API and the exports, each with its select/prefetch.

The cooperatives and events apps depend on this one, not the reverse: their models are
looked up through the app registry, never imported, so ``regional_hubs`` keeps no import of
them.
"""

from django.apps import apps
from django.db.models import Count, Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ess_platform.search import normalize, search_terms

from .models import Commune, HubService, Province, Region, RegionalHub, TerritoryProfile

LATEST_LIMIT = 5


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
    hub = (
        RegionalHub.objects.public().select_related("region")
        .prefetch_related("services", "contacts", "partners", "milestones")
        .filter(slug=slug)
        .first()
    )
    if hub is None:
        raise Http404(_("No regional hub has this address."))
    return hub


def region_by_slug(slug):
    region = Region.objects.select_related("hub", "profile").filter(slug=slug).first()
    if region is None:
        raise Http404(_("No region has this address."))
    return region


def region_by_code(code):
    region = Region.objects.select_related("hub", "profile").filter(code=code).first()
    if region is None:
        raise Http404(_("No region has this code."))
    return region


def province_by_code(code, region=None):
    provinces = Province.objects.select_related("region__profile", "profile")
    if region is not None:
        provinces = provinces.filter(region=region)
    province = provinces.filter(code=code).first()
    if province is None:
        raise Http404(_("No province or prefecture has this code."))
    return province


def commune_by_code(code, province):
    """A commune of this province, with its census profile; 404 when it is not there."""
    commune = Commune.objects.select_related("profile").filter(
        code=code, province=province).first()
    if commune is None:
        raise Http404(_("No commune of this province has this code."))
    return commune


def province_communes(province):
    """The communes of a province with their census profiles, by name."""
    return province.communes.select_related("profile").order_by("name", "code")


def regions_with_profiles():
    return Region.objects.select_related("hub", "profile").order_by("code")


def region_provinces(region):
    return region.provinces.select_related("profile").order_by("code")


def national_profile():
    return TerritoryProfile.objects.filter(code=TerritoryProfile.COUNTRY_CODE).first()


def _model(app_label, model_name):
    if not apps.is_installed(app_label):
        return None
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def cooperatives_by_sector(*, region=None, province=None, commune=None):
    """{sector slug: count} of the published cooperatives of a territory."""
    cooperative = _model("cooperatives", "Cooperative")
    if cooperative is None:
        return {}
    cooperatives = cooperative.objects.public()
    if commune is not None:
        cooperatives = cooperatives.filter(commune=commune)
    elif province is not None:
        cooperatives = cooperatives.filter(province=province)
    elif region is not None:
        cooperatives = cooperatives.filter(region=region)
    rows = cooperatives.values("sector__slug").annotate(count=Count("pk")).order_by()
    return {row["sector__slug"]: row["count"] for row in rows}


def sectors_by_slug(slugs):
    """The cooperatives app's Sector rows for these slugs (to link promising sectors)."""
    sector = _model("cooperatives", "Sector")
    if sector is None:
        return {}
    return {s.slug: s for s in sector.objects.filter(slug__in=list(slugs))}


def latest_cooperatives(region, limit=LATEST_LIMIT):
    """The region's most recently listed published cooperatives, with their sector."""
    cooperative = _model("cooperatives", "Cooperative")
    if cooperative is None:
        return []
    return list(
        cooperative.objects.public().filter(region=region)
        .select_related("sector", "province")
        .order_by("-pk")[:limit]
    )


def upcoming_events(region, limit=LATEST_LIMIT, now=None):
    """The region's next published events (running ones included)."""
    event = _model("events", "Event")
    if event is None:
        return []
    return list(
        event.objects.public().filter(region=region, ends_at__gte=now or timezone.now())
        .order_by("starts_at", "pk")[:limit]
    )


def region_counts(region):
    """How many published cooperatives and upcoming events the region has."""
    counts = {}
    cooperative = _model("cooperatives", "Cooperative")
    if cooperative is not None:
        counts["cooperatives"] = cooperative.objects.public().filter(region=region).count()
    event = _model("events", "Event")
    if event is not None:
        counts["events"] = event.objects.public().filter(
            region=region, ends_at__gte=timezone.now()).count()
    return counts


def search_communes(queryset, query):
    """Communes whose Arabic or French name, or code, holds every word of ``query``.

    Names go through the site's one search normalisation (ess_platform/search.py). The
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
