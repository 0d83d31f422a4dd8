"""The SSE sectors named in the source articles: reference data for every database.

The slugs are regional_hubs.territory.SectorKey's, written out rather than imported: a
migration replays what it did on the day it was written (tests/cooperatives/
test_sector_keys.py checks that the two lists agree)."""

from django.db import migrations

SECTORS = [
    ("handicrafts", "الصناعة التقليدية", "Artisanat",
     "النسيج والزرابي والفخار والحلي والجلد وغيرها من الحرف اليدوية.",
     "Tissage, tapis, poterie, bijoux, cuir et autres métiers d'art."),
    ("local_products", "المنتجات المحلية والمجالية", "Produits locaux et du terroir",
     "منتجات مرتبطة بمجالها: العسل والكسكس والتمور والزعفران والأعشاب العطرية.",
     "Produits liés à leur terroir : miel, couscous, dattes, safran, plantes aromatiques."),
    ("argan", "الأركان", "Argan",
     "استخراج زيت الأركان وتثمين منتجاته الغذائية والتجميلية.",
     "Extraction de l'huile d'argan et valorisation de ses produits alimentaires et "
     "cosmétiques."),
    ("agriculture", "الفلاحة", "Agriculture",
     "الإنتاج الفلاحي وتربية الماشية وتثمين المحاصيل.",
     "Production agricole, élevage et valorisation des récoltes."),
    ("rural_tourism", "السياحة القروية والتضامنية", "Tourisme rural et solidaire",
     "الإيواء القروي والمسارات والاستقبال لدى السكان.",
     "Hébergement rural, circuits et accueil chez l'habitant."),
    ("artisanal_fishing", "الصيد التقليدي", "Pêche artisanale",
     "صيد السمك بالقوارب التقليدية وتثمين منتجات البحر.",
     "Pêche en barques traditionnelles et valorisation des produits de la mer."),
    ("services", "الخدمات", "Services",
     "خدمات القرب: النقل والتعليم الأولي والصيانة والتغذية.",
     "Services de proximité : transport, préscolaire, entretien, restauration."),
]


def create_sectors(apps, schema_editor):
    Sector = apps.get_model("cooperatives", "Sector")
    for position, (slug, name_ar, name_fr, description_ar, description_fr) in enumerate(
        SECTORS, start=1
    ):
        Sector.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name_ar, "name_ar": name_ar, "name_fr": name_fr,
                "description": description_ar, "description_ar": description_ar,
                "description_fr": description_fr, "position": position,
            },
        )


class Migration(migrations.Migration):

    dependencies = [("cooperatives", "0002_search_text_import_job")]

    operations = [migrations.RunPython(create_sectors, migrations.RunPython.noop)]
