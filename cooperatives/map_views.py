"""The directory's interactive map: clusters of the filtered cooperatives in the map's view.

GET ?bbox=west,south,east,north&zoom=z and the directory's own filters (region, sector,
q...). The answer (JSON) holds the grid clusters of the view (regional_hubs.clustering:
one GROUP BY, however many cooperatives), the names of the clusters of one, and the first
cooperatives of the view for the list that follows the map. Published cooperatives only;
cached per directory version like the directory page.
"""

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from regional_hubs.clustering import ViewportError, grid_clusters, in_view, parse_viewport

from . import selectors
from .cache import TTL, directory_key, directory_version, pinned_version, reference_data
from .directory import attach_card_photos
from .forms import DirectoryFilterForm
from .models import Cooperative

#: The list that follows the map shows this many cooperatives of the view.
LIST_SIZE = 10


def _detail_url():
    # One reverse() for every row: the detail URL with a placeholder pk.
    return reverse("cooperatives:detail", kwargs={"pk": 0}).replace("/0/", "/{}/")


def cluster_data(cooperatives, viewport):
    """The map's answer for a filtered queryset of cooperatives: three queries."""
    url = _detail_url()
    clusters = grid_clusters(cooperatives, viewport)
    singles = [c.first for c in clusters if c.count == 1]
    names = dict(Cooperative.objects.public().filter(pk__in=singles)
                 .values_list("pk", "name")) if singles else {}
    features = []
    for cluster in clusters:
        item = cluster.as_dict()
        if cluster.count == 1:
            item.update(id=cluster.first, name=names.get(cluster.first, ""),
                        url=url.format(cluster.first))
        features.append(item)
    listed = attach_card_photos(in_view(cooperatives, viewport)[:LIST_SIZE])
    items = [{
        "id": c.pk, "name": c.name, "url": url.format(c.pk),
        "place": f"{c.commune.name}, {c.region.name}",
        "sector": c.sector.name,
        "photo": default_storage.url(c.card_photo) if c.card_photo else "",
    } for c in listed]
    return {
        "zoom": viewport.zoom,
        "cell": viewport.cell,
        "total": sum(c.count for c in clusters),
        "clusters": features,
        "items": items,
    }


def _bad_request(errors):
    return JsonResponse({"errors": errors}, status=400)


@require_safe
def map_clusters(request):
    try:
        viewport = parse_viewport(request.GET)
    except ViewportError as error:
        return _bad_request({error.field: [error.message]})
    # One read of the directory version: the cache key, the filters' choices and the rows'
    # sectors and places (the process's reference data) all use it.
    version = directory_version()
    with pinned_version(version):
        form = DirectoryFilterForm(request.GET, reference=reference_data(version))
        if not form.is_valid():
            return _bad_request({field: [e["message"] for e in errors]
                                 for field, errors in form.errors.get_json_data().items()})
        key = directory_key("clusters", get_language(), request.get_full_path(),
                            version=version)
        data = cache.get(key)
        if data is None:
            data = cluster_data(selectors.cooperative_list(**form.filters()), viewport)
            cache.set(key, data, TTL)
    return JsonResponse(data)
