"""The product's URLs plus the three yardsticks the benchmark compares against."""

import orjson
from django.db import connection
from django.http import HttpResponse
from django.urls import include, path
from rest_framework import serializers, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.routers import SimpleRouter

from cooperatives.models import Cooperative
from ess_platform.urls import urlpatterns as product_urlpatterns

_FLOOR_BODIES: dict[int, bytes] = {}


def framework_floor(request):
    """A constant JSON body of ?bytes=N bytes (the size of the API page it stands for)."""
    size = min(int(request.GET.get("bytes", 2)), 5_000_000)
    body = _FLOOR_BODIES.get(size)
    if body is None:
        body = _FLOOR_BODIES[size] = orjson.dumps({"p": "x" * max(size - 8, 0)})
    return HttpResponse(body, content_type="application/json")


DATA_FLOOR_SQL = """
SELECT c.id, c.registration_number, c.name_ar, c.name_fr, c.legal_form, s.slug,
       r.code, p.code, m.code, c.founded_on, c.members_count, c.women_members,
       c.youth_members, c.women_led, c.youth_led
FROM cooperatives_cooperative c
JOIN cooperatives_sector s ON s.id = c.sector_id
JOIN regional_hubs_region r ON r.id = c.region_id
JOIN regional_hubs_province p ON p.id = c.province_id
JOIN regional_hubs_commune m ON m.id = c.commune_id
WHERE r.code = %s AND s.slug = %s
ORDER BY c.name_ar, c.id
LIMIT %s OFFSET %s
"""
DATA_FLOOR_COLUMNS = ["id", "registration_number", "name_ar", "name_fr", "legal_form",
                      "sector", "region", "province", "commune", "founded_on",
                      "members_count", "women_members", "youth_members", "women_led",
                      "youth_led"]


def data_floor(request):
    """The same page read with one SQL query and serialised with orjson."""
    page_size = int(request.GET.get("page_size", 20))
    page = int(request.GET.get("page", 1))
    with connection.cursor() as cursor:
        cursor.execute(DATA_FLOOR_SQL, [request.GET["region"], request.GET["sector"],
                                        page_size, (page - 1) * page_size])
        rows = [dict(zip(DATA_FLOOR_COLUMNS, row, strict=True)) for row in cursor.fetchall()]
    return HttpResponse(orjson.dumps({"results": rows}), content_type="application/json")


class NaiveCooperativeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Cooperative
        fields = "__all__"
        depth = 1


class NaiveCooperativeViewSet(viewsets.ModelViewSet):
    """What a first draft looks like: no select_related, default pagination."""

    queryset = Cooperative.objects.unscoped()
    serializer_class = NaiveCooperativeSerializer
    pagination_class = PageNumberPagination
    filterset_fields = ["region__code", "sector__slug"]


naive = SimpleRouter()
naive.register("cooperatives", NaiveCooperativeViewSet, basename="naive-cooperative")

urlpatterns = [
    path("bench/floor/", framework_floor),
    path("bench/data-floor/", data_floor),
    path("bench/naive/", include(naive.urls)),
    *product_urlpatterns,
]
