from django.urls import path

from . import views

app_name = "cooperatives"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("export.<str:fmt>", views.export, name="export"),
    path("mine/", views.mine, name="mine"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/manage/", views.edit_profile, name="manage"),
    path("<int:pk>/products/add/", views.edit_product, name="product_add"),
    path("<int:pk>/products/<int:product_pk>/", views.edit_product, name="product_edit"),
    path("<int:pk>/products/<int:product_pk>/delete/", views.delete_product,
         name="product_delete"),
]
