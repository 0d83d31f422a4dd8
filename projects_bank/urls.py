from django.urls import path

from . import desk, views

app_name = "projects_bank"

urlpatterns = [
    path("", views.home, name="home"),
    path("ideas/", views.idea_list, name="ideas"),
    path("ideas/new/", views.idea_create, name="submit"),
    path("ideas/mine/", views.my_ideas, name="mine"),
    path("ideas/<int:pk>/", views.idea_detail, name="idea"),
    path("ideas/<int:pk>/edit/", views.idea_edit, name="edit"),
    path("ideas/<int:pk>/document/", views.idea_document, name="idea-document"),
    path("ideas/<int:pk>/photo/", views.idea_photo, name="idea-photo"),
    path("calls/", views.call_list, name="calls"),
    path("calls/<slug:slug>/", views.call_detail, name="call"),
    path("calls/<slug:slug>/jury/", views.jury, name="jury"),
    path("calls/<slug:slug>/jury/<int:pk>/", views.score, name="score"),
    path("economic-models/", views.economic_model_list, name="economic_models"),
    path("financing/", views.funding_list, name="funding"),
    path("partners/", views.partner_list, name="partners"),
    path("desk/", desk.queue, name="desk"),
    path("desk/ideas/<int:pk>/", desk.idea, name="desk-idea"),
    path("desk/ideas/<int:pk>/act/", desk.act, name="desk-act"),
]
