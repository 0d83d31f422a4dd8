"""Region-owned data cannot be queried without saying whose rows: public(), managed_by(),
owned_by() or unscoped(). A forgotten selection raises in tests instead of leaking."""

import logging

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.test import RequestFactory, override_settings

from cooperatives.models import Cooperative, Product
from events.models import Event, Registration
from projects_bank.models import Call, IdeaStatusChange, ProjectIdea, RankingEntry
from regional_hubs.models import Commune, Province, Region, RegionalHub
from regional_hubs.scoping import (
    TERRITORY_MODELS,
    RegionOwned,
    RegionScopedQuerySet,
    UnscopedQuery,
    guarded_models,
    is_guarded,
    is_region_scoped,
    unscoped,
)
from tests.cooperatives.factories import CooperativeFactory, ProductFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import NationalAdminFactory, RegionalHubFactory, UserFactory
from tests.projects_bank.factories import CallFactory, IdeaFactory

pytestmark = pytest.mark.django_db


def _label(model):
    return model._meta.label


# ------------------------------------------------------------------ the registry


def test_every_region_owned_model_but_the_territory_is_guarded():
    from django.apps import apps

    unguarded = [
        _label(model) for model in apps.get_models()
        if is_region_scoped(model) and _label(model) not in TERRITORY_MODELS and not (
            isinstance(model._default_manager.get_queryset(), RegionScopedQuerySet)
            and issubclass(model, RegionOwned)
        )
    ]
    assert unguarded == []


def test_the_private_models_are_in_the_registry():
    labels = {_label(model) for model in guarded_models()}
    assert {"events.Registration", "projects_bank.Evaluation", "projects_bank.Score",
            "projects_bank.ProjectIdea", "reports.Report", "cooperatives.ImportJob",
            "cooperatives.CooperativeMembership"} <= labels


def test_territory_is_public_reference_data_and_not_guarded(territory):
    assert not any(is_guarded(model) for model in (Region, Province, Commune))
    assert Region.objects.count() == 12
    assert Commune.objects.filter(province__region__code="09").exists()


def test_every_region_owned_admin_selects_its_rows(delegate):
    request = RequestFactory().get("/")
    request.user = delegate
    unselected = [
        _label(model) for model, model_admin in admin.site._registry.items()
        if is_guarded(model)
        and model_admin.get_queryset(request)._region_selection != "managed"
    ]
    assert unselected == []


# ------------------------------------------------------------------ the guard


@pytest.mark.parametrize("model", guarded_models(), ids=_label)
def test_an_unselected_query_on_a_guarded_model_raises(model):
    with pytest.raises(UnscopedQuery):
        list(model.objects.all())
    with pytest.raises(UnscopedQuery):
        model.objects.count()


@pytest.mark.parametrize("run", [
    pytest.param(lambda qs: list(qs), id="iterate"),
    pytest.param(lambda qs: qs.first(), id="first"),
    pytest.param(lambda qs: qs.get(pk=1), id="get"),
    pytest.param(lambda qs: qs.count(), id="count"),
    pytest.param(lambda qs: qs.exists(), id="exists"),
    pytest.param(lambda qs: list(qs.iterator()), id="iterator"),
    pytest.param(lambda qs: qs.aggregate(n=Count("pk")), id="aggregate"),
    pytest.param(lambda qs: list(qs.values_list("pk", flat=True)), id="values_list"),
    pytest.param(lambda qs: qs.in_bulk([1]), id="in_bulk"),
    pytest.param(lambda qs: qs.update(members_count=0), id="update"),
    pytest.param(lambda qs: qs.delete(), id="delete"),
    pytest.param(lambda qs: qs.get_or_create(registration_number="X"), id="get_or_create"),
])
def test_every_way_of_running_an_unselected_query_raises(run):
    CooperativeFactory()
    with pytest.raises(UnscopedQuery):
        run(Cooperative.objects.filter(members_count__gte=0).order_by("pk"))
    assert Cooperative.objects.unscoped().filter(members_count__gte=0).count() == 1


def test_a_selection_survives_chaining():
    CooperativeFactory(is_published=True)
    chained = Cooperative.objects.public().filter(members_count__gte=0).select_related(
        "sector").order_by("name").values_list("pk", flat=True)
    assert len(list(chained)) == 1


def test_without_the_guard_an_unselected_query_runs_and_is_logged(caplog):
    CooperativeFactory()
    with override_settings(REGION_SCOPE_GUARD=False), caplog.at_level(logging.WARNING):
        assert Cooperative.objects.count() == 1
    assert "cooperatives.Cooperative selects no rows" in caplog.text


def test_unscoped_block_allows_every_query_and_only_inside(territory):
    CooperativeFactory()
    with unscoped():
        assert Cooperative.objects.count() == 1
    with pytest.raises(UnscopedQuery):
        Cooperative.objects.count()


def test_djangos_uniqueness_checks_see_every_row():
    existing = CooperativeFactory(is_published=False)
    duplicate = Cooperative(registration_number=existing.registration_number,
                            name=existing.name, sector=existing.sector,
                            commune=existing.commune)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "registration_number" in error.value.message_dict


def test_rows_reached_from_a_shown_object_count_as_selected():
    product = ProductFactory()
    cooperative = product.cooperative
    assert list(cooperative.products.all()) == [product]
    prefetched = Cooperative.objects.public().prefetch_related(
        Prefetch("products", queryset=Product.objects.order_by("name"))).get()
    assert list(prefetched.products.all()) == [product]


# ------------------------------------------------------------------ public()


def test_public_cooperatives_and_products_are_the_published_ones_only():
    shown = CooperativeFactory(is_published=True)
    hidden = CooperativeFactory(is_published=False)
    ProductFactory(cooperative=shown)
    ProductFactory(cooperative=hidden)
    assert list(Cooperative.objects.public()) == [shown]
    assert [p.cooperative_id for p in Product.objects.public()] == [shown.pk]


def test_public_events_are_the_published_ones_only():
    shown = EventFactory(is_published=True)
    EventFactory(is_published=False)
    assert list(Event.objects.public()) == [shown]
    assert list(Event.objects.published()) == [shown]


def test_public_ideas_are_accepted_and_beyond_only():
    accepted = IdeaFactory(status=ProjectIdea.Status.ACCEPTED)
    IdeaFactory(status=ProjectIdea.Status.SUBMITTED)
    IdeaFactory(status=ProjectIdea.Status.REJECTED)
    assert list(ProjectIdea.objects.public()) == [accepted]


def test_public_calls_leave_out_those_in_preparation_and_rankings_until_published():
    open_call = CallFactory(status=Call.Status.OPEN)
    CallFactory(status=Call.Status.DRAFT)
    assert list(Call.objects.public()) == [open_call]
    idea = IdeaFactory(call=open_call, status=ProjectIdea.Status.SHORTLISTED)
    RankingEntry.objects.create(call=open_call, idea=idea, rank=1, weighted_score=8,
                                top_criterion_score=8, evaluations_count=1)
    assert not RankingEntry.objects.public().exists()
    Call.objects.unscoped().filter(pk=open_call.pk).update(status=Call.Status.PUBLISHED)
    assert RankingEntry.objects.public().count() == 1


def test_hubs_are_public():
    hub = RegionalHubFactory()
    assert list(RegionalHub.objects.public()) == [hub]


@pytest.mark.parametrize("model", [Registration, IdeaStatusChange], ids=_label)
def test_private_data_has_no_public_rows(model):
    with pytest.raises(UnscopedQuery):
        model.objects.public()


# ------------------------------------------------------------------ managed_by() and owned_by()


def test_managed_by_a_delegate_is_their_region_only(delegate, other_delegate):
    mine = CooperativeFactory(region_code="09", is_published=False)
    theirs = CooperativeFactory(region_code="03")
    assert list(Cooperative.objects.managed_by(delegate)) == [mine]
    assert list(Cooperative.objects.managed_by(other_delegate)) == [theirs]
    mine_registration = RegistrationFactory(event=EventFactory(region=delegate.region))
    RegistrationFactory(event=EventFactory(region=other_delegate.region))
    assert list(Registration.objects.managed_by(delegate)) == [mine_registration]


def test_managed_by_a_national_admin_is_everything_and_by_a_member_nothing(territory):
    CooperativeFactory(region_code="09")
    CooperativeFactory(region_code="03", is_published=False)
    assert Cooperative.objects.managed_by(NationalAdminFactory()).count() == 2
    assert Cooperative.objects.managed_by(UserFactory()).count() == 0


def test_owned_by_is_the_persons_own_rows_only():
    person, someone = UserFactory(), UserFactory()
    own = RegistrationFactory(user=person)
    RegistrationFactory(user=someone)
    RegistrationFactory()
    assert list(Registration.objects.owned_by(person)) == [own]
    draft = IdeaFactory(author=person, status=ProjectIdea.Status.DRAFT)
    IdeaFactory(author=someone, status=ProjectIdea.Status.DRAFT)
    assert list(ProjectIdea.objects.owned_by(person)) == [draft]


def test_owned_by_an_anonymous_visitor_is_nothing():
    from django.contrib.auth.models import AnonymousUser

    RegistrationFactory()
    assert Registration.objects.owned_by(AnonymousUser()).count() == 0


def test_a_registration_is_found_by_its_secret_token_only():
    registration = RegistrationFactory()
    RegistrationFactory()
    assert list(Registration.objects.with_token(registration.token)) == [registration]
    assert not Registration.objects.with_token("not-a-token").exists()
