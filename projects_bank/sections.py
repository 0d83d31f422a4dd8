"""What the projects bank adds to the pages of lower apps: the region's funnel, a hub's
programmes and incubated ideas, a cooperative's origin (see ess_platform.kernel.page_sections)."""

from django.template.loader import render_to_string

from ess_platform.kernel import jsonld, page_sections

from . import selectors


def region_funnel(request, *, region):
    return render_to_string("projects_bank/sections/region_funnel.html", {
        "region": region, "funnel": selectors.region_funnel(region)}, request=request)


def programme_json_ld(programme, request, *, hub):
    """schema.org Course for an accompaniment programme, run as one CourseInstance (an Event:
    dates, place, capacity) and provided by its hub or desk. A programme without its own
    place is held at the hub."""
    hub_url = request.build_absolute_uri(hub.get_absolute_url())
    provider = {"@type": "Organization", "name": hub.name, "url": hub_url}
    if programme.place:
        location = {"@type": "Place", "name": programme.place,
                    "address": jsonld.postal_address(region=hub.region.name)}
    else:
        location = jsonld.geo_place(
            latitude=hub.latitude, longitude=hub.longitude, name=hub.name,
            address=jsonld.postal_address(street=hub.address, region=hub.region.name))
    enrolled = getattr(programme, "enrolled", None)
    return jsonld.script({
        "@context": "https://schema.org",
        "@type": "Course",
        "name": programme.title,
        "description": programme.description,
        "url": f"{hub_url}#programme-{programme.pk}",
        "provider": provider,
        "hasCourseInstance": {
            "@type": "CourseInstance",
            "name": programme.title,
            "startDate": programme.starts_on,
            "endDate": programme.ends_on,
            "location": location,
            "organizer": provider,
            "maximumAttendeeCapacity": programme.capacity,
            "remainingAttendeeCapacity": (None if enrolled is None
                                          else max(programme.capacity - enrolled, 0)),
        },
    })


def hub_accompaniment(request, *, hub):
    programmes = list(selectors.open_programmes(hub))
    return render_to_string("projects_bank/sections/hub_accompaniment.html", {
        "hub": hub,
        "programmes": programmes,
        "programmes_json_ld": [programme_json_ld(programme, request, hub=hub)
                               for programme in programmes],
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
