"""A synthetic national directory for benchmarks: ``seed_national --cooperatives 65000``.

Regions are weighted like the real distribution (Souss-Massa about 6,000 of 65,000 as in
the source articles, the others by 2024 population), communes by population; names are
built from sector words, common cooperative names and place names, in Arabic and French.
Only rows whose registration number starts with "SYN-" are deleted and recreated.
"""

import datetime
import hashlib
import random
import time
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction

from cooperatives.cache import bump_directory_version
from cooperatives.models import Cooperative, CooperativeMembership, Product, Sector
from cooperatives.services import build_search_text
from ess_platform.kernel.copying import copy_objects
from ess_platform.kernel.dates import local_today
from ess_platform.kernel.searching.index import refresh_index
from regional_hubs.models import Commune, Region
from regional_hubs.scoping import unscoped

PREFIX = "SYN-"
SOUSS_MASSA_SHARE = 6000 / 65000
BATCH = 5000

CENTRES = {  # rough centre of each region (latitude, longitude)
    "01": (35.2, -5.6), "02": (33.9, -2.4), "03": (33.8, -4.8), "04": (34.1, -6.3),
    "05": (32.4, -6.2), "06": (33.0, -7.6), "07": (31.7, -8.6), "08": (31.3, -5.3),
    "09": (30.1, -8.9), "10": (28.6, -10.0), "11": (26.9, -12.4), "12": (23.6, -15.2),
}
QUALIFIERS = [
    ("الأمل", "Al Amal"), ("النجاح", "Annajah"), ("الوفاء", "Al Wafa"),
    ("تيفاوت", "Tifaout"), ("الخير", "Al Khair"), ("الفتح", "Al Fath"), ("النور", "Nour"),
    ("تودرت", "Toudert"), ("أسافو", "Asafou"), ("الإخلاص", "Al Ikhlass"),
    ("السلام", "Assalam"), ("المستقبل", "Al Moustakbal"), ("تاماينوت", "Tamaynut"),
    ("الرحمة", "Arrahma"), ("أزور", "Azour"), ("البركة", "Al Baraka"),
]
SECTOR_WORDS = {
    "argan": ("للأركان", "de l'argan"),
    "handicrafts": ("للصناعة التقليدية", "d'artisanat"),
    "local_products": ("للمنتجات المجالية", "des produits du terroir"),
    "agriculture": ("الفلاحية", "agricole"),
    "rural_tourism": ("للسياحة القروية", "de tourisme rural"),
    "artisanal_fishing": ("للصيد التقليدي", "de pêche artisanale"),
    "services": ("للخدمات", "de services"),
}
PRODUCTS = {
    "argan": [("زيت الأركان", "Huile d'argan"), ("أملو", "Amlou"),
              ("صابون الأركان", "Savon à l'argan")],
    "handicrafts": [("زربية", "Tapis"), ("فخار", "Poterie"), ("حلي فضية", "Bijoux en argent"),
                    ("بلغة جلدية", "Babouches en cuir")],
    "local_products": [("عسل", "Miel"), ("كسكس", "Couscous"), ("زعفران", "Safran"),
                       ("تمور", "Dattes"), ("أعشاب عطرية", "Plantes aromatiques")],
    "agriculture": [("زيت الزيتون", "Huile d'olive"), ("حليب", "Lait"),
                    ("خضر موسمية", "Légumes de saison"), ("لوز", "Amandes")],
    "rural_tourism": [("إيواء قروي", "Gîte rural"), ("جولات", "Randonnées"),
                      ("وجبات تقليدية", "Repas traditionnels")],
    "artisanal_fishing": [("سمك طري", "Poisson frais"), ("أخطبوط", "Poulpe"),
                          ("طحالب بحرية", "Algues marines")],
    "services": [("نقل مدرسي", "Transport scolaire"), ("تعليم أولي", "Préscolaire"),
                 ("صيانة", "Entretien"), ("تموين", "Traiteur")],
}
BASE_SECTOR_WEIGHTS = {"agriculture": 32, "local_products": 20, "handicrafts": 18,
                       "services": 16, "rural_tourism": 5, "argan": 1, "artisanal_fishing": 2}
REGION_SECTOR_BOOST = {
    "09": {"argan": 25, "artisanal_fishing": 6}, "07": {"argan": 8, "handicrafts": 24},
    "10": {"argan": 8, "artisanal_fishing": 8}, "11": {"artisanal_fishing": 14},
    "12": {"artisanal_fishing": 20}, "01": {"artisanal_fishing": 5},
    "08": {"rural_tourism": 12, "local_products": 26}, "03": {"handicrafts": 24},
}


def region_quotas(regions, total):
    """How many cooperatives each region gets: Souss-Massa its share, the rest by population."""
    souss = next((r for r in regions if r.code == "09"), None)
    souss_count = round(total * SOUSS_MASSA_SHARE) if souss else 0
    others = [r for r in regions if r is not souss]
    population = sum(r.population_2024 or 1 for r in others) or 1
    quotas = {r.pk: int((total - souss_count) * (r.population_2024 or 1) / population)
              for r in others}
    if souss:
        quotas[souss.pk] = souss_count
    remainder = total - sum(quotas.values())
    for region in sorted(others, key=lambda r: -(r.population_2024 or 0))[:remainder]:
        quotas[region.pk] += 1
    return quotas


def _offset(code, spread):
    digest = hashlib.sha1(code.encode(), usedforsecurity=False).digest()
    return ((digest[0] / 255 - 0.5) * spread, (digest[1] / 255 - 0.5) * spread)


class Command(BaseCommand):
    help = "Generate a synthetic national directory of cooperatives (SYN- numbers)."

    def add_arguments(self, parser):
        parser.add_argument("--cooperatives", type=int, default=65000)
        parser.add_argument("--seed", type=int, default=2025)

    @unscoped()
    def handle(self, *args, cooperatives, seed, **options):
        started = time.monotonic()
        rng = random.Random(seed)  # noqa: S311 - synthetic data, the same for the same seed
        sectors = {s.slug: s for s in Sector.objects.all()}
        regions = list(Region.objects.order_by("code"))
        communes_by_region = {}
        for commune in Commune.objects.select_related("province").only(
            "pk", "code", "name_ar", "name_fr", "population_2024", "province_id",
            "province__code", "province__region_id",
        ):
            communes_by_region.setdefault(commune.province.region_id, []).append(commune)
        quotas = region_quotas([r for r in regions if r.pk in communes_by_region],
                               max(cooperatives, 0))
        today = local_today()
        with transaction.atomic():
            self._delete()
            number = 0
            pending = []
            for region in regions:
                communes = communes_by_region.get(region.pk)
                if not communes or not quotas.get(region.pk):
                    continue
                weights = [max(c.population_2024 or 0, 500) for c in communes]
                sector_weights = {**BASE_SECTOR_WEIGHTS, **REGION_SECTOR_BOOST.get(region.code, {})}
                slugs = [s for s in sector_weights if s in sectors]
                slug_weights = [sector_weights[s] for s in slugs]
                centre = CENTRES.get(region.code, (31.5, -7.0))
                for commune in rng.choices(communes, weights=weights, k=quotas[region.pk]):
                    number += 1
                    slug = rng.choices(slugs, weights=slug_weights)[0]
                    pending.append(self._build(rng, number, commune, sectors[slug], slug,
                                               centre, today))
                    if len(pending) >= BATCH:
                        self._write(pending)
                        pending = []
            self._write(pending)
        # Bulk writes send no signal: learn the new names for typos and other scripts.
        refresh_index()
        self.stdout.write(f"seed_national: {number} synthetic cooperatives in "
                          f"{time.monotonic() - started:.1f} s")

    def _delete(self):
        synthetic = Cooperative.objects.filter(registration_number__startswith=PREFIX)
        Product.objects.filter(cooperative__in=synthetic).delete()
        CooperativeMembership.objects.filter(cooperative__in=synthetic).delete()
        synthetic._raw_delete(synthetic.db)

    def _build(self, rng, number, commune, sector, slug, centre, today):
        qualifier_ar, qualifier_fr = rng.choice(QUALIFIERS)
        word_ar, word_fr = SECTOR_WORDS[slug]
        members = int(rng.lognormvariate(3.0, 0.7)) + 7
        women_share = rng.choice([0.0, 0.2, 0.4, 0.6, 1.0])
        women = min(members, int(members * women_share))
        youth = min(members, int(members * rng.uniform(0.05, 0.5)))
        dlat, dlon = _offset(commune.province.code, 1.6)
        jlat, jlon = _offset(commune.code, 0.5)
        latitude = min(max(centre[0] + dlat + jlat + rng.uniform(-0.05, 0.05), 20.8), 35.9)
        longitude = min(max(centre[1] + dlon + jlon + rng.uniform(-0.05, 0.05), -17.0), -1.0)
        cooperative = Cooperative(
            registration_number=f"{PREFIX}{number:06d}",
            name_ar=f"تعاونية {qualifier_ar} {word_ar} {commune.name_ar}",
            name_fr=f"Coopérative {qualifier_fr} {word_fr} – {commune.name_fr}",
            sector=sector, commune=commune, province_id=commune.province_id,
            region_id=commune.province.region_id,
            founded_on=today - datetime.timedelta(days=rng.randint(200, 35 * 365)),
            members_count=members, women_members=women, youth_members=youth,
            women_led=women_share >= 0.6, youth_led=rng.random() < 0.15,
            description_ar=f"تعاونية في قطاع {sector.name_ar} بجماعة {commune.name_ar}.",
            description_fr=f"Coopérative du secteur « {sector.name_fr} » à {commune.name_fr}.",
            latitude=Decimal(f"{latitude:.6f}"), longitude=Decimal(f"{longitude:.6f}"),
        )
        products = rng.sample(PRODUCTS[slug], k=rng.randint(1, min(3, len(PRODUCTS[slug]))))
        cooperative.search_text = build_search_text(
            cooperative_values=cooperative,
            product_values=[{"name_ar": ar, "name_fr": fr} for ar, fr in products])
        return cooperative, products

    def _write(self, pending):
        if not pending:
            return
        bump_directory_version()  # bulk writes send no signals
        # COPY (bulk_create off PostgreSQL): 650,000 rows at SCALE=10 in minutes.
        copy_objects(Cooperative, [c for c, _p in pending])
        # Each product carries its cooperative's sector and region (cooperatives/denormal.py)
        # and its search text (its names and its cooperative's: no save() builds it here).
        rows = [Product(cooperative_id=c.pk, sector_id=c.sector_id, region_id=c.region_id,
                        name_ar=ar, name_fr=fr) for c, products in pending for ar, fr in products]
        cooperatives = [c for c, products in pending for _names in products]
        for product, cooperative in zip(rows, cooperatives, strict=True):
            product.search_text = product.build_search_text(cooperative)
        copy_objects(Product, rows)
