from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ess_platform.kernel import jsonld
from ess_platform.kernel.page_sections import render_sections

from . import selectors
from .interactive import interactive_map
from .maps import MapPoint, colour_of, legend_rows, render_map
from .models import RegionalHub
from .territory import (
    DEFAULT_MAP_INDICATOR,
    INDICATOR_BY_KEY,
    MAP_INDICATORS,
    SECTOR_LABELS,
    indicator_rows,
    promising_sectors,
)


def _found(value, message):
    """The page's object, or a 404 saying which address names nothing."""
    if value is None:
        raise Http404(message)
    return value


def _region(slug):
    return _found(selectors.region_by_slug(slug), _("No region has this address."))


def _province(code, region):
    return _found(selectors.province_by_code(code, region=region),
                  _("No province or prefecture has this code."))


@require_safe
def region_list(request):
    regions = list(selectors.regions_with_profiles())
    fallback = render_map("regions", links={r.code: r.get_absolute_url() for r in regions},
                          names={r.code: r.name for r in regions},
                          title=_("Map of the regions"))
    return render(request, "regional_hubs/region_list.html", {
        "regions": regions,
        "map": interactive_map(map_id="regions-map", title=_("Map of the regions"),
                               fallback=fallback),
    })


@require_safe
def hub_list(request):
    status = request.GET.get("status", "")
    if status not in RegionalHub.Status.values:
        status = ""
    hubs = list(selectors.hub_list(status=status))
    points = [MapPoint(h.latitude, h.longitude, h.name, h.get_absolute_url()) for h in hubs]
    title = _("Map of the regional hubs")
    result = render_map("regions", points=points, title=title)
    return render(request, "regional_hubs/hub_list.html", {
        "hubs": hubs,
        "status": status,
        "statuses": RegionalHub.Status.choices,
        "map": result,
        "interactive": interactive_map(
            map_id="hubs-map", title=title, fallback=result.svg,
            points=[{"lat": h.latitude, "lng": h.longitude, "name": h.name,
                     "url": h.get_absolute_url(), "detail": h.region.name} for h in hubs]),
    })


def hub_json_ld(hub, request):
    """schema.org Organization for a regional hub: address, place and the region it serves."""
    address = jsonld.postal_address(street=hub.address, region=hub.region.name)
    return jsonld.script({
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": hub.name,
        "description": hub.description,
        "url": request.build_absolute_uri(hub.get_absolute_url()),
        "email": hub.email,
        "telephone": hub.phone,
        "sameAs": hub.website,
        "address": address,
        "location": jsonld.geo_place(latitude=hub.latitude, longitude=hub.longitude,
                                     name=hub.name, address=address),
        "areaServed": {"@type": "AdministrativeArea", "name": hub.region.name},
    })


@require_safe
def hub_detail(request, slug):
    hub = _found(selectors.hub_for_page(slug), _("No regional hub has this address."))
    region = hub.region
    point = [MapPoint(hub.latitude, hub.longitude, hub.name)]
    title = _("Location of the hub")
    location = render_map("regions", points=point, highlight=region.code,
                          names={region.code: region.name}, title=title)
    return render(request, "regional_hubs/hub_detail.html", {
        "hub": hub,
        "map": location,
        "interactive": interactive_map(
            map_id="hub-map", title=title, highlight=region.code, highlight_label=region.name,
            fallback=render_to_string("regional_hubs/includes/map.html", {"map": location}),
            points=[{"lat": hub.latitude, "lng": hub.longitude, "name": hub.name,
                     "detail": hub.address or region.name}]),
        "activity": selectors.region_activity(region, with_items=True),
        "page_extras": render_sections("regional_hubs:hub", request, hub=hub),
        "json_ld": hub_json_ld(hub, request),
    })


def _region_map(region, provinces):
    """The region's provinces and prefectures, interactive over their SVG map."""
    title = _("Provinces and prefectures of the region")
    result = render_map("provinces", region_code=region.code,
                        names={p.code: p.name for p in provinces},
                        links={p.code: reverse("regional_hubs:province_needs",
                                               args=[region.slug, p.code])
                               for p in provinces},
                        title=title)
    return interactive_map(
        map_id="region-map", title=title, region=region,
        fallback=render_to_string("regional_hubs/includes/map.html", {"map": result}))


@require_safe
def region_detail(request, slug):
    region = _region(slug)
    provinces = list(selectors.region_provinces(region))
    return render(request, "regional_hubs/region_detail.html", {
        "region": region,
        "hub": getattr(region, "hub", None),
        "profile": getattr(region, "profile", None),
        "provinces": provinces,
        "activity": selectors.region_activity(region),
        "page_extras": render_sections("regional_hubs:region", request, region=region),
        "map": _region_map(region, provinces),
    })


def _chosen_indicator(request):
    key = request.GET.get("indicator", DEFAULT_MAP_INDICATOR)
    indicator = INDICATOR_BY_KEY.get(key)
    if indicator is None or indicator not in MAP_INDICATORS:
        indicator = INDICATOR_BY_KEY[DEFAULT_MAP_INDICATOR]
    return indicator


def _shaded_map(level, territories, indicator, *, region_code=None, highlight=None, link=None):
    values, names, links = {}, {}, {}
    for territory in territories:
        profile = getattr(territory, "profile", None)
        value = getattr(profile, indicator.key, None) if profile else None
        if value is not None:
            values[territory.code] = value
        names[territory.code] = territory.name
        if link:
            links[territory.code] = link(territory)
    result = render_map(level, region_code=region_code, values=values, names=names,
                        links=links, highlight=highlight, title=str(indicator.label),
                        unit="%" if indicator.unit == "percent" else "")
    return result, legend_rows(result.legend, "%" if indicator.unit == "percent" else "")


def _interactive_needs_map(territories, indicator, result, legend, *, region, highlight=None):
    """The shaded map of the needs pages, interactive over its SVG (fallback); with
    ``highlight`` (a province) that province outlined and in view."""
    colours = {}
    for territory in territories:
        profile = getattr(territory, "profile", None)
        colours[territory.code] = colour_of(
            getattr(profile, indicator.key, None) if profile else None, result.legend)
    return interactive_map(
        map_id="needs-map", title=str(indicator.label), region=region, colours=colours,
        highlight=highlight.code if highlight else "",
        highlight_label=highlight.name if highlight else "",
        fallback=render_to_string("regional_hubs/includes/map.html",
                                  {"map": result, "legend": legend, "indicator": indicator}),
        legend=[{"colour": row["colour"],
                 "label": f"{row['low']}{row['unit']} – {row['high']}{row['unit']}"}
                for row in legend])


def _table(territories, columns, url_for):
    """Rows of a territories-by-indicators table: name, link and one cell per column."""
    rows = []
    for territory in territories:
        profile = getattr(territory, "profile", None)
        rows.append({
            "name": territory.name,
            "url": url_for(territory) if url_for else "",
            "cells": [{"value": getattr(profile, c.key, None) if profile else None,
                       "unit": c.unit} for c in columns],
        })
    return rows


def _needs_context(request, profile, national, *, region, province=None, commune=None,
                   comparisons=()):
    counts = selectors.cooperatives_by_sector(region=region, province=province,
                                              commune=commune)
    sectors = promising_sectors(profile, national, region_code=region.code,
                                province_code=province.code if province else None,
                                cooperatives_by_sector=counts)
    known = selectors.sectors_by_slug(s["key"] for s in sectors)
    for sector in sectors:
        sector["sector"] = known.get(sector["key"])
        sector["cooperatives"] = counts.get(sector["key"], 0)
        sector["url"] = (selectors.directory_url(region=region, sector=sector["key"])
                         if sector["sector"] else "")
    return {
        "profile": profile,
        "national": national,
        "rows": indicator_rows(profile, *comparisons, national),
        "sectors": sectors,
        "indicators": MAP_INDICATORS,
        "indicator": _chosen_indicator(request),
    }


@require_safe
def national_needs(request):
    regions = list(selectors.regions_with_profiles())
    national = selectors.national_profile()
    indicator = _chosen_indicator(request)
    result, legend = _shaded_map(
        "regions", regions, indicator,
        link=lambda r: reverse("regional_hubs:region_needs", args=[r.slug]))
    table = _table(regions, MAP_INDICATORS,
                   lambda r: reverse("regional_hubs:region_needs", args=[r.slug]))
    if national is not None:
        table.append({"name": _("Morocco"), "url": "", "cells": [
            {"value": getattr(national, c.key), "unit": c.unit} for c in MAP_INDICATORS]})
    return render(request, "regional_hubs/needs_national.html", {
        "national": national, "indicator": indicator, "indicators": MAP_INDICATORS,
        "map": result, "legend": legend, "columns": MAP_INDICATORS, "table": table,
        "interactive": _interactive_needs_map(regions, indicator, result, legend, region=None),
    })


@require_safe
def region_needs(request, slug):
    region = _region(slug)
    provinces = list(selectors.region_provinces(region))
    national = selectors.national_profile()
    context = _needs_context(request, getattr(region, "profile", None), national, region=region)
    result, legend = _shaded_map(
        "provinces", provinces, context["indicator"], region_code=region.code,
        link=lambda p: reverse("regional_hubs:province_needs", args=[region.slug, p.code]))
    context.update({
        "region": region, "map": result, "legend": legend, "columns": MAP_INDICATORS,
        "table": _table(provinces, MAP_INDICATORS, lambda p: reverse(
            "regional_hubs:province_needs", args=[region.slug, p.code])),
        "territory_label": region.name, "comparison_labels": [_("Morocco")],
        "interactive": _interactive_needs_map(provinces, context["indicator"], result, legend,
                                              region=region),
    })
    return render(request, "regional_hubs/needs_region.html", context)


@require_safe
def province_needs(request, slug, code):
    region = _region(slug)
    provinces = list(selectors.region_provinces(region))
    # The province is one of its region's, read with them (and with its profile).
    province = _found(next((p for p in provinces if p.code == code), None),
                      _("No province or prefecture has this code."))
    province.region = region
    national = selectors.national_profile()
    region_profile = getattr(region, "profile", None)
    context = _needs_context(request, getattr(province, "profile", None), national,
                             region=region, province=province, comparisons=[region_profile])
    result, legend = _shaded_map(
        "provinces", provinces, context["indicator"], region_code=region.code,
        highlight=province.code,
        link=lambda p: reverse("regional_hubs:province_needs", args=[region.slug, p.code]))
    communes = list(selectors.province_communes(province))
    context.update({
        "region": region, "province": province, "map": result, "legend": legend,
        "interactive": _interactive_needs_map(provinces, context["indicator"], result, legend,
                                              region=region, highlight=province),
        "territory_label": province.name, "comparison_labels": [region.name, _("Morocco")],
        "communes": [{
            "commune": commune,
            "url": reverse("regional_hubs:commune_needs",
                           args=[region.slug, province.code, commune.code]),
            "value": getattr(getattr(commune, "profile", None), context["indicator"].key, None),
        } for commune in communes],
    })
    return render(request, "regional_hubs/needs_province.html", context)


def _sector_comparison(territories):
    """Rows of sector x territory: is the sector promising there? ``territories`` is a list
    of (label, promising sectors); every sector named somewhere gets a row."""
    keys = []
    for _label, sectors in territories:
        keys += [sector["key"] for sector in sectors if sector["key"] not in keys]
    rows = []
    for key in keys:
        cells = []
        for _label, sectors in territories:
            found = next((sector for sector in sectors if sector["key"] == key), None)
            cells.append(found["score"] if found else None)
        rows.append({"label": str(SECTOR_LABELS[key]), "cells": cells})
    return rows


@require_safe
def commune_needs(request, slug, code, commune):
    """A commune's census figures beside its province's, its region's and the country's,
    its promising sectors by the same rule, and where it lies in the region."""
    region = _region(slug)
    province = _province(code, region)
    commune = _found(selectors.commune_by_code(commune, province),
                     _("No commune of this province has this code."))
    national = selectors.national_profile()
    region_profile = getattr(region, "profile", None)
    province_profile = getattr(province, "profile", None)
    context = _needs_context(request, getattr(commune, "profile", None), national,
                             region=region, province=province, commune=commune,
                             comparisons=[province_profile, region_profile])
    comparison = [(commune.name, context["sectors"])]
    for label, profile, kwargs in (
            (province.name, province_profile, {"province": province}),
            (region.name, region_profile, {})):
        counts = selectors.cooperatives_by_sector(region=region, **kwargs)
        comparison.append((label, promising_sectors(
            profile, national, region_code=region.code,
            province_code=province.code if kwargs else None, cooperatives_by_sector=counts)))
    provinces = list(selectors.region_provinces(region))
    title = (_("%(commune)s lies in %(province)s (outlined), %(region)s")
             % {"commune": commune.name, "province": province.name, "region": region.name})
    location = render_map(
        "provinces", region_code=region.code, highlight=province.code,
        names={p.code: p.name for p in provinces},
        links={p.code: reverse("regional_hubs:province_needs", args=[region.slug, p.code])
               for p in provinces},
        title=title)
    context.update({
        "region": region, "province": province, "commune": commune, "map": location,
        "interactive": interactive_map(
            map_id="commune-map", title=title, region=region,
            highlight=province.code, highlight_label=province.name,
            fallback=render_to_string("regional_hubs/includes/map.html", {"map": location})),
        "legend": [], "territory_label": commune.name,
        "comparison_labels": [province.name, region.name, _("Morocco")],
        "sector_columns": [label for label, _sectors in comparison],
        "sector_comparison": _sector_comparison(comparison),
        "directory_url": selectors.directory_url(region=region, province=province,
                                                 commune=commune),
    })
    return render(request, "regional_hubs/needs_commune.html", context)
