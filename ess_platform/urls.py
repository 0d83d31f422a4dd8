from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from ess_platform.kernel.searching import views as search_views

from . import views
from .api import router

admin.site.site_header = _("ESS Morocco administration")
admin.site.site_title = _("ESS Morocco")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    re_path(r"^media/(?P<path>.+)$", views.serve_media, name="media"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("search/", search_views.search, name="search"),
    path("accounts/", include("ess_platform.users.urls")),
    path("inbox/", include("ess_platform.kernel.notifications.urls")),
    path("regions/", include("regional_hubs.urls")),
    path("cooperatives/", include("cooperatives.urls")),
    path("projects/", include("projects_bank.urls")),
    path("events/", include("events.urls")),
    path("reports/", include("ess_platform.reports.urls")),
    path("data/", include("ess_platform.opendata.urls")),
    path("api-keys/", include("ess_platform.partners.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

handler400 = "ess_platform.views.bad_request"
handler404 = "ess_platform.views.page_not_found"
handler500 = "ess_platform.views.server_error"
