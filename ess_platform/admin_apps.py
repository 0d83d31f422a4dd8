from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """django.contrib.admin with the project's site (ess_platform/admin_site.py), in
    INSTALLED_APPS in its place."""

    default_site = "ess_platform.admin_site.AdminSite"

    def ready(self):
        super().ready()
        from django.contrib.admin.templatetags import admin_list

        # Django writes the yes/no icons' alternative text as "True"/"False" in English
        # whatever the language; every caller imports the function from here at call time.
        admin_list._boolean_icon = boolean_icon
        # django-axes names its app "Axes" in plain English, outside any catalogue.
        from django.apps import apps
        from django.utils.translation import gettext_lazy

        if apps.is_installed("axes"):
            apps.get_app_config("axes").verbose_name = gettext_lazy("Sign-in protection")


def boolean_icon(field_val):
    """The admin's yes/no/unknown icon with a translated alternative text."""
    from django.templatetags.static import static
    from django.utils.html import format_html
    from django.utils.translation import gettext

    icon, text = {True: ("yes", gettext("Yes")), False: ("no", gettext("No")),
                  None: ("unknown", gettext("Unknown"))}[field_val]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)
