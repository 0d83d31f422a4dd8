"""What the directory page adds to its list: sort orders, a photo for each card, how many
cooperatives each filter value would give, and wider filters when nothing matches.

Every function here makes a bounded number of queries: one per facet, one per active
filter (only when the list is empty), one for the photos of the rows shown.
"""

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regional_hubs.interactive import interactive_map
from regional_hubs.maps import legend_rows, render_map
from regional_hubs.models import Province, Region

from . import selectors
from .models import Product

#: The directory's orders: value of ?sort= -> (label, order_by keys). Name is the default.
SORTS = {
    "name": (gettext_lazy("Name"), ("name", "pk")),
    "newest": (gettext_lazy("Newest first"), ("-created_at", "-pk")),
    "members": (gettext_lazy("Most members first"), ("-members_count", "pk")),
}
#: The filters counted per value, and the model field each one groups by.
FACETS = {"region": "region", "province": "province", "sector": "sector",
          "women_led": "women_led", "youth_led": "youth_led"}
#: Dropping a filter drops the narrower ones that depend on it.
DEPENDENTS = {"region": ("province", "commune"), "province": ("commune",)}
#: The filters a visitor may be offered to drop, in the order of the form.
WIDENABLE = ("region", "province", "commune", "sector", "women_led", "youth_led")


def sorted_list(queryset, sort):
    """The list in the chosen order (a search keeps its relevance order without one)."""
    if sort in SORTS and sort != "name":
        return queryset.order_by(*SORTS[sort][1])
    return queryset


def attach_card_photos(cooperatives):
    """Give each cooperative (a list of fetched rows) ``card_photo``: the thumbnail of its
    first product that has one ("" when none), in one query for all of them. Done after the
    page's rows are fetched: a per-row subquery would run for every row the list sorts."""
    cooperatives = list(cooperatives)
    photos = {}
    if cooperatives:
        rows = (Product.objects.public()
                .filter(cooperative__in=[c.pk for c in cooperatives]).exclude(thumbnail="")
                .order_by("cooperative", "pk").values_list("cooperative", "thumbnail"))
        for cooperative_id, thumbnail in rows:
            photos.setdefault(cooperative_id, thumbnail)
    for cooperative in cooperatives:
        cooperative.card_photo = photos.get(cooperative.pk, "")
    return cooperatives


def _without(filters, key):
    wider = {**filters, key: None}
    for dependent in DEPENDENTS.get(key, ()):
        wider[dependent] = None
    return wider


def facet_counts(filters):
    """{facet: {value: count}}: each filter's values counted with every other filter
    applied, one GROUP BY per facet (the province facet once a region is chosen)."""
    counts = {}
    if filters.get("women_led") is None and filters.get("youth_led") is None:
        # Neither is chosen: both are counted over the same rows, in one query.
        totals = selectors.cooperative_list(**filters).order_by().aggregate(
            **{f"{facet}_{value}": Count("pk", filter=Q(**{facet: value}))
               for facet in ("women_led", "youth_led") for value in (True, False)})
        for facet in ("women_led", "youth_led"):
            counts[facet] = {value: totals[f"{facet}_{value}"] for value in (True, False)}
    for facet, field in FACETS.items():
        if facet in counts or (facet == "province" and filters.get("region") is None):
            continue
        rows = (selectors.cooperative_list(**_without(filters, facet)).order_by()
                .values(field).annotate(count=Count("pk")).order_by())
        counts[facet] = {row[field]: row["count"] for row in rows}
    return counts


def _with_count(label, count):
    return f"{label} ({number_format(count, force_grouping=True)})"


def label_counts(form, counts):
    """Print each filter value's count in the form's option labels."""
    for facet in ("region", "province", "sector"):
        if facet not in counts:
            continue
        field, by_pk = form.fields[facet], counts[facet]
        field.label_from_instance = (
            lambda obj, by_pk=by_pk: _with_count(obj.name, by_pk.get(obj.pk, 0)))
        # The widget copied its choices when the form was built: give it the new labels.
        field.widget.choices = field.choices
    for facet in ("women_led", "youth_led"):
        field, by_value = form.fields[facet], counts.get(facet, {})
        field.choices = [
            (value, label if value == "" else _with_count(label, by_value.get(value == "1", 0)))
            for value, label in field.choices]


def _shown(form, key):
    """'Sector: Argan': how a filter reads in a suggestion."""
    field = form.fields[key]
    value = form.cleaned_data.get(key)
    if hasattr(value, "name"):
        shown = value.name
    else:
        shown = _("Yes") if value else _("No")
    return f"{field.label}: {shown}"


def wider_filters(form, query):
    """When the filters match nothing: each active filter dropped in turn, with how many
    cooperatives would then match, fewest first (the closest to what was asked); none that
    would still give nothing. ``query`` is the page's QueryDict (kept: q, sort)."""
    filters = form.filters()
    suggestions = []
    for key in WIDENABLE:
        if filters.get(key) is None:
            continue
        wider = _without(filters, key)
        count = selectors.cooperative_list(**wider).count()
        if not count:
            continue
        kept = {name: value for name, value in query.items()
                if name != "page" and name != key and name not in DEPENDENTS.get(key, ())
                and value}
        suggestions.append({"label": _shown(form, key), "count": count,
                            "url": "?" + urlencode(kept)})
    return sorted(suggestions, key=lambda s: s["count"])


def fallback_map(form, counts, query):
    """The map without script: regions (or the chosen region's provinces) shaded by how
    many cooperatives match, each linking to the directory narrowed to it."""
    region = form.cleaned_data.get("region") if form.is_valid() else None
    kept = {name: value for name, value in query.items()
            if value and name not in ("page", "region", "province", "commune")}
    if region is None:
        territories = Region.objects.order_by("code")
        by_pk, level, key = counts.get("region", {}), "regions", "region"
    else:
        territories = Province.objects.filter(region=region).order_by("code")
        by_pk, level, key = counts.get("province", {}), "provinces", "province"
    values, links, names = {}, {}, {}
    for territory in territories:
        values[territory.code] = by_pk.get(territory.pk, 0)
        names[territory.code] = territory.name
        narrowed = {**kept, key: territory.code}
        if region is not None:
            narrowed["region"] = region.code
        links[territory.code] = "?" + urlencode(narrowed)
    title = _("Cooperatives found, by region") if region is None \
        else _("Cooperatives found, by province or prefecture")
    result = render_map(level, region_code=region.code if region else None, values=values,
                        links=links, names=names, title=title)
    return render_to_string("regional_hubs/includes/map.html", {
        "map": result, "legend": legend_rows(result.legend),
        "indicator": {"label": _("Cooperatives found")},
    })


def directory_context(request, form, cooperatives):
    """The sorted list and what the page shows around it: filter values
    with their counts (printed in the form), the interactive map with its fallback, and a
    callable for the wider filters (the template calls it only when the list is empty)."""
    sort = request.GET.get("sort", "")
    cooperatives = sorted_list(cooperatives, sort)
    counts = {}
    if form.is_valid():
        counts = facet_counts(form.filters())
        label_counts(form, counts)
    region = form.cleaned_data.get("region") if form.is_valid() else None
    query = request.GET.copy()
    query.pop("page", None)
    filters_query = {name: value for name, value in query.items() if value and name != "sort"}
    interactive = interactive_map(
        map_id="directory-map", title=_("Map of the cooperatives"),
        fallback=fallback_map(form, counts, query), region=region,
        clusters_url=reverse("cooperatives:map_clusters"), query=urlencode(filters_query),
        with_list=True, kind=_("Cooperatives: %s"))
    return cooperatives, {
        "map": interactive,
        "wider_filters": (lambda: wider_filters(form, query)) if form.is_valid() else None,
    }
