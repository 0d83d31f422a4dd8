"""A Souss-Massa delegate manages the Souss-Massa hub and nothing of Fès-Meknès."""

import json

import pytest
from django.urls import reverse

from regional_hubs.models import HubService, RegionalHub

pytestmark = pytest.mark.django_db

CHANGELIST = "/ar/admin/regional_hubs/regionalhub/"


def change_url(hub):
    return reverse("admin:regional_hubs_regionalhub_change", args=[hub.pk])


def hub_form(hub, **changes):
    """The change form's POST data for a hub without inline rows."""
    data = {
        "region": hub.region_id, "slug": hub.slug, "name_ar": hub.name_ar,
        "name_fr": hub.name_fr, "kind": hub.kind, "status": hub.status, "description_ar": "",
        "description_fr": "", "address_ar": "", "address_fr": "", "opening_hours_ar": "",
        "opening_hours_fr": "", "email": "", "phone": "", "website": "",
        "latitude": "", "longitude": "",
    }
    for prefix in ["services", "contacts", "partners", "milestones"]:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0",
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    data.update(changes)
    return data


def test_delegate_list_shows_only_their_region_hub(delegate_client, souss_hub, fes_hub):
    response = delegate_client.get(CHANGELIST)
    assert response.status_code == 200
    assert souss_hub.name_ar in response.content.decode()
    assert fes_hub.name_ar not in response.content.decode()


def test_national_admin_list_shows_every_hub(admin_client_national, souss_hub, fes_hub):
    content = admin_client_national.get(CHANGELIST).content.decode()
    assert souss_hub.name_ar in content and fes_hub.name_ar in content


def test_delegate_can_edit_their_region_hub(delegate_client, souss_hub):
    response = delegate_client.post(change_url(souss_hub),
                                    hub_form(souss_hub, name_fr="Pôle ESS Souss-Massa"))
    assert response.status_code == 302, response.content.decode()[:2000]
    souss_hub.refresh_from_db()
    assert souss_hub.name_fr == "Pôle ESS Souss-Massa"


def test_delegate_cannot_open_other_region_hub_by_id(delegate_client, fes_hub):
    response = delegate_client.get(change_url(fes_hub))
    assert response.status_code in {302, 403, 404}
    assert fes_hub.name_ar not in response.content.decode()


def test_delegate_forged_post_to_other_region_hub_changes_nothing(delegate_client, fes_hub):
    response = delegate_client.post(change_url(fes_hub), hub_form(fes_hub, name_fr="Piraté"))
    assert response.status_code in {302, 403, 404}
    fes_hub.refresh_from_db()
    assert fes_hub.name_fr == "Pôle Fès-Meknès"


def test_delegate_cannot_move_their_hub_to_another_region(delegate_client, souss_hub,
                                                          fes_meknes):
    response = delegate_client.post(change_url(souss_hub),
                                    hub_form(souss_hub, region=fes_meknes.pk))
    assert response.status_code in {200, 403}
    souss_hub.refresh_from_db()
    assert souss_hub.region.code == "09"


def test_national_admin_can_edit_any_hub(admin_client_national, fes_hub):
    response = admin_client_national.post(change_url(fes_hub),
                                          hub_form(fes_hub, name_fr="Pôle ESS Fès"))
    assert response.status_code == 302
    fes_hub.refresh_from_db()
    assert fes_hub.name_fr == "Pôle ESS Fès"


def test_service_hub_choices_hold_only_the_delegate_region(delegate_client, souss_hub,
                                                           fes_hub):
    response = delegate_client.get(reverse("admin:regional_hubs_hubservice_add"))
    field = response.context["adminform"].form.fields["hub"]
    assert list(field.queryset) == [souss_hub]


def test_delegate_cannot_add_service_to_other_region_hub(delegate_client, fes_hub):
    response = delegate_client.post(reverse("admin:regional_hubs_hubservice_add"), {
        "hub": fes_hub.pk, "kind": HubService.Kind.SHOWROOM,
        "description_ar": "", "description_fr": ""})
    assert response.status_code == 200  # the form refuses the choice
    assert "hub" in response.context["adminform"].form.errors
    assert not fes_hub.services.filter(kind=HubService.Kind.SHOWROOM).exists()


def autocomplete(client, term=""):
    return client.get("/ar/admin/autocomplete/", {
        "app_label": "regional_hubs", "model_name": "hubservice", "field_name": "hub",
        "term": term})


def test_autocomplete_offers_only_the_delegate_region_hub(delegate_client, souss_hub, fes_hub):
    response = autocomplete(delegate_client)
    assert response.status_code == 200
    ids = {row["id"] for row in json.loads(response.content)["results"]}
    assert ids == {str(souss_hub.pk)}


def test_autocomplete_offers_every_hub_to_national_admin(admin_client_national, souss_hub,
                                                         fes_hub):
    ids = {row["id"] for row in json.loads(autocomplete(admin_client_national).content)[
        "results"]}
    assert ids == {str(souss_hub.pk), str(fes_hub.pk)}


def test_region_autocomplete_offers_only_the_delegate_region(delegate_client, souss_hub):
    response = delegate_client.get("/ar/admin/autocomplete/", {
        "app_label": "regional_hubs", "model_name": "regionalhub", "field_name": "region"})
    codes = [row["text"] for row in json.loads(response.content)["results"]]
    assert codes == [souss_hub.region.name_ar]


def test_delete_action_ignores_other_region_hub(delegate_client, souss_hub, fes_hub):
    delegate_client.post(CHANGELIST, {
        "action": "delete_selected", "_selected_action": [fes_hub.pk], "post": "yes"})
    assert RegionalHub.objects.unscoped().filter(pk=fes_hub.pk).exists()


def export(client, *hubs):
    return client.post(CHANGELIST, {
        "action": "export_csv", "_selected_action": [h.pk for h in hubs]})


def test_export_holds_only_the_delegate_region(delegate_client, souss_hub, fes_hub):
    response = export(delegate_client, souss_hub, fes_hub)
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode()
    assert souss_hub.name_ar in content
    assert fes_hub.name_ar not in content


def test_export_of_other_region_only_yields_no_row(delegate_client, fes_hub):
    response = export(delegate_client, fes_hub)
    if response.streaming:
        content = b"".join(response.streaming_content).decode()
    else:
        content = response.content.decode()
    assert fes_hub.name_ar not in content
    assert fes_hub.name_fr not in content


def test_national_admin_export_holds_every_selected_hub(admin_client_national, souss_hub,
                                                        fes_hub):
    response = export(admin_client_national, souss_hub, fes_hub)
    content = b"".join(response.streaming_content).decode()
    assert souss_hub.name_ar in content and fes_hub.name_ar in content


def test_service_list_hides_other_region_services(delegate_client, souss_hub, fes_hub):
    response = delegate_client.get(reverse("admin:regional_hubs_hubservice_changelist"))
    ids = {obj.pk for obj in response.context["cl"].result_list}
    assert ids == set(souss_hub.services.values_list("pk", flat=True))


def test_member_cannot_open_the_hub_admin(client, member, souss_hub):
    member.is_staff = True
    member.save()
    client.force_login(member)
    assert client.get(CHANGELIST).status_code == 403


def test_hub_changelist_queries_are_bounded(admin_client_national, territory,
                                            django_assert_max_num_queries):
    from tests.factories import RegionalHubFactory

    for region in territory:
        RegionalHubFactory(region=region)
    with django_assert_max_num_queries(15):
        assert admin_client_national.get(CHANGELIST).status_code == 200
