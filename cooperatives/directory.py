"""What the directory page adds to its list: sort orders, a photo for each card, how many
cooperatives each filter value would give, and wider filters when nothing matches.

Without a search or a commune, the counts of every facet, the list's total and the wider
filters' counts are sums over the facet summary (one row of groups per directory version,
``facet_groups``); with one, one grouped query gives them. One more query gives the rows
shown, with their photos. A search groups at most COUNT_CAP + 1 matches: past that, the
page says "more than" (the total counted up to the cap in the same statement when other
filters narrow it) and the filters show no counts.
"""

import json
from urllib.parse import urlencode

from django.db import connections
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ess_platform.kernel.pagination import (
    COUNT_CAP,
    Anchors,
    anchor_column,
    anchor_signature,
    first_keys,
)
from regional_hubs.interactive import interactive_map
from regional_hubs.maps import legend_rows, render_map

from . import selectors
from .cache import cached_rows, current_version, held
from .models import Cooperative, FacetSummary, Product

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


def with_card_photos(queryset):
    """The list with ``card_photo`` on each row (as ``attach_card_photos`` gives it), read
    in the rows' own query: the database computes it for the page's rows only (after the
    sort and the limit, or on the keys of a deferred join)."""
    photo = (Product.objects.unscoped().filter(cooperative=OuterRef("pk"))
             .exclude(thumbnail="").order_by("pk").values("thumbnail")[:1])
    return queryset.annotate(card_photo=Coalesce(Subquery(photo), Value(""),
                                                 output_field=CharField()))


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


def _active(filters):
    """{filter: value as a grouped row holds it} of the chosen filters (not the search)."""
    active = {}
    for key in WIDENABLE:
        value = filters.get(key)
        if value is None:
            continue
        active[key] = True if key == "commune" else getattr(value, "pk", value)
    return active


def _dropped(key):
    return {key, *DEPENDENTS.get(key, ())}


def _conditions(active, skip=frozenset()):
    """[(grouped column, value)] of the active filters but ``skip``."""
    return [("in_commune" if key == "commune" else key, value)
            for key, value in active.items() if key not in skip]


def _sum(rows, active, skip=frozenset()):
    """How many cooperatives of the grouped rows match every active filter but ``skip``."""
    wanted = _conditions(active, skip)
    return sum(row["count"] for row in rows
               if all(row[column] == value for column, value in wanted))


#: The columns of a FacetSummary group, before its count, and their positions.
SUMMARY_KEYS = ("region", "province", "sector", "women_led", "youth_led")
_POSITION = {name: i for i, name in enumerate(SUMMARY_KEYS)}


#: Builds the summary row from the grouped query (``{groups}``: columns ``{names}``) and
#: returns its groups, in one statement:
#: [[region_id, province_id, sector_id, women_led, youth_led, count], ...].
_BUILD_SUMMARY = {
    "postgresql": (
        "WITH g({names}) AS ({groups}) INSERT INTO {table} (id, version, groups) "
        "SELECT %s, %s, coalesce(jsonb_agg(jsonb_build_array({columns})), '[]'::jsonb) "
        "FROM g "
        "ON CONFLICT (id) DO UPDATE SET version = excluded.version, groups = excluded.groups "
        "RETURNING groups"),
    "sqlite": (
        "WITH g({names}) AS ({groups}) INSERT INTO {table} (id, version, groups) "
        "SELECT %s, %s, json_group_array(json_array({columns})) FROM g WHERE true "
        "ON CONFLICT (id) DO UPDATE SET version = excluded.version, groups = excluded.groups "
        "RETURNING groups"),
}


def facet_groups(version):
    """The summary's groups at this directory version: read once per process and version
    (``held``: one query, and 1.2 ms to decode its 7,000 groups, that every page missing the
    cache paid), built and kept by the first page that finds the summary older."""
    return _held_summary(version)["groups"]


def _held_summary(version):
    """{"groups": the summary's groups, "sums": {filters: count}}, kept in this process for
    this version (``summary_count`` sums each combination of filters once)."""
    return held("facet_summary", version, lambda: {"groups": _read_groups(version), "sums": {}})


def _read_groups(version, row=None):
    """A summary's groups at this directory version (one query), built and kept by the
    first page that finds it older (one more: the GROUP BY written as the summary and
    returned; pages at the same time may each build it, to the same result). ``row``: the
    summary (COOPERATIVES, the default, or PRODUCTS)."""
    row = row or COOPERATIVES
    groups = (FacetSummary.objects.filter(pk=row, version=version)
              .values_list("groups", flat=True).first())
    if groups is not None:
        return groups
    grouped, keys = _SUMMARIES[row]()
    connection = connections[grouped.db]
    if connection.vendor not in _BUILD_SUMMARY:  # another database: counted, not kept
        return [list(group) for group in grouped]
    compiler = grouped.query.get_compiler(connection=connection)
    sql, params = compiler.as_sql()
    # The compiled SELECT lists the columns in an order of its own: each one named by
    # position in the CTE, then written in the summary's order.
    selected = [alias or getattr(getattr(expression, "target", None), "name", None)
                for expression, _sql, alias in compiler.select]
    statement = _BUILD_SUMMARY[connection.vendor].format(
        groups=sql, table=connection.ops.quote_name(FacetSummary._meta.db_table),
        names=", ".join(f"c{i}" for i in range(len(selected))),
        columns=", ".join(f"g.c{selected.index(key)}" for key in (*keys, "count")))
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, row, version])
        groups = cursor.fetchone()[0]
    return json.loads(groups) if isinstance(groups, str) else groups


def page_anchors(queryset):
    """The ``Anchors`` of a whole directory list (``queryset``: every published
    cooperative or product, in a language's name order) at this directory version, kept in
    this process: built by its first deep page of the version (one statement that walks
    the list's order: 150 ms at 650,000 cooperatives). None on another database than
    PostgreSQL or for a list not in (name, key) order."""
    if connections[queryset.db].vendor != "postgresql" or anchor_column(queryset) is None:
        return None
    return held(f"anchors:{anchor_signature(queryset)}", current_version(),
                lambda: Anchors.build(queryset))


#: The facet summary's rows (FacetSummary's id): the published cooperatives, and their
#: products.
COOPERATIVES, PRODUCTS = 1, 2
#: The columns of a products summary group, before its count.
PRODUCT_KEYS = ("region", "sector", "available")


def _grouped_cooperatives():
    return (selectors.cooperative_list().order_by().values_list(*SUMMARY_KEYS)
            .annotate(count=Count("pk")), SUMMARY_KEYS)


def _grouped_products():
    available = ExpressionWrapper(~Q(availability=Product.Availability.UNAVAILABLE),
                                  output_field=BooleanField())
    return (Product.objects.public().order_by().annotate(available=available)
            .values_list(*PRODUCT_KEYS).annotate(count=Count("pk")), PRODUCT_KEYS)


_SUMMARIES = {COOPERATIVES: _grouped_cooperatives, PRODUCTS: _grouped_products}


def product_summary_count(*, region=None, sector=None, available=None):
    """How many products of the published cooperatives a products list filtered by region,
    sector (rows or None) and ``available`` (True: those that can be had now; else any)
    holds, from the products summary: read once per process and directory version, built
    by the first list that finds it older. A list of the country's 1.3 million products at
    ten times the data was counted in 75 ms each time."""
    version = current_version()
    summary = held("product_summary", version,
                   lambda: {"groups": _read_groups(version, PRODUCTS), "sums": {}})
    return _summed(summary, tuple((position, value) for position, value in (
        (0, getattr(region, "pk", None)), (1, getattr(sector, "pk", None)),
        (2, True if available else None)) if value is not None))


def _summed(summary, wanted):
    """The count of a held summary's groups whose columns hold these values ((position,
    value), ...), summed once a version for each combination."""
    count = summary["sums"].get(wanted)
    if count is None:
        count = summary["sums"][wanted] = sum(
            group[-1] for group in summary["groups"]
            if all(group[i] == value for i, value in wanted))
    return count


def summary_count(filters):
    """How many published cooperatives match these filters (region, province, sector:
    rows; women_led, youth_led: booleans; None: any; no commune), from the summary."""
    return _summed(_held_summary(current_version()), tuple(
        (_POSITION[key], value) for key, value in _active(filters).items()))


def summary_by_sector(level):
    """{region or province pk (``level``): {sector pk: count}} of the published
    cooperatives, from the facet summary (summed once a version in this process)."""
    summary = _held_summary(current_version())
    key = ("by_sector", level)
    counts = summary["sums"].get(key)
    if counts is None:
        position, sector = _POSITION[level], _POSITION["sector"]
        counts = {}
        for group in summary["groups"]:
            by_sector = counts.setdefault(group[position], {})
            by_sector[group[sector]] = by_sector.get(group[sector], 0) + group[-1]
        summary["sums"][key] = counts
    return counts


def _summary_rows(groups, active, keys):
    """What the grouped query gives for these filters (no search, no commune), summed from
    the summary's groups in memory."""
    kept = [[(_POSITION[other], value) for other, value in active.items()
             if other not in _dropped(key)] for key in active]
    # One filter dropped with all the others it narrows: every row counts.
    wider = all(kept) if active else False
    totals = {}
    for group in groups:
        if wider and not any(all(group[i] == value for i, value in conditions)
                             for conditions in kept):
            continue
        key = tuple(group[_POSITION[name]] for name in keys)
        totals[key] = totals.get(key, 0) + group[-1]
    return [{**dict(zip(keys, key, strict=True)), "count": count}
            for key, count in totals.items()]


def _commune_rows(commune, keys):
    """The groups of a page filtered by a commune (no search): its own cooperatives grouped
    by ``keys`` (``in_commune`` true; one indexed query over a few dozen rows), and every
    other published cooperative from the facet summary (``in_commune`` false: each group's
    count less the commune's). Without the summary, the grouped query read every row of
    the country to tell the commune's from the others: 68 ms at 65,000 rows, ten times
    that at ten times the data."""
    inside = cached_rows(selectors.cooperative_list(commune=commune).order_by()
                         .values(*keys).annotate(count=Count("pk")).order_by())
    own = {tuple(row[key] for key in keys): row["count"] for row in inside}
    rows = [{**row, "in_commune": True} for row in inside]
    for row in _summary_rows(facet_groups(current_version()), {}, keys):
        rest = row["count"] - own.get(tuple(row[key] for key in keys), 0)
        if rest:
            rows.append({**row, "in_commune": False, "count": rest})
    return rows


def grouped_counts(filters, *, cap=True, summary=True, listed=None):
    """The matching cooperatives counted by region, province, sector, women-led, youth-led
    (and in the chosen commune or not), in one GROUP BY over the rows that match every
    filter but at most one (with its narrower ones): each facet's counts, the list's total
    and each wider filter's count are sums of these groups. Without a search or a commune,
    the groups are summed from the directory's FacetSummary instead (``summary=False``:
    counted by the database all the same). ``listed``: the page's own list of these
    filters (``selectors.cooperative_list(**filters)``), reused rather than searched again."""
    active = _active(filters)
    keys = ["region", "sector", "women_led", "youth_led"]
    if "region" in active or "province" in active:
        # Provinces are counted once a region is chosen (or filtered by one): the whole
        # country's rows would otherwise come back as ~1,900 groups instead of ~330.
        keys.append("province")
    if summary and not filters.get("q") and "commune" not in active:
        return {"rows": _summary_rows(facet_groups(current_version()), active, keys),
                "active": active, "capped": False, "matching": None}
    if summary and not filters.get("q"):
        return {"rows": _commune_rows(filters["commune"], keys), "active": active,
                "capped": False, "matching": None}
    # The rows of the search alone: the page's own list when no other filter is active.
    queryset = (listed if listed is not None and not active
                else selectors.cooperative_list(q=filters.get("q", ""))).order_by()
    if "commune" in active:
        queryset = queryset.annotate(in_commune=ExpressionWrapper(
            Q(commune=filters["commune"]), output_field=BooleanField()))
        keys.append("in_commune")
    if active:
        conditions = {key: Q(**{field: filters[key]})
                      for key, field in {**FACETS, "commune": "commune"}.items()
                      if key in active}
        kept = [[q for other, q in conditions.items() if other not in _dropped(key)]
                for key in active]
        if all(kept):  # one filter dropped with all the others it narrows: every row counts
            wider = Q()
            for conditions_kept in kept:
                wider |= Q(*conditions_kept)
            queryset = queryset.filter(wider)
    searched = cap and bool(filters.get("q"))
    if searched:
        # A search's matches are grouped up to the cap: a word found in a third of the
        # country is not counted over 21,000 rows to show twenty.
        queryset = Cooperative.objects.unscoped().filter(
            pk__in=first_keys(queryset, COUNT_CAP + 1))
        if "commune" in active:
            queryset = queryset.annotate(in_commune=ExpressionWrapper(
                Q(commune=filters["commune"]), output_field=BooleanField()))
        if active:
            # The rows matching every filter, counted up to the cap in the same statement
            # (the groups hold only a part of them when the cap is reached).
            strict = (listed if listed is not None
                      else selectors.cooperative_list(**filters)).order_by().values("pk")
            counted = Cooperative.objects.unscoped().filter(
                pk__in=first_keys(strict, COUNT_CAP + 1)).order_by().annotate(
                n=Func(F("pk"), function="COUNT", output_field=IntegerField())).values("n")
            queryset = queryset.annotate(matching=Subquery(counted))
            keys.append("matching")
    # Shared by every page, order and language of these filters (cooperatives/cache.py).
    rows = cached_rows(queryset.values(*keys).annotate(count=Count("pk")).order_by())
    capped = searched and sum(row["count"] for row in rows) > COUNT_CAP
    return {"rows": rows, "active": active, "capped": capped,
            "matching": rows[0]["matching"] if capped and active else None}


def facet_counts(filters, grouped=None):
    """{facet: {value: count}}: each filter's values counted with every other filter
    applied (the province facet once a region is chosen); none when a search's groups
    stopped at the cap."""
    grouped = grouped or grouped_counts(filters)
    rows, active = grouped["rows"], grouped["active"]
    counts = {}
    if grouped.get("capped"):  # the groups hold a part of the matches only
        return counts
    for facet in FACETS:
        if facet == "province" and filters.get("region") is None:
            continue
        by_value = counts[facet] = {}
        wanted = _conditions(active, skip=_dropped(facet))  # once a facet, not once a row
        for row in rows:
            if all(row[column] == value for column, value in wanted):
                by_value[row[facet]] = by_value.get(row[facet], 0) + row["count"]
    return counts


def matching_count(grouped):
    """How many cooperatives match every filter (the list's total), or COUNT_CAP + 1 for
    more than COUNT_CAP matches of a search."""
    if not grouped.get("capped"):
        return _sum(grouped["rows"], grouped["active"])
    if not grouped["active"]:  # the groups are the matches themselves
        return COUNT_CAP + 1
    return grouped["matching"]


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


def wider_filters(form, query, grouped=None):
    """When the filters match nothing: each active filter dropped in turn, with how many
    cooperatives would then match, fewest first (the closest to what was asked); none that
    would still give nothing. ``query`` is the page's QueryDict (kept: q, sort);
    ``grouped`` the page's grouped_counts."""
    filters = form.filters()
    grouped = grouped or grouped_counts(filters)
    if grouped.get("capped"):
        # Counted over every match (rare: the page asks for them when its list is empty).
        grouped = grouped_counts(filters, cap=False)
    suggestions = []
    for key in WIDENABLE:
        if filters.get(key) is None:
            continue
        count = _sum(grouped["rows"], grouped["active"], _dropped(key))
        if not count:
            continue
        kept = {name: value for name, value in query.items()
                if name != "page" and name != key and name not in DEPENDENTS.get(key, ())
                and value}
        suggestions.append({"label": _shown(form, key), "count": count,
                            "url": "?" + urlencode(kept)})
    return sorted(suggestions, key=lambda s: s["count"])


def fallback_map(form, counts, query, reference):
    """The map without script: regions (or the chosen region's provinces) shaded by how
    many cooperatives match, each linking to the directory narrowed to it. ``reference``:
    cooperatives.cache.reference_data."""
    region = form.cleaned_data.get("region") if form.is_valid() else None
    kept = {name: value for name, value in query.items()
            if value and name not in ("page", "region", "province", "commune")}
    if region is None:
        territories = reference["regions"]
        by_pk, level, key = counts.get("region", {}), "regions", "region"
    else:
        territories = [province for province in reference["provinces"]
                       if province.region_id == region.pk]
        by_pk, level, key = counts.get("province", {}), "provinces", "province"
    values, links, names = {}, {}, {}
    counted = key in counts  # not when a search's count stopped at the cap
    for territory in territories:
        if counted:
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


def directory_context(request, form, cooperatives, reference):
    """The sorted list and what the page shows around it: filter values
    with their counts (printed in the form), the list's total (``count``), the interactive
    map with its fallback, and a callable for the wider filters (the template calls it only
    when the list is empty). ``reference``: cooperatives.cache.reference_data."""
    sort = request.GET.get("sort", "")
    cooperatives = sorted_list(cooperatives, sort)
    counts, grouped = {}, None
    if form.is_valid():
        grouped = grouped_counts(form.filters(), listed=cooperatives)
        counts = facet_counts(form.filters(), grouped)
        label_counts(form, counts)
    region = form.cleaned_data.get("region") if form.is_valid() else None
    query = request.GET.copy()
    query.pop("page", None)
    filters_query = {name: value for name, value in query.items() if value and name != "sort"}
    interactive = interactive_map(
        map_id="directory-map", title=_("Map of the cooperatives"),
        fallback=fallback_map(form, counts, query, reference), region=region,
        clusters_url=reverse("cooperatives:map_clusters"), query=urlencode(filters_query),
        with_list=True, kind=_("Cooperatives: %s"))
    count = matching_count(grouped) if grouped else 0
    return cooperatives, {
        "count": count,
        # More than COUNT_CAP matches: the count stopped there ("more than").
        "capped": count > COUNT_CAP,
        "map": interactive,
        "wider_filters": ((lambda: wider_filters(form, query, grouped)) if form.is_valid()
                          else None),
    }
