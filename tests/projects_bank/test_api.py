"""The API: published ideas for everyone, your own when signed in, submit with POST."""

import uuid

import pytest
from django.utils import timezone

from projects_bank import services
from projects_bank.models import ProjectIdea
from tests.factories import commune_in

from .factories import (
    CallFactory,
    EconomicModelFactory,
    FundingSourceFactory,
    IdeaFactory,
    JuryAssignmentFactory,
    PartnerFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db

Status = ProjectIdea.Status
IDEAS = "/api/v1/ideas/"


def payload(**overrides):
    data = {
        "submission_token": str(uuid.uuid4()),
        "language": "fr",
        "title": "Séchoir solaire pour figues",
        "summary": "Sécher et conditionner les figues de barbarie du douar.",
        "need_addressed": "Les fruits se perdent faute de transformation.",
        "sector": SectorFactory(slug="local_products").slug,
        "commune": commune_in("09").code,
        "expected_members": 8,
        "expected_women": 5,
        "expected_youth": 3,
        "estimated_budget": "60000.00",
        "expected_jobs": 4,
    }
    data.update(overrides)
    return data


def test_anonymous_list_shows_published_ideas_only(client, territory):
    accepted = IdeaFactory(status=Status.ACCEPTED)
    IdeaFactory(status=Status.DRAFT)
    IdeaFactory(status=Status.REJECTED)
    response = client.get(IDEAS)
    assert [row["id"] for row in response.json()["results"]] == [accepted.pk]


def test_idea_list_queries_are_bounded(client, territory, django_assert_max_num_queries):
    for _ in range(30):
        IdeaFactory(status=Status.ACCEPTED)
    with django_assert_max_num_queries(4):
        response = client.get(IDEAS, {"page_size": 50})
    assert len(response.json()["results"]) == 30


def test_signed_in_list_adds_my_own_ideas(client, member, territory):
    draft = IdeaFactory(author=member, status=Status.DRAFT)
    accepted = IdeaFactory(status=Status.ACCEPTED)
    IdeaFactory(status=Status.DRAFT)
    client.force_login(member)
    ids = {row["id"] for row in client.get(IDEAS).json()["results"]}
    assert ids == {draft.pk, accepted.pk}


def test_mine_lists_only_my_ideas_with_their_history(client, member, territory,
                                                     django_assert_max_num_queries):
    for _ in range(10):
        IdeaFactory(author=member, status=Status.REJECTED, rejection_reason="سبب")
    IdeaFactory(status=Status.ACCEPTED)
    client.force_login(member)
    with django_assert_max_num_queries(8):
        response = client.get(IDEAS, {"mine": "1"})
    rows = response.json()["results"]
    assert len(rows) == 10
    assert rows[0]["rejection_reason"] == "سبب"


def test_anonymous_mine_is_empty(client, territory):
    IdeaFactory(status=Status.ACCEPTED)
    assert client.get(IDEAS, {"mine": "1"}).json()["results"] == []


def test_someone_elses_draft_is_not_found(client, member):
    draft = IdeaFactory(status=Status.DRAFT)
    client.force_login(member)
    assert client.get(f"{IDEAS}{draft.pk}/").status_code == 404


def test_filter_by_region(client, territory):
    souss = IdeaFactory(status=Status.ACCEPTED)
    IdeaFactory(status=Status.ACCEPTED, commune=commune_in("03"))
    rows = client.get(IDEAS, {"region": "09"}).json()["results"]
    assert [row["id"] for row in rows] == [souss.pk]


def test_anonymous_cannot_submit(client, territory):
    response = client.post(IDEAS, payload(), content_type="application/json")
    assert response.status_code in {401, 403}
    assert not ProjectIdea.objects.unscoped().exists()


def test_submit_an_idea(client, member, territory):
    client.force_login(member)
    response = client.post(IDEAS, payload(), content_type="application/json")
    assert response.status_code == 201, response.json()
    idea = ProjectIdea.objects.unscoped().get()
    assert idea.status == Status.SUBMITTED and idea.language == "fr"
    assert response.json()["history"][0]["to_status"] == "submitted"


def test_save_a_draft(client, member, territory):
    client.force_login(member)
    response = client.post(IDEAS, payload(draft=True), content_type="application/json")
    assert response.status_code == 201
    assert ProjectIdea.objects.unscoped().get().status == Status.DRAFT


def test_resubmitting_the_same_token_is_harmless(client, member, territory):
    client.force_login(member)
    data = payload()
    first = client.post(IDEAS, data, content_type="application/json")
    second = client.post(IDEAS, data, content_type="application/json")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert ProjectIdea.objects.unscoped().count() == 1


def test_budget_not_a_number_is_a_field_error(client, member, territory):
    client.force_login(member)
    response = client.post(IDEAS, payload(estimated_budget="beaucoup"),
                           content_type="application/json")
    assert response.status_code == 400
    assert "estimated_budget" in response.json()
    assert not ProjectIdea.objects.unscoped().exists()


def test_unknown_commune_is_a_field_error(client, member, territory):
    client.force_login(member)
    response = client.post(IDEAS, payload(commune="99.999.99.9"),
                           content_type="application/json")
    assert response.status_code == 400
    assert "commune" in response.json()


def test_missing_title_is_a_field_error(client, member, territory):
    client.force_login(member)
    data = payload()
    del data["title"]
    response = client.post(IDEAS, data, content_type="application/json")
    assert response.status_code == 400
    assert "title" in response.json()


def test_model_rule_comes_back_as_a_field_error(client, member, territory):
    client.force_login(member)
    response = client.post(IDEAS, payload(expected_members=2, expected_women=5),
                           content_type="application/json")
    assert response.status_code == 400
    assert "expected_women" in response.json()
    assert not ProjectIdea.objects.unscoped().exists()


def test_errors_are_translated(client, member, territory):
    client.force_login(member)
    data = payload()
    del data["title"]
    response = client.post(IDEAS, data, content_type="application/json",
                           HTTP_ACCEPT_LANGUAGE="fr")
    assert "obligatoire" in response.json()["title"][0]


def test_calls_with_published_ranking(client, souss_massa, delegate,
                                      django_assert_max_num_queries):
    call = CallFactory(region=souss_massa)
    services.add_default_criteria(call=call)
    juror = JuryAssignmentFactory(call=call).juror
    idea = IdeaFactory(call=call, status=Status.SHORTLISTED)
    services.score_idea(call=call, idea=idea, juror=juror,
                        scores={c.pk: 6 for c in call.criteria.all()})
    services.close_call(call=call, by=delegate)
    for _ in range(10):
        CallFactory()
    with django_assert_max_num_queries(6):
        rows = client.get("/api/v1/calls/").json()["results"]
    published = next(row for row in rows if row["slug"] == call.slug)
    assert published["ranking"][0]["idea"] == idea.pk
    assert published["ranking"][0]["weighted_score"] == "6.00"
    assert len(published["criteria"]) == 3


def test_open_call_has_no_ranking(client, territory):
    call = CallFactory(closes_at=timezone.now() + timezone.timedelta(days=1))
    row = client.get(f"/api/v1/calls/{call.slug}/").json()
    assert row["ranking"] is None


@pytest.mark.parametrize("path,factory", [
    ("/api/v1/economic-models/", EconomicModelFactory),
    ("/api/v1/funding-sources/", FundingSourceFactory),
    ("/api/v1/partners/", PartnerFactory),
])
def test_reference_lists_queries_are_bounded(client, territory, path, factory,
                                             django_assert_max_num_queries):
    for _ in range(25):
        factory()
    with django_assert_max_num_queries(5):
        response = client.get(path, {"page_size": 100})
    assert len(response.json()["results"]) == 25


def test_funding_sources_filter_by_sector(client, territory):
    argan = SectorFactory(slug="argan")
    FundingSourceFactory(slug="argan-fund", sectors=[argan])
    FundingSourceFactory(slug="other-fund", sectors=[SectorFactory()])
    FundingSourceFactory(slug="any-fund")
    slugs = {row["slug"] for row in
             client.get("/api/v1/funding-sources/", {"sector": "argan"}).json()["results"]}
    assert slugs == {"argan-fund", "any-fund"}
