import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.cooperatives.factories import CooperativeFactory

pytestmark = pytest.mark.django_db


def change_url(cooperative):
    return reverse("admin:cooperatives_cooperative_change", args=[cooperative.pk])


def test_delegate_sees_own_region_cooperatives_only(client, delegate, cooperative,
                                                    other_cooperative):
    client.force_login(delegate)
    response = client.get(reverse("admin:cooperatives_cooperative_changelist"))
    listed = {c.pk for c in response.context["cl"].result_list}
    assert cooperative.pk in listed and other_cooperative.pk not in listed


def test_delegate_of_09_cannot_open_or_edit_a_03_cooperative(client, delegate,
                                                              other_cooperative):
    client.force_login(delegate)
    response = client.get(change_url(other_cooperative))
    assert response.status_code in (302, 403, 404)
    response = client.post(change_url(other_cooperative), {"name_ar": "x"})
    assert response.status_code in (302, 403, 404)
    other_cooperative.refresh_from_db()
    assert other_cooperative.name_ar != "x"


def test_delegate_opens_own_cooperative(client, delegate, cooperative):
    client.force_login(delegate)
    assert client.get(change_url(cooperative)).status_code == 200


def test_commune_autocomplete_is_scoped(client, delegate):
    client.force_login(delegate)
    response = client.get(reverse("admin:autocomplete"), {
        "app_label": "cooperatives", "model_name": "cooperative", "field_name": "commune",
        "term": ""})
    assert response.status_code == 200


def test_admin_export_action_is_scoped(client, delegate, cooperative, other_cooperative):
    client.force_login(delegate)
    response = client.post(reverse("admin:cooperatives_cooperative_changelist"), {
        "action": "export_csv", "_selected_action": [cooperative.pk, other_cooperative.pk]})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert cooperative.registration_number in text
    assert other_cooperative.registration_number not in text


def test_site_csv_export_follows_filters_and_escapes_formulas(client):
    CooperativeFactory(registration_number="EXP-1", name_fr="=HYPERLINK(\"x\")",
                       region_code="09")
    CooperativeFactory(registration_number="EXP-2", region_code="03")
    response = client.get(reverse("cooperatives:export", kwargs={"fmt": "csv"}),
                          {"region": "09"})
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    assert "EXP-1" in text and "EXP-2" not in text
    assert "'=HYPERLINK" in text


def test_site_xlsx_export(client):
    CooperativeFactory(registration_number="EXP-3", name_ar="+SUM(A1)")
    response = client.get(reverse("cooperatives:export", kwargs={"fmt": "xlsx"}))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert rows[1][0] == "EXP-3" and rows[1][1] == "'+SUM(A1)"


def test_export_with_bad_filter_is_empty_not_500(client, cooperative):
    response = client.get(reverse("cooperatives:export", kwargs={"fmt": "csv"}),
                          {"region": "zz"})
    assert response.status_code == 200
    assert cooperative.registration_number not in b"".join(
        response.streaming_content).decode()


def test_unknown_export_format_is_404(client):
    assert client.get(reverse("cooperatives:export", kwargs={"fmt": "pdf"})).status_code == 404
