from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("regions/<slug:slug>/calendar.ics", views.region_ics, name="region_ics"),
    path("cooperatives/<int:pk>/fairs/", views.cooperative_fairs, name="cooperative_fairs"),
    path("registration/<str:token>/", views.registration_detail, name="registration"),
    path("registration/<str:token>/cancel/", views.cancel, name="cancel"),
    path("registration/<str:token>/confirm/", views.confirm, name="confirm"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/register/sent/", views.registration_sent, name="registration_sent"),
    path("<slug:slug>/calendar.ics", views.event_ics, name="ics"),
    path("<slug:slug>/check-in/", views.check_in_page, name="check_in"),
]
