"""A cooperative's profile people can act on: contact (phone, WhatsApp, e-mail, address and
map), products with price, unit and availability, labels and certifications, the fairs it
exhibits at and the idea it came from; its managers keep all of it on the site."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from cooperatives.models import Certification, Cooperative, Product
from events.models import Event
from tests.cooperatives.factories import CooperativeFactory, ManagerFactory, ProductFactory
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(cooperative):
    return ManagerFactory(cooperative=cooperative).user


def page(client, cooperative, lang="fr"):
    with translation.override(lang):
        response = client.get(cooperative.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_whatsapp_click_to_chat_link_from_any_spelling(client, cooperative):
    cooperative.whatsapp = "06 61-23 45 67"
    cooperative.phone = "0528 86 12 34"
    cooperative.save()
    cooperative.refresh_from_db()
    assert cooperative.whatsapp == "+212661234567"
    assert cooperative.whatsapp_url == "https://wa.me/212661234567"
    content = page(client, cooperative)
    assert 'href="https://wa.me/212661234567"' in content
    assert 'href="tel:+212528861234"' in content


def test_invalid_whatsapp_number_is_refused(cooperative):
    cooperative.whatsapp = "12345"
    with pytest.raises(ValidationError) as error:
        cooperative.full_clean()
    assert "whatsapp" in error.value.message_dict


def test_address_and_province_map_without_coordinates(client, cooperative):
    cooperative.address_fr = "Douar Tagmout"
    cooperative.latitude = cooperative.longitude = None
    cooperative.save()
    content = page(client, cooperative)
    assert "Douar Tagmout" in content and cooperative.commune.name_fr in content
    assert f'data-code="{cooperative.province.code}"' in content


def test_point_on_the_map_with_coordinates(client, cooperative):
    cooperative.latitude, cooperative.longitude = Decimal("29.7"), Decimal("-9.7")
    cooperative.save()
    assert "<circle" in page(client, cooperative)


def test_products_show_price_in_dirhams_unit_and_availability(client, cooperative):
    ProductFactory(cooperative=cooperative, name_fr="Huile d'argan", price=Decimal("180"),
                   unit=Product.Unit.LITRE)
    ProductFactory(cooperative=cooperative, name_fr="Savon", price=None,
                   availability=Product.Availability.SEASONAL)
    content = page(client, cooperative)
    assert "180 MAD / litre" in content or "180 MAD / litre" in content.replace("\xa0", " ")
    assert "Price on request" in content or "Prix sur demande" in content


def test_certifications_are_listed_with_number_and_expiry(client, cooperative):
    Certification.objects.create(cooperative=cooperative, kind=Certification.Kind.ONSSA,
                                 reference="AS.12.345.67")
    Certification.objects.create(cooperative=cooperative, kind=Certification.Kind.PGI,
                                 title="Argane",
                                 valid_until=timezone.localdate() - timedelta(days=1))
    content = page(client, cooperative)
    assert "AS.12.345.67" in content and "Argane" in content
    assert Certification.objects.unscoped().get(title="Argane").is_expired


def test_onssa_authorisation_needs_its_number(cooperative):
    with pytest.raises(ValidationError) as error:
        Certification(cooperative=cooperative, kind=Certification.Kind.ONSSA).full_clean()
    assert "reference" in error.value.message_dict


def test_fairs_and_markets_the_cooperative_exhibits_at(client, cooperative):
    fair = EventFactory(kind=Event.Kind.FAIR, title_fr="Salon de l'argan d'Agadir")
    market = EventFactory(kind=Event.Kind.MOBILE_MARKET, title_fr="Marché itinérant",
                          starts_at=timezone.now() - timedelta(days=30),
                          ends_at=timezone.now() - timedelta(days=29))
    workshop = EventFactory(kind=Event.Kind.WORKSHOP, title_fr="Atelier comptable")
    hidden = EventFactory(kind=Event.Kind.FAIR, title_fr="Foire cachée", is_published=False)
    for event in (fair, market, workshop, hidden):
        event.cooperatives.add(cooperative)
    content = page(client, cooperative)
    assert "Salon de l&#x27;argan d&#x27;Agadir" in content
    assert "Marché itinérant" in content
    assert "Atelier comptable" not in content and "Foire cachée" not in content


def test_no_fairs_section_without_fairs(client, cooperative):
    assert 'id="fairs-title"' not in page(client, cooperative)


def test_idea_and_programme_it_came_from(client, cooperative):
    from projects_bank.models import Enrolment, ProjectIdea
    from tests.factories import RegionalHubFactory
    from tests.projects_bank.factories import IdeaFactory, ProgrammeFactory

    hub = RegionalHubFactory(region=cooperative.region)
    idea = IdeaFactory(status=ProjectIdea.Status.COOPERATIVE_CREATED,
                       founded_cooperative=cooperative, incubation_hub=hub,
                       commune=cooperative.commune, title="Séchage solaire des figues")
    programme = ProgrammeFactory(hub=hub, title_fr="Incubation rapide")
    Enrolment.objects.create(idea=idea, programme=programme)
    content = page(client, cooperative)
    assert "Séchage solaire des figues" in content and "Incubation rapide" in content


def test_manager_edits_whatsapp_and_product_price(client, manager, cooperative, png_bytes):
    client.force_login(manager)
    response = client.post(reverse("cooperatives:manage", kwargs={"pk": cooperative.pk}), {
        "name_ar": cooperative.name_ar, "sector": cooperative.sector_id, "members_count": 20,
        "women_members": 15, "youth_members": 5, "whatsapp": "0661234567"})
    assert response.status_code == 302
    assert Cooperative.objects.unscoped().get(pk=cooperative.pk).whatsapp == "+212661234567"
    photo = io.BytesIO(png_bytes)
    photo.name = "amlou.png"
    response = client.post(reverse("cooperatives:product_add", kwargs={"pk": cooperative.pk}),
                           {"name_ar": "أملو", "price": "95.50", "unit": "kg",
                            "availability": "on_order", "photo": photo})
    assert response.status_code == 302
    product = Product.objects.unscoped().get(cooperative=cooperative)
    assert (product.price, product.unit, product.availability) == (Decimal("95.50"), "kg",
                                                                   "on_order")
    assert product.thumbnail


def test_manager_cannot_save_a_bad_whatsapp_or_price(client, manager, cooperative):
    client.force_login(manager)
    with translation.override("fr"):
        response = client.post(reverse("cooperatives:manage", kwargs={"pk": cooperative.pk}), {
            "name_ar": cooperative.name_ar, "sector": cooperative.sector_id,
            "members_count": 20, "women_members": 15, "youth_members": 5, "whatsapp": "99"})
    assert response.status_code == 200 and "whatsapp" in response.context["form"].errors
    response = client.post(reverse("cooperatives:product_add", kwargs={"pk": cooperative.pk}),
                           {"name_ar": "أملو", "price": "-3", "unit": "kg",
                            "availability": "available"})
    assert response.status_code == 200 and "price" in response.context["form"].errors
    assert not Product.objects.unscoped().filter(cooperative=cooperative).exists()


def test_manager_refused_a_file_that_is_not_an_image(client, manager, cooperative):
    client.force_login(manager)
    fake = io.BytesIO(b"%PDF-1.4 not an image")
    fake.name = "photo.jpg"
    response = client.post(reverse("cooperatives:product_add", kwargs={"pk": cooperative.pk}),
                           {"name_ar": "أملو", "unit": "kg", "availability": "available",
                            "photo": fake})
    assert response.status_code == 200 and "photo" in response.context["form"].errors


def certification_data(**row):
    data = {"certifications-TOTAL_FORMS": "1", "certifications-INITIAL_FORMS": "0",
            "certifications-MIN_NUM_FORMS": "0", "certifications-MAX_NUM_FORMS": "1000"}
    data.update({f"certifications-0-{name}": value for name, value in row.items()})
    return data


def test_manager_adds_a_certification(client, manager, cooperative):
    client.force_login(manager)
    url = reverse("cooperatives:certifications", kwargs={"pk": cooperative.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, certification_data(kind="onssa", reference="AS.1.2",
                                                   issued_by="ONSSA Agadir"))
    assert response.status_code == 302
    assert cooperative.certifications.get().reference == "AS.1.2"


def test_onssa_without_number_is_refused_on_the_site(client, manager, cooperative):
    client.force_login(manager)
    url = reverse("cooperatives:certifications", kwargs={"pk": cooperative.pk})
    response = client.post(url, certification_data(kind="onssa"))
    assert response.status_code == 400
    assert not cooperative.certifications.exists()


@pytest.mark.parametrize("who", ["member", "other_manager", "delegate"])
def test_non_managers_cannot_edit_certifications(client, cooperative, member, delegate, who):
    other = CooperativeFactory()
    users = {"member": member, "other_manager": ManagerFactory(cooperative=other).user,
             "delegate": delegate}
    client.force_login(users[who])
    url = reverse("cooperatives:certifications", kwargs={"pk": cooperative.pk})
    assert client.get(url).status_code == 403
    assert client.post(url, certification_data(kind="pgi", title="Argane")).status_code == 403
    assert not cooperative.certifications.exists()


def test_anonymous_is_sent_to_login_for_certifications(client, cooperative):
    url = reverse("cooperatives:certifications", kwargs={"pk": cooperative.pk})
    response = client.post(url, certification_data(kind="pgi"))
    assert response.status_code == 302 and "login" in response["Location"]
    assert not cooperative.certifications.exists()


def test_profile_queries_do_not_grow(client, cooperative, django_assert_max_num_queries):
    for number in range(6):
        ProductFactory(cooperative=cooperative, price=Decimal(number + 1))
        Certification.objects.create(cooperative=cooperative, kind="pgi", title=f"L{number}")
        EventFactory(kind=Event.Kind.FAIR).cooperatives.add(cooperative)
    ManagerFactory(cooperative=cooperative)
    with django_assert_max_num_queries(7):
        assert client.get(cooperative.get_absolute_url()).status_code == 200
