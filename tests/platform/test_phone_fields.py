"""The free-text phones (cooperatives, hubs, hub contacts, partners) follow the one phone
rule (ess_platform.kernel.phones): the admin and the site's forms refuse a number the
numbering plan does not know, with a translated message on the field, and so do the
serializers; the spreadsheet import rejects the row with a reason of its own."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from cooperatives.api.serializers import CooperativeSerializer
from cooperatives.importer import reason_text
from cooperatives.models import Cooperative
from cooperatives.services import confirm_import_job, create_import_job
from projects_bank.api.serializers import PartnerSerializer
from projects_bank.models import Partner
from regional_hubs.api.serializers import HubSerializer
from regional_hubs.models import HubContact, RegionalHub
from tests.admin_forms import admin_change_data
from tests.cooperatives.factories import CooperativeFactory
from tests.factories import RegionalHubFactory, commune_in
from tests.projects_bank.factories import PartnerFactory

pytestmark = pytest.mark.django_db

MESSAGE_FR = "Saisissez un numéro de 9 à 15 chiffres, par exemple +212 600 000 000."
NOT_A_NUMBER = "12345"  # too short for any numbering plan


@pytest.fixture
def hub(souss_massa):
    return RegionalHubFactory(region=souss_massa)


def change_url(obj):
    meta = obj._meta
    with translation.override("fr"):
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


@pytest.mark.parametrize("make", [
    lambda: RegionalHubFactory(),
    lambda: CooperativeFactory(),
    lambda: PartnerFactory(),
], ids=["hub", "cooperative", "partner"])
def test_admin_refuses_a_phone_that_is_no_number_with_a_translated_message(
        client, national_admin, make):
    obj = make()
    client.force_login(national_admin)
    data = admin_change_data(client, change_url(obj))
    data["phone"] = NOT_A_NUMBER
    response = client.post(change_url(obj), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["phone"] == [MESSAGE_FR]
    assert MESSAGE_FR in response.content.decode()
    obj.refresh_from_db()
    assert obj.phone == ""


@pytest.mark.parametrize("written", ["+212 528 82 12 34", "06 12 34 56 78", "0612345678"])
def test_admin_accepts_a_moroccan_or_international_number_as_written(
        client, national_admin, hub, written):
    client.force_login(national_admin)
    data = admin_change_data(client, change_url(hub))
    data["phone"] = written
    response = client.post(change_url(hub), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    hub.refresh_from_db()
    assert hub.phone == written  # kept as written: the page shows it so


def test_a_stored_number_from_before_the_rule_is_flagged_on_its_field_at_the_next_edit(
        client, national_admin, hub):
    RegionalHub.objects.unscoped().filter(pk=hub.pk).update(phone="05 28 / 06 61")
    hub.refresh_from_db()
    hub.save()  # a save outside a form (a service, a task) does not re-check it
    client.force_login(national_admin)
    data = admin_change_data(client, change_url(hub))
    data["opening_hours_fr"] = "9h-17h"
    response = client.post(change_url(hub), data)
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["phone"]

    data["phone"] = ""  # cleared (or corrected), the unrelated edit goes through
    assert client.post(change_url(hub), data).status_code == 302
    hub.refresh_from_db()
    assert (hub.phone, hub.opening_hours_fr) == ("", "9h-17h")


def test_the_hub_contact_inline_follows_the_rule(client, national_admin, hub):
    client.force_login(national_admin)
    data = admin_change_data(client, change_url(hub))
    prefix = "contacts"
    data.update({f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-0-name_ar": "أمينة",
                 f"{prefix}-0-name_fr": "Amina", f"{prefix}-0-phone": NOT_A_NUMBER,
                 f"{prefix}-0-position": "0"})
    response = client.post(change_url(hub), data)
    assert response.status_code == 200
    assert MESSAGE_FR in response.content.decode()
    assert not HubContact.objects.unscoped().filter(hub=hub).exists()

    data[f"{prefix}-0-phone"] = "+33 6 12 34 56 78"
    assert client.post(change_url(hub), data).status_code == 302
    assert HubContact.objects.unscoped().get(hub=hub).phone == "+33 6 12 34 56 78"


@pytest.mark.parametrize("serializer_class, model", [
    (HubSerializer, RegionalHub), (CooperativeSerializer, Cooperative),
    (PartnerSerializer, Partner)])
def test_serializers_carry_the_rule(serializer_class, model):
    """The API has no write path for these fields today; its serializers would refuse."""
    field = serializer_class().fields["phone"]
    with translation.override("fr"):
        with pytest.raises(Exception) as caught:
            field.run_validation(NOT_A_NUMBER)
    assert MESSAGE_FR in str(caught.value.detail)
    assert field.run_validation("0612345678") == "0612345678"


def test_the_import_rejects_a_row_whose_phone_is_no_number(
        delegate, django_capture_on_commit_callbacks):
    commune = commune_in("09")
    header = ["numero_enregistrement", "nom_fr", "secteur", "commune", "adherents", "phone"]
    rows = [["PH-1", "Coopérative Amal", "argan", commune.code, "10", "0528 82 12 34"],
            ["PH-2", "Coopérative Nour", "argan", commune.code, "10", NOT_A_NUMBER]]
    content = "\n".join(",".join(row) for row in [header, *rows]).encode()
    job = create_import_job(user=delegate, upload=SimpleUploadedFile("coops.csv", content))
    with django_capture_on_commit_callbacks(execute=True):
        confirm_import_job(job=job)
    job.refresh_from_db()
    assert (job.created_count, job.rejected_count) == (1, 1)
    rejected = next(entry for entry in job.report if entry["outcome"] == "rejected")
    assert rejected["reason"] == "bad_phone"
    with translation.override("fr"):
        assert reason_text(rejected) == (
            f"« {NOT_A_NUMBER} » n'est pas un numéro de téléphone valide.")
    assert Cooperative.objects.unscoped().get(registration_number="PH-1").phone == \
        "0528 82 12 34"
    assert not Cooperative.objects.unscoped().filter(registration_number="PH-2").exists()


def test_the_managers_profile_form_follows_the_rule():
    from django.forms.models import model_to_dict

    from cooperatives.forms import CooperativeProfileForm

    cooperative = CooperativeFactory()
    data = {key: value for key, value in model_to_dict(
        cooperative, fields=CooperativeProfileForm._meta.fields).items() if value is not None}
    with translation.override("fr"):
        form = CooperativeProfileForm(instance=cooperative, data={**data, "phone": NOT_A_NUMBER})
        assert form.errors["phone"] == [MESSAGE_FR]
    form = CooperativeProfileForm(instance=cooperative, data={**data, "phone": "05 28 82 12 34"})
    assert form.is_valid(), form.errors
