"""Hostile input answers 400, 401 or 404 (the admin: its "?e=1" redirect), translated,
and never a 500: numbers and dates out of the database's range, page numbers, NUL
characters, media paths, deep JSON bodies and malformed Authorization headers."""

import json

import pytest
from django import forms
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.http import Http404
from django.test import RequestFactory
from rest_framework.authtoken.models import Token

from ess_platform import views
from ess_platform.admin_site import GuardedChangeListAdmin
from ess_platform.api import router
from ess_platform.kernel.api_filters import FilterBackend, FilterSet
from ess_platform.kernel.api_parsers import MAX_JSON_DEPTH
from tests.cooperatives.factories import CooperativeFactory, ProductFactory
from tests.factories import NationalAdminFactory, UserFactory

HUGE = "99999999999999999999999"
HOSTILE_PAGES = [HUGE, "9" * 5000, "-1", "0", "1.5", "1e3", "abc", " 1"]


@pytest.fixture
def api(client):
    client.raise_request_exception = False
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"
    return client


@pytest.fixture
def token(db):
    return Token.objects.create(user=UserFactory()).key


def _filtersets():
    for prefix, viewset, _basename in router.registry:
        filterset_class = getattr(viewset, "filterset_class", None)
        if filterset_class is not None:
            yield prefix, filterset_class


# -- API filters ---------------------------------------------------------------------------

def test_every_api_filterset_derives_from_the_bounded_base():
    unbounded = [name for name, filterset in _filtersets() if not issubclass(filterset, FilterSet)]
    assert unbounded == []


def test_the_filter_backend_refuses_a_filterset_without_the_base():
    import django_filters

    from cooperatives.models import Product

    class Unbounded(django_filters.FilterSet):
        class Meta:
            model = Product
            fields = []

    class View:
        filterset_class = Unbounded

    with pytest.raises(ImproperlyConfigured):
        FilterBackend().get_filterset_class(View(), Product.objects.unscoped().all())


def _hostile_filters():
    """(list URL, filter name, value) for every number and date filter of the API."""
    cases = []
    for prefix, filterset_class in _filtersets():
        form_class = filterset_class().form.__class__
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.DecimalField | forms.IntegerField | forms.FloatField):
                cases += [(prefix, name, HUGE), (prefix, name, "-" + HUGE)]
            elif isinstance(field, forms.DateField | forms.DateTimeField):
                cases += [(prefix, name, "9999-12-31"), (prefix, name, "0001-01-01")]
    return cases


@pytest.mark.django_db
def test_every_number_and_date_filter_refuses_values_out_of_range(api, territory):
    cases = _hostile_filters()
    assert ("products", "cooperative", HUGE) in cases
    assert ("events", "date_to", "9999-12-31") in cases
    for prefix, name, value in cases:
        response = api.get(f"/api/v1/{prefix}/", {name: value})
        assert response.status_code == 400, (prefix, name, value, response.status_code)
        assert name in response.json(), response.json()


@pytest.mark.django_db
def test_an_out_of_range_cooperative_is_a_field_error_a_real_one_filters(api, territory):
    product = ProductFactory()
    response = api.get(f"/api/v1/products/?cooperative={HUGE}")
    assert response.status_code == 400
    assert response.json()["cooperative"] == [
        "Assurez-vous que cette valeur est inférieure ou égale à 9223372036854775807."]
    listed = api.get(f"/api/v1/products/?cooperative={product.cooperative_id}").json()
    assert [p["id"] for p in listed["results"]] == [product.pk]


@pytest.mark.django_db
def test_events_public_date_aliases_are_bounded(api, territory):
    assert api.get("/api/v1/events/?to=9999-12-31").status_code == 400
    assert api.get("/api/v1/events/?from=0001-01-01").status_code == 400
    assert api.get("/api/v1/events/?from=2020-01-01&to=2030-12-31").status_code == 200


# -- Pagination ----------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("page", HOSTILE_PAGES)
@pytest.mark.parametrize("prefix", ["products", "cooperatives", "ideas", "events", "communes"])
def test_a_hostile_page_number_is_the_api_invalid_page(api, territory, prefix, page):
    response = api.get(f"/api/v1/{prefix}/", {"page": page})
    assert response.status_code == 404
    assert response.json() == {"detail": "Page non valide."}


@pytest.mark.django_db
def test_real_pages_still_work(api, territory):
    assert api.get("/api/v1/communes/?page=2").json()["results"]
    assert api.get("/api/v1/communes/?page=last").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("page", HOSTILE_PAGES)
@pytest.mark.parametrize("url", ["/fr/cooperatives/", "/fr/projects/ideas/", "/fr/events/",
                                 "/fr/regions/hubs/", "/fr/projects/calls/"])
def test_a_hostile_page_number_on_a_site_list_shows_a_page(api, territory, url, page):
    CooperativeFactory()
    assert api.get(url, {"page": page}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("url", [
    f"/fr/cooperatives/{HUGE}/", f"/fr/projects/ideas/{HUGE}/",
    f"/api/v1/cooperatives/{HUGE}/", f"/api/v1/products/{HUGE}/", f"/api/v1/ideas/{HUGE}/",
])
def test_a_huge_id_in_an_address_is_a_404(api, territory, url):
    assert api.get(url).status_code == 404


# -- Other query parameters ----------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("query", ["ordering=nonexistent", "ordering=-", "ordering=,,",
                                   "ordering=-name,__str__", "page_size=" + HUGE,
                                   "page_size=-5", "women_led=maybe", "search=" + "x" * 300])
def test_odd_list_parameters_never_fail(api, territory, query):
    assert api.get(f"/api/v1/cooperatives/?{query}").status_code in {200, 400}


@pytest.mark.django_db
def test_an_unknown_format_is_a_404(api, territory):
    assert api.get("/api/v1/cooperatives/?format=xyz").status_code == 404


# -- NUL characters ------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("url", [
    "/api/v1/cooperatives/?search=%00", "/api/v1/funding-sources/?kind=%00",
    "/api/v1/partners/?region=a%00", "/api/v1/hubs/%00/", "/api/v1/sectors/a%00b/",
    "/api/v1/events/?region=%00", "/api/v1/ideas/?mine=1&%00=1",
])
def test_a_nul_in_an_api_request_is_a_translated_400(api, territory, url):
    response = api.get(url)
    assert response.status_code == 400
    assert response.json() == {
        "detail": "La requête contient un caractère nul, ce qui n’est pas autorisé."}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/fr/cooperatives/?q=%00", "/fr/projects/financing/?kind=%00",
                                 "/fr/regions/x%00/", "/fr/events/?region=%00"])
def test_a_nul_in_a_page_request_is_the_site_400_page(api, territory, url):
    response = api.get(url)
    assert response.status_code == 400
    assert "Requête invalide" in response.content.decode()


@pytest.mark.django_db
def test_a_nul_in_a_posted_form_or_a_header_is_a_400(api, territory):
    posted = api.post("/fr/accounts/login/", "username=a%00b&password=x",
                      content_type="application/x-www-form-urlencoded")
    assert posted.status_code == 400
    assert api.get("/fr/", HTTP_USER_AGENT="bot\x00").status_code == 400


@pytest.mark.django_db
def test_a_cookie_holding_a_nul_is_ignored(api, territory):
    api.cookies["sessionid"] = "abcdefgh\x00ijkl"
    assert api.get("/fr/cooperatives/").status_code == 200


@pytest.mark.django_db
def test_a_nul_in_an_api_form_body_is_a_400(api, token):
    response = api.post("/api/v1/ideas/", {"title": "a\x00b", "sector": "argan\x00"},
                        HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 400


# -- Media ---------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["\x00", "a\x00.png", "a" * 5000, "x/" * 2000 + "a.png",
                                  "%ff%fe.png", "\udcff.png", "../../etc/passwd", "."])
def test_serve_media_answers_404_for_paths_the_file_system_refuses(path):
    request = RequestFactory().get("/media/x")
    with pytest.raises(Http404):
        views.serve_media(request, path)


@pytest.mark.django_db
def test_media_addresses_never_fail(api):
    assert api.get("/media/" + "a" * 5000).status_code == 404
    assert api.get("/media/%ff%fe.png").status_code == 404
    assert api.get("/media/%00").status_code == 400


# -- JSON bodies ---------------------------------------------------------------------------

def _post_json(api, token, body):
    return api.post("/api/v1/ideas/", body, content_type="application/json",
                    HTTP_AUTHORIZATION=f"Token {token}")


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["[" * 100_000, "{" * 50_000, "{", "[1,]", "NaN",
                                  b"\xff\xfe{}"])
def test_a_body_that_is_not_json_is_a_translated_400(api, token, body):
    response = _post_json(api, token, body)
    assert response.status_code == 400
    assert response.json() == {"detail": "Le corps de la requête n’est pas du JSON valide."}


@pytest.mark.django_db
def test_a_body_nested_deeper_than_the_limit_is_refused(api, token):
    deep = json.dumps({"title": [[[]]]})
    for _level in range(MAX_JSON_DEPTH):
        deep = f"[{deep}]"
    response = _post_json(api, token, deep)
    assert response.status_code == 400
    assert response.json() == {"detail": (
        f"Le corps de la requête est trop imbriqué ({MAX_JSON_DEPTH} niveaux au plus).")}


@pytest.mark.django_db
def test_a_body_within_the_limit_reaches_validation(api, token):
    response = _post_json(api, token, json.dumps({"title": "x", "extra": [[["ok"]]]}))
    assert response.status_code == 400
    assert "submission_token" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize("body", [{"title": "a\x00b"}, {"a\x00": 1}, {"x": [["\x00"]]}])
def test_a_nul_in_a_json_body_is_a_400(api, token, body):
    response = _post_json(api, token, json.dumps(body))
    assert response.status_code == 400
    assert response.json() == {
        "detail": "La requête contient un caractère nul, ce qui n’est pas autorisé."}


# -- Authorization header ------------------------------------------------------------------

MALFORMED = {
    "Token": "En-tête Authorization non valide : aucun jeton fourni.",
    "Token a b c": "En-tête Authorization non valide : un jeton ne contient pas d’espace.",
    "Token é\u0100": "Jeton non valide.",
    "Token a\x00b": "Jeton non valide.",
    "Token " + "x" * 10_000: "Jeton non valide.",
    "Token " + "f" * 40: "Jeton non valide.",
}


@pytest.mark.django_db
@pytest.mark.parametrize("cached", [False, True])
@pytest.mark.parametrize("url", ["/api/v1/cooperatives/", "/api/v1/ideas/",
                                 "/api/v1/regions/"])
@pytest.mark.parametrize("header", list(MALFORMED), ids=range(len(MALFORMED)))
def test_a_malformed_or_unknown_token_is_a_translated_401(api, territory, url, header, cached):
    if cached:
        assert api.get(url).status_code == 200  # fills the cooperatives' page cache
    response = api.get(url, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json() == {"detail": MALFORMED[header]}
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.django_db
def test_a_valid_token_still_reads_a_cached_page_and_posts(api, territory, token):
    assert api.get("/api/v1/cooperatives/").status_code == 200
    assert api.get("/api/v1/cooperatives/", HTTP_AUTHORIZATION=f"Token {token}").status_code \
        == 200
    response = _post_json(api, token, "{}")
    assert response.status_code == 400  # authenticated: the body is what is wrong


@pytest.mark.django_db
def test_another_scheme_is_anonymous(api, territory):
    assert api.get("/api/v1/cooperatives/", HTTP_AUTHORIZATION="Basic !!!").status_code == 200
    assert api.post("/api/v1/ideas/", {}, HTTP_AUTHORIZATION="Basic !!!").status_code == 401


# -- Admin ---------------------------------------------------------------------------------

def _date_fields(model):
    return [f.name for f in model._meta.fields if isinstance(f, models.DateField)]


def test_every_registered_model_admin_is_guarded():
    assert admin.site._registry
    unguarded = [type(ma).__name__ for ma in admin.site._registry.values()
                 if not isinstance(ma, GuardedChangeListAdmin)]
    assert unguarded == []


@pytest.mark.django_db
def test_hostile_date_lookups_on_every_changelist_redirect_to_the_error_flag(client, territory):
    client.raise_request_exception = False
    client.force_login(NationalAdminFactory())
    checked, failed = 0, []
    for model, model_admin in admin.site._registry.items():
        url = f"/fr/admin/{model._meta.app_label}/{model._meta.model_name}/"
        fields = _date_fields(model)
        queries = [f"{name}__year={value}" for name in fields for value in (HUGE, "-1")]
        queries += [f"{name}__month={HUGE}" for name in fields[:1]]
        queries += [f"{name}__day=-1" for name in fields[:1]]
        if model_admin.date_hierarchy:
            hierarchy = model_admin.date_hierarchy
            queries += [
                f"{hierarchy}__year=9999",
                f"{hierarchy}__year=9999&{hierarchy}__month=12&{hierarchy}__day=31",
                f"{hierarchy}__year=2024&{hierarchy}__month={HUGE}",
            ]
        for query in queries:
            checked += 1
            response = client.get(f"{url}?{query}")
            if response.status_code >= 500:
                failed.append((url, query, response.status_code))
            elif "__year=" + HUGE in query or "__year=-1" in query:
                if response.status_code != 302 or response["Location"] != f"{url}?e=1":
                    failed.append((url, query, response.status_code))
    assert checked > 20
    assert failed == []


# -- Site filter forms ---------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("query", ["date_to=9999-12-31", "date_from=0001-01-01",
                                   "date_from=9999-12-31&date_to=9999-12-31"])
def test_the_event_list_refuses_dates_out_of_range_with_its_form(api, territory, query):
    response = api.get(f"/fr/events/?{query}")
    assert response.status_code == 200
    assert response.context["form"].errors
