from django.urls import path

from . import map_views, views

app_name = "regional_hubs"

urlpatterns = [
    path("", views.region_list, name="regions"),
    path("hubs/", views.hub_list, name="hubs"),
    path("hubs/<slug:slug>/", views.hub_detail, name="hub"),
    path("needs/", views.national_needs, name="needs"),
    path("map/shapes/", map_views.map_shapes, name="map_shapes"),
    path("<slug:slug>/", views.region_detail, name="region"),
    path("<slug:slug>/needs/", views.region_needs, name="region_needs"),
    path("<slug:slug>/needs/<str:code>/", views.province_needs, name="province_needs"),
    path("<slug:slug>/needs/<str:code>/<str:commune>/", views.commune_needs,
         name="commune_needs"),
]
