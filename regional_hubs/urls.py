from django.urls import path

from . import views

app_name = "regional_hubs"

urlpatterns = [
    path("", views.region_list, name="regions"),
    path("hubs/<slug:slug>/", views.hub_detail, name="hub"),
    path("<slug:slug>/", views.region_detail, name="region"),
]
