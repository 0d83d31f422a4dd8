"""One idea's whole journey, through the services and the pages, in a region without a hub:
submitted in Arabic, reviewed at the desk, entered in a call, ranked, incubated in a
programme of the regional delegation's accompaniment desk, cooperative registered,
outcomes recorded. Every notification is sent once, every step is on record."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from ess_platform.kernel.notifications.models import Notification
from projects_bank import services
from projects_bank.models import IdeaStatusChange, Programme, ProjectIdea
from regional_hubs.models import Region, RegionalHub
from tests.factories import DelegateFactory, UserFactory, commune_in
from tests.projects_bank.factories import CooperativeFactory, SectorFactory

Status = ProjectIdea.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def marrakech(territory):
    return Region.objects.get(code="07")


def _notifications(user):
    return list(Notification.objects.filter(recipient=user).order_by("pk")
                .values_list("kind", flat=True))


def test_idea_goes_from_arabic_submission_to_a_cooperative_with_jobs_in_a_region_without_hub(
        client, marrakech, mailoutbox, django_capture_on_commit_callbacks):
    assert not RegionalHub.objects.unscoped().filter(region=marrakech).exists()
    sector = SectorFactory(slug="local_products", name_ar="المنتجات المحلية",
                           name_fr="Produits du terroir")
    delegate = DelegateFactory(region=marrakech, preferred_language="ar",
                               first_name="Hassan", last_name="Amrani")
    second_delegate = DelegateFactory(region=marrakech, preferred_language="fr")
    DelegateFactory(region=Region.objects.get(code="09"))  # another region: never told
    author = UserFactory(preferred_language="ar", first_name="Fatima", last_name="Ait")
    jurors = [UserFactory(), UserFactory()]
    call = services.create_call(
        by=delegate, title_ar="هاكاثون مراكش آسفي", title_fr="Ideathon Marrakech-Safi",
        slug="ideathon-marrakech-safi", region=marrakech, opens_on=timezone.localdate(),
        closes_at=timezone.now() + datetime.timedelta(days=3),
        judging_ends_at=timezone.now() + datetime.timedelta(days=6))
    services.open_call(call=call, by=delegate)
    for juror in jurors:
        services.assign_juror(call=call, juror=juror, by=delegate)

    # Submitted in Arabic on the site.
    client.force_login(author)
    with translation.override("ar"), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("projects_bank:submit"), {
            "submission_token": str(uuid.uuid4()), "language": "ar", "action": "submit",
            "title": "وحدة لتقطير ماء الورد بشيشاوة",
            "summary": "تقطير الورد والأعشاب العطرية التي تجمعها نساء الدواوير.",
            "need_addressed": "تباع النباتات العطرية خاما وبثمن زهيد.",
            "sector": sector.pk, "commune": commune_in("07").code,
            "expected_members": 14, "expected_women": 12, "expected_youth": 6,
            "estimated_budget": "320000", "expected_jobs": 9, "call": call.pk,
        })
    assert response.status_code == 302, response.context["form"].errors
    idea = ProjectIdea.objects.unscoped().get(author=author)
    assert idea.status == Status.SUBMITTED and idea.region == marrakech

    # Both delegates of the region are told, once, with a link to their desk.
    for person in (delegate, second_delegate):
        assert _notifications(person) == ["projects_bank_idea_submitted"]
    told = Notification.objects.get(recipient=delegate)
    assert told.url == reverse("projects_bank:desk-idea", kwargs={"pk": idea.pk})
    assert "وحدة لتقطير ماء الورد" in told.subject
    services.notify_delegates_of_submission(idea=idea)  # a retry tells nobody twice
    assert Notification.objects.filter(kind="projects_bank_idea_submitted").count() == 2

    # Reviewed at the desk, by buttons.
    client.force_login(delegate)
    desk_idea = reverse("projects_bank:desk-idea", kwargs={"pk": idea.pk})
    act = reverse("projects_bank:desk-act", kwargs={"pk": idea.pk})
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(act, {"action": "under_review"}).status_code == 302
        client.post(act, {"action": "shortlisted", "reason": "فكرة مرتبطة بموارد المنطقة."})
        for juror, value in zip(jurors, (8, 9), strict=True):
            services.score_idea(call=call, idea=idea, juror=juror,
                                scores={c.pk: value for c in call.criteria.all()})
        services.close_call(call=call, by=delegate)
        client.post(act, {"action": "accepted", "reason": "مبروك."})

    # Incubated in a programme of the accompaniment desk, opened for the region.
    place = services.accompaniment_place(region=marrakech)
    assert place.kind == RegionalHub.Kind.DESK
    programme = Programme.objects.unscoped().create(
        hub=place, title_ar="فوج الاحتضان الأول", title_fr="Première cohorte d'incubation",
        place_ar="مراكش", place_fr="Marrakech", starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=90), capacity=5)
    assert programme.title in client.get(desk_idea).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(act, {"action": "incubated", "programme": programme.pk})
        cooperative = CooperativeFactory(region_code="07", sector=sector,
                                         registration_number="RC-07-2025-001")
        client.post(act, {"action": "cooperative_created",
                          "registration_number": "rc-07-2025-001"})
        client.post(act, {"action": "outcome", "jobs_created": 11, "members": 15,
                          "women_members": 12, "youth_members": 7,
                          "reason": "بعد ستة أشهر."})
    idea.refresh_from_db()
    assert idea.status == Status.COOPERATIVE_CREATED
    assert idea.incubation_hub == place
    assert idea.founded_cooperative == cooperative
    assert list(idea.enrolments.values_list("programme", flat=True)) == [programme.pk]
    outcome = idea.outcomes.get()
    assert (outcome.jobs_created, outcome.women_members, outcome.recorded_by) == (
        11, 12, delegate)

    # Every move on record: who and when.
    history = list(IdeaStatusChange.objects.unscoped().filter(idea=idea)
                   .values_list("from_status", "to_status", "changed_by"))
    assert history == [
        ("draft", "submitted", author.pk),
        ("submitted", "under_review", delegate.pk),
        ("under_review", "shortlisted", delegate.pk),
        ("shortlisted", "accepted", delegate.pk),
        ("accepted", "incubated", delegate.pk),
        ("incubated", "cooperative_created", delegate.pk),
    ]
    call.refresh_from_db()
    assert call.ranking_published_by == delegate

    # The author: one message per move, and one for the ranking.
    assert _notifications(author) == [
        "projects_bank_idea_status", "projects_bank_idea_status",
        "projects_bank_idea_status", "projects_bank_ranking_published",
        "projects_bank_idea_status", "projects_bank_idea_status",
        "projects_bank_idea_status"]
    ranking = Notification.objects.get(recipient=author, kind="projects_bank_ranking_published")
    assert "1" in ranking.body and ranking.language == "ar"
    accepted = Notification.objects.filter(recipient=author).order_by("pk")[4]
    assert "مبروك." in accepted.body
    assert len([m for m in mailoutbox if m.to == [author.email]]) == 7
    # The delegates: told of the new idea, nothing else.
    for person in (delegate, second_delegate):
        assert _notifications(person) == ["projects_bank_idea_submitted"]

    # The desk tells the story in words.
    with translation.override("fr"):
        page = client.get(reverse("projects_bank:desk-idea", kwargs={"pk": idea.pk}))
    text = page.content.decode()
    assert "Fatima Ait a soumis l’idée." in text
    assert "Hassan Amrani a accepté l’idée." in text
    assert "Classée 1 sur 1" in text
    assert "11 emplois créés" in text

    # The pages: the cooperative says where it came from, the desk lists its ideas and
    # outcomes, the region shows its funnel.
    client.logout()
    with translation.override("ar"):
        coop_page = client.get(cooperative.get_absolute_url()).content.decode()
        hub_page = client.get(place.get_absolute_url()).content.decode()
        region_page = client.get(marrakech.get_absolute_url())
    assert idea.title in coop_page and programme.title_ar in coop_page
    assert idea.title in hub_page and cooperative.name in hub_page
    assert region_page.status_code == 200
    funnel = region_page.content.decode()
    for step, count in (("ideas", 1), ("accepted", 1), ("incubated", 1),
                        ("cooperatives", 1), ("jobs", 11)):
        assert f'<li data-step="{step}"><strong>{count}</strong>' in funnel


def test_every_region_gets_a_place_that_accompanies_ideas(territory):
    from regional_hubs.services import open_missing_desks

    assert open_missing_desks() == 12
    assert open_missing_desks() == 0
    places = RegionalHub.objects.unscoped()
    assert places.count() == 12
    assert set(places.values_list("kind", flat=True)) == {RegionalHub.Kind.DESK}


def test_an_accepted_idea_of_a_region_without_hub_can_be_incubated(marrakech):
    delegate = DelegateFactory(region=marrakech)
    from tests.projects_bank.factories import IdeaFactory

    idea = IdeaFactory(commune=commune_in("07"), status=Status.ACCEPTED)
    services.incubate(idea=idea, by=delegate)
    idea.refresh_from_db()
    assert idea.status == Status.INCUBATED
    assert idea.incubation_hub.kind == RegionalHub.Kind.DESK


def test_a_full_programme_refuses_another_idea(marrakech):
    from django.core.exceptions import ValidationError

    from tests.projects_bank.factories import IdeaFactory

    delegate = DelegateFactory(region=marrakech)
    place = services.accompaniment_place(region=marrakech)
    programme = Programme.objects.unscoped().create(
        hub=place, title_ar="تكوين", title_fr="Formation", starts_on=timezone.localdate(),
        ends_on=timezone.localdate(), capacity=1)
    first, second = (IdeaFactory(commune=commune_in("07"), status=Status.ACCEPTED)
                     for _ in range(2))
    services.incubate(idea=first, by=delegate, programme=programme)
    with pytest.raises(ValidationError):
        services.incubate(idea=second, by=delegate, programme=programme)
    second.refresh_from_db()
    assert second.status == Status.ACCEPTED  # refused as a whole


def test_outcomes_are_refused_before_the_cooperative_exists(marrakech):
    from django.core.exceptions import ValidationError

    from tests.projects_bank.factories import IdeaFactory

    delegate = DelegateFactory(region=marrakech)
    idea = IdeaFactory(commune=commune_in("07"), status=Status.INCUBATED)
    with pytest.raises(ValidationError):
        services.record_outcome(idea=idea, by=delegate, jobs_created=3, members=5)
    assert not idea.outcomes.exists()


def test_outcomes_cannot_count_more_women_than_members(marrakech):
    from django.core.exceptions import ValidationError

    from tests.projects_bank.factories import IdeaFactory

    delegate = DelegateFactory(region=marrakech)
    idea = IdeaFactory(commune=commune_in("07"), status=Status.COOPERATIVE_CREATED)
    with pytest.raises(ValidationError):
        services.record_outcome(idea=idea, by=delegate, jobs_created=3, members=5,
                                women_members=6)


def test_another_regions_delegate_cannot_record_outcomes(marrakech):
    from django.core.exceptions import PermissionDenied

    from tests.projects_bank.factories import IdeaFactory

    idea = IdeaFactory(commune=commune_in("07"), status=Status.COOPERATIVE_CREATED)
    with pytest.raises(PermissionDenied):
        services.record_outcome(idea=idea, by=DelegateFactory(), jobs_created=3, members=5)


def test_ranking_publication_tells_every_author_of_the_call_once(souss_massa):
    from tests.projects_bank.factories import CallFactory, CriterionFactory, IdeaFactory

    delegate = DelegateFactory(region=souss_massa)
    call = CallFactory(region=souss_massa)
    CriterionFactory(call=call)
    ideas = [IdeaFactory(call=call, status=Status.SHORTLISTED) for _ in range(3)]
    IdeaFactory(call=call, status=Status.DRAFT, submitted_at=None)  # not sent: not told
    services.close_call(call=call, by=delegate)
    services.notify_ranking_published(call=call)  # a second run tells nobody twice
    told = Notification.objects.filter(kind="projects_bank_ranking_published")
    assert sorted(told.values_list("recipient", flat=True)) == sorted(
        idea.author_id for idea in ideas)
    assert Decimal(told.count()) == 3
