from django.urls import path

from . import map_views, profile_views, views

app_name = "cooperatives"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("export.<str:fmt>", views.export, name="export"),
    path("mine/", views.mine, name="mine"),
    path("map/clusters/", map_views.map_clusters, name="map_clusters"),
    path("products/", profile_views.product_search, name="products"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/ask/", profile_views.ask, name="ask"),
    path("<int:pk>/manage/", views.edit_profile, name="manage"),
    path("<int:pk>/certifications/", profile_views.certifications, name="certifications"),
    path("<int:pk>/products/add/", views.edit_product, name="product_add"),
    path("<int:pk>/products/<int:product_pk>/", views.edit_product, name="product_edit"),
    path("<int:pk>/products/<int:product_pk>/delete/", views.delete_product,
         name="product_delete"),
]
