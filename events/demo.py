"""Demo events: past SSE events reported in the press (facts only, texts of our own) and a
few upcoming ones whose dates follow today, so registration and the waiting list can be
tried. Idempotent: events are keyed by slug, sessions by (event, start)."""

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from regional_hubs.models import Commune, Province, Region, RegionalHub
from regional_hubs.scoping import unscoped

from .models import Event, Registration, Session


def _at(year, month, day, hour=9, minute=0):
    """A local time in Morocco (the zone database knows the Ramadan change of hour)."""
    return timezone.make_aware(datetime(year, month, day, hour, minute),
                               timezone.get_default_timezone())


def _commune(code):
    return Commune.objects.select_related("province").filter(code=code).first()


def _hub(region):
    return RegionalHub.objects.filter(region=region).first()


def _call_of(region):
    try:
        from projects_bank.models import Call
    except ImportError:  # the projects bank is optional for events
        return None
    return Call.objects.filter(region=region).order_by("-opens_on", "pk").first()


PAST_EVENTS = [
    {
        "slug": "terress-agadir-2025",
        "kind": Event.Kind.TECHNICAL_GATHERING,
        "region": "09", "commune": "09.001.01.01",
        "starts_at": _at(2025, 4, 14, 9, 0), "ends_at": _at(2025, 4, 16, 18, 0),
        "latitude": "30.420200", "longitude": "-9.598200",
        "title_ar": "التجمع التقني الأول لبرنامج Terr'ESS بأكادير",
        "title_fr": "Premier rassemblement technique du programme Terr'ESS à Agadir",
        "description_ar": (
            "ثلاثة أيام من العمل المشترك تحت شعار «مجالات ترابية فرنكوفونية من أجل الاقتصاد "
            "الاجتماعي والتضامني»، يلتقي فيها أزيد من ثلاثين مسؤولاً من جماعات ترابية تنتمي "
            "إلى تسع دول فرنكوفونية، منها فرنسا والسنغال والكاميرون ومدغشقر وساحل العاج.\n"
            "يتبادل المشاركون تجاربهم في السياسات الجهوية والحكامة وتمويل الاقتصاد التضامني، "
            "عبر ورشات وجلسات نقاش وزيارات ميدانية لمشاريع ناجحة في الصناعة التقليدية "
            "والمنتجات المحلية والسياحة القروية والصيد التقليدي.\n"
            "تضم جهة سوس ماسة أكثر من 6000 تعاونية، ويمثل القطاع نحو 6% من ناتجها الداخلي الخام."
        ),
        "description_fr": (
            "Trois jours de travail en commun autour du thème « Territoires francophones pour "
            "l'économie sociale et solidaire », avec plus de trente élus et responsables de "
            "collectivités de neuf pays francophones, dont la France, le Sénégal, le Cameroun, "
            "Madagascar et la Côte d'Ivoire.\n"
            "Au programme : échanges sur les politiques régionales, la gouvernance et le "
            "financement de l'économie solidaire, en ateliers, en tables rondes et lors de "
            "visites de projets réussis dans l'artisanat, les produits du terroir, le tourisme "
            "rural et la pêche artisanale.\n"
            "La région Souss-Massa compte plus de 6 000 coopératives ; le secteur pèse environ "
            "6 % de son PIB."
        ),
        "organisers_ar": "الجمعية الدولية للجهات الفرنكوفونية",
        "organisers_fr": "Association internationale des régions francophones (AIRF)",
        "partners_ar": "جمعية جهات المغرب، جهة نوفيل أكيتان (فرنسا)، جهة سوس ماسة، مبادرة "
                       "سوس ماسة وشركات التنمية الجهوية",
        "partners_fr": "Association des régions du Maroc, Région Nouvelle-Aquitaine (France), "
                       "Région Souss-Massa, Initiative Souss-Massa et sociétés de "
                       "développement régional",
        "venue_ar": "أكادير", "venue_fr": "Agadir",
        "address_ar": "أكادير، جهة سوس ماسة", "address_fr": "Agadir, région Souss-Massa",
        "sessions": [
            ((2025, 4, 14, 9, 30), (2025, 4, 14, 11, 0),
             "الجلسة الافتتاحية", "Séance d'ouverture",
             "نائب رئيس جهة سوس ماسة المكلف بالتكوين والصناعة التقليدية والاقتصاد التضامني",
             "Vice-président de la région Souss-Massa chargé de la formation, de l'artisanat "
             "et de l'économie solidaire"),
            ((2025, 4, 14, 11, 30), (2025, 4, 14, 13, 0),
             "ورشة: السياسات الجهوية والحكامة", "Atelier : politiques régionales et gouvernance",
             "", ""),
            ((2025, 4, 14, 15, 0), (2025, 4, 14, 17, 0),
             "جلسة نقاش: تمويل الاقتصاد الاجتماعي والتضامني",
             "Table ronde : financer l'économie sociale et solidaire", "", ""),
            ((2025, 4, 15, 9, 0), (2025, 4, 15, 17, 0),
             "زيارات ميدانية: الصناعة التقليدية والمنتجات المحلية",
             "Visites de terrain : artisanat et produits du terroir", "", ""),
            ((2025, 4, 16, 9, 0), (2025, 4, 16, 15, 0),
             "زيارات ميدانية: السياحة القروية والصيد التقليدي",
             "Visites de terrain : tourisme rural et pêche artisanale", "", ""),
            ((2025, 4, 16, 16, 0), (2025, 4, 16, 18, 0),
             "الخلاصات والاختتام", "Conclusions et clôture", "", ""),
        ],
    },
    {
        "slug": "atelier-pole-ess-souss-massa-tiznit-2025",
        "kind": Event.Kind.WORKSHOP,
        "region": "09", "commune": "09.581.01.07", "with_hub": True,
        "starts_at": _at(2025, 3, 20, 10, 30), "ends_at": _at(2025, 3, 20, 13, 30),
        "latitude": "29.698000", "longitude": "-9.731600",
        "title_ar": "ورشة عمل حول القطب الترابي النموذجي للاقتصاد الاجتماعي والتضامني بسوس ماسة",
        "title_fr": "Atelier sur le pôle territorial modèle de l'ESS de Souss-Massa",
        "description_ar": (
            "ورشة لمواكبة إحداث القطب الترابي النموذجي للاقتصاد الاجتماعي والتضامني بجهة سوس "
            "ماسة، ضمن مشروع الأقطاب الذي أطلقته الوزارة الوصية مع الوكالة الفرنسية للتنمية. "
            "يناقش المشاركون، في مجموعتي عمل، دور مختلف الفاعلين وأهداف القطب وهياكله، ثم "
            "تُعرض الخلاصات والخطوات المقبلة."
        ),
        "description_fr": (
            "Atelier d'accompagnement de la création du pôle territorial modèle de l'ESS en "
            "Souss-Massa, dans le cadre du projet de pôles lancé par le ministère de tutelle "
            "avec l'Agence française de développement. Deux groupes de travail réfléchissent "
            "au rôle des acteurs, aux objectifs et aux structures du pôle ; la séance se "
            "termine par la restitution et les prochaines étapes."
        ),
        "organisers_ar": "الوزارة المكلفة بالاقتصاد الاجتماعي والتضامني، جماعة تيزنيت",
        "organisers_fr": "Ministère chargé de l'économie sociale et solidaire, commune de Tiznit",
        "partners_ar": "الوكالة الفرنسية للتنمية، جهة سوس ماسة، المديرية الجهوية للصناعة "
                       "التقليدية، مكتب الدراسات YOUTH-IN",
        "partners_fr": "Agence française de développement (AFD), Région Souss-Massa, direction "
                       "régionale de l'artisanat, bureau d'études YOUTH-IN",
        "venue_ar": "قاعة الاجتماعات بمقر جماعة تيزنيت",
        "venue_fr": "Salle de réunion du siège de la commune de Tiznit",
        "address_ar": "تيزنيت", "address_fr": "Tiznit",
        "sessions": [
            ((2025, 3, 20, 10, 30), (2025, 3, 20, 11, 0), "كلمات الافتتاح", "Allocutions "
             "d'ouverture", "الجماعة، الجهة، المديرية الجهوية للصناعة التقليدية",
             "Commune, région, direction régionale de l'artisanat"),
            ((2025, 3, 20, 11, 0), (2025, 3, 20, 11, 30), "تقديم المشروع",
             "Présentation du projet", "مكتب الدراسات YOUTH-IN", "Bureau d'études YOUTH-IN"),
            ((2025, 3, 20, 11, 30), (2025, 3, 20, 13, 0),
             "مجموعتا العمل: الفاعلون، أهداف القطب وهياكله",
             "Deux groupes de travail : les acteurs, les objectifs et les structures du pôle",
             "", ""),
            ((2025, 3, 20, 13, 0), (2025, 3, 20, 13, 30), "الخلاصات والخطوات المقبلة",
             "Restitution et prochaines étapes", "", ""),
        ],
    },
    {
        "slug": "consultation-pole-ess-fes-meknes",
        "kind": Event.Kind.CONSULTATION,
        "region": "03", "commune": "03.231.01.0", "with_hub": True,
        # The press report says only "Tuesday"; the day below stands for it.
        "starts_at": _at(2025, 3, 4, 9, 30), "ends_at": _at(2025, 3, 4, 13, 0),
        "latitude": "34.033100", "longitude": "-5.000300",
        "title_ar": "ورشة تشاورية جهوية حول القطب النموذجي للاقتصاد الاجتماعي والتضامني بفاس مكناس",
        "title_fr": "Atelier régional de concertation sur le pôle modèle de l'ESS de Fès-Meknès",
        "description_ar": (
            "لقاء تشاوري يجمع القطاعات الحكومية والمنتخبين والجامعات والهيئات المهنية لمناقشة "
            "مشروع القطب النموذجي: فضاء جهوي يحتضن فاعلي القطاع ويقدم التكوين وتقوية القدرات "
            "وفضاءات العمل المشترك ومنصات الاحتضان السريع ومختبرات الابتكار.\n"
            "تُعرض أيضاً تجربة مجلس الجهة في برنامجي «مؤازرة» و«تمكين» وفي المعارض الجهوية "
            "والأسواق المتنقلة لتسويق المنتجات المجالية."
        ),
        "description_fr": (
            "Concertation entre administrations, élus, universités et organisations "
            "professionnelles sur le projet de pôle modèle : un lieu régional qui accueille "
            "les acteurs de l'ESS et propose formation et renforcement des capacités, espaces "
            "de coworking, plateformes d'incubation rapide et laboratoires d'innovation.\n"
            "Le conseil régional y présente aussi ses programmes « Mouazara » et « Tamkine », "
            "ses foires régionales et ses marchés itinérants de produits du terroir."
        ),
        "organisers_ar": "المديرية الجهوية للصناعة التقليدية والاقتصاد الاجتماعي والتضامني "
                         "بفاس مكناس، بتعاون مع مجلس الجهة وتحت إشراف ولاية الجهة",
        "organisers_fr": "Direction régionale de l'artisanat et de l'ESS de Fès-Meknès, avec le "
                         "conseil régional, sous l'égide de la wilaya",
        "partners_ar": "مؤسسة محمد الخامس للتضامن، الجامعات، الهيئات المهنية، مكتب الدراسات "
                       "المكلف بمواكبة الأقطاب",
        "partners_fr": "Fondation Mohammed V pour la solidarité, universités, organisations "
                       "professionnelles, bureau d'études chargé de l'accompagnement des pôles",
        "venue_ar": "فاس", "venue_fr": "Fès",
        "address_ar": "فاس، جهة فاس مكناس", "address_fr": "Fès, région Fès-Meknès",
        "sessions": [],
    },
    {
        "slug": "consultations-ess-draa-tafilalet-2022",
        "kind": Event.Kind.CONSULTATION,
        "region": "08",
        "starts_at": _at(2022, 3, 17, 9, 0), "ends_at": _at(2022, 3, 23, 17, 0),
        "title_ar": "لقاءات تشاورية حول الاقتصاد الاجتماعي والتضامني بأقاليم درعة تافيلالت الخمسة",
        "title_fr": "Consultations sur l'ESS dans les cinq provinces du Drâa-Tafilalet",
        "description_ar": (
            "سلسلة لقاءات في أقاليم الرشيدية وميدلت وورزازات وتنغير وزاكورة حول تعزيز "
            "الاقتصاد الاجتماعي والتضامني وتثمين المنتجات الجهوية، شارك فيها 186 فاعلاً.\n"
            "خرجت بتوصيات حول التشغيل والتكوين، والصعوبات التي يواجهها الفاعلون، وأولويات "
            "الدعم، والسياحة التضامنية، والرقمنة والتسويق الإلكتروني."
        ),
        "description_fr": (
            "Une série de rencontres dans les provinces d'Errachidia, Midelt, Ouarzazate, "
            "Tinghir et Zagora pour renforcer l'ESS et valoriser les produits de la région, "
            "avec 186 acteurs du secteur.\n"
            "Recommandations sur l'emploi et la formation, les difficultés des acteurs, les "
            "priorités d'appui, le tourisme solidaire, le numérique et la vente en ligne."
        ),
        "organisers_ar": "مجلس جهة درعة تافيلالت",
        "organisers_fr": "Conseil de la région Drâa-Tafilalet",
        "partners_ar": "المديرية العامة للجماعات الترابية، جمعية جهات المغرب، سفارة المملكة "
                       "المتحدة بالرباط (برنامج «تشارك»)",
        "partners_fr": "Direction générale des collectivités territoriales, Association des "
                       "régions du Maroc, ambassade du Royaume-Uni à Rabat (programme "
                       "« Tacharok »)",
        "venue_ar": "أقاليم الجهة الخمسة", "venue_fr": "Les cinq provinces de la région",
        "address_ar": "", "address_fr": "",
        "sessions": [],
    },
    {
        "slug": "ideathon-cooperatives-innovantes-marrakech-2025",
        "kind": Event.Kind.IDEATHON,
        "region": "07", "commune": "07.351.01.0", "with_call": True,
        "starts_at": _at(2025, 5, 6, 9, 30), "ends_at": _at(2025, 5, 6, 13, 30),
        "latitude": "31.634800", "longitude": "-7.999900",
        "title_ar": "لقاء جهوي وIdeathon: «تعاونيات مبتكرة من أجل تنمية ترابية مستدامة»",
        "title_fr": "Rencontre régionale et Ideathon « Coopératives innovantes pour un "
                    "développement territorial durable »",
        "description_ar": (
            "لقاء جهوي لجمع أفكار المشاريع التعاونية المبتكرة بجهة مراكش آسفي، في إطار مبادرة "
            "«بنك المشاريع التعاونية». يلتقي ممثلو التعاونيات والشباب والنساء حاملات المشاريع "
            "وفعاليات المجتمع المدني، ومنهم مشاركون من إقليم شيشاوة.\n"
            "تتخلله عروض للمؤسسات الشريكة وورشات تفاعلية، ثم مسابقة Ideathon يعرض فيها حاملو "
            "المشاريع أفكارهم أمام لجنة تحكيم تقيّمها حسب الابتكار والاستدامة وقابلية التطبيق."
        ),
        "description_fr": (
            "Rencontre régionale pour recueillir des idées de projets coopératifs innovants en "
            "Marrakech-Safi, dans le cadre de l'initiative « Banque des projets coopératifs ». "
            "Elle réunit coopératives, jeunes, femmes porteuses de projets et société civile, "
            "y compris des participants de la province de Chichaoua.\n"
            "Au programme : présentations des institutions partenaires, ateliers interactifs, "
            "puis un Ideathon où les porteurs de projets présentent leur idée à un jury qui "
            "juge l'innovation, la durabilité et la faisabilité."
        ),
        "organisers_ar": "المندوبية الجهوية لمكتب تنمية التعاون بجهة مراكش آسفي",
        "organisers_fr": "Délégation régionale de l'Office du développement de la coopération "
                         "(ODCo) Marrakech-Safi",
        "partners_ar": "المركز الجهوي للاستثمار، قسم العمل الاجتماعي، المديرية الجهوية "
                       "للفلاحة، مجلس جهة مراكش آسفي",
        "partners_fr": "Centre régional d'investissement, division de l'action sociale, "
                       "direction régionale de l'agriculture, conseil de la région "
                       "Marrakech-Safi",
        "venue_ar": "قاعة الاجتماعات بغرفة التجارة والصناعة والخدمات بمراكش",
        "venue_fr": "Salle de réunion de la Chambre de commerce, d'industrie et de services "
                    "de Marrakech",
        "address_ar": "مراكش", "address_fr": "Marrakech",
        "sessions": [
            ((2025, 5, 6, 9, 30), (2025, 5, 6, 10, 30), "عروض المؤسسات الشريكة",
             "Présentations des institutions partenaires", "", ""),
            ((2025, 5, 6, 10, 30), (2025, 5, 6, 11, 30),
             "ورشات تفاعلية: تطوير المشاريع التعاونية وتحسين أدائها",
             "Ateliers interactifs : développer les projets coopératifs et leurs résultats",
             "", ""),
            ((2025, 5, 6, 11, 30), (2025, 5, 6, 13, 30),
             "مسابقة Ideathon: عرض الأفكار أمام لجنة التحكيم",
             "Ideathon : présentation des idées devant le jury", "", ""),
        ],
    },
]


def _upcoming_events(today):
    fair_start = timezone.make_aware(datetime.combine(today + timedelta(days=30),
                                                      datetime.min.time())) + timedelta(hours=10)
    training_start = timezone.make_aware(datetime.combine(today + timedelta(days=14),
                                                          datetime.min.time())) + timedelta(
        hours=9, minutes=30)
    market_start = timezone.make_aware(datetime.combine(today + timedelta(days=21),
                                                        datetime.min.time())) + timedelta(hours=9)
    return [
        {
            "slug": "foire-produits-terroir-agadir",
            "kind": Event.Kind.FAIR, "region": "09", "commune": "09.001.01.01",
            "with_hub": True, "with_cooperatives": True, "registration_open": True,
            "starts_at": fair_start, "ends_at": fair_start + timedelta(days=2, hours=9),
            "registration_deadline": fair_start - timedelta(days=1),
            "capacity": 3, "latitude": "30.420200", "longitude": "-9.598200",
            "title_ar": "معرض المنتجات المحلية للتعاونيات بأكادير",
            "title_fr": "Foire des produits du terroir des coopératives à Agadir",
            "description_ar": (
                "ثلاثة أيام تعرض فيها تعاونيات سوس ماسة منتجاتها: أركان، عسل، كسكس، صناعة "
                "تقليدية. التسجيل مفتوح لزيارة مهنية مؤطرة (عدد الأماكن محدود، مع قائمة انتظار)."
            ),
            "description_fr": (
                "Trois jours pour découvrir les produits des coopératives du Souss-Massa : "
                "argan, miel, couscous, artisanat. Inscription pour une visite professionnelle "
                "accompagnée (places limitées, liste d'attente)."
            ),
            "organisers_ar": "القطب الجهوي للاقتصاد الاجتماعي والتضامني بسوس ماسة",
            "organisers_fr": "Pôle régional de l'ESS Souss-Massa",
            "partners_ar": "جهة سوس ماسة", "partners_fr": "Région Souss-Massa",
            "venue_ar": "ساحة المعارض، أكادير", "venue_fr": "Esplanade des expositions, Agadir",
            "address_ar": "أكادير", "address_fr": "Agadir",
            "sessions": [
                (fair_start, fair_start + timedelta(hours=1), "افتتاح المعرض",
                 "Ouverture de la foire", "", ""),
                (fair_start + timedelta(days=1, hours=1), fair_start + timedelta(days=1, hours=3),
                 "زيارة مهنية مؤطرة للأروقة", "Visite professionnelle accompagnée des stands",
                 "", ""),
            ],
        },
        {
            "slug": "formation-vente-en-ligne-fes",
            "kind": Event.Kind.TRAINING, "region": "03", "commune": "03.231.01.0",
            "with_hub": True, "registration_open": True,
            "starts_at": training_start, "ends_at": training_start + timedelta(hours=7),
            "capacity": 25, "latitude": "34.033100", "longitude": "-5.000300",
            "title_ar": "تكوين: بيع منتجات التعاونية عبر الإنترنت",
            "title_fr": "Formation : vendre en ligne les produits de sa coopérative",
            "description_ar": "يوم تكوين تطبيقي: تصوير المنتجات، التسعير، التوصيل والأداء.",
            "description_fr": "Une journée pratique : photos des produits, prix, livraison et "
                              "paiement.",
            "organisers_ar": "القطب الجهوي للاقتصاد الاجتماعي والتضامني بفاس مكناس",
            "organisers_fr": "Pôle régional de l'ESS Fès-Meknès",
            "partners_ar": "", "partners_fr": "",
            "venue_ar": "فاس", "venue_fr": "Fès", "address_ar": "", "address_fr": "",
            "sessions": [
                (training_start, training_start + timedelta(hours=3),
                 "تصوير المنتجات ووصفها", "Photographier et décrire ses produits", "", ""),
                (training_start + timedelta(hours=4), training_start + timedelta(hours=7),
                 "التسعير والتوصيل والأداء", "Prix, livraison et paiement", "", ""),
            ],
        },
        {
            "slug": "marche-itinerant-errachidia",
            "kind": Event.Kind.MOBILE_MARKET, "region": "08", "registration_open": True,
            "province": "08.201",
            "starts_at": market_start, "ends_at": market_start + timedelta(hours=9),
            "capacity": None,
            "title_ar": "السوق المتنقل لمنتجات الواحات بالرشيدية",
            "title_fr": "Marché itinérant des produits des oasis à Errachidia",
            "description_ar": "تعاونيات الواحات تعرض التمور والأعشاب والمنسوجات.",
            "description_fr": "Les coopératives des oasis présentent dattes, herbes et tissages.",
            "organisers_ar": "مجلس جهة درعة تافيلالت",
            "organisers_fr": "Conseil de la région Drâa-Tafilalet",
            "partners_ar": "", "partners_fr": "",
            "venue_ar": "الرشيدية", "venue_fr": "Errachidia", "address_ar": "",
            "address_fr": "",
            "sessions": [],
        },
    ]


def _save_event(spec):
    spec = dict(spec)
    region = Region.objects.get(code=spec.pop("region"))
    commune = _commune(spec.pop("commune", None) or "")
    province_code = spec.pop("province", None)
    province = (commune.province if commune else
                Province.objects.filter(code=province_code).first() if province_code else None)
    sessions = spec.pop("sessions")
    hub = _hub(region) if spec.pop("with_hub", False) else None
    call = _call_of(region) if spec.pop("with_call", False) else None
    with_cooperatives = spec.pop("with_cooperatives", False)
    spec.setdefault("registration_open", False)
    event, _ = Event.objects.update_or_create(
        slug=spec.pop("slug"),
        defaults={**spec, "region": region, "province": province, "commune": commune,
                  "hub": hub, "call": call, "is_published": True,
                  "status": Event.Status.SCHEDULED},
    )
    keep = []
    for start, end, title_ar, title_fr, speakers_ar, speakers_fr in sessions:
        start = _at(*start) if isinstance(start, tuple) else start
        end = _at(*end) if isinstance(end, tuple) else end
        session, _ = Session.objects.update_or_create(
            event=event, starts_at=start,
            defaults={"ends_at": end, "title_ar": title_ar, "title_fr": title_fr,
                      "speakers_ar": speakers_ar, "speakers_fr": speakers_fr},
        )
        keep.append(session.pk)
    event.sessions.exclude(pk__in=keep).delete()
    if with_cooperatives:
        from cooperatives.models import Cooperative

        event.cooperatives.set(
            Cooperative.objects.filter(region=region, is_published=True).order_by("pk")[:6])
    return event


def _seed_registrations(event, usernames=("porteuse@demo.ess.ma", "gerante@demo.ess.ma")):
    """Two places of the Agadir fair taken, so one try fills it and the next waits."""
    from ess_platform.users.selectors import demo_user

    for username in usernames:
        try:
            user = demo_user(username)
        except get_user_model().DoesNotExist:  # demo accounts are seeded first; skip if absent
            continue
        if not Registration.objects.filter(event=event, user=user,
                                           status__in=Registration.ACTIVE).exists():
            Registration.objects.create(
                event=event, user=user, name=user.get_full_name() or user.username,
                email=user.email.lower(), language=user.preferred_language)


@unscoped()
def seed(stdout=None):
    today = timezone.localdate()
    events = [_save_event(spec) for spec in PAST_EVENTS + _upcoming_events(today)]
    fair = next(e for e in events if e.slug == "foire-produits-terroir-agadir")
    _seed_registrations(fair)
    # The Fès training has people signed up too: a project holder and a juror.
    training = next(e for e in events if e.slug == "formation-vente-en-ligne-fes")
    _seed_registrations(training, ("porteuse@demo.ess.ma", "jury@demo.ess.ma"))
    if stdout is not None:
        stdout.write(f"events: {len(events)} demo events")
    return events
