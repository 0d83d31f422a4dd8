"""The rules of calls hold whatever the path: admin save, admin inline, model, service."""

import datetime
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone, translation

from ess_platform.history.models import ChangeRecord
from ess_platform.kernel.notifications.models import Notification
from projects_bank import services
from projects_bank.forms import IdeaForm
from projects_bank.models import Call, Criterion, JuryAssignment, ProjectIdea, Score
from tests.factories import UserFactory, commune_in

from .factories import CallFactory, IdeaFactory, JuryAssignmentFactory, SectorFactory

pytestmark = pytest.mark.django_db

LOCKED = {
    "ar": "بدأت لجنة التحكيم تنقيط هذا النداء: لم يعد ممكنا تعديل معاييره أو حذفها.",
    "fr": "Le jury a commencé à noter cet appel : ses critères ne peuvent plus être "
          "modifiés ni supprimés.",
}


def criteria_of(call):
    return Criterion.objects.unscoped().filter(call=call).order_by("position", "pk")


@pytest.fixture
def call(souss_massa):
    call = CallFactory(region=souss_massa)
    services.add_default_criteria(call=call)
    return call


@pytest.fixture
def juror(call):
    return JuryAssignmentFactory(call=call).juror


@pytest.fixture
def scored(call, juror):
    """One idea of the call scored by the juror: scoring has started."""
    idea = IdeaFactory(call=call, status=ProjectIdea.Status.SHORTLISTED)
    call.status = Call.Status.CLOSED
    call.save(update_fields=["status"])
    services.score_idea(call=call, idea=idea, juror=juror,
                        scores={c.pk: 7 for c in criteria_of(call)})
    return idea


def change_data(call, **extra):
    """The call's admin change form as it stands (main fields, criteria and jury)."""
    closes, judging = (timezone.localtime(call.closes_at),
                       timezone.localtime(call.judging_ends_at))
    data = {
        "title_ar": call.title_ar, "title_fr": call.title_fr, "slug": call.slug,
        "region": call.region_id, "opens_on": call.opens_on.isoformat(),
        "closes_at_0": closes.date().isoformat(), "closes_at_1": closes.strftime("%H:%M:%S"),
        "judging_ends_at_0": judging.date().isoformat(),
        "judging_ends_at_1": judging.strftime("%H:%M:%S"),
        "description_ar": "", "description_fr": "",
    }
    criteria = list(criteria_of(call))
    jury = list(JuryAssignment.objects.unscoped().filter(call=call).order_by("pk"))
    for prefix, rows in (("criteria", criteria), ("jury_assignments", jury), ("ranking", [])):
        data.update({f"{prefix}-TOTAL_FORMS": str(len(rows)),
                     f"{prefix}-INITIAL_FORMS": str(len(rows)),
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    for index, criterion in enumerate(criteria):
        data.update({f"criteria-{index}-id": criterion.pk, f"criteria-{index}-call": call.pk,
                     f"criteria-{index}-name_ar": criterion.name_ar,
                     f"criteria-{index}-name_fr": criterion.name_fr,
                     f"criteria-{index}-weight": criterion.weight,
                     f"criteria-{index}-position": criterion.position})
    for index, assignment in enumerate(jury):
        data.update({f"jury_assignments-{index}-id": assignment.pk,
                     f"jury_assignments-{index}-call": call.pk,
                     f"jury_assignments-{index}-juror": assignment.juror.email})
    data.update(extra)
    return data


def post_change(client, call, language="ar", **extra):
    with translation.override(language):
        url = reverse("admin:projects_bank_call_change", args=[call.pk])
    return client.post(url, change_data(call, **extra))


# ------------------------------------------------------------------ criteria locked

@pytest.mark.parametrize("language", ["ar", "fr"])
def test_editing_a_criterion_in_the_admin_after_scoring_is_refused(
        client, delegate, call, scored, language):
    criterion = criteria_of(call).first()
    client.force_login(delegate)

    response = post_change(client, call, language, **{"criteria-0-weight": "9"})

    assert response.status_code == 200
    assert LOCKED[language] in response.content.decode()
    criterion.refresh_from_db()
    assert criterion.weight != 9


def test_deleting_a_criterion_in_the_admin_after_scoring_is_refused(client, delegate, call,
                                                                    scored):
    client.force_login(delegate)
    scores = Score.objects.unscoped().count()

    response = post_change(client, call, **{"criteria-0-DELETE": "on"})

    assert response.status_code == 200
    assert LOCKED["ar"] in response.content.decode()
    assert criteria_of(call).count() == 3
    assert Score.objects.unscoped().count() == scores


def test_adding_a_criterion_in_the_admin_after_scoring_is_refused(client, delegate, call,
                                                                  scored):
    client.force_login(delegate)
    response = post_change(client, call, **{
        "criteria-TOTAL_FORMS": "4", "criteria-3-call": call.pk, "criteria-3-name_ar": "أثر",
        "criteria-3-name_fr": "Impact", "criteria-3-weight": "2", "criteria-3-position": "9"})
    assert response.status_code == 200
    assert criteria_of(call).count() == 3


def test_the_model_refuses_changes_and_deletion_after_scoring(call, scored):
    criterion = Criterion.objects.unscoped().filter(call=call).first()
    criterion.weight = 9
    with translation.override("fr"):
        with pytest.raises(ValidationError) as error:
            criterion.full_clean()
        assert error.value.messages == [LOCKED["fr"]]
    with pytest.raises(ValidationError):
        criterion.save()
    with pytest.raises(ValidationError):
        Criterion.objects.unscoped().get(pk=criterion.pk).delete()
    # A bulk delete skips the model, not the database: the scores protect their criterion.
    with pytest.raises(ProtectedError):
        Criterion.objects.unscoped().filter(pk=criterion.pk).delete()
    assert Score.objects.unscoped().filter(criterion=criterion).exists()


def test_saving_a_criterion_unchanged_after_scoring_is_no_change(call, scored):
    criterion = Criterion.objects.unscoped().filter(call=call).first()
    criterion.save()  # an idempotent seed does this


def test_criteria_stay_editable_before_scoring(client, delegate, call):
    client.force_login(delegate)
    response = post_change(client, call, **{"criteria-0-weight": "9"})
    assert response.status_code == 302
    assert criteria_of(call).first().weight == 9


# ------------------------------------------------------------------ the jury, via services

def test_removing_a_juror_who_scored_is_refused_in_the_admin(client, delegate, call, juror,
                                                             scored):
    client.force_login(delegate)
    response = post_change(client, call, **{"jury_assignments-0-DELETE": "on"})
    assert response.status_code == 200
    assert "فيبقى ضمن لجنته" in response.content.decode()
    assert JuryAssignment.objects.unscoped().filter(call=call, juror=juror).exists()


def test_the_admin_removes_and_adds_jurors_through_the_services(
        client, delegate, call, juror, django_capture_on_commit_callbacks):
    newcomer = UserFactory(email="newcomer@example.ma")
    client.force_login(delegate)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_change(client, call, **{
            "jury_assignments-0-DELETE": "on", "jury_assignments-TOTAL_FORMS": "2",
            "jury_assignments-1-call": call.pk,
            "jury_assignments-1-juror": "newcomer@example.ma"})
    assert response.status_code == 302, response.context["errors"]
    assert list(JuryAssignment.objects.unscoped().filter(call=call)
                .values_list("juror", flat=True)) == [newcomer.pk]
    # assign_juror told the newcomer; the removal is on record, by the delegate.
    assert Notification.objects.filter(recipient=newcomer,
                                       kind="projects_bank_jury_assignment").count() == 1
    removal = ChangeRecord.objects.unscoped().get(
        action=ChangeRecord.Action.DELETE, content_type__model="juryassignment")
    assert removal.actor == delegate


def test_replacing_a_juror_in_the_admin_goes_through_the_services(client, delegate, call,
                                                                  juror):
    newcomer = UserFactory(email="replacement@example.ma")
    client.force_login(delegate)
    response = post_change(client, call,
                           **{"jury_assignments-0-juror": "replacement@example.ma"})
    assert response.status_code == 302, response.context["errors"]
    assert set(JuryAssignment.objects.unscoped().filter(call=call)
               .values_list("juror", flat=True)) == {newcomer.pk}


def test_another_regions_delegate_cannot_remove_a_juror(other_delegate, call, juror):
    assignment = JuryAssignment.objects.unscoped().get(call=call, juror=juror)
    with pytest.raises(PermissionDenied):
        services.remove_juror(assignment=assignment, by=other_delegate)
    assert JuryAssignment.objects.unscoped().filter(pk=assignment.pk).exists()


def test_remove_juror_service_refuses_a_juror_who_scored(delegate, call, juror, scored):
    assignment = JuryAssignment.objects.unscoped().get(call=call, juror=juror)
    with pytest.raises(ValidationError):
        services.remove_juror(assignment=assignment, by=delegate)


# ------------------------------------------------------------------ one local "today"

def test_at_half_past_midnight_the_call_the_form_offers_is_accepted(monkeypatch, souss_massa,
                                                                   member):
    """00:30 in Casablanca is still yesterday in UTC: form and service agree on today."""
    moment = datetime.datetime(2026, 12, 1, 0, 30, tzinfo=ZoneInfo("Africa/Casablanca"))
    assert moment.astimezone(datetime.UTC).date() == datetime.date(2026, 11, 30)
    call = CallFactory(region=souss_massa, opens_on=datetime.date(2026, 12, 1),
                       closes_at=moment + datetime.timedelta(days=5),
                       judging_ends_at=moment + datetime.timedelta(days=9))
    monkeypatch.setattr(timezone, "now", lambda: moment)

    assert call in IdeaForm(user=member).fields["call"].queryset
    idea = services.submit_idea(
        author=member, submission_token=uuid.uuid4(), call=call, language="ar",
        title="وحدة تجفيف التين", summary="تجفيف التين وتلفيفه.", need_addressed="ضياع المحصول.",
        commune=commune_in("09"), sector=SectorFactory(), expected_members=7,
        expected_women=4, expected_youth=3, estimated_budget=Decimal("50000"), expected_jobs=3)
    assert idea.call == call and idea.status == ProjectIdea.Status.SUBMITTED


def test_a_call_opening_tomorrow_is_neither_offered_nor_accepted(monkeypatch, souss_massa,
                                                                member):
    moment = datetime.datetime(2026, 12, 1, 23, 30, tzinfo=ZoneInfo("Africa/Casablanca"))
    call = CallFactory(region=souss_massa, opens_on=datetime.date(2026, 12, 2),
                       closes_at=moment + datetime.timedelta(days=5),
                       judging_ends_at=moment + datetime.timedelta(days=9))
    monkeypatch.setattr(timezone, "now", lambda: moment)

    assert call not in IdeaForm(user=member).fields["call"].queryset
    with pytest.raises(ValidationError):
        services.submit_idea(
            author=member, submission_token=uuid.uuid4(), call=call, language="ar",
            title="وحدة تجفيف التين", summary="تجفيف التين.", need_addressed="ضياع المحصول.",
            commune=commune_in("09"), sector=SectorFactory(), expected_members=7,
            expected_women=4, expected_youth=3, estimated_budget=Decimal("50000"),
            expected_jobs=3)

