"""The site pages: lists, idea pages, the submit form, my ideas, calls and the jury."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from projects_bank import services
from projects_bank.models import ProjectIdea
from tests.factories import RegionalHubFactory, UserFactory, commune_in

from .factories import (
    CallFactory,
    EconomicModelFactory,
    FundingSourceFactory,
    IdeaFactory,
    JuryAssignmentFactory,
    PartnerFactory,
    SectorFactory,
)
from .helpers import fake_pdf, image_bomb, png_file, real_pdf

pytestmark = pytest.mark.django_db

Status = ProjectIdea.Status


def url(name, lang="ar", **kwargs):
    with translation.override(lang):
        return reverse(f"projects_bank:{name}", kwargs=kwargs or None)


def form_data(sector, commune, **overrides):
    data = {
        "submission_token": str(uuid.uuid4()),
        "language": "ar",
        "title": "تعاونية لتثمين الكسكس البلدي",
        "summary": "إنتاج الكسكس التقليدي وتلفيفه وبيعه في الأسواق المجالية.",
        "need_addressed": "غياب دخل قار لنساء الجماعة.",
        "sector": sector.pk,
        "commune": commune.code,
        "expected_members": "12",
        "expected_women": "10",
        "expected_youth": "4",
        "estimated_budget": "95000",
        "expected_jobs": "6",
        "action": "submit",
    }
    data.update(overrides)
    return data


@pytest.fixture
def commune(territory):
    return commune_in("09")


# --- portal and public lists ---------------------------------------------------------


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_portal_links_to_every_section(client, lang, territory):
    response = client.get(url("home", lang))
    assert response.status_code == 200
    for name in ("ideas", "calls", "economic_models", "funding", "partners"):
        assert url(name, lang) in response.content.decode()


def test_idea_list_shows_published_ideas_only(client, territory):
    accepted = IdeaFactory(status=Status.ACCEPTED, title="فكرة مقبولة")
    IdeaFactory(status=Status.SUBMITTED, title="فكرة مقدمة")
    IdeaFactory(status=Status.DRAFT, title="مسودة سرية")
    IdeaFactory(status=Status.REJECTED, title="فكرة مرفوضة")
    body = client.get(url("ideas")).content.decode()
    assert accepted.title in body
    assert "فكرة مقدمة" not in body and "مسودة سرية" not in body and "فكرة مرفوضة" not in body


def test_idea_list_filters_by_region_and_sector(client, territory):
    argan = SectorFactory(slug="argan")
    crafts = SectorFactory(slug="handicrafts")
    wanted = IdeaFactory(status=Status.ACCEPTED, sector=argan, title="أركان سوس")
    IdeaFactory(status=Status.ACCEPTED, sector=crafts, title="صناعة سوس")
    IdeaFactory(status=Status.ACCEPTED, sector=argan, commune=commune_in("03"),
                title="أركان فاس")
    body = client.get(url("ideas"), {"region": "09", "sector": "argan"}).content.decode()
    assert wanted.title in body
    assert "صناعة سوس" not in body and "أركان فاس" not in body


def test_idea_list_ignores_an_unknown_filter_value(client, territory):
    IdeaFactory(status=Status.ACCEPTED)
    assert client.get(url("ideas"), {"region": "99"}).status_code == 200


def test_idea_list_queries_are_bounded(client, territory, django_assert_max_num_queries):
    for _ in range(25):
        IdeaFactory(status=Status.ACCEPTED)
    with django_assert_max_num_queries(6):
        response = client.get(url("ideas"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 20


def test_filtered_idea_list_reads_each_choice_list_once(client, territory,
                                                        django_assert_max_num_queries):
    argan = SectorFactory(slug="argan")
    for _ in range(25):
        IdeaFactory(status=Status.ACCEPTED, sector=argan)
    # The chosen region and sector come from the lists the options show: no query each.
    with django_assert_max_num_queries(5):
        response = client.get(url("ideas"), {"region": "09", "sector": "argan"})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 20
    assert response.context["form"].cleaned_data["sector"] == argan


def test_idea_list_second_page(client, territory):
    for _ in range(25):
        IdeaFactory(status=Status.ACCEPTED)
    response = client.get(url("ideas"), {"page": 2})
    assert len(response.context["page"].object_list) == 5


# --- privacy ----------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REJECTED, Status.SUBMITTED])
def test_private_idea_is_hidden_from_visitors(client, territory, status):
    idea = IdeaFactory(status=status)
    assert client.get(url("idea", pk=idea.pk)).status_code == 404


def test_private_idea_is_hidden_from_other_members(client, member):
    idea = IdeaFactory(status=Status.DRAFT)
    client.force_login(member)
    assert client.get(url("idea", pk=idea.pk)).status_code == 404


def test_author_sees_their_draft(client):
    idea = IdeaFactory(status=Status.DRAFT)
    client.force_login(idea.author)
    response = client.get(url("idea", pk=idea.pk))
    assert response.status_code == 200
    assert url("edit", pk=idea.pk) in response.content.decode()


def test_delegate_of_the_region_sees_a_rejected_idea(client, delegate):
    idea = IdeaFactory(status=Status.REJECTED, rejection_reason="غير واضحة")
    client.force_login(delegate)
    assert client.get(url("idea", pk=idea.pk)).status_code == 200


def test_delegate_of_another_region_cannot_see_a_rejected_idea(client, other_delegate):
    idea = IdeaFactory(status=Status.REJECTED)
    client.force_login(other_delegate)
    assert client.get(url("idea", pk=idea.pk)).status_code == 404


def test_national_admin_sees_a_draft(client, national_admin):
    idea = IdeaFactory(status=Status.DRAFT)
    client.force_login(national_admin)
    assert client.get(url("idea", pk=idea.pk)).status_code == 200


# --- idea page ------------------------------------------------------------------------


def test_idea_page_shows_timeline_models_funding_and_hub(client, delegate, souss_massa):
    sector = SectorFactory(slug="argan", name_ar="الأركان", name_fr="Argan")
    hub = RegionalHubFactory(region=souss_massa)
    model = EconomicModelFactory(sector=sector, title_ar="وحدة عصر الأركان")
    EconomicModelFactory(title_ar="نموذج قطاع آخر")
    fund = FundingSourceFactory(programme_ar="منحة الأركان", sectors=[sector], is_example=True)
    FundingSourceFactory(programme_ar="منحة قطاع آخر", sectors=[SectorFactory()])
    idea = IdeaFactory(sector=sector, status=Status.UNDER_REVIEW)
    services.accept(idea=idea, by=delegate)
    body = client.get(url("idea", pk=idea.pk)).content.decode()
    assert "مقبولة" in body
    assert model.title_ar in body and "نموذج قطاع آخر" not in body
    assert fund.programme_ar in body and "منحة قطاع آخر" not in body
    assert "مثال يجب التحقق منه" in body
    assert hub.name_ar in body


def test_idea_page_queries_are_bounded(client, territory, django_assert_max_num_queries):
    sector = SectorFactory()
    for _ in range(5):
        EconomicModelFactory(sector=sector)
        FundingSourceFactory(sectors=[sector], regions=[territory.get(code="09")])
    idea = IdeaFactory(sector=sector, status=Status.ACCEPTED)
    with django_assert_max_num_queries(14):
        assert client.get(url("idea", pk=idea.pk)).status_code == 200


# --- submit form -------------------------------------------------------------------------


def test_submit_form_requires_sign_in(client, territory):
    response = client.get(url("submit"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_submit_form_carries_a_fresh_token(client, member):
    client.force_login(member)
    response = client.get(url("submit"))
    assert response.status_code == 200
    assert 'name="submission_token"' in response.content.decode()


def test_submit_an_idea_in_arabic_with_a_photo(client, member, commune):
    sector = SectorFactory()
    client.force_login(member)
    response = client.post(url("submit"), form_data(sector, commune, photo=png_file()))
    idea = ProjectIdea.objects.unscoped().get()
    assert response.status_code == 302
    assert response["Location"] == url("idea", pk=idea.pk)
    assert idea.status == Status.SUBMITTED
    assert idea.author == member and idea.language == "ar"
    assert idea.photo.name.startswith("ideas/photos/")


def test_submit_an_idea_with_a_real_pdf(client, member, commune):
    client.force_login(member)
    client.post(url("submit"), form_data(SectorFactory(), commune, document=real_pdf()))
    assert ProjectIdea.objects.unscoped().get().document.name.endswith(".pdf")


def test_save_a_draft_from_the_form(client, member, commune):
    client.force_login(member)
    client.post(url("submit"), form_data(SectorFactory(), commune, action="draft"))
    assert ProjectIdea.objects.unscoped().get().status == Status.DRAFT


def test_edit_then_submit_a_draft(client, member, commune):
    sector = SectorFactory()
    client.force_login(member)
    data = form_data(sector, commune, action="draft")
    client.post(url("submit"), data)
    idea = ProjectIdea.objects.unscoped().get()
    response = client.get(url("edit", pk=idea.pk))
    assert str(idea.submission_token) in response.content.decode()
    client.post(url("edit", pk=idea.pk), {**data, "action": "submit", "title": "عنوان نهائي"})
    idea.refresh_from_db()
    assert (idea.status, idea.title) == (Status.SUBMITTED, "عنوان نهائي")


def test_another_member_cannot_edit_a_draft(client, member):
    idea = IdeaFactory(status=Status.DRAFT)
    client.force_login(member)
    assert client.get(url("edit", pk=idea.pk)).status_code == 404


def test_double_submit_of_the_form_stores_one_idea(client, member, commune):
    client.force_login(member)
    data = form_data(SectorFactory(), commune)
    first = client.post(url("submit"), data)
    second = client.post(url("submit"), data)
    assert ProjectIdea.objects.unscoped().count() == 1
    assert first["Location"] == second["Location"]


def assert_refused(response, field):
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not ProjectIdea.objects.unscoped().exists()


def test_missing_title_is_a_translated_field_error(client, member, commune):
    client.force_login(member)
    response = client.post(url("submit"), form_data(SectorFactory(), commune, title=""))
    assert_refused(response, "title")
    assert "هذا الحقل مطلوب" in response.content.decode()


def test_overlong_summary_is_refused(client, member, commune):
    client.force_login(member)
    response = client.post(url("submit"), form_data(SectorFactory(), commune,
                                                    summary="ك" * 2001))
    assert_refused(response, "summary")


def test_budget_that_is_not_a_number_is_refused(client, member, commune):
    client.force_login(member)
    response = client.post(url("submit"), form_data(SectorFactory(), commune,
                                                    estimated_budget="مئة ألف"))
    assert_refused(response, "estimated_budget")


def test_negative_budget_is_refused(client, member, commune):
    client.force_login(member)
    response = client.post(url("submit"), form_data(SectorFactory(), commune,
                                                    estimated_budget="-5"))
    assert_refused(response, "estimated_budget")


def test_unknown_commune_is_refused(client, member, commune):
    client.force_login(member)
    data = form_data(SectorFactory(), commune)
    data["commune"] = "999999999"
    response = client.post(url("submit"), data)
    assert_refused(response, "commune")


def test_more_women_than_members_is_refused(client, member, commune):
    client.force_login(member)
    response = client.post(url("submit"), form_data(SectorFactory(), commune,
                                                    expected_members="3"))
    assert_refused(response, "expected_women")


def test_pdf_that_is_not_a_pdf_is_refused(client, member, commune):
    client.force_login(member)
    response = client.post(url("submit"), form_data(SectorFactory(), commune,
                                                    document=fake_pdf()))
    assert_refused(response, "document")


def test_image_bomb_is_refused(client, member, commune):
    client.force_login(member)
    response = client.post(url("submit"), form_data(SectorFactory(), commune,
                                                    photo=image_bomb()))
    assert_refused(response, "photo")


def test_file_that_is_not_an_image_is_refused(client, member, commune):
    client.force_login(member)
    response = client.post(url("submit"), form_data(SectorFactory(), commune,
                                                    photo=fake_pdf()))
    assert_refused(response, "photo")


def test_closed_call_is_not_offered(client, member, commune):
    closed = CallFactory(status="closed", title_ar="نداء مغلق")
    client.force_login(member)
    response = client.post(url("submit"), form_data(SectorFactory(), commune,
                                                    call=closed.pk))
    assert_refused(response, "call")


# --- my ideas -------------------------------------------------------------------------------


def test_my_ideas_lists_every_status_of_mine_only(client, member):
    mine = IdeaFactory(author=member, status=Status.DRAFT, title="مسودتي")
    IdeaFactory(status=Status.ACCEPTED, title="فكرة غيري")
    client.force_login(member)
    body = client.get(url("mine")).content.decode()
    assert mine.title in body and "فكرة غيري" not in body


def test_my_ideas_queries_are_bounded(client, member, django_assert_max_num_queries):
    for _ in range(25):
        IdeaFactory(author=member)
    client.force_login(member)
    with django_assert_max_num_queries(6):
        assert client.get(url("mine")).status_code == 200


# --- calls and jury -----------------------------------------------------------------------


@pytest.fixture
def judged_call(souss_massa):
    call = CallFactory(region=souss_massa, slug="ideathon-sm")
    services.add_default_criteria(call=call)
    return call


def test_call_list_queries_are_bounded(client, territory, django_assert_max_num_queries):
    for _ in range(25):
        CallFactory()
    with django_assert_max_num_queries(6):
        response = client.get(url("calls"))
    assert response.status_code == 200


def test_draft_call_is_not_public(client, territory):
    call = CallFactory(status="draft")
    assert client.get(url("call", slug=call.slug)).status_code == 404


def test_call_page_shows_criteria_and_no_ranking_while_open(client, judged_call):
    body = client.get(url("call", slug=judged_call.slug)).content.decode()
    assert "الابتكار" in body and "الاستدامة" in body
    assert 'id="tie-break"' not in body


def test_call_page_shows_the_published_ranking_and_tie_break_rule(client, judged_call,
                                                                  delegate):
    juror = JuryAssignmentFactory(call=judged_call).juror
    idea = IdeaFactory(call=judged_call, status=Status.SHORTLISTED, title="فكرة مصنفة")
    services.score_idea(call=judged_call, idea=idea, juror=juror,
                        scores={c.pk: 7 for c in judged_call.criteria.all()})
    services.close_call(call=judged_call, by=delegate)
    body = client.get(url("call", slug=judged_call.slug)).content.decode()
    assert "فكرة مصنفة" in body
    assert 'id="tie-break"' in body


def test_jury_page_is_refused_to_a_member_not_on_the_jury(client, judged_call, member):
    client.force_login(member)
    assert client.get(url("jury", slug=judged_call.slug)).status_code == 403


def test_jury_page_lists_the_shortlist_for_a_juror(client, judged_call,
                                                   django_assert_max_num_queries):
    juror = JuryAssignmentFactory(call=judged_call).juror
    for _ in range(25):
        IdeaFactory(call=judged_call, status=Status.SHORTLISTED)
    IdeaFactory(call=judged_call, status=Status.SUBMITTED, title="ليست في اللائحة")
    client.force_login(juror)
    with django_assert_max_num_queries(10):
        response = client.get(url("jury", slug=judged_call.slug))
    assert response.status_code == 200
    assert "ليست في اللائحة" not in response.content.decode()


def score_data(call, value, comment="جيدة"):
    return {**{f"criterion_{c.pk}": str(value) for c in call.criteria.all()},
            "comment": comment}


def test_juror_scores_an_idea_on_the_site(client, judged_call):
    juror = JuryAssignmentFactory(call=judged_call).juror
    idea = IdeaFactory(call=judged_call, status=Status.SHORTLISTED)
    client.force_login(juror)
    response = client.post(url("score", slug=judged_call.slug, pk=idea.pk),
                           score_data(judged_call, 8))
    assert response.status_code == 302
    assert idea.evaluations.get().scores.count() == 3


def test_score_out_of_range_is_a_form_error(client, judged_call):
    juror = JuryAssignmentFactory(call=judged_call).juror
    idea = IdeaFactory(call=judged_call, status=Status.SHORTLISTED)
    client.force_login(juror)
    response = client.post(url("score", slug=judged_call.slug, pk=idea.pk),
                           score_data(judged_call, 12))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not idea.evaluations.exists()


def test_scoring_after_the_deadline_shows_the_refusal(client, judged_call):
    juror = JuryAssignmentFactory(call=judged_call).juror
    idea = IdeaFactory(call=judged_call, status=Status.SHORTLISTED)
    judged_call.closes_at = timezone.now() - datetime.timedelta(days=2)
    judged_call.judging_ends_at = timezone.now() - datetime.timedelta(days=1)
    judged_call.save()
    client.force_login(juror)
    response = client.post(url("score", slug=judged_call.slug, pk=idea.pk),
                           score_data(judged_call, 8))
    assert response.status_code == 200
    assert "انتهى أجل التنقيط" in response.content.decode()
    assert not idea.evaluations.exists()


def test_juror_never_sees_another_jurors_scores(client, judged_call):
    first, second = (JuryAssignmentFactory(call=judged_call).juror for _ in range(2))
    idea = IdeaFactory(call=judged_call, status=Status.SHORTLISTED)
    services.score_idea(call=judged_call, idea=idea, juror=first,
                        scores={c.pk: 3 for c in judged_call.criteria.all()},
                        comment="تعليق سري للعضو الأول")
    client.force_login(second)
    body = client.get(url("score", slug=judged_call.slug, pk=idea.pk)).content.decode()
    assert "تعليق سري للعضو الأول" not in body
    assert 'name="criterion_' in body


def test_juror_with_a_conflict_sees_no_form(client, judged_call):
    juror = JuryAssignmentFactory(call=judged_call).juror
    idea = IdeaFactory(call=judged_call, status=Status.SHORTLISTED, author=juror)
    client.force_login(juror)
    body = client.get(url("score", slug=judged_call.slug, pk=idea.pk)).content.decode()
    assert 'name="criterion_' not in body


# --- reference pages --------------------------------------------------------------------


def test_economic_models_queries_are_bounded(client, territory, django_assert_max_num_queries):
    for _ in range(25):
        EconomicModelFactory()
    with django_assert_max_num_queries(6):
        assert client.get(url("economic_models")).status_code == 200


def test_economic_models_filter_by_sector(client, territory):
    argan = SectorFactory(slug="argan")
    EconomicModelFactory(sector=argan, title_ar="نموذج الأركان")
    EconomicModelFactory(title_ar="نموذج آخر")
    body = client.get(url("economic_models"), {"sector": "argan"}).content.decode()
    assert "نموذج الأركان" in body and "نموذج آخر" not in body


def test_funding_guide_queries_are_bounded(client, territory, django_assert_max_num_queries):
    regions = list(territory[:3])
    for _ in range(25):
        FundingSourceFactory(sectors=[SectorFactory()], regions=regions)
    with django_assert_max_num_queries(6):
        assert client.get(url("funding", "fr")).status_code == 200


def test_funding_guide_filters_women_and_marks_examples(client, territory):
    FundingSourceFactory(programme_fr="Prix des coopératrices", women_only=True,
                         is_example=True)
    FundingSourceFactory(programme_fr="Prêt général")
    body = client.get(url("funding", "fr"), {"women": "on"}).content.decode()
    assert "Prix des coopératrices" in body and "Prêt général" not in body
    assert "exemple à vérifier" in body


def test_funding_guide_filters_by_region(client, souss_massa, fes_meknes):
    FundingSourceFactory(programme_fr="Programme Souss", regions=[souss_massa])
    FundingSourceFactory(programme_fr="Programme Fès", regions=[fes_meknes])
    FundingSourceFactory(programme_fr="Programme national")
    body = client.get(url("funding", "fr"), {"region": "09"}).content.decode()
    assert "Programme Souss" in body and "Programme national" in body
    assert "Programme Fès" not in body


def test_partners_queries_are_bounded(client, territory, django_assert_max_num_queries):
    for _ in range(25):
        PartnerFactory(regions=list(territory[:2]))
    with django_assert_max_num_queries(6):
        assert client.get(url("partners")).status_code == 200


def test_partners_filter_by_kind(client, territory):
    PartnerFactory(name_ar="مجلس الجهة", kind="regional_council")
    PartnerFactory(name_ar="صندوق التمويل التضامني", kind="finance")
    body = client.get(url("partners"), {"kind": "regional_council"}).content.decode()
    assert "مجلس الجهة" in body and "صندوق التمويل التضامني" not in body


def test_french_pages_render(client, territory):
    for name in ("home", "ideas", "calls", "economic_models", "funding", "partners"):
        assert client.get(url(name, "fr")).status_code == 200


def test_member_can_sign_up_and_is_not_a_juror(client, territory):
    user = UserFactory()
    client.force_login(user)
    assert client.get(url("mine")).status_code == 200


def test_idea_page_names_the_place_by_its_kind_a_desk_is_not_called_a_hub(
        client, delegate, souss_massa):
    from regional_hubs.models import RegionalHub

    desk = RegionalHubFactory(region=souss_massa, kind=RegionalHub.Kind.DESK,
                              name_ar="شباك المواكبة بسوس ماسة")
    idea = IdeaFactory(status=Status.UNDER_REVIEW)
    services.accept(idea=idea, by=delegate)
    body = client.get(url("idea", pk=idea.pk)).content.decode()
    assert desk.name_ar in body
    assert "شباك المواكبة بالمندوبية الجهوية" in body  # the desk's kind, in Arabic
    assert "قطب ترابي للاقتصاد الاجتماعي والتضامني" not in body
    body = client.get(url("idea", "fr", pk=idea.pk)).content.decode()
    assert "Guichet d&#x27;accompagnement de la délégation régionale" in body
