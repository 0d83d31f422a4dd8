"""Demo hubs: the five regions where the ministry and the AFD started territorial SSE hubs.

Facts (regions, the Tiznit workshop of 20 March 2025, the Fès consultation workshop, the
services foreseen) come from the press articles in the project's seeds; the texts are our
own. No address, phone or position is invented: the hubs are not open yet.
"""

import datetime

from .models import HubMilestone, HubPartner, HubService, Region, RegionalHub
from .scoping import unscoped
from .services import load_indicators, open_missing_desks

MINISTRY = ("وزارة السياحة والصناعة التقليدية والاقتصاد الاجتماعي والتضامني",
            "Ministère du Tourisme, de l'Artisanat et de l'Économie sociale et solidaire")
AFD = ("الوكالة الفرنسية للتنمية", "Agence française de développement (AFD)")

FORESEEN_SERVICES = {
    HubService.Kind.TRAINING: (
        "دورات تكوينية لفائدة التعاونيات والجمعيات وحاملي المشاريع في التدبير والتسويق.",
        "Formations en gestion et en commercialisation pour les coopératives, les "
        "associations et les porteurs de projets.",
    ),
    HubService.Kind.COWORKING: (
        "فضاء مشترك للعمل والالتقاء بين فاعلي الاقتصاد الاجتماعي والتضامني بالجهة.",
        "Un espace partagé où les acteurs de l'ESS de la région travaillent et se rencontrent.",
    ),
    HubService.Kind.INCUBATION: (
        "مواكبة قصيرة ومكثفة للمشاريع الناشئة حتى إحداث التعاونية.",
        "Un accompagnement court et intensif des projets jusqu'à la création de la coopérative.",
    ),
    HubService.Kind.INNOVATION_LAB: (
        "مختبر لتجريب منتجات وخدمات جديدة مع الجامعات والشركاء.",
        "Un laboratoire pour tester de nouveaux produits et services avec les universités et "
        "les partenaires.",
    ),
}

# region code, slug, status, (name ar, fr), (description ar, fr), partners, milestones
HUBS = [
    (
        "09", "pole-ess-souss-massa", RegionalHub.Status.CONSULTATION,
        ("القطب الترابي النموذجي للاقتصاد الاجتماعي والتضامني بجهة سوس ماسة",
         "Pôle territorial modèle de l'ESS de Souss-Massa"),
        ("يهدف القطب إلى جمع التعاونيات والجمعيات والمؤسسات الداعمة في منظومة جهوية واحدة، "
         "في جهة تضم آلاف التعاونيات ويمثل فيها الاقتصاد الاجتماعي والتضامني حصة معتبرة من "
         "الناتج الجهوي. يوجد المشروع في مرحلة التشاور مع الفاعلين المحليين.",
         "Le pôle veut réunir coopératives, associations et institutions d'appui dans un même "
         "réseau régional, dans une région qui compte des milliers de coopératives et où l'ESS "
         "pèse une part notable de la richesse produite. Le projet en est à la concertation "
         "avec les acteurs locaux."),
        [
            (MINISTRY, HubPartner.Kind.PUBLIC, ("صاحب المشروع", "Porteur du projet")),
            (AFD, HubPartner.Kind.DONOR, ("شريك في التمويل والمواكبة",
                                          "Partenaire financier et d'accompagnement")),
            (("مجلس جهة سوس ماسة", "Conseil régional de Souss-Massa"),
             HubPartner.Kind.LOCAL_AUTHORITY, ("شريك جهوي", "Partenaire régional")),
            (("جماعة تيزنيت", "Commune de Tiznit"), HubPartner.Kind.LOCAL_AUTHORITY,
             ("احتضنت ورشة التشاور", "A accueilli l'atelier de concertation")),
        ],
        [
            (datetime.date(2025, 3, 20),
             ("ورشة تشاورية بتيزنيت", "Atelier de concertation à Tiznit"),
             ("اجتمع الفاعلون بمقر جماعة تيزنيت لمناقشة أهداف القطب وهيكلته.",
              "Les acteurs se sont réunis au siège de la commune de Tiznit pour discuter des "
              "objectifs et de l'organisation du pôle.")),
        ],
    ),
    (
        "03", "pole-ess-fes-meknes", RegionalHub.Status.CONSULTATION,
        ("القطب الترابي النموذجي للاقتصاد الاجتماعي والتضامني بجهة فاس مكناس",
         "Pôle territorial modèle de l'ESS de Fès-Meknès"),
        ("يراد للقطب أن يكون بنية جهوية متخصصة تحفز الاقتصاد الاجتماعي والتضامني وتقلص "
         "الفوارق المجالية، بإشراك الجامعات والمنتخبين والمهنيين. نوقش المشروع في ورشة "
         "تشاورية جهوية بفاس.",
         "Le pôle doit devenir une structure régionale spécialisée qui stimule l'ESS et réduit "
         "les écarts entre territoires, en associant universités, élus et professionnels. Le "
         "projet a été discuté lors d'un atelier de concertation régional à Fès."),
        [
            (MINISTRY, HubPartner.Kind.PUBLIC, ("صاحب المشروع", "Porteur du projet")),
            (AFD, HubPartner.Kind.DONOR, ("شريك في التمويل والمواكبة",
                                          "Partenaire financier et d'accompagnement")),
            (("مجلس جهة فاس مكناس", "Conseil régional de Fès-Meknès"),
             HubPartner.Kind.LOCAL_AUTHORITY, ("شريك في تنظيم التشاور",
                                               "Coorganisateur de la concertation")),
            (("المديرية الجهوية للصناعة التقليدية والاقتصاد الاجتماعي والتضامني",
              "Direction régionale de l'Artisanat et de l'ESS"),
             HubPartner.Kind.PUBLIC, ("منظم الورشة التشاورية",
                                      "Organisatrice de l'atelier de concertation")),
            (("جامعات الجهة", "Universités de la région"), HubPartner.Kind.ACADEMIC,
             ("التكوين والبحث والابتكار", "Formation, recherche et innovation")),
        ],
        [
            (None, ("ورشة تشاورية جهوية بفاس", "Atelier de concertation régional à Fès"),
             ("ناقش ممثلو القطاعات الحكومية والمنتخبون والجامعات أهداف القطب وآليات حكامته.",
              "Services de l'État, élus et universités ont débattu des objectifs du pôle et "
              "de sa gouvernance.")),
        ],
    ),
    (
        "02", "pole-ess-oriental", RegionalHub.Status.PLANNED,
        ("القطب الترابي النموذجي للاقتصاد الاجتماعي والتضامني بجهة الشرق",
         "Pôle territorial modèle de l'ESS de l'Oriental"),
        ("جهة الشرق من الجهات الخمس الأولى التي يشملها مشروع الأقطاب الترابية النموذجية.",
         "L'Oriental fait partie des cinq premières régions du projet de pôles territoriaux "
         "modèles."),
        [(MINISTRY, HubPartner.Kind.PUBLIC, ("صاحب المشروع", "Porteur du projet")),
         (AFD, HubPartner.Kind.DONOR, ("شريك", "Partenaire"))],
        [],
    ),
    (
        "05", "pole-ess-beni-mellal-khenifra", RegionalHub.Status.PLANNED,
        ("القطب الترابي النموذجي للاقتصاد الاجتماعي والتضامني بجهة بني ملال خنيفرة",
         "Pôle territorial modèle de l'ESS de Béni Mellal-Khénifra"),
        ("تندرج جهة بني ملال خنيفرة ضمن الجهات الأولى المستهدفة قبل تعميم الأقطاب على كل "
         "الجهات.",
         "Béni Mellal-Khénifra compte parmi les premières régions visées avant la "
         "généralisation des pôles à tout le pays."),
        [(MINISTRY, HubPartner.Kind.PUBLIC, ("صاحب المشروع", "Porteur du projet")),
         (AFD, HubPartner.Kind.DONOR, ("شريك", "Partenaire"))],
        [],
    ),
    (
        "10", "pole-ess-guelmim-oued-noun", RegionalHub.Status.PLANNED,
        ("القطب الترابي النموذجي للاقتصاد الاجتماعي والتضامني بجهة كلميم واد نون",
         "Pôle territorial modèle de l'ESS de Guelmim-Oued Noun"),
        ("سيواكب القطب تعاونيات جهة كلميم واد نون، إحدى الجهات الخمس الأولى في المشروع.",
         "Le pôle accompagnera les coopératives de Guelmim-Oued Noun, l'une des cinq premières "
         "régions du projet."),
        [(MINISTRY, HubPartner.Kind.PUBLIC, ("صاحب المشروع", "Porteur du projet")),
         (AFD, HubPartner.Kind.DONOR, ("شريك", "Partenaire"))],
        [],
    ),
]


def seed_hubs():
    for code, slug, status, name, description, partners, milestones in HUBS:
        region = Region.objects.get(code=code)
        hub, _ = RegionalHub.objects.update_or_create(
            region=region,
            defaults={"slug": slug, "status": status, "kind": RegionalHub.Kind.HUB,
                      "name_ar": name[0], "name_fr": name[1],
                      "description_ar": description[0], "description_fr": description[1]},
        )
        for kind, (text_ar, text_fr) in FORESEEN_SERVICES.items():
            HubService.objects.update_or_create(
                hub=hub, kind=kind,
                defaults={"description_ar": text_ar, "description_fr": text_fr})
        for position, ((name_ar, name_fr), kind, (role_ar, role_fr)) in enumerate(partners):
            HubPartner.objects.update_or_create(
                hub=hub, name_fr=name_fr,
                defaults={"name_ar": name_ar, "kind": kind, "role_ar": role_ar,
                          "role_fr": role_fr, "position": position})
        for happened_on, (title_ar, title_fr), (text_ar, text_fr) in milestones:
            HubMilestone.objects.update_or_create(
                hub=hub, title_fr=title_fr,
                defaults={"happened_on": happened_on, "title_ar": title_ar,
                          "description_ar": text_ar, "description_fr": text_fr})
    return len(HUBS)


@unscoped()
def seed(stdout):
    created, updated = load_indicators()
    stdout.write(f"regional_hubs: territory profiles {created} created, {updated} updated")
    stdout.write(f"regional_hubs: {seed_hubs()} demo hubs")
    # The regions without a hub: their delegation's accompaniment desk.
    stdout.write(f"regional_hubs: {open_missing_desks()} accompaniment desks opened")
