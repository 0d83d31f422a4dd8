"""The open data catalogue: each data set with working download links, its licence and
update time, described in DCAT for open-data portals."""

import json
import re

import pytest

from ess_platform.opendata.catalogue import DATA_SETS
from tests.cooperatives.factories import CooperativeFactory

pytestmark = pytest.mark.django_db

LD_BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def _dcat(response):
    [text] = LD_BLOCK.findall(response.content.decode())
    return json.loads(text)


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_catalogue_lists_every_data_set_in_the_page_language(client, territory, language):
    response = client.get(f"/{language}/data/")
    assert response.status_code == 200
    html = response.content.decode()
    for data_set in DATA_SETS:
        assert f'id="{data_set.key}"' in html
    title = {"ar": "البيانات المفتوحة", "fr": "Données ouvertes"}[language]
    assert f"<h1>{title}</h1>" in html
    assert "https://creativecommons.org/licenses/by/4.0/" in html


def test_dcat_describes_each_data_set_with_its_distributions(client, territory):
    CooperativeFactory()
    catalogue = _dcat(client.get("/fr/data/"))
    assert catalogue["@type"] == "dcat:Catalog"
    assert catalogue["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    datasets = {d["dct:identifier"]: d for d in catalogue["dcat:dataset"]}
    assert set(datasets) == {data_set.key for data_set in DATA_SETS}
    cooperatives = datasets["cooperatives"]
    assert cooperatives["@type"] == "dcat:Dataset"
    assert cooperatives["dct:modified"]["@type"] == "xsd:dateTime"
    assert {d["dct:format"] for d in cooperatives["dcat:distribution"]} == {
        "JSON", "CSV", "GEOJSON"}
    assert datasets["regions"]["dct:rightsHolder"]["foaf:name"].startswith(
        "Haut-Commissariat au Plan")
    assert cooperatives["dct:rightsHolder"] != datasets["regions"]["dct:rightsHolder"]
    # The directory's linked data follows ESSGLOBAL (the SSE vocabulary) beside schema.org.
    assert cooperatives["dct:conformsTo"] == [{"@id": "http://purl.org/essglobal/vocab/"}]
    assert "dct:conformsTo" not in datasets["regions"]


def test_every_download_link_answers_in_its_media_type(client, territory):
    catalogue = _dcat(client.get("/fr/data/"))
    for dataset in catalogue["dcat:dataset"]:
        for distribution in dataset["dcat:distribution"]:
            url = distribution["dcat:downloadURL"]["@id"].removeprefix("http://testserver")
            response = client.get(url)
            assert response.status_code == 200, url
            media_type = distribution["dcat:mediaType"]["@id"].rsplit("/", 2)
            assert response["Content-Type"].startswith("/".join(media_type[-2:])), url
