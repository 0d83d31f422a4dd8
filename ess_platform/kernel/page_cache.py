"""Public pages kept whole for anonymous visitors, until the public data changes.

The pages and API lists that are the same for every anonymous visitor of a language (the
lists, the territory and needs pages: ``settings.PUBLIC_PAGE_CACHE`` names them by URL
name, and API viewsets opt in with ``PublicListCacheMixin``) are answered from the cache,
without their queries or templates, when:

- the request is anonymous: no session or messages cookie and no ``Authorization``
  header (a signed-in member, a delegate or a partner's key always gets a fresh page);
- the entry was stored under the current public data version.

An entry is stored only from a plain 200 that sets no cookie, used no CSRF token and
showed no message (a page with a form of its own is never shared), for ``TTL`` seconds
at most.

The version is one token in the cache, replaced when a model the public pages show is
saved or deleted (each app lists its models with ``watch_models`` in ``ready()``) and by the
bulk writes that send no signals (they call ``bump_public_version``): at once, for the
writing transaction's own later reads, and again once it commits. The directory page is
keyed by the directory's own database version too (``add_version``), read once a request,
so that a cooperative saved while Redis was unreachable still renews it. ``TTL`` bounds
what no signal sees (``QuerySet.update()``, a write made during a Redis outage on the
other pages). When Redis cannot be reached, every request misses
(ess_platform/kernel/cache.py).
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

TTL = 120
VERSION_KEY = "public-pages:version"
#: Cookies that make a request someone's own (signed in, or with a message to show).
PRIVATE_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")


#: {view name: [read]}: versions that apps keep in their database (``add_version``).
_database_versions = {}


def add_version(read, *, pages):
    """Key the public pages named ``pages`` by ``read(request)`` too: a version an app
    keeps in its database (the directory's), which a write made while Redis was
    unreachable still changes. ``read`` may leave what it read on the request for the
    view (the page then reads it once)."""
    for name in pages:
        reads = _database_versions.setdefault(name, [])
        if read not in reads:
            reads.append(read)


def public_version(request=None):
    """The current public data version: the cache's token (a new one when none is cached)
    and, for ``request``'s page, the versions its app keeps in its database."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY) or uuid.uuid4().hex
    match = getattr(request, "resolver_match", None)
    reads = _database_versions.get(match.view_name, ()) if match else ()
    return "-".join([version, *(str(read(request)) for read in reads)])


def renew_version():
    """A new public data version (``bump_public_version`` runs it again on commit)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def bump_public_version():
    """Make every cached public page obsolete, now and once the transaction commits (once
    a transaction, however many rows it writes)."""
    renew_version()
    connection = transaction.get_connection()
    if not any(callback is renew_version
               for _ids, callback, _robust in connection.run_on_commit):
        transaction.on_commit(renew_version)


def _changed(**kwargs):
    if kwargs.get("raw"):
        return
    bump_public_version()


def watch_models(*models):
    """A save, a delete or a many-to-many change of these models changes public pages."""
    for model in models:
        label = model._meta.label
        post_save.connect(_changed, sender=model, weak=False,
                          dispatch_uid=f"public-pages-save-{label}")
        post_delete.connect(_changed, sender=model, weak=False,
                            dispatch_uid=f"public-pages-delete-{label}")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(_changed, sender=field.remote_field.through, weak=False,
                                dispatch_uid=f"public-pages-m2m-{label}-{field.name}")


def is_anonymous(request):
    """Whether the request is nobody's own: no session, messages or credentials."""
    return (not any(name in request.COOKIES for name in PRIVATE_COOKIES)
            and "Authorization" not in request.headers)


def page_key(request, *parts):
    """The cache key of ``request``'s page in the active language, for the current
    version (``parts``: what else the answer depends on)."""
    raw = "|".join(str(part) for part in (
        public_version(request), get_language(), request.get_host(),
        request.get_full_path(), *parts))
    return f"public-pages:{hashlib.sha256(raw.encode()).hexdigest()}"


def storable(request, response):
    """A plain 200 that is the same for everyone: no cookie set, no CSRF token used, no
    message shown."""
    messages = getattr(request, "_messages", None)
    return (response.status_code == 200 and not response.streaming
            and not response.cookies and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not getattr(messages, "used", False))


class PublicPageCacheMiddleware:
    """The innermost middleware: it answers a cached page of ``PUBLIC_PAGE_CACHE`` once
    the URL is resolved and the language chosen (the outer middlewares add their headers
    to a cached answer as to a fresh one), and stores what the view answered."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.names = frozenset(settings.PUBLIC_PAGE_CACHE)

    def __call__(self, request):
        response = self.get_response(request)
        key = request.__dict__.pop("_public_page_key", None)
        if key is not None and storable(request, response):
            cache.set(key, (response.content, [
                (name, value) for name, value in response.items()]), TTL)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (request.method != "GET" or match is None or match.view_name not in self.names
                or not is_anonymous(request)):
            return None
        key = page_key(request)
        hit = cache.get(key)
        if hit is None:
            request._public_page_key = key
            return None
        content, headers = hit
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        return response


class PublicListCacheMixin:
    """A read-only API viewset whose answers are cached like the public pages (module
    docstring), keyed by ``cache_version()``. Only plain JSON GETs of ``cached_actions``
    are served from the cache (the browsable API, CSV, GeoJSON, ``?format=`` and the change
    feed go through), and a hit still authenticates (a bad key is a 401) and counts
    against the throttles. ``cache_everyone``: the answer is the same for signed-in
    users (public data only), so their requests share it. (Put it before the viewset's
    other bases.)"""

    cached_actions = ("list",)
    cache_everyone = False
    cache_ttl = TTL

    def cache_version(self):
        return public_version()

    def _list_cache_key(self, request):
        if (request.method != "GET"
                or self.action_map.get("get") not in self.cached_actions
                or "format" in request.GET
                or any(name in request.GET for name in ("updated_since", "cursor"))
                or any(kind in request.headers.get("Accept", "")
                       for kind in ("text/html", "text/csv", "geo+json"))
                or not (self.cache_everyone or is_anonymous(request))):
            return None
        raw = "|".join(str(part) for part in (
            type(self).__name__, self.cache_version(), get_language(), request.get_host(),
            request.get_full_path()))
        return f"public-api:{hashlib.sha256(raw.encode()).hexdigest()}"

    def dispatch(self, request, *args, **kwargs):
        key = self._list_cache_key(request)
        body = cache.get(key) if key else None
        if body is not None:
            from rest_framework import exceptions

            # Authentication (a bad token is a 401, as on a miss) and throttles still apply.
            drf_request = self.initialize_request(request, *args, **kwargs)
            self.request, self.args, self.kwargs = drf_request, args, kwargs
            self.headers = self.default_response_headers
            try:
                self.perform_authentication(drf_request)
                self.check_throttles(drf_request)
            except exceptions.APIException as error:
                return self.finalize_response(drf_request, self.handle_exception(error),
                                              *args, **kwargs)
            response = HttpResponse(body, content_type="application/json")
            patch_vary_headers(response, ["Accept"])
            return response
        response = super().dispatch(request, *args, **kwargs)
        renderer = getattr(response, "accepted_renderer", None)
        if key and response.status_code == 200 and getattr(renderer, "format", "") == "json":
            cache.set(key, response.rendered_content, self.cache_ttl)
        return response
