"""Demo content of the projects bank, drawn from the source articles (idempotent).

The Marrakech-Safi regional meeting of 6 May 2025 ("innovative cooperatives for a
sustainable territorial development") held an Ideathon judged on innovation,
sustainability and feasibility; it is seeded as a call whose ranking is published. The
history (status changes, jury scores) is past, so it is written directly rather than
through the services, which refuse scores after a deadline; the ranking is published by
``close_call``, so the authors find it in their notifications.
The funding sources are real Moroccan programmes described as plausible examples and
flagged ``is_example``: their conditions must be checked with the funders.
"""

import datetime
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

from cooperatives.models import Sector
from ess_platform.users.selectors import demo_user
from regional_hubs.models import Commune, Region
from regional_hubs.scoping import unscoped
from regional_hubs.services import accompaniment_place

from .models import (
    Call,
    Criterion,
    EconomicModel,
    Enrolment,
    Evaluation,
    FundingSource,
    IdeaOutcome,
    IdeaStatusChange,
    JuryAssignment,
    Partner,
    Programme,
    ProgrammeMilestone,
    ProjectIdea,
    Score,
)
from .services import add_default_criteria, close_call

TZ = ZoneInfo("Africa/Casablanca")
NAMESPACE = uuid.UUID("6f1c9d3e-2b7a-4e55-9a0c-5d2f8b1e7a40")

SECTOR_SLUGS = ["handicrafts", "local_products", "argan", "agriculture", "rural_tourism",
                "artisanal_fishing", "services"]


def at(year, month, day, hour=10, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=TZ)


IDEATHON = {
    "slug": "ideathon-marrakech-safi-2025",
    "title_ar": "هاكاثون الأفكار التعاونية المبتكرة – مراكش آسفي 2025",
    "title_fr": "Ideathon des coopératives innovantes – Marrakech-Safi 2025",
    "description_ar": (
        "مسابقة لأفكار المشاريع التعاونية المبتكرة نُظمت على هامش اللقاء الجهوي "
        "«تعاونيات مبتكرة من أجل تنمية ترابية مستدامة». عرض حاملو المشاريع، ومنهم شباب ونساء "
        "من أقاليم الجهة كإقليم شيشاوة، أفكارهم أمام لجنة تحكيم قيّمتها حسب الابتكار "
        "والاستدامة وقابلية التطبيق. يندرج اللقاء ضمن مبادرة بنك المشاريع التعاونية."
    ),
    "description_fr": (
        "Concours d'idées de projets coopératifs organisé en marge de la rencontre régionale "
        "« Des coopératives innovantes pour un développement territorial durable ». Des "
        "porteurs de projets, jeunes et femmes notamment, venus de toute la région dont la "
        "province de Chichaoua, ont présenté leurs idées à un jury qui les a évaluées sur "
        "l'innovation, la durabilité et la faisabilité. La rencontre s'inscrit dans "
        "l'initiative de la banque des projets coopératifs."
    ),
    "venue_ar": "قاعة الاجتماعات بغرفة التجارة والصناعة والخدمات، مراكش",
    "venue_fr": "Salle de réunion de la Chambre de commerce, d'industrie et de services, Marrakech",
    "organiser_ar": "المندوبية الجهوية لمكتب تنمية التعاون بجهة مراكش آسفي، بشراكة مع المركز "
                    "الجهوي للاستثمار",
    "organiser_fr": "Délégation régionale de l'Office du développement de la coopération "
                    "(ODCo) Marrakech-Safi, avec le Centre régional d'investissement",
    "opens_on": datetime.date(2025, 4, 14),
    "closes_at": at(2025, 5, 5, 23, 59),
    "judging_ends_at": at(2025, 5, 6, 17, 0),
}

CRITERIA = [
    ("الابتكار", "Innovation", 1),
    ("الاستدامة", "Durabilité", 1),
    ("قابلية التطبيق على أرض الواقع", "Faisabilité sur le terrain", 1),
]

# key, commune code, sector slug, status, in the ideathon?, title, summary, need,
# members, women, youth, budget, jobs, jury scores (innovation, sustainability, feasibility)
IDEAS = [
    ("rose-water", "07.161.01.01", "local_products", "cooperative_created", True,
     "وحدة لتقطير ماء الورد والأعشاب العطرية بشيشاوة",
     "تجهيز وحدة صغيرة لتقطير الورد والزعتر والخزامى التي تجمعها نساء الدواوير، مع تلفيف "
     "المنتوج وبيعه للمحلات والفنادق بمراكش وعبر المعارض الجهوية.",
     "تُباع النباتات العطرية خاما وبثمن زهيد، ولا تستفيد النساء من القيمة المضافة للتحويل.",
     14, 12, 6, Decimal("320000"), 9, [(9, 8, 8), (8, 9, 7)]),
    ("guest-house", "07.161.01.03", "rural_tourism", "shortlisted", True,
     "دار ضيافة قروية ومسارات للمشي تديرها تعاونية شبابية بامنتانوت",
     "ترميم بيت تقليدي وتحويله إلى دار ضيافة من ست غرف، مع تنظيم جولات في الجبل وزيارة "
     "التعاونيات المحلية لتسويق منتجاتها للزوار.",
     "هجرة الشباب نحو المدن لغياب فرص الشغل في الدواوير الجبلية.",
     9, 3, 8, Decimal("650000"), 7, [(8, 7, 6), (7, 8, 6)]),
    ("olive-pomace", "07.041.09.05", "agriculture", "shortlisted", True,
     "تثمين مخلفات عصر الزيتون إلى سماد عضوي بأوريكة",
     "جمع المرجان والفيتور من المعاصر التقليدية وتحويلهما إلى سماد عضوي يُباع للفلاحين "
     "الصغار بدل رميهما في الأودية.",
     "تلوث المجاري المائية بمخلفات المعاصر وغلاء الأسمدة على الفلاحين الصغار.",
     11, 4, 7, Decimal("480000"), 6, [(9, 9, 5), (8, 8, 6)]),
    ("carpet-upcycling", "07.351.01.0", "handicrafts", "under_review", False,
     "ورشة لإعادة تدوير الزرابي القديمة إلى منتجات عصرية بمراكش",
     "جمع الزرابي المستعملة وإعادة نسجها وخياطتها في شكل حقائب ووسائد وإكسسوارات موجهة "
     "للسياح والمتاجر الإلكترونية.",
     "نساء يتقنّ النسيج التقليدي دون دخل قار، وزرابٍ قديمة تُرمى.",
     10, 9, 5, Decimal("140000"), 6, []),
    ("beekeeping", "07.161.01.01", "agriculture", "draft", False,
     "تعاونية لتربية النحل وإنتاج عسل الزعتر",
     "تربية النحل في الخلايا العصرية قرب المراعي الغنية بالزعتر، وبيع العسل في أوان "
     "زجاجية مع شهادة الأصل.",
     "ضعف مداخيل الأسر في المناطق الجبلية خارج موسم الحصاد.",
     7, 2, 5, Decimal("90000"), 4, []),
    ("food-truck", "07.351.01.0", "services", "rejected", False,
     "شاحنة متنقلة لبيع الأطباق التقليدية",
     "شاحنة مجهزة لبيع الأطباق المحلية في الأسواق والمواسم.",
     "غياب منافذ بيع لمنتجات الطبخ المنزلي للنساء.",
     5, 5, 2, Decimal("400000"), 5, []),
    ("argan-tiznit", "09.581.01.07", "argan", "incubated", False,
     "وحدة عصرية لعصر الأركان وتلفيفه بتيزنيت",
     "تجهيز وحدة لعصر زيت الأركان الغذائي والتجميلي في ظروف صحية مع تتبع المصدر، "
     "والتعاقد مع موزعين في المدن الكبرى.",
     "بيع ثمار الأركان للوسطاء بثمن ضعيف وفقدان القيمة المضافة في الدواوير.",
     20, 18, 7, Decimal("750000"), 12, []),
]

REJECTION = ("المشروع يتطلب رخصا صحية ومبلغا كبيرا دون دراسة للسوق؛ ننصح بإعادة تقديمه "
             "بعد مواكبة من القطب الجهوي.")

# The statuses an idea went through to reach its demo status.
PATHS = {
    "draft": [],
    "submitted": ["submitted"],
    "under_review": ["submitted", "under_review"],
    "shortlisted": ["submitted", "under_review", "shortlisted"],
    "accepted": ["submitted", "under_review", "shortlisted", "accepted"],
    "rejected": ["submitted", "under_review", "rejected"],
    "incubated": ["submitted", "under_review", "accepted", "incubated"],
    "cooperative_created": ["submitted", "under_review", "shortlisted", "accepted",
                            "incubated", "cooperative_created"],
}

# The complete journey of the ideathon's winner: ranked on 6 May 2025, accepted, incubated
# in the first cohort of the Marrakech-Safi accompaniment desk, cooperative registered.
JOURNEY_KEY = "rose-water"
JOURNEY_DATES = {
    "submitted": at(2025, 4, 20, 9), "under_review": at(2025, 4, 23, 11),
    "shortlisted": at(2025, 4, 28, 16), "accepted": at(2025, 5, 9, 10),
    "incubated": at(2025, 5, 20, 10), "cooperative_created": at(2025, 10, 14, 12),
}
JOURNEY_PROGRAMME = {
    "title_ar": "الفوج الأول للاحتضان السريع – مراكش آسفي 2025",
    "title_fr": "Première cohorte d'incubation rapide – Marrakech-Safi 2025",
    "description_ar": "خمسة أشهر من التكوين في التدبير التعاوني والتسويق والمواكبة الفردية "
                      "لإعداد ملف إحداث التعاونية.",
    "description_fr": "Cinq mois de formation à la gestion coopérative et à la vente, et un "
                      "suivi individuel pour préparer le dossier de création de la coopérative.",
    "place_ar": "مقر المندوبية الجهوية لمكتب تنمية التعاون، مراكش",
    "place_fr": "Siège de la délégation régionale de l'ODCo, Marrakech",
    "kind": "incubation",
    "starts_on": datetime.date(2025, 5, 20), "ends_on": datetime.date(2025, 10, 31),
    "capacity": 8,
}
JOURNEY_MILESTONES = [
    ("دورة في التدبير التعاوني", "Formation à la gestion coopérative",
     datetime.date(2025, 6, 15), datetime.date(2025, 6, 14)),
    ("إعداد النظام الأساسي للتعاونية", "Rédaction des statuts de la coopérative",
     datetime.date(2025, 8, 31), datetime.date(2025, 9, 2)),
    ("إيداع ملف التسجيل", "Dépôt du dossier d'immatriculation",
     datetime.date(2025, 10, 15), datetime.date(2025, 10, 14)),
]
JOURNEY_COOPERATIVE = {
    "registration_number": "DEMO-07-101",
    "name_ar": "تعاونية ورود شيشاوة النسائية",
    "name_fr": "Coopérative féminine Roses de Chichaoua",
    "description_ar": "تعاونية نسائية تقطر ماء الورد والأعشاب العطرية وتلفّها، وُلدت من فكرة "
                      "فازت في هاكاثون مراكش آسفي 2025.",
    "description_fr": "Coopérative de femmes qui distille et conditionne l'eau de rose et les "
                      "plantes aromatiques, née d'une idée lauréate de l'Ideathon "
                      "Marrakech-Safi 2025.",
    "founded_on": datetime.date(2025, 10, 14),
    "members_count": 15, "women_members": 13, "youth_members": 7, "women_led": True,
}

# An open call, so that the idea form offers one (dates follow the day of seeding).
OPEN_CALL = {
    "slug": "appel-idees-souss-massa",
    "title_ar": "طلب أفكار المشاريع التعاونية – سوس ماسة",
    "title_fr": "Appel à idées de projets coopératifs – Souss-Massa",
    "description_ar": "طلب مفتوح لأفكار مشاريع تعاونية تثمّن منتجات الجهة، من الأركان إلى "
                      "الصيد التقليدي، تقيّمها لجنة حسب الابتكار والاستدامة وقابلية التطبيق.",
    "description_fr": "Un appel ouvert aux idées de projets coopératifs qui valorisent les "
                      "produits de la région, de l'argan à la pêche artisanale, évaluées sur "
                      "l'innovation, la durabilité et la faisabilité.",
    "organiser_ar": "المندوبية الجهوية لمكتب تنمية التعاون بسوس ماسة",
    "organiser_fr": "Délégation régionale de l'ODCo Souss-Massa",
}

MODELS = [
    ("argan", "argan-extraction-unit",
     ("وحدة لعصر زيت الأركان", "Unité d'extraction d'huile d'argan"),
     ("تعاونية نسائية تكسّر الثمار يدويا وتعصر الزيت آليا، وتبيع الزيت الغذائي والتجميلي "
      "معبأ وموسوما.",
      "Une coopérative de femmes concasse les noix à la main, presse l'huile à la machine et "
      "vend l'huile alimentaire et cosmétique conditionnée et étiquetée."),
     Decimal("450000"), Decimal("900000"), Decimal("720000"), 30, 15,
     ("تكسير الثمار، النظافة والسلامة الصحية، التلفيف، التسويق والتصدير",
      "concassage, hygiène et sécurité sanitaire, conditionnement, commercialisation et "
      "export")),
    ("handicrafts", "weaving-workshop",
     ("ورشة جماعية للنسيج والزرابي", "Atelier collectif de tissage et de tapis"),
     ("ورشة مشتركة بأنوال تقليدية، تنتج زرابي وأغطية حسب الطلب وتبيعها في المعارض "
      "وعلى الإنترنت.",
      "Un atelier partagé de métiers traditionnels produit tapis et couvertures à la "
      "commande, vendus en foire et en ligne."),
     Decimal("120000"), Decimal("280000"), Decimal("210000"), 24, 10,
     ("النسيج، التصميم، حساب التكلفة، التصوير والبيع الإلكتروني",
      "tissage, dessin, calcul des coûts, photo et vente en ligne")),
    ("local_products", "couscous-and-rolled-products",
     ("وحدة لإنتاج الكسكس والعجائن التقليدية", "Unité de couscous et de pâtes traditionnelles"),
     ("تحويل الحبوب المحلية إلى كسكس وبركوكش معبأ، وبيعه للمتاجر والتعاونيات الاستهلاكية.",
      "Transformer les céréales locales en couscous et berkoukech conditionnés, vendus aux "
      "épiceries et aux coopératives de consommation."),
     Decimal("180000"), Decimal("360000"), Decimal("290000"), 26, 8,
     ("التحويل الغذائي، السلامة الصحية، التلفيف، تدبير المخزون",
      "transformation alimentaire, sécurité sanitaire, conditionnement, gestion des stocks")),
    ("agriculture", "modern-beekeeping",
     ("تربية النحل بالخلايا العصرية", "Apiculture en ruches modernes"),
     ("مائة خلية عصرية تنتج عسل الزعتر والسدر، مع بيع الطرود والملكات للنحالين.",
      "Cent ruches modernes produisent miel de thym et de jujubier ; la coopérative vend "
      "aussi essaims et reines aux apiculteurs."),
     Decimal("200000"), Decimal("260000"), Decimal("150000"), 22, 5,
     ("تربية النحل، صحة الخلايا، الجني والتصفية، التسويق",
      "élevage des abeilles, santé des ruches, récolte et filtrage, commercialisation")),
    ("rural_tourism", "village-guest-house",
     ("دار ضيافة قروية", "Maison d'hôtes villageoise"),
     ("دار ضيافة من ست غرف تقترح الإيواء والأكل المحلي وجولات مع مرشدين من الدوار.",
      "Une maison d'hôtes de six chambres propose hébergement, cuisine locale et balades "
      "guidées par des jeunes du village."),
     Decimal("600000"), Decimal("420000"), Decimal("300000"), 60, 7,
     ("الاستقبال والإيواء، الطبخ، الإرشاد الجبلي، الحجز عبر الإنترنت",
      "accueil et hébergement, cuisine, accompagnement en montagne, réservation en ligne")),
    ("artisanal_fishing", "fish-drying-and-salting",
     ("وحدة لتجفيف وتمليح السمك", "Unité de séchage et de salaison du poisson"),
     ("تعاونية صيادين تقليديين تجفف وتملح فائض المصطادات وتبيعه معبأ في الأسواق الداخلية.",
      "Une coopérative de pêcheurs artisans sèche et sale les surplus de pêche et les vend "
      "conditionnés sur les marchés de l'intérieur."),
     Decimal("350000"), Decimal("520000"), Decimal("400000"), 36, 9,
     ("السلامة الصحية، سلسلة التبريد، التلفيف، التسويق",
      "sécurité sanitaire, chaîne du froid, conditionnement, commercialisation")),
    ("services", "digital-services-centre",
     ("مركز قروي للخدمات الرقمية", "Centre rural de services numériques"),
     ("شباب يقدمون خدمات الطباعة والمواكبة في الإجراءات الإلكترونية والتصوير والتسويق "
      "الرقمي لتعاونيات المنطقة.",
      "Des jeunes offrent impression, aide aux démarches en ligne, photo et marketing "
      "numérique aux coopératives du territoire."),
     Decimal("90000"), Decimal("180000"), Decimal("130000"), 20, 4,
     ("الإعلاميات، التسويق الرقمي، التصوير، الاستقبال",
      "informatique, marketing numérique, photographie, accueil")),
]

# slug, (programme ar, fr), (funder ar, fr), kind, sectors, regions, women, youth, min, max,
# (description ar, fr), (legal forms ar, fr), (how to apply ar, fr), link
FUNDING = [
    ("indh-income-youth",
     ("المبادرة الوطنية للتنمية البشرية – برنامج تحسين الدخل والإدماج الاقتصادي للشباب",
      "INDH – Programme d'amélioration du revenu et d'inclusion économique des jeunes"),
     ("المبادرة الوطنية للتنمية البشرية", "Initiative nationale pour le développement humain"),
     "grant", [], [], False, True, None, Decimal("100000"),
     ("دعم مالي ومواكبة لمشاريع مدرة للدخل يحملها شباب، تُدرس على مستوى اللجان الإقليمية.",
      "Subvention et accompagnement de projets générateurs de revenus portés par des jeunes, "
      "étudiés par les comités provinciaux."),
     ("شباب حاملو مشاريع، تعاونيات، جمعيات", "jeunes porteurs de projets, coopératives, "
      "associations"),
     ("الاتصال بقسم العمل الاجتماعي بالعمالة أو الإقليم ومنصات الشباب.",
      "S'adresser à la division de l'action sociale de la province et aux plateformes des "
      "jeunes."),
     "https://www.indh.ma"),
    ("intelaka",
     ("برنامج انطلاقة", "Programme Intelaka"),
     ("الأبناك بضمان من تمويلكم", "Banques, avec la garantie de Tamwilcom"),
     "loan", [], [], False, False, None, Decimal("1200000"),
     ("قروض بنسبة فائدة تفضيلية لإنشاء المقاولات الصغيرة والتعاونيات وتطويرها.",
      "Prêts à taux préférentiel pour créer ou développer très petites entreprises et "
      "coopératives."),
     ("مقاولون ذاتيون، مقاولات صغيرة جدا، تعاونيات", "auto-entrepreneurs, TPE, coopératives"),
     ("إيداع الطلب لدى وكالة بنكية مشاركة مع مخطط أعمال.",
      "Déposer la demande auprès d'une agence bancaire participante avec un plan d'affaires."),
     "https://www.tamwilcom.ma"),
    ("mourafaka",
     ("برنامج مرافقة", "Programme Mourafaka"),
     ("مكتب تنمية التعاون", "Office du développement de la coopération (ODCo)"),
     "in_kind", [], [], False, False, None, None,
     ("مواكبة التعاونيات حديثة التأسيس بالتكوين والتأطير في التسيير والتسويق خلال سنواتها "
      "الأولى.",
      "Accompagnement des coopératives nouvellement créées : formation et encadrement en "
      "gestion et commercialisation pendant leurs premières années."),
     ("تعاونيات حديثة التأسيس", "coopératives récemment créées"),
     ("التسجيل لدى المندوبية الجهوية لمكتب تنمية التعاون.",
      "S'inscrire auprès de la délégation régionale de l'ODCo."),
     "https://www.odco.gov.ma"),
    ("lalla-al-moutaaouina",
     ("جائزة للا المتعاونة", "Prix « Lalla Al Moutaâouina »"),
     ("الوزارة المكلفة بالاقتصاد الاجتماعي والتضامني",
      "Ministère chargé de l'économie sociale et solidaire"),
     "prize", [], [], True, False, None, None,
     ("جائزة تكرّم التعاونيات النسائية المتميزة بمشاريعها وأثرها في محيطها.",
      "Prix qui distingue des coopératives de femmes pour leurs projets et leur effet sur "
      "leur territoire."),
     ("تعاونيات نسائية", "coopératives de femmes"),
     ("الترشح عند فتح الدورة عبر المصالح الجهوية للوزارة.",
      "Candidater à l'ouverture de l'édition auprès des services régionaux du ministère."),
     ""),
    ("generation-solidaire",
     ("جيل متضامن", "Génération solidaire"),
     ("الوزارة المكلفة بالاقتصاد الاجتماعي والتضامني",
      "Ministère chargé de l'économie sociale et solidaire"),
     "prize", [], [], False, True, None, None,
     ("مسابقة تشجع المبادرات التضامنية التي يحملها الشباب وتمنحها دعما لانطلاقها.",
      "Concours qui encourage les initiatives solidaires portées par des jeunes et les aide "
      "à démarrer."),
     ("شباب، تعاونيات وجمعيات شبابية", "jeunes, coopératives et associations de jeunes"),
     ("الترشح عند الإعلان عن الدورة.", "Candidater lors de l'annonce de l'édition."),
     ""),
]

# slug, (name ar, fr), kind, region codes, (services ar, fr), website
PARTNERS = [
    ("odco", ("مكتب تنمية التعاون", "Office du développement de la coopération (ODCo)"),
     "public_body", [],
     ("مواكبة تأسيس التعاونيات، التكوين، بنك المشاريع التعاونية عبر المندوبيات الجهوية.",
      "Accompagnement à la création de coopératives, formation, banque des projets "
      "coopératifs à travers ses délégations régionales."),
     "https://www.odco.gov.ma"),
    ("conseil-region-marrakech-safi",
     ("مجلس جهة مراكش آسفي", "Conseil de la région Marrakech-Safi"),
     "regional_council", ["07"],
     ("برامج دعم جهوية للتعاونيات والمعارض لتسويق المنتجات المحلية.",
      "Programmes régionaux d'appui aux coopératives et foires pour vendre les produits "
      "locaux."), ""),
    ("conseil-region-souss-massa", ("مجلس جهة سوس ماسة", "Conseil de la région Souss-Massa"),
     "regional_council", ["09"],
     ("دعم التعاونيات النسائية والمجموعات ذات النفع الاقتصادي: دعم تقني وتسويقي ولوجستي.",
      "Soutien aux coopératives de femmes et aux groupements d'intérêt économique : appui "
      "technique, commercial et logistique."), ""),
    ("cri-marrakech-safi", ("المركز الجهوي للاستثمار مراكش آسفي",
                            "Centre régional d'investissement Marrakech-Safi"),
     "public_body", ["07"],
     ("استقبال حاملي المشاريع وتوجيههم ومواكبة إجراءات الإحداث.",
      "Accueil et orientation des porteurs de projets, accompagnement des démarches de "
      "création."), ""),
    ("afd", ("الوكالة الفرنسية للتنمية", "Agence française de développement (AFD)"),
     "donor", [],
     ("شريك الوزارة في إحداث الأقطاب الترابية النموذجية للاقتصاد الاجتماعي والتضامني.",
      "Partenaire du ministère pour créer les pôles territoriaux modèles de l'ESS."),
     "https://www.afd.fr"),
    ("tamwilcom", ("تمويلكم", "Tamwilcom"), "finance", [],
     ("ضمان القروض البنكية للمقاولات الصغيرة والتعاونيات، ومنها قروض انطلاقة.",
      "Garantie des prêts bancaires aux petites entreprises et coopératives, dont les prêts "
      "Intelaka."), "https://www.tamwilcom.ma"),
]


@unscoped()
def seed(stdout):
    sectors = {s.slug: s for s in Sector.objects.filter(slug__in=SECTOR_SLUGS)}
    missing = sorted(set(SECTOR_SLUGS) - set(sectors))
    if missing:
        stdout.write(f"projects_bank: sectors missing ({', '.join(missing)}); "
                     "seed the cooperatives demo first. Skipping what needs them.")
    regions = {r.code: r for r in Region.objects.all()}
    models_count = seed_models(sectors)
    funding_count = seed_funding(sectors, regions)
    partner_count = seed_partners(regions)
    stdout.write(f"projects_bank: {models_count} economic models, {funding_count} funding "
                 f"sources (examples to verify), {partner_count} partners")
    if "07" not in regions:
        stdout.write("projects_bank: territory missing, no ideathon seeded.")
        return
    call = seed_ideathon(regions["07"])
    ideas = seed_ideas(call, sectors)
    ranked = seed_jury(call, ideas)
    stdout.write(f"projects_bank: ideathon '{call.slug}', {len(ideas)} ideas, "
                 f"{ranked} ranked")
    if JOURNEY_KEY in ideas:
        cooperative = seed_journey(ideas[JOURNEY_KEY][0])
        stdout.write(f"projects_bank: journey to the cooperative '{cooperative.name_fr}'")
    if "09" in regions:
        open_call = seed_open_call(regions["09"])
        stdout.write(f"projects_bank: open call '{open_call.slug}'")


def seed_models(sectors):
    count = 0
    for sector_slug, slug, title, description, invest, revenue, costs, months, jobs, skills \
            in MODELS:
        if sector_slug not in sectors:
            continue
        EconomicModel.objects.update_or_create(slug=slug, defaults={
            "sector": sectors[sector_slug], "title_ar": title[0], "title_fr": title[1],
            "description_ar": description[0], "description_fr": description[1],
            "investment": invest, "yearly_revenue": revenue, "yearly_costs": costs,
            "break_even_months": months, "jobs": jobs,
            "required_skills_ar": skills[0], "required_skills_fr": skills[1],
        })
        count += 1
    return count


def seed_funding(sectors, regions):
    for (slug, programme, funder, kind, sector_slugs, region_codes, women, youth, low, high,
         description, forms, how, link) in FUNDING:
        source, _ = FundingSource.objects.update_or_create(slug=slug, defaults={
            "programme_ar": programme[0], "programme_fr": programme[1],
            "funder_ar": funder[0], "funder_fr": funder[1], "kind": kind,
            "women_only": women, "youth_only": youth, "amount_min": low, "amount_max": high,
            "description_ar": description[0], "description_fr": description[1],
            "legal_forms_ar": forms[0], "legal_forms_fr": forms[1],
            "how_to_apply_ar": how[0], "how_to_apply_fr": how[1], "link": link,
            "is_example": True,
        })
        source.sectors.set([sectors[s] for s in sector_slugs if s in sectors])
        source.regions.set([regions[c] for c in region_codes if c in regions])
    return len(FUNDING)


def seed_partners(regions):
    for slug, name, kind, region_codes, services, website in PARTNERS:
        partner, _ = Partner.objects.update_or_create(slug=slug, defaults={
            "name_ar": name[0], "name_fr": name[1], "kind": kind,
            "services_ar": services[0], "services_fr": services[1], "website": website,
        })
        partner.regions.set([regions[c] for c in region_codes if c in regions])
    return len(PARTNERS)


def seed_ideathon(region):
    call, _ = Call.objects.update_or_create(
        slug=IDEATHON["slug"], defaults={**IDEATHON, "region": region})
    for position, (name_ar, name_fr, weight) in enumerate(CRITERIA, start=1):
        Criterion.objects.update_or_create(call=call, position=position, defaults={
            "name_ar": name_ar, "name_fr": name_fr, "weight": weight})
    JuryAssignment.objects.get_or_create(call=call, juror=demo_user("jury@demo.ess.ma"))
    return call


def seed_ideas(call, sectors):
    author = demo_user("porteuse@demo.ess.ma")
    reviewer = demo_user("admin@demo.ess.ma")
    communes = {c.code: c for c in Commune.objects.filter(code__in={i[1] for i in IDEAS})
                .select_related("province")}
    ideas = {}
    for number, (key, commune_code, sector_slug, status, in_call, title, summary, need,
                 members, women, youth, budget, jobs, scores) in enumerate(IDEAS):
        commune = communes.get(commune_code)
        if commune is None or sector_slug not in sectors:
            continue
        submitted_at = at(2025, 4, 20 + number % 10, 9 + number)
        hub = None
        if status in ("incubated", "cooperative_created"):
            hub = accompaniment_place(region=commune.province.region_id)
        idea, _ = ProjectIdea.objects.update_or_create(
            submission_token=uuid.uuid5(NAMESPACE, key),
            defaults={
                "author": author, "language": "ar", "title": title, "summary": summary,
                "need_addressed": need, "commune": commune, "sector": sectors[sector_slug],
                "expected_members": members, "expected_women": women,
                "expected_youth": youth, "estimated_budget": budget, "expected_jobs": jobs,
                "call": call if in_call else None, "status": status,
                "rejection_reason": REJECTION if status == "rejected" else "",
                "incubation_hub": hub,
                "submitted_at": None if status == "draft" else submitted_at,
            },
        )
        previous = "draft"
        for step, to_status in enumerate(PATHS[status]):
            change, _ = IdeaStatusChange.objects.get_or_create(
                idea=idea, to_status=to_status,
                defaults={"from_status": previous,
                          "changed_by": author if to_status == "submitted" else reviewer,
                          "reason": REJECTION if to_status == "rejected" else ""})
            changed_at = submitted_at + datetime.timedelta(days=3 * step)
            if key == JOURNEY_KEY:
                changed_at = JOURNEY_DATES[to_status]
            IdeaStatusChange.objects.filter(pk=change.pk).update(changed_at=changed_at)
            previous = to_status
        ideas[key] = (idea, scores)
    return ideas


def seed_jury(call, ideas):
    jurors = [demo_user("jury@demo.ess.ma"), demo_user("admin@demo.ess.ma")]
    for juror in jurors:
        JuryAssignment.objects.get_or_create(call=call, juror=juror)
    criteria = list(call.criteria.order_by("position"))
    comments = ["فكرة واقعية ومرتبطة بموارد المنطقة.", "تحتاج إلى دراسة أدق للسوق."]
    for idea, scores in ideas.values():
        for juror, values, comment in zip(jurors, scores, comments, strict=False):
            evaluation, _ = Evaluation.objects.get_or_create(
                juror=juror, idea=idea, defaults={"call": call, "comment": comment})
            for criterion, value in zip(criteria, values, strict=True):
                Score.objects.update_or_create(evaluation=evaluation, criterion=criterion,
                                               defaults={"value": value})
    # The call closed in the past; its ranking is published as any call's is.
    Call.objects.filter(pk=call.pk).update(status=Call.Status.CLOSED)
    call = close_call(call=call, by=jurors[1])
    Call.objects.filter(pk=call.pk).update(ranking_published_at=at(2025, 5, 6, 18, 0))
    return call.ranking.count()


def seed_journey(idea):
    """The ideathon winner's way on: a programme of its region's accompaniment place, the
    cooperative it founded, and what it achieved."""
    from cooperatives.models import Cooperative

    place = accompaniment_place(region=idea.region_id)
    programme, _ = Programme.objects.update_or_create(
        hub=place, title_fr=JOURNEY_PROGRAMME["title_fr"], defaults=JOURNEY_PROGRAMME)
    for title_ar, title_fr, due_on, done_on in JOURNEY_MILESTONES:
        ProgrammeMilestone.objects.update_or_create(
            programme=programme, title_fr=title_fr,
            defaults={"title_ar": title_ar, "due_on": due_on, "done_on": done_on})
    reviewer = demo_user("admin@demo.ess.ma")
    enrolment, _ = Enrolment.objects.get_or_create(
        programme=programme, idea=idea, defaults={"enrolled_by": reviewer})
    Enrolment.objects.filter(pk=enrolment.pk).update(enrolled_at=JOURNEY_DATES["incubated"])
    cooperative, _ = Cooperative.objects.update_or_create(
        registration_number=JOURNEY_COOPERATIVE["registration_number"],
        defaults={**JOURNEY_COOPERATIVE, "sector": idea.sector, "commune": idea.commune,
                  "is_published": True})
    ProjectIdea.objects.filter(pk=idea.pk).update(founded_cooperative=cooperative)
    outcome, _ = IdeaOutcome.objects.update_or_create(
        idea=idea, recorded_on=datetime.date(2026, 4, 15),
        defaults={"jobs_created": 11, "members": 15, "women_members": 13,
                  "youth_members": 7, "recorded_by": reviewer,
                  "note": "ستة أشهر بعد التسجيل: وحدة التقطير تشتغل وتبيع لفنادق مراكش."})
    IdeaOutcome.objects.filter(pk=outcome.pk).update(recorded_at=at(2026, 4, 15, 12))
    return cooperative


def seed_open_call(region):
    """A call open from a week ago for two months: the idea form always offers one."""
    from django.utils import timezone

    today = timezone.localdate()
    closes = today + datetime.timedelta(days=60)
    call, _ = Call.objects.update_or_create(slug=OPEN_CALL["slug"], defaults={
        **OPEN_CALL, "region": region, "status": Call.Status.OPEN,
        "opens_on": today - datetime.timedelta(days=7),
        "closes_at": at(closes.year, closes.month, closes.day, 23, 59),
        "judging_ends_at": at(closes.year, closes.month, closes.day, 23, 59)
        + datetime.timedelta(days=21),
    })
    add_default_criteria(call=call)
    JuryAssignment.objects.get_or_create(call=call, juror=demo_user("jury@demo.ess.ma"))
    return call
