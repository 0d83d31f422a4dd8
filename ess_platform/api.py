"""The one API router: each app adds its viewsets in ``<app>/api/routes.py``."""

from importlib import import_module

from rest_framework.routers import DefaultRouter

API_APPS = [
    "regional_hubs",
    "cooperatives",
    "projects_bank",
    "events",
    "ess_platform.kernel.notifications",
    "ess_platform.partners",
]

router = DefaultRouter()
for app in API_APPS:
    try:
        routes = import_module(f"{app}.api.routes")
    except ModuleNotFoundError as exc:
        if exc.name not in {f"{app}.api", f"{app}.api.routes"}:
            raise
        continue
    routes.register(router)
