"""What the projects bank adds to the pages of lower apps: the region's funnel, a hub's
programmes and incubated ideas, a cooperative's origin (see ess_platform.page_sections)."""

from django.template.loader import render_to_string

from ess_platform import page_sections

from . import selectors


def region_funnel(request, *, region):
    return render_to_string("projects_bank/sections/region_funnel.html", {
        "region": region, "funnel": selectors.region_funnel(region)}, request=request)


def hub_accompaniment(request, *, hub):
    return render_to_string("projects_bank/sections/hub_accompaniment.html", {
        "hub": hub,
        "programmes": list(selectors.open_programmes(hub)),
        "ideas": list(selectors.incubated_at(hub)),
        "funnel": selectors.region_funnel(hub.region),
    }, request=request)


def cooperative_origin(request, *, cooperative):
    ideas = list(selectors.origin_of(cooperative))
    if not ideas:
        return ""
    return render_to_string("projects_bank/sections/cooperative_origin.html", {
        "cooperative": cooperative, "ideas": ideas}, request=request)


def register():
    page_sections.register("regional_hubs:region", region_funnel)
    page_sections.register("regional_hubs:hub", hub_accompaniment)
    page_sections.register("cooperatives:detail", cooperative_origin)
