from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """django.contrib.admin with the project's site (ess_platform/admin_site.py), in
    INSTALLED_APPS in its place."""

    default_site = "ess_platform.admin_site.AdminSite"
