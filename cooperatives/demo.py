"""Demo cooperatives drawn from the source articles' regions and sectors (texts our own)."""

import hashlib
import io
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from ess_platform.users.selectors import demo_user
from regional_hubs.models import Commune
from regional_hubs.scoping import unscoped

from .models import Certification, Cooperative, CooperativeMembership, Product, Sector
from .services import refresh_search_text, save_product

#: Earthy backgrounds for the generated product photos, one per product (by name).
PALETTE = [(196, 140, 74), (120, 150, 90), (170, 90, 70), (210, 180, 120), (90, 120, 150),
           (150, 110, 150)]


def product_photo(name):
    """A photo-like JPEG drawn with Pillow for a demo product (nothing is downloaded): a
    warm gradient, a table, and a jar or a basket shaped after the product's name."""
    from PIL import Image, ImageDraw

    digest = hashlib.sha256(name.encode()).digest()
    base = PALETTE[digest[0] % len(PALETTE)]
    width, height = 800, 600
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        shade = 1.15 - 0.45 * y / height
        draw.line([(0, y), (width, y)], fill=tuple(min(255, int(c * shade)) for c in base))
    draw.rectangle([0, 430, width, height], fill=(110, 80, 55))
    x = 260 + digest[1] % 120
    if digest[2] % 2:  # a jar
        draw.rounded_rectangle([x, 200, x + 200, 450], radius=40, fill=(240, 225, 190),
                               outline=(80, 60, 40), width=6)
        draw.rectangle([x + 40, 160, x + 160, 210], fill=(90, 60, 40))
        draw.rectangle([x + 30, 290, x + 170, 370], fill=base)
    else:  # a basket
        draw.ellipse([x - 40, 250, x + 260, 460], fill=(180, 130, 70), outline=(90, 60, 30),
                     width=6)
        for offset in range(0, 300, 40):
            draw.line([(x - 30 + offset, 270), (x - 10 + offset, 450)], fill=(120, 80, 40),
                      width=4)
        draw.arc([x + 20, 150, x + 200, 330], 180, 360, fill=(90, 60, 30), width=10)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82)
    return ContentFile(buffer.getvalue())

# registration number, sector, commune code, founded, members, women, youth, women-led,
# youth-led, (ar name, fr name), (ar description, fr description), lat, lon, products
DEMO = [
    ("DEMO-09-001", "argan", "09.163.01.03", "2004-05-12", 62, 62, 14, True, False,
     ("تعاونية تيفاوت لإنتاج زيت الأركان", "Coopérative Tifaout d'huile d'argan"),
     ("تعاونية نسائية بآيت باها تجمع نساء الدواوير المجاورة لاستخراج زيت الأركان يدويا "
      "وتسويقه، مع حصص لمحو الأمية لفائدة العضوات.",
      "Coopérative de femmes d'Aït Baha qui extrait et vend l'huile d'argan à la main, "
      "et organise des cours d'alphabétisation pour ses membres."),
     "30.070000", "-9.150000",
     [("زيت الأركان الغذائي", "Huile d'argan alimentaire"),
      ("زيت الأركان التجميلي", "Huile d'argan cosmétique"),
      ("أملو باللوز", "Amlou aux amandes")]),
    ("DEMO-09-002", "argan", "09.163.01.11", "2011-09-20", 38, 35, 12, True, True,
     ("تعاونية أمل شتوكة للأركان", "Coopérative Amal Chtouka pour l'argan"),
     ("تعاونية تسيرها شابة من بيوكرى، تثمن ثمار الأركان وتبيع منتجاتها في المعارض الجهوية.",
      "Coopérative dirigée par une jeune femme de Biougra, qui valorise le fruit de "
      "l'arganier et vend dans les foires régionales."),
     "30.215000", "-9.373000",
     [("صابون الأركان", "Savon à l'argan"), ("زيت الأركان الغذائي", "Huile d'argan")]),
    ("DEMO-09-003", "handicrafts", "09.581.01.07", "2009-02-03", 24, 18, 9, True, False,
     ("تعاونية الفضة التقليدية بتيزنيت", "Coopérative d'orfèvrerie traditionnelle de Tiznit"),
     ("حرفيات وحرفيون يصنعون الحلي الفضية على طريقة تيزنيت ويحافظون على نقوشها الأمازيغية.",
      "Artisanes et artisans qui façonnent les bijoux en argent de Tiznit et en gardent "
      "les motifs amazighs."),
     "29.698000", "-9.731000",
     [("حلي فضية تقليدية", "Bijoux en argent"), ("خناجر مزخرفة", "Poignards ciselés")]),
    ("DEMO-09-004", "artisanal_fishing", "09.001.07.25", "2013-06-15", 45, 4, 20, False,
     True,
     ("تعاونية الصيد التقليدي بتامري", "Coopérative de pêche artisanale de Tamri"),
     ("بحارة القوارب الصغيرة شمال أكادير، يتقاسمون معدات التبريد ويبيعون السمك الطري "
      "مباشرة.",
      "Pêcheurs en barques au nord d'Agadir, qui partagent une chambre froide et vendent "
      "le poisson frais en direct."),
     "30.695000", "-9.825000",
     [("سردين طري", "Sardine fraîche"), ("أخطبوط", "Poulpe")]),
    ("DEMO-09-005", "local_products", "09.541.01.13", "2016-11-02", 30, 21, 11, True, False,
     ("تعاونية زعفران تارودانت", "Coopérative du safran de Taroudannt"),
     ("تعاونية تزرع الزعفران وتجففه وتعبئه وفق معايير الجودة، وتشارك في الأسواق المتنقلة.",
      "Coopérative qui cultive, sèche et conditionne le safran selon les normes de qualité, "
      "présente sur les marchés itinérants."),
     "30.470000", "-8.877000",
     [("زعفران حر", "Safran pur"), ("عسل الزعتر", "Miel de thym")]),
    ("DEMO-03-001", "local_products", "03.451.01.09", "2012-04-18", 27, 20, 8, True, False,
     ("تعاونية حب الملوك بصفرو", "Coopérative des cerises de Sefrou"),
     ("تعاونية تحول فواكه منطقة صفرو إلى مربيات وعصائر وتبيعها في المدن المجاورة.",
      "Coopérative qui transforme les fruits de la région de Sefrou en confitures et jus "
      "vendus dans les villes voisines."),
     "33.830000", "-4.830000",
     [("مربى حب الملوك", "Confiture de cerises"), ("كسكس بالشعير", "Couscous d'orge")]),
    ("DEMO-03-002", "handicrafts", "03.231.01.0", "2007-10-10", 19, 6, 7, False, False,
     ("تعاونية الزليج الفاسي", "Coopérative du zellige de Fès"),
     ("معلمون وشباب متدربون يقطعون الزليج يدويا ويحافظون على تقنيات المدينة العتيقة.",
      "Maîtres artisans et jeunes apprentis qui taillent le zellige à la main selon les "
      "techniques de la médina."),
     "34.060000", "-4.980000",
     [("زليج تقليدي", "Zellige traditionnel"), ("نافورة من الزليج", "Fontaine en zellige")]),
    ("DEMO-08-001", "rural_tourism", "08.587.01.13", "2018-03-25", 14, 5, 10, False, True,
     ("تعاونية ضيافة واحات زاكورة", "Coopérative d'accueil des oasis de Zagora"),
     ("شباب من الواحة يستقبلون الزوار في دور ضيافة ويقترحون مسارات بين النخيل والقصور.",
      "Des jeunes de l'oasis accueillent les visiteurs en maisons d'hôtes et proposent des "
      "circuits entre palmeraies et ksour."),
     "30.330000", "-5.840000",
     [("ليلة في دار الضيافة", "Nuit en maison d'hôtes"), ("جولة في الواحة", "Circuit oasis")]),
    ("DEMO-08-002", "agriculture", "08.201.01.05", "2010-01-14", 55, 12, 18, False, False,
     ("تعاونية تمور تافيلالت", "Coopérative des dattes du Tafilalet"),
     ("فلاحو النخيل يجمعون التمور ويفرزونها ويخزنونها في وحدة تبريد مشتركة.",
      "Des phoeniciculteurs récoltent, trient et stockent les dattes dans une unité "
      "frigorifique commune."),
     "31.930000", "-4.420000",
     [("تمر المجهول", "Dattes Mejhoul"), ("عجينة التمر", "Pâte de dattes")]),
]


#: Price in dirhams, unit and availability of the demo products (market prices of the
#: kind the cooperatives' own catalogues show); a product left out is priced on request.
DEMO_PRICES = {
    "Huile d'argan alimentaire": (Decimal("200"), "l", "available"),
    "Huile d'argan cosmétique": (Decimal("95"), "ml", "available"),
    "Amlou aux amandes": (Decimal("120"), "kg", "available"),
    "Savon à l'argan": (Decimal("25"), "piece", "available"),
    "Huile d'argan": (Decimal("180"), "l", "available"),
    "Bijoux en argent": (Decimal("450"), "piece", "on_order"),
    "Sardine fraîche": (Decimal("15"), "kg", "seasonal"),
    "Poulpe": (Decimal("90"), "kg", "seasonal"),
    "Safran pur": (Decimal("35"), "g", "available"),
    "Miel de thym": (Decimal("250"), "kg", "available"),
    "Confiture de cerises": (Decimal("40"), "box", "seasonal"),
    "Couscous d'orge": (Decimal("30"), "kg", "available"),
    "Zellige traditionnel": (Decimal("380"), "m2", "on_order"),
    "Nuit en maison d'hôtes": (Decimal("350"), "night", "available"),
    "Circuit oasis": (Decimal("200"), "person", "available"),
    "Dattes Mejhoul": (Decimal("110"), "kg", "seasonal"),
    "Pâte de dattes": (Decimal("45"), "box", "available"),
}


@unscoped()
def seed(stdout=None):
    sectors = {s.slug: s for s in Sector.objects.all()}
    communes = Commune.objects.select_related("province").in_bulk(
        [row[2] for row in DEMO], field_name="code")
    ids = []
    for (number, sector, commune_code, founded, members, women, youth, women_led, youth_led,
         (name_ar, name_fr), (desc_ar, desc_fr), lat, lon, products) in DEMO:
        commune = communes.get(commune_code)
        if commune is None:
            continue
        cooperative, _created = Cooperative.objects.update_or_create(
            registration_number=number,
            defaults={
                "name_ar": name_ar, "name_fr": name_fr, "sector": sectors[sector],
                "commune": commune, "founded_on": founded, "members_count": members,
                "women_members": women, "youth_members": youth, "women_led": women_led,
                "youth_led": youth_led, "description_ar": desc_ar, "description_fr": desc_fr,
                "latitude": Decimal(lat), "longitude": Decimal(lon), "is_published": True,
            },
        )
        for product_ar, product_fr in products:
            price, unit, availability = DEMO_PRICES.get(product_fr, (None, "piece", "available"))
            product, _created = Product.objects.update_or_create(
                cooperative=cooperative, name_fr=product_fr,
                defaults={"name_ar": product_ar, "price": price, "unit": unit,
                          "availability": availability})
            if not product.photo:
                slug = hashlib.sha256(f"{number}:{product_fr}".encode()).hexdigest()[:12]
                product.photo.save(f"demo-{slug}.jpg", product_photo(product_fr), save=False)
                save_product(product=product, photo_changed=True)
        ids.append(cooperative.pk)
    refresh_search_text(cooperative_ids=ids)
    try:
        manager = demo_user("gerante@demo.ess.ma")
    except get_user_model().DoesNotExist:
        manager = None
    first = Cooperative.objects.filter(registration_number="DEMO-09-001").first()
    if manager and first:
        CooperativeMembership.objects.update_or_create(
            cooperative=first, user=manager,
            defaults={"role": CooperativeMembership.Role.MANAGER})
    if first:
        # Argan oil of the Souss has its protected geographical indication (Argane).
        Certification.objects.update_or_create(
            cooperative=first, kind=Certification.Kind.PGI,
            defaults={"title": "Argane", "issued_by": "Ministère de l'Agriculture"})
    if stdout:
        stdout.write(f"cooperatives: {len(ids)} demo cooperatives")
