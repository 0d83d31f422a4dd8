"""What the home page shows: national figures from the directory, the next events, the
calls open for ideas and the newest cooperatives with a photo.

Every read is bounded (aggregates and short slices); the figures and the newest
cooperatives are cached per directory version (cooperatives/cache.py), so a change to the
directory shows at once and an unchanged one costs a primary-key query.
"""

from django.core.cache import cache
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cooperatives.cache import TTL, directory_key
from cooperatives.directory import attach_card_photos
from cooperatives.models import Cooperative
from events.models import Event
from projects_bank.models import Call
from regional_hubs.maps import legend_rows, render_map
from regional_hubs.models import Region

EVENTS, CALLS, NEWEST = 3, 3, 4


def national_figures():
    """Cooperatives, members and the women's share, nationally and by region, with the
    regions' map shaded by the number of cooperatives: three queries, cached."""
    key = directory_key("home-figures", get_language())
    figures = cache.get(key)
    if figures is not None:
        return figures
    public = Cooperative.objects.public().order_by()
    totals = public.aggregate(cooperatives=Count("pk"), members=Sum("members_count"),
                              women=Sum("women_members"))
    by_region = {row["region"]: row for row in public.values("region").annotate(
        cooperatives=Count("pk"), members=Sum("members_count"), women=Sum("women_members"))}
    regions = []
    for region in Region.objects.order_by("code"):
        row = by_region.get(region.pk, {})
        regions.append({"code": region.code, "name": region.name,
                        "url": reverse("regional_hubs:region", args=[region.slug]),
                        "cooperatives": row.get("cooperatives", 0),
                        "members": row.get("members") or 0,
                        "women_share": _share(row.get("women"), row.get("members"))})
    result = render_map(
        "regions", values={r["code"]: r["cooperatives"] for r in regions},
        links={r["code"]: r["url"] for r in regions},
        names={r["code"]: r["name"] for r in regions},
        title=_("Cooperatives by region"), width=360)
    figures = {
        "cooperatives": totals["cooperatives"],
        "members": totals["members"] or 0,
        "women_share": _share(totals["women"], totals["members"]),
        "regions": sorted(regions, key=lambda r: -r["cooperatives"]),
        "map": result.svg,
        "legend": legend_rows(result.legend),
    }
    cache.set(key, figures, TTL)
    return figures


def _share(part, whole):
    return round(100 * part / whole, 1) if part and whole else 0


def upcoming_events(now=None):
    return list(Event.objects.public().filter(ends_at__gte=now or timezone.now())
                .exclude(status=Event.Status.CANCELLED).select_related("region")
                .order_by("starts_at", "pk")[:EVENTS])


def open_calls(now=None):
    return list(Call.objects.public().filter(Call.accepting_ideas(now))
                .select_related("region").order_by("closes_at", "pk")[:CALLS])


def newest_cooperatives():
    """The newest published cooperatives that show a photo, among the forty newest (the
    newest ones when none has one): three queries, cached."""
    key = directory_key("home-newest", get_language())
    rows = cache.get(key)
    if rows is None:
        newest = attach_card_photos(Cooperative.objects.public().select_related(
            "sector", "region").order_by("-created_at", "-pk")[:NEWEST * 10])
        rows = ([c for c in newest if c.card_photo] or newest)[:NEWEST]
        cache.set(key, rows, TTL)
    return rows


def home_context():
    return {
        "figures": national_figures(),
        "events": upcoming_events(),
        "calls": open_calls(),
        "newest": newest_cooperatives(),
    }
