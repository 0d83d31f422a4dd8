"""The audit trail shows who changed what, scoped by region for delegates."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType

from regional_hubs.models import RegionalHub

pytestmark = pytest.mark.django_db

AUDIT = "/ar/admin/admin/logentry/"


def log_change(user, hub):
    return LogEntry.objects.log_actions(
        user_id=user.pk, queryset=[hub], action_flag=CHANGE, change_message="Changed name.",
        single_object=True)


def test_delegate_sees_changes_of_their_region_only(client, delegate, national_admin,
                                                     souss_hub, fes_hub):
    log_change(national_admin, souss_hub)
    log_change(national_admin, fes_hub)
    client.force_login(delegate)
    response = client.get(AUDIT)
    assert response.status_code == 200
    reprs = {entry.object_repr for entry in response.context["cl"].result_list}
    assert reprs == {str(souss_hub)}


def test_delegate_cannot_open_other_region_entry(client, delegate, national_admin, fes_hub):
    entry = log_change(national_admin, fes_hub)
    client.force_login(delegate)
    response = client.get(f"{AUDIT}{entry.pk}/change/")
    assert response.status_code in {302, 403, 404}


def test_national_admin_sees_every_entry(client, national_admin, souss_hub, fes_hub):
    log_change(national_admin, souss_hub)
    log_change(national_admin, fes_hub)
    client.force_login(national_admin)
    assert len(client.get(AUDIT).context["cl"].result_list) == 2


def test_admin_edit_is_recorded_with_its_author(client, delegate, souss_hub):
    from tests.regional_hubs.test_admin_scoping import change_url, hub_form

    client.force_login(delegate)
    client.post(change_url(souss_hub), hub_form(souss_hub, name_fr="Pôle ESS Souss"))
    entry = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(RegionalHub))
    assert entry.user == delegate and entry.is_change()


def test_audit_trail_is_read_only(client, national_admin, souss_hub):
    entry = log_change(national_admin, souss_hub)
    client.force_login(national_admin)
    client.post(f"{AUDIT}{entry.pk}/delete/", {"post": "yes"})
    assert LogEntry.objects.filter(pk=entry.pk).exists()


def test_audit_list_queries_are_bounded(client, national_admin, souss_hub,
                                        django_assert_max_num_queries):
    for _ in range(30):
        log_change(national_admin, souss_hub)
    client.force_login(national_admin)
    with django_assert_max_num_queries(12):
        assert client.get(AUDIT).status_code == 200


def test_delegate_moved_to_another_region_no_longer_reads_their_old_entries(
        client, delegate, souss_hub, fes_meknes):
    log_change(delegate, souss_hub)
    delegate.region = fes_meknes
    delegate.save(update_fields=["region"])
    client.force_login(delegate)
    response = client.get(AUDIT)
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []


def test_delegate_reads_their_own_deletions_not_other_people_s(client, delegate,
                                                               national_admin, souss_hub):
    from django.contrib.admin.models import DELETION

    mine = LogEntry.objects.log_actions(
        user_id=delegate.pk, queryset=[souss_hub], action_flag=DELETION, single_object=True)
    LogEntry.objects.log_actions(
        user_id=national_admin.pk, queryset=[souss_hub], action_flag=DELETION,
        single_object=True)
    souss_hub.delete()
    client.force_login(delegate)
    entries = list(client.get(AUDIT).context["cl"].result_list)
    assert entries == [mine]
