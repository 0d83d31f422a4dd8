from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("", views.api_keys, name="api_keys"),
    path("<int:pk>/show/", views.show_key, name="show_key"),
    path("<int:pk>/revoke/", views.revoke_key, name="revoke_key"),
]
