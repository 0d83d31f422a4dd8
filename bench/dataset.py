"""The national data set for the benchmark, seeded once into the bench database.

Cooperatives come from `manage.py seed_national`; ideas and events (tens of thousands and
thousands, ten times more at SCALE=10) are generated here and written with COPY, marked so
that a second run adds nothing.
"""

import random
import uuid
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from cooperatives.models import Cooperative, Sector
from ess_platform.kernel.copying import copy_objects
from ess_platform.kernel.searching.models import fill_search_text
from events.models import Event
from projects_bank.models import ProjectIdea
from regional_hubs.models import Commune
from regional_hubs.scoping import unscoped

IDEAS = 30_000
EVENTS = 3_000
BENCH_AUTHOR = "bench-author@bench.invalid"


@unscoped()
def ensure_national(cooperatives=65_000, scale=1):
    """The national data set times ``scale``: ``cooperatives``, 30,000 ideas and 3,000
    events a scale unit."""
    if Cooperative.objects.count() < cooperatives:
        call_command("seed_national", cooperatives=cooperatives)
    rng = random.Random(2025)
    communes = list(Commune.objects.select_related("province").only(
        "id", "province_id", "province__region_id"))
    sectors = list(Sector.objects.values_list("id", flat=True))
    with transaction.atomic():
        _ideas(rng, communes, sectors, IDEAS * scale)
        _events(rng, communes, EVENTS * scale)
    # Each run's import rewrites every cooperative: VACUUM reclaims those dead rows and
    # sets the visibility map (index-only scans), so runs measure the same table.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _ideas(rng, communes, sectors, wanted):
    author, _ = get_user_model().objects.get_or_create(
        username=BENCH_AUTHOR, defaults={"email": BENCH_AUTHOR})
    missing = wanted - ProjectIdea.objects.filter(author=author).count()
    if missing <= 0:
        return
    statuses = [s for s, _label in ProjectIdea.Status.choices]
    weights = [2, 10, 8, 5, 30, 15, 20, 10]
    now = timezone.now()
    batch = []
    for n in range(missing):
        commune = rng.choice(communes)
        members = rng.randint(7, 40)
        batch.append(ProjectIdea(
            author=author, language=rng.choice(["ar", "fr"]),
            title=f"مشروع تعاوني رقم {n} Projet coopératif {n}",
            summary="تثمين المنتجات المحلية وخلق فرص الشغل. Valoriser les produits locaux.",
            need_addressed="Emploi des jeunes et des femmes en milieu rural.",
            commune_id=commune.id, province_id=commune.province_id,
            region_id=commune.province.region_id, sector_id=rng.choice(sectors),
            expected_members=members, expected_women=rng.randint(0, members),
            expected_youth=rng.randint(0, members),
            estimated_budget=rng.randint(20, 2000) * 1000, expected_jobs=rng.randint(1, 30),
            status=rng.choices(statuses, weights)[0], submission_token=uuid.uuid4(),
            submitted_at=now - timedelta(days=rng.randint(0, 900)),
        ))
        if len(batch) == 2000:
            copy_objects(ProjectIdea, fill_search_text(batch))
            batch = []
    copy_objects(ProjectIdea, fill_search_text(batch))


def _events(rng, communes, wanted):
    missing = wanted - Event.objects.filter(slug__startswith="bench-").count()
    if missing <= 0:
        return
    kinds = [k for k, _label in Event.Kind.choices]
    now = timezone.now()
    start = Event.objects.filter(slug__startswith="bench-").count()
    batch = []
    for n in range(start, start + missing):
        commune = rng.choice(communes)
        starts = now + timedelta(days=rng.randint(-365, 365), hours=rng.randint(8, 16))
        batch.append(Event(
            kind=rng.choice(kinds), slug=f"bench-{n}",
            title_ar=f"لقاء جهوي حول الاقتصاد الاجتماعي والتضامني {n}",
            title_fr=f"Rencontre régionale de l'ESS {n}",
            description_ar="ورشات ولقاءات لفائدة التعاونيات.",
            description_fr="Ateliers et rencontres pour les coopératives.",
            region_id=commune.province.region_id, province_id=commune.province_id,
            commune_id=commune.id, starts_at=starts, ends_at=starts + timedelta(hours=6),
            registration_deadline=starts - timedelta(days=1),
            capacity=rng.choice([None, 30, 100, 300]),
        ))
    copy_objects(Event, fill_search_text(batch))
