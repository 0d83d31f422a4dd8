from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ess_platform.kernel.private_files import content_disposition
from regional_hubs.models import Commune

# Uploaded media are served only as these types, never as HTML or script.
SAFE_MEDIA_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".pdf": "application/pdf",
}
# Longer than any path the uploads write (PATH_MAX is 4096 on Linux).
MAX_MEDIA_PATH = 1024


@require_safe
def home(request):
    from .home import home_context

    return render(request, "home.html",
                  {"commune_count": Commune.objects.count(), **home_context()})


@never_cache
@require_safe
def healthz(request):
    """Liveness and readiness. The database is required (503 without it); Redis (broker
    and cache) is not: without it the site works slower and later (cache misses, the
    notification outbox), so the status is "degraded" with a 200."""
    checks = {"database": _check(_ping_database)}
    checks["broker"] = (_check(_ping_broker) if settings.REDIS_URL
                        else "eager (no broker configured)")
    checks["cache"] = _check(cache.ping) if hasattr(cache, "ping") else "in-process"
    if checks["database"] != "ok":
        status, code = "error", 503
    elif any(value.startswith("error") for value in checks.values()):
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse({"status": status, "checks": checks}, status=code)


def _check(probe):
    """What ``probe`` answers: "ok", or the kind of error it ran into."""
    try:
        probe()
    except Exception as exc:  # noqa: BLE001 - any failure is reported, never raised
        return f"error: {exc.__class__.__name__}"
    return "ok"


def _ping_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _ping_broker():
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1,
                                  socket_timeout=2)
    try:
        client.ping()
    finally:
        client.close()


@require_safe
def serve_media(request, path):
    """Serve an uploaded file with a safe type; anything else is a 404, never HTML.

    A path the file system refuses (a NUL, a name too long, an encoding it cannot take)
    names no file either: a 404 too."""
    root = Path(settings.MEDIA_ROOT).resolve()
    if "\x00" in path or len(path) > MAX_MEDIA_PATH:
        raise Http404
    try:
        target = (root / path).resolve()
        if root not in target.parents or not target.is_file():
            raise Http404
    except (OSError, ValueError):
        raise Http404 from None
    content_type = SAFE_MEDIA_TYPES.get(target.suffix.lower())
    if content_type is None:
        raise Http404
    response = FileResponse(target.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if content_type == "application/pdf":
        response["Content-Disposition"] = content_disposition(target.name)
    return response


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


def bad_request(request, exception):
    return render(request, "400.html", status=400)
