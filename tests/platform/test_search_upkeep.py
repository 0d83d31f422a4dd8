"""What keeps the search current: names of a spreadsheet import learnt as soon as it
commits (typos of them corrected at once), a spelling variant added, changed or deleted
making the cached searched pages obsolete, and the stored search text of events, ideas,
partners and financing sources written on every save. Runs on SQLite (the vocabulary
matched by edit distance) and on PostgreSQL (the vocabulary's trigram index) alike."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cooperatives.cache import directory_version
from cooperatives.models import Cooperative
from cooperatives.selectors import cooperative_list
from cooperatives.services import confirm_import_job, create_import_job
from ess_platform.kernel.search import normalize
from ess_platform.kernel.searching import index, tasks
from ess_platform.kernel.searching.engine import Search
from ess_platform.kernel.searching.models import SearchWord, SpellingVariant
from events.models import Event
from projects_bank.models import Partner, ProjectIdea
from tests.cooperatives.factories import CooperativeFactory
from tests.cooperatives.test_import import FR_HEADER, csv_bytes, row
from tests.events.factories import EventFactory
from tests.projects_bank.factories import FundingSourceFactory, IdeaFactory, PartnerFactory

pytestmark = pytest.mark.django_db

# A name no list of the territory holds: only the import can teach it.
IMPORTED = ("تعاونية زوبايديرا", "Coopérative Zoubaydira")


def _import(user, rows, django_capture_on_commit_callbacks):
    job = create_import_job(user=user, upload=SimpleUploadedFile(
        "coops.csv", csv_bytes(FR_HEADER, rows)))
    with django_capture_on_commit_callbacks(execute=True):
        confirm_import_job(job=job)
    job.refresh_from_db()
    return job


# ---------------------------------------------------------------- imported names

@pytest.mark.parametrize("typo", ["Zoubaydra", "زوبيديرا", "zoubaydirra"])
def test_a_typo_of_an_imported_name_is_found_right_after_the_import(
        delegate, django_capture_on_commit_callbacks, typo):
    assert not SearchWord.objects.filter(word="zoubaydira").exists()

    job = _import(delegate, [row("IMP-1", ar=IMPORTED[0], fr=IMPORTED[1])],
                  django_capture_on_commit_callbacks)

    assert job.created_count == 1
    assert SearchWord.objects.filter(word__in=["zoubaydira", "زوبايديرا"]).count() == 2
    search = Search(typo)
    found = list(cooperative_list(q=search))
    assert [c.registration_number for c in found] == ["IMP-1"]
    assert search.corrected


def test_a_renamed_cooperative_is_learnt_by_its_new_name(
        delegate, django_capture_on_commit_callbacks):
    _import(delegate, [row("IMP-2")], django_capture_on_commit_callbacks)

    _import(delegate, [row("IMP-2", ar=IMPORTED[0], fr=IMPORTED[1])],
            django_capture_on_commit_callbacks)

    assert [c.registration_number for c in cooperative_list(q="Zoubaydra")] == ["IMP-2"]


def test_names_are_learnt_only_once_the_import_commits(delegate, monkeypatch,
                                                      django_capture_on_commit_callbacks):
    queued = []
    monkeypatch.setattr(tasks.learn_names, "delay", lambda *args: queued.append(args))
    cooperative = CooperativeFactory(name_fr=IMPORTED[1], is_published=True)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        index.learn_names_after_commit(Cooperative, [cooperative.pk, cooperative.pk, None])
        assert queued == []
    for callback in callbacks:
        callback()

    assert queued == [("cooperatives.Cooperative", [cooperative.pk])]


def test_learning_names_twice_changes_nothing(territory):
    cooperative = CooperativeFactory(name_fr=IMPORTED[1], is_published=True)
    SearchWord.objects.filter(word="zoubaydira").delete()

    tasks.learn_names.apply(args=("cooperatives.Cooperative", [cooperative.pk]))
    words = sorted(SearchWord.objects.values_list("word", flat=True))
    tasks.learn_names.apply(args=("cooperatives.Cooperative", [cooperative.pk]))

    assert "zoubaydira" in words
    assert sorted(SearchWord.objects.values_list("word", flat=True)) == words


def test_an_unpublished_imported_name_is_not_learnt(territory):
    cooperative = CooperativeFactory(name_fr=IMPORTED[1], is_published=False)

    index.learn_names("cooperatives.Cooperative", [cooperative.pk])

    assert not SearchWord.objects.filter(word="zoubaydira").exists()


def test_the_task_is_routed_off_the_messages_queue():
    from ess_platform.celery import app

    assert app.amqp.router.route({}, tasks.learn_names.name)["queue"].name == "imports"
    assert tasks.learn_names.acks_late


# ---------------------------------------------------------------- spelling variants

def _committed(django_capture_on_commit_callbacks, action):
    with django_capture_on_commit_callbacks(execute=True):
        return action()


def test_each_change_of_a_spelling_variant_makes_cached_pages_obsolete(
        territory, django_capture_on_commit_callbacks):
    versions = [directory_version()]

    variant = _committed(django_capture_on_commit_callbacks,
                         lambda: SpellingVariant.objects.create(name="Agadir",
                                                                variant="Agadeer"))
    versions.append(directory_version())
    variant.variant = "Agadire"
    _committed(django_capture_on_commit_callbacks, variant.save)
    versions.append(directory_version())
    _committed(django_capture_on_commit_callbacks, variant.delete)
    versions.append(directory_version())

    assert versions == sorted(set(versions))  # each one newer than the one before


def test_a_cooperative_edit_elsewhere_does_not_rewrite_the_variants_names(
        territory, django_capture_on_commit_callbacks):
    from ess_platform.kernel.searching.models import NamePair

    SpellingVariant.objects.create(name="Agadir", variant="Agadeer")
    pairs = NamePair.objects.filter(source="variant").count()

    CooperativeFactory(name_fr="Coopérative Agadir", is_published=True)

    assert NamePair.objects.filter(source="variant").count() == pairs


@pytest.mark.parametrize("url, key", [("/fr/cooperatives/", "q"),
                                      ("/ar/cooperatives/", "q"),
                                      ("/api/v1/cooperatives/", "search")])
def test_a_cached_search_finds_a_variant_added_in_the_admin_and_forgets_it_deleted(
        client, national_admin, territory, django_capture_on_commit_callbacks, url, key):
    cooperative = CooperativeFactory(name_ar="", name_fr="Coopérative Agadir Argan",
                                     is_published=True)

    def found():
        response = client.get(url, {key: "Agadeer"})
        assert response.status_code == 200
        if key == "search":
            return [row["id"] for row in response.json()["results"]] == [cooperative.pk]
        # A cached page has no context: its link to the cooperative says it was found.
        return f"/cooperatives/{cooperative.pk}/" in response.content.decode()

    assert not found()
    assert not found()  # and now from the cache

    client.force_login(national_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:searching_spellingvariant_add"),
                               {"name": "Agadir", "variant": "Agadeer", "note": ""})
    assert response.status_code == 302
    client.logout()
    assert found()

    with django_capture_on_commit_callbacks(execute=True):
        SpellingVariant.objects.all().delete()
    assert not found()


# ---------------------------------------------------------------- stored search text

@pytest.mark.parametrize("make, field, value, names", [
    (lambda: EventFactory(title_ar="ملتقى أكادير", title_fr="Forum d'Agadir"),
     "venue_fr", "Palais des Congrès", ("ملتقى أكادير", "Forum d'Agadir")),
    (lambda: IdeaFactory(title="Safran de Taliouine", summary=""),
     "summary", "Coopérative féminine", ("Safran de Taliouine",)),
    (lambda: PartnerFactory(name_ar="وكالة التنمية", name_fr="Agence", services_ar="",
                            services_fr=""),
     "services_fr", "Accompagnement", ("وكالة التنمية", "Agence")),
    (lambda: FundingSourceFactory(programme_ar="مؤازرة", programme_fr="Mouazara",
                                  funder_ar="", funder_fr=""),
     "funder_fr", "Conseil régional", ("مؤازرة", "Mouazara")),
])
def test_search_text_follows_each_save(territory, make, field, value, names):
    obj = make()
    setattr(obj, field, value)
    obj.save(update_fields=[field])

    obj.refresh_from_db()
    texts = obj.search_text.split(" | ")
    assert {normalize(name) for name in (*names, value)} <= set(texts)
    assert len(texts) == len(set(texts))


def test_a_save_of_other_fields_leaves_the_search_text_alone(territory):
    event = EventFactory(title_ar="ملتقى أكادير", title_fr="")
    Event.objects.unscoped().filter(pk=event.pk).update(search_text="stale")
    event = Event.objects.unscoped().get(pk=event.pk)
    event.capacity = 40

    event.save(update_fields=["capacity"])

    assert Event.objects.unscoped().get(pk=event.pk).search_text == "stale"


def test_the_data_migration_fills_the_rows_already_stored(territory):
    from django.apps import apps

    from ess_platform.kernel.searching.columns import fill_search_text

    idea = IdeaFactory(title="Miel d'Imouzzer", summary="")
    partner = PartnerFactory(name_fr="Réseau Entreprendre", name_ar="")
    ProjectIdea.objects.unscoped().filter(pk=idea.pk).update(search_text="")
    Partner.objects.filter(pk=partner.pk).update(search_text="")

    fill_search_text(apps.get_model("projects_bank", "ProjectIdea"), ("title", "summary"),
                     using="default", batch_size=1)
    fill_search_text(apps.get_model("projects_bank", "Partner"),
                     ("name_ar", "name_fr", "services_ar", "services_fr"), using="default")

    assert ProjectIdea.objects.unscoped().get(pk=idea.pk).search_text.startswith(
        "miel d'imouzzer")
    assert Partner.objects.get(pk=partner.pk).search_text.startswith("reseau entreprendre")
