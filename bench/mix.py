"""The realistic mix: for each list, hundreds of distinct URLs drawn from the data's own
vocabulary (region, province and commune codes, sector slugs, words of the cooperatives'
names in Arabic and French, event kinds, idea statuses...), so that the directory cache
hits as often as visitors would make it hit, not on every request.

`build_mix(seed)` reads the vocabulary from the database (Django set up) and returns
{list name: [(language, path)]}. Searches include words with one typo and Latin spellings
of Arabic names (cross-script): they find what a fuzzy search finds, or nothing.
"""

import random
import urllib.parse

from django.db.models import Count

from cooperatives.models import Cooperative, Sector
from events.models import Event
from projects_bank.models import Call, FundingSource, Partner, ProjectIdea
from regional_hubs.models import Commune, Province, Region
from regional_hubs.scoping import unscoped

from .scenarios import MIX_LISTS, SEARCH_KINDS

PER_LIST = 300  # distinct URLs per list (fewer when the vocabulary is smaller)

# One letter wrong, or a Latin spelling of an Arabic name: what people type.
TYPOS = ["Tifawout", "Annajh", "Al Barka", "Tamaynot", "Agrculture", "Artisanat tradtionnel",
         "الامال", "تيفاوتت", "الاركن", "البركه", "Cooperatve", "Coopérative Nour argn",
         *SEARCH_KINDS["fuzzy"], *SEARCH_KINDS["typo+script"]]
CROSS_SCRIPT = ["tifaout", "al amal", "annajah", "al baraka", "assalam", "nour", "arrahma",
                "taroudant", "tiznit", "agadir", "chichaoua", "essaouira",
                *SEARCH_KINDS["cross-script"]]
ARABIC_WORDS = ["الأمل", "النجاح", "الوفاء", "تيفاوت", "الخير", "النور", "البركة", "السلام",
                "للأركان", "الفلاحية", "للصناعة التقليدية", "زيت الأركان", "عسل", "زربية",
                "تعاونية الأمل", "تعاونية النجاح للأركان"]
FRENCH_WORDS = ["Al Amal", "Annajah", "Tifaout", "Nour", "argan", "artisanat", "miel",
                "tapis", "huile d'olive", "tourisme rural", "pêche artisanale", "safran",
                "Coopérative Al Baraka", "produits du terroir"]


# The directory's filters as the published cooperatives' columns (page 2 of a filter is
# drawn only when the filter has more rows than a page).
DIRECTORY_COLUMNS = {"region": "region__code", "province": "province__code",
                     "commune": "commune__code", "sector": "sector__slug",
                     "women_led": "women_led", "youth_led": "youth_led"}


def _filtered_count(params, counts):
    """Published cooperatives matching the directory filters of ``params`` (memoised)."""
    key = tuple(sorted((name, value) for name, value in params.items()
                       if name in DIRECTORY_COLUMNS and value))
    if key not in counts:
        counts[key] = Cooperative.objects.unscoped().filter(is_published=True, **{
            DIRECTORY_COLUMNS[name]: (True if value == "true" else value)
            for name, value in key}).count()
    return counts[key]


def _q(params):
    return urllib.parse.urlencode({k: v for k, v in params.items()
                                   if v not in (None, "") and (k, v) != ("page", 1)})


def _path(base, params):
    query = _q(params)
    return f"{base}?{query}" if query else base


def _distinct(rng, make, count, attempts=20):
    seen, out = set(), []
    for _ in range(count * attempts):
        if len(out) >= count:
            break
        item = make()
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


@unscoped()
def vocabulary():
    regions = list(Region.objects.order_by("code").values_list("code", "slug"))
    provinces = list(Province.objects.order_by("code").values_list("code", "region__slug"))
    sectors = list(Sector.objects.values_list("slug", flat=True))
    # Communes that have cooperatives, weighted like the directory.
    communes = list(Cooperative.objects.values("commune__code")
                    .annotate(n=Count("id")).order_by("-n").values_list("commune__code",
                                                                         flat=True)[:400])
    commune_names = list(Commune.objects.filter(code__in=communes[:60])
                         .values_list("name_ar", "name_fr"))
    published = Cooperative.objects.filter(is_published=True).count()
    return {
        "regions": regions, "provinces": provinces, "sectors": sectors,
        "communes": communes, "commune_names": commune_names,
        "pages": max(1, published // 20),
        "cooperative_ids": list(Cooperative.objects.order_by("?").values_list(
            "id", flat=True)[:200]),
        "event_kinds": [k for k, _label in Event.Kind.choices],
        "event_pages": max(1, Event.objects.count() // 20),
        "idea_statuses": [s for s, _l in ProjectIdea.Status.choices],
        # The lists page what anyone may see: published ideas only.
        "idea_pages": max(1, ProjectIdea.objects.public().count() // 20),
        "calls": list(Call.objects.values_list("slug", flat=True)[:50]),
        "funding_kinds": [k for k, _label in FundingSource.Kind.choices],
        "partner_kinds": [k for k, _label in Partner.Kind.choices],
    }


def _searches(rng, vocab):
    words = ARABIC_WORDS + FRENCH_WORDS + TYPOS + CROSS_SCRIPT
    words += [name for pair in vocab["commune_names"] for name in pair if name]
    words += [f"{rng.choice(ARABIC_WORDS)} {name_ar}" for name_ar, _fr in vocab["commune_names"]]
    return words


def build_mix(seed=2025, per_list=PER_LIST):
    rng = random.Random(seed)
    v = vocabulary()
    regions = [code for code, _slug in v["regions"]]
    region_slugs = [slug for _code, slug in v["regions"]]
    provinces = [code for code, _slug in v["provinces"]]
    searches = _searches(rng, v)
    counts = {}

    def filtered_page(params, page_size):
        """Page 1, or now and then page 2 of a filter that has one."""
        page_number = rng.choice([1, 1, 2])
        if page_number == 2 and _filtered_count(params, counts) <= page_size:
            return 1
        return page_number

    def lang():
        return rng.choice(["ar", "ar", "fr"])  # Arabic first, as visitors

    def maybe(values, p=0.5):
        return rng.choice(values) if values and rng.random() < p else ""

    def page(pages, deep=0.2):
        # Mostly the first pages; now and then a deep one, anywhere up to the last.
        if rng.random() < deep:
            return rng.randint(1, pages)
        return rng.choice([1, 1, 1, 2, 3, 4, 5]) if pages >= 5 else 1

    def directory_filters():
        choice = rng.random()
        params = {}
        if choice < 0.4:
            params["region"] = rng.choice(regions)
        elif choice < 0.65:
            params["province"] = rng.choice(provinces)
        elif choice < 0.8 and v["communes"]:
            params["commune"] = rng.choice(v["communes"])
        params["sector"] = maybe(v["sectors"], 0.5)
        if rng.random() < 0.15:
            params["women_led"] = "true"
        if rng.random() < 0.05:
            params["youth_led"] = "true"
        return params

    def api_cooperatives():
        params = directory_filters()
        filtered = len(params) > 0
        # A filtered list is a few pages long (a commune's, a province's sector): its
        # first two; the whole directory, any page.
        params["page_size"] = rng.choice([20, 20, 20, 50, 100])
        params["page"] = (page(v["pages"], deep=0.3) if not filtered
                          else filtered_page(params, params["page_size"]))
        if params["page"] == 1:
            params.pop("page")
        return (lang(), _path("/api/v1/cooperatives/", params))

    def api_search():
        params = {"search": rng.choice(searches)}
        if rng.random() < 0.3:
            params["region"] = rng.choice(regions)
        if rng.random() < 0.2:
            params["sector"] = rng.choice(v["sectors"])
        return (lang(), _path("/api/v1/cooperatives/", params))

    def api_products():
        params = {"region": maybe(regions, 0.5), "sector": maybe(v["sectors"], 0.4)}
        if rng.random() < 0.3:
            params["search"] = rng.choice(ARABIC_WORDS + FRENCH_WORDS + TYPOS)
        if rng.random() < 0.15 and v["cooperative_ids"]:
            params = {"cooperative": rng.choice(v["cooperative_ids"])}
        elif not any(params.values()):
            params["page"] = page(v["pages"], deep=0.5)
        return (lang(), _path("/api/v1/products/", params))

    def api_events():
        params = {"region": maybe(regions, 0.5), "kind": maybe(v["event_kinds"], 0.4)}
        if rng.random() < 0.3:
            params["upcoming"] = "false"
            if not (params["region"] or params["kind"]):
                params["page"] = page(v["event_pages"], deep=0.3)
        if rng.random() < 0.2:
            params["from"] = f"2026-{rng.randint(1, 12):02d}-01"
        return (lang(), _path("/api/v1/events/", params))

    def api_ideas():
        params = {"region": maybe(regions, 0.5), "sector": maybe(v["sectors"], 0.4),
                  "status": maybe(v["idea_statuses"], 0.3),
                  "language": maybe(["ar", "fr"], 0.2)}
        if not any(params.values()):
            params["page"] = page(v["idea_pages"], deep=0.3)
        return (lang(), _path("/api/v1/ideas/", params))

    def api_calls():
        return (lang(), _path("/api/v1/calls/", {"page": rng.choice(["", "", 1])}))

    def api_territory():
        if rng.random() < 0.3:
            return (lang(), f"/api/v1/territories/regions/{rng.choice(regions)}/")
        return (lang(), f"/api/v1/territories/provinces/{rng.choice(provinces)}/")

    def api_financing():
        return (lang(), _path("/api/v1/funding-sources/", {
            "kind": maybe(v["funding_kinds"], 0.5), "sector": maybe(v["sectors"], 0.4),
            "region": maybe(regions, 0.4), "women": maybe(["true"], 0.2),
            "youth": maybe(["true"], 0.2)}))

    def api_partners():
        return (lang(), _path("/api/v1/partners/", {
            "kind": maybe(v["partner_kinds"], 0.5), "region": maybe(regions, 0.5)}))

    def html_directory():
        language = lang()
        params = directory_filters()
        params["page"] = page(v["pages"], deep=0.2) if not params else filtered_page(params, 20)
        return (language, _path(f"/{language}/cooperatives/", params))

    def html_search():
        language = lang()
        params = {"q": rng.choice(searches), "region": maybe(regions, 0.3)}
        return (language, _path(f"/{language}/cooperatives/", params))

    def html_events():
        language = lang()
        params = {"region": maybe(regions, 0.5), "kind": maybe(v["event_kinds"], 0.4)}
        if rng.random() < 0.2:
            params["date_from"] = f"2026-{rng.randint(1, 12):02d}-01"
        if rng.random() < 0.3:
            params["page"] = rng.randint(2, 6)
        return (language, _path(f"/{language}/events/", params))

    def html_ideas():
        language = lang()
        params = {"region": maybe(regions, 0.5), "sector": maybe(v["sectors"], 0.4),
                  "status": maybe(["accepted", "incubated", "cooperative_created"], 0.3)}
        if rng.random() < 0.4 and not any(params.values()):
            params["page"] = page(v["idea_pages"] // 3 or 1, deep=0.5)
        return (language, _path(f"/{language}/projects/ideas/", params))

    def html_needs():
        language = lang()
        roll = rng.random()
        if roll < 0.1:
            return (language, f"/{language}/regions/needs/")
        if roll < 0.5:
            return (language, f"/{language}/regions/{rng.choice(region_slugs)}/needs/")
        code, slug = rng.choice(v["provinces"])
        return (language, f"/{language}/regions/{slug}/needs/{code}/")

    def html_regions():
        language = lang()
        return (language, f"/{language}/regions/{rng.choice(region_slugs)}/")

    makers = {
        "API cooperatives": api_cooperatives, "API cooperatives search": api_search,
        "API products": api_products, "API events": api_events, "API ideas": api_ideas,
        "API calls": api_calls, "API territory": api_territory,
        "API financing": api_financing, "API partners": api_partners,
        "HTML directory": html_directory, "HTML directory search": html_search,
        "HTML events": html_events, "HTML ideas": html_ideas, "HTML needs": html_needs,
        "HTML region pages": html_regions,
    }
    return {name: _distinct(rng, makers[name], per_list) for _kind, name in MIX_LISTS}
