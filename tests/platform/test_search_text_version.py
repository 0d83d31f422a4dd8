"""Stored search texts follow the normalisation: built with another version, every stored
``search_text`` column is rebuilt (command, nightly task, after migrate); with the same
version nothing is written."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cooperatives.models import Cooperative, Product
from ess_platform.kernel import search
from ess_platform.kernel.searching import rebuild, tasks
from ess_platform.kernel.searching.models import SearchTextVersion
from events.models import Event
from projects_bank.models import Partner
from tests.cooperatives.factories import CooperativeFactory, ProductFactory
from tests.events.factories import EventFactory
from tests.projects_bank.factories import PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stale_texts(territory):
    """Rows of each kind whose stored text was built otherwise."""
    cooperative = CooperativeFactory(name_fr="Coopérative Tifaout", is_published=True)
    product = ProductFactory(cooperative=cooperative, name_fr="Huile d'argan")
    event = EventFactory(title_fr="Salon de l'ESS")
    partner = PartnerFactory(name_fr="Réseau des femmes")
    for model in (Cooperative, Product, Event, Partner):
        model._base_manager.update(search_text="stale")
    return {"cooperative": cooperative, "product": product, "event": event,
            "partner": partner}


def _texts(rows):
    return {key: type(row)._base_manager.get(pk=row.pk).search_text
            for key, row in rows.items()}


def test_the_stored_version_is_the_current_one_after_migrate(db):
    assert SearchTextVersion.objects.get().version == search.NORMALIZATION_VERSION
    assert not rebuild.is_stale()


def test_a_new_normalisation_version_rebuilds_every_stale_text(stale_texts, monkeypatch):
    monkeypatch.setattr(search, "NORMALIZATION_VERSION", search.NORMALIZATION_VERSION + 1)
    assert rebuild.is_stale()

    written = rebuild.rebuild_search_text(batch_size=2)

    texts = _texts(stale_texts)
    assert "stale" not in texts.values()
    assert "tifaout" in texts["cooperative"]
    assert "huile d'argan" in texts["product"]
    assert "salon de l'ess" in texts["event"]
    assert "reseau des femmes" in texts["partner"]
    assert written["events.Event"] >= 1 and written["projects_bank.Partner"] >= 1
    assert SearchTextVersion.objects.get().version == search.NORMALIZATION_VERSION
    assert not rebuild.is_stale()


def test_the_same_version_writes_nothing(stale_texts):
    with CaptureQueriesContext(connection) as queries:
        assert rebuild.rebuild_search_text() is None
        call_command("rebuild_search_text")

    assert set(_texts(stale_texts).values()) == {"stale"}
    assert not [q for q in queries.captured_queries
                if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))]


def test_rebuilding_twice_writes_the_second_time_nothing(stale_texts, monkeypatch):
    monkeypatch.setattr(search, "NORMALIZATION_VERSION", search.NORMALIZATION_VERSION + 1)
    rebuild.rebuild_search_text()
    Event._base_manager.filter(pk=stale_texts["event"].pk).update(search_text="stale")

    assert rebuild.rebuild_search_text() is None
    assert _texts(stale_texts)["event"] == "stale"  # current version: not read again


def test_the_command_forces_a_rebuild(stale_texts, capsys):
    call_command("rebuild_search_text", "--force")

    assert "stale" not in _texts(stale_texts).values()
    assert "Search texts rebuilt" in capsys.readouterr().out


def test_the_nightly_task_rebuilds_stale_texts(stale_texts, monkeypatch):
    monkeypatch.setattr(search, "NORMALIZATION_VERSION", search.NORMALIZATION_VERSION + 1)

    result = tasks.refresh_search_index.apply().get()

    assert "texts rebuilt" in result
    assert "stale" not in _texts(stale_texts).values()


def test_migrate_rebuilds_stale_texts(stale_texts, monkeypatch):
    monkeypatch.setattr(search, "NORMALIZATION_VERSION", search.NORMALIZATION_VERSION + 1)

    call_command("migrate", "searching", verbosity=0)

    assert "stale" not in _texts(stale_texts).values()
