"""Who may ask for which report, and how many at once: checked by the service, whatever
the caller (the site's form only shows the service's answer)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ess_platform.reports import services
from ess_platform.reports.forms import ReportRequestForm
from ess_platform.reports.models import Report

from .factories import ReportFactory

pytestmark = pytest.mark.django_db

PERIOD = {"period_start": datetime.date(2025, 1, 1), "period_end": datetime.date(2025, 12, 31)}


def ask(requester, region, **overrides):
    return services.request_report(requester=requester, region=region,
                                   **{**PERIOD, "language": "ar", **overrides})


def test_a_delegate_asks_for_their_region(delegate):
    assert ask(delegate, delegate.region).region == delegate.region


def test_the_service_refuses_another_region(delegate, fes_meknes):
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        ask(delegate, fes_meknes)
    assert "region" in error.value.message_dict
    assert not Report.objects.unscoped().exists()


def test_the_service_refuses_the_whole_country_to_a_delegate(delegate):
    with pytest.raises(ValidationError) as error:
        ask(delegate, None)
    assert "region" in error.value.message_dict


def test_the_service_refuses_a_member(member, souss_massa):
    with pytest.raises(ValidationError):
        ask(member, souss_massa)


def test_the_service_refuses_a_period_in_the_wrong_order(national_admin):
    with pytest.raises(ValidationError) as error:
        ask(national_admin, None, period_start=datetime.date(2025, 6, 1),
            period_end=datetime.date(2025, 1, 1))
    assert "period_end" in error.value.message_dict


def test_the_service_holds_the_limit_of_reports_being_built(delegate):
    for _index in range(services.MAX_ACTIVE_PER_USER):
        ReportFactory(requester=delegate, region=delegate.region)
    with pytest.raises(ValidationError):
        ask(delegate, delegate.region)
    assert Report.objects.unscoped().count() == services.MAX_ACTIVE_PER_USER


def test_finished_reports_do_not_count_against_the_limit(delegate):
    for _index in range(services.MAX_ACTIVE_PER_USER):
        ReportFactory(requester=delegate, region=delegate.region, status=Report.Status.DONE)
    assert ask(delegate, delegate.region)


def test_the_form_shows_the_services_answer_in_the_page_language(delegate, fes_meknes):
    with translation.override("fr"):
        form = ReportRequestForm(data={"region": fes_meknes.pk, "period_start": "2025-01-01",
                                       "period_end": "2025-12-31", "language": "fr"},
                                 user=delegate)
        assert not form.is_valid()
        assert form.errors["region"] == [
            "Vous ne pouvez demander des rapports que sur votre propre région."]
