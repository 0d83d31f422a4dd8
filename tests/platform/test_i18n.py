import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_root_redirects_to_arabic_by_default(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/ar/"


@pytest.mark.django_db
def test_root_follows_accept_language_french(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert response["Location"] == "/fr/"


@pytest.mark.django_db
def test_arabic_home_is_right_to_left(client):
    response = client.get("/ar/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert "الاقتصاد الاجتماعي والتضامني" in html


@pytest.mark.django_db
def test_french_home_is_left_to_right(client):
    html = client.get("/fr/").content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    assert "économie sociale et solidaire" in html


@pytest.mark.django_db
def test_language_switcher_offers_the_other_language(client):
    html = client.get("/fr/regions/").content.decode()
    assert 'class="lang-switch" href="/ar/regions/" hreflang="ar"' in html
    # A link, not a form: the public page holds no CSRF token (it is shared from the cache).
    assert "csrfmiddlewaretoken" not in html


@pytest.mark.django_db
def test_switching_language_keeps_the_page_and_is_remembered(client):
    response = client.post(reverse("set_language"), {"language": "ar", "next": "/ar/regions/"})
    assert response.status_code == 302
    assert response["Location"] == "/ar/regions/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr").headers["Location"] == "/ar/"


@pytest.mark.django_db
def test_unknown_language_prefix_is_translated_404(client):
    response = client.get("/xx/regions/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


@pytest.mark.django_db
def test_unknown_region_is_404_in_arabic(client):
    response = client.get("/ar/regions/atlantis/")
    assert response.status_code == 404
    assert 'dir="rtl"' in response.content.decode()
    assert "الصفحة غير موجودة" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_auth_pages_render_in_both_languages(client, lang):
    for name in ["users:login", "users:signup", "users:password_reset"]:
        with_lang = f"/{lang}" + reverse(name)[3:]
        assert client.get(with_lang).status_code == 200
