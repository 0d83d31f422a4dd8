from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .models import Region, RegionalHub


@require_safe
def region_list(request):
    regions = Region.objects.select_related("hub").order_by("code")
    return render(request, "regional_hubs/region_list.html", {"regions": regions})


@require_safe
def region_detail(request, slug):
    region = get_object_or_404(Region.objects.select_related("hub"), slug=slug)
    provinces = region.provinces.order_by("code")
    return render(request, "regional_hubs/region_detail.html",
                  {"region": region, "provinces": provinces})


@require_safe
def hub_detail(request, slug):
    hub = get_object_or_404(
        RegionalHub.objects.select_related("region").prefetch_related("services"), slug=slug
    )
    return render(request, "regional_hubs/hub_detail.html", {"hub": hub})
