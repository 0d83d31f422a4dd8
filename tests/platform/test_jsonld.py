"""Every JSON-LD block of the public pages is valid schema.org: each type exists, each
property belongs to its type (or an ancestor), each value has one of the property's
expected types, and nothing is null. The vocabulary is a subset of schema.org release 12.0
committed next to this file (schemaorg_subset.json). The ESSGLOBAL terms a block adds (an
``essglobal:`` prefix in its context) are checked the same way against the subset of the
ESSGLOBAL vocabulary beside it (essglobal_subset.json): the property exists, the node is of
its domain (through ``additionalType``) and the value is in its range or concept scheme."""

import datetime as dt
import io
import json
import re
from datetime import date, datetime
from functools import cache
from pathlib import Path

import pytest
from django.utils import timezone

from cooperatives import demo as cooperatives_demo
from cooperatives.models import Cooperative
from ess_platform.demo import seed_accounts
from events import demo as events_demo
from events.models import Event
from projects_bank import demo as projects_demo
from projects_bank.models import Programme
from regional_hubs import demo as hubs_demo
from regional_hubs.models import RegionalHub
from tests.cooperatives.factories import CooperativeFactory, ProductFactory
from tests.factories import RegionalHubFactory
from tests.projects_bank.factories import ProgrammeFactory

VOCABULARY = Path(__file__).with_name("schemaorg_subset.json")
ESSGLOBAL_VOCABULARY = Path(__file__).with_name("essglobal_subset.json")
SCHEMA = "https://schema.org/"
LD_BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
TEXT_TYPES = {"Text", "URL"}


@cache
def vocabulary():
    return json.loads(VOCABULARY.read_text())


@cache
def essglobal():
    return json.loads(ESSGLOBAL_VOCABULARY.read_text())


def _essglobal_errors(node, key, value, path):
    """Why ``node[key]``, an ESSGLOBAL term, is not what ESSGLOBAL defines."""
    vocabulary = essglobal()
    term = vocabulary["properties"].get(key.removeprefix("essglobal:"))
    if term is None:
        return [f"{path}: ESSGLOBAL has no property {key!r}"]
    declared = node.get("additionalType", [])
    classes = {iri.removeprefix(vocabulary["namespace"])
               for iri in (declared if isinstance(declared, list) else [declared])
               if iri.startswith(vocabulary["namespace"])}
    errors = []
    if not classes & set(term["domain"]):
        errors.append(f"{path}: {key} needs an additionalType among {term['domain']}")
    where = f"{path}.{key}"
    if "scheme" in term:
        concepts = vocabulary["schemes"][term["scheme"]]
        iri = value.get("@id", "") if isinstance(value, dict) else ""
        if not (iri.startswith(term["scheme"]) and iri.removeprefix(term["scheme"]) in concepts):
            errors.append(f"{where}: {value!r} is not a concept of {term['scheme']}")
    elif term["range"] == "nonNegativeInteger" and not (
            isinstance(value, int) and not isinstance(value, bool) and value >= 0):
        errors.append(f"{where}: {value!r} is not a non-negative integer")
    return errors


def _ancestors(name):
    types = vocabulary()["types"]
    found = [name]
    for parent in types.get(name, {}).get("subClassOf", []):
        found += [a for a in _ancestors(parent) if a not in found]
    return found


def _properties(name):
    types = vocabulary()["types"]
    properties = {}
    for ancestor in _ancestors(name):
        properties.update(types.get(ancestor, {}).get("properties", {}))
    return properties


def _scalar_fits(value, expected):
    expected = set(expected)
    if isinstance(value, bool):
        return "Boolean" in expected
    if isinstance(value, int):
        return bool(expected & {"Integer", "Number"})
    if isinstance(value, float):
        return bool(expected & {"Float", "Number"})
    if not isinstance(value, str):
        return False
    for enumeration, members in vocabulary()["enumerations"].items():
        if enumeration in expected and value.removeprefix(SCHEMA) in members:
            return True
    if expected & TEXT_TYPES:
        return True
    if "DateTime" in expected:
        try:
            datetime.fromisoformat(value)
            return True
        except ValueError:
            pass
    if "Date" in expected:
        try:
            date.fromisoformat(value)
            return True
        except ValueError:
            pass
    return False


def schema_errors(node, expected=None, path="$"):
    """The reasons ``node`` is not valid schema.org (an empty list when it is)."""
    if not isinstance(node, dict):
        return [f"{path}: not an object"]
    type_name = node.get("@type")
    if type_name not in vocabulary()["types"]:
        return [f"{path}: unknown type {type_name!r}"]
    errors = []
    if expected is not None and not set(_ancestors(type_name)) & set(expected):
        errors.append(f"{path}: a {type_name} where {expected} is expected")
    properties = _properties(type_name)
    for key, value in node.items():
        if key.startswith("@"):
            continue
        if key.startswith("essglobal:"):
            errors += _essglobal_errors(node, key, value, path)
            continue
        if key not in properties:
            errors.append(f"{path}: {type_name} has no property {key!r}")
            continue
        for index, item in enumerate(value if isinstance(value, list) else [value]):
            where = f"{path}.{key}[{index}]"
            if item is None or item in ("", [], {}):
                errors.append(f"{where}: empty value")
            elif isinstance(item, dict):
                errors += schema_errors(item, properties[key], where)
            elif not _scalar_fits(item, properties[key]):
                errors.append(f"{where}: {item!r} is none of {properties[key]}")
    return errors


def ld_blocks(html):
    return [json.loads(text) for text in LD_BLOCK.findall(html)]


def assert_valid(block):
    assert block.get("@context") in (
        "https://schema.org",
        ["https://schema.org", {"essglobal": essglobal()["namespace"]}]), block.get("@context")
    errors = schema_errors(block)
    assert not errors, errors


def test_the_validator_refuses_what_schema_org_does_not_define():
    organization = {"@context": "https://schema.org", "@type": "Organization", "name": "X"}
    assert schema_errors(organization) == []
    geo = {"@type": "GeoCoordinates", "latitude": 30.4, "longitude": -9.6}
    assert schema_errors({**organization, "geo": geo}) == [
        "$: Organization has no property 'geo'"]
    assert schema_errors({**organization, "address": {
        "@type": "PostalAddress", "streetAddress": None}}) == [
        "$.address[0].streetAddress[0]: empty value"]
    assert schema_errors({**organization, "location": {"@type": "Place", "geo": geo}}) == []
    assert schema_errors({**organization, "location": {"@type": "Offer"}})
    assert schema_errors({"@type": "Cooperative"}) == ["$: unknown type 'Cooperative'"]
    assert schema_errors({"@type": "Event", "name": "E", "startDate": "soon"})


def test_the_validator_refuses_what_essglobal_does_not_define():
    initiative = {"@type": "Organization", "name": "X",
                  "additionalType": "http://purl.org/essglobal/vocab/SSEInitiative"}
    legal_form = {"@id": "http://purl.org/essglobal/standard/legal-form/L2"}
    assert schema_errors({**initiative, "essglobal:legalForm": legal_form,
                          "essglobal:totalOfMembers": 12}) == []
    assert schema_errors({**initiative, "essglobal:members": 12}) == [
        "$: ESSGLOBAL has no property 'essglobal:members'"]
    assert schema_errors({**initiative, "essglobal:totalWomen": -1}) == [
        "$.essglobal:totalWomen: -1 is not a non-negative integer"]
    assert schema_errors({**initiative, "essglobal:legalForm": {
        "@id": "http://purl.org/essglobal/standard/legal-form/L99"}})
    assert schema_errors({**initiative, "essglobal:legalForm": "cooperative"})
    without_class = {"@type": "Organization", "name": "X", "essglobal:totalOfMembers": 3}
    assert schema_errors(without_class) == [
        "$: essglobal:totalOfMembers needs an additionalType among ['SSEInitiative']"]


@pytest.mark.django_db
def test_cooperative_is_an_organization_with_a_place_and_offers(client, territory):
    cooperative = CooperativeFactory(latitude="30.420000", longitude="-9.600000", address="")
    ProductFactory(cooperative=cooperative)
    [block] = ld_blocks(client.get(f"/fr/cooperatives/{cooperative.pk}/").content.decode())
    assert_valid(block)
    assert "geo" not in block
    assert block["location"]["geo"] == {"@type": "GeoCoordinates", "latitude": 30.42,
                                        "longitude": -9.6}
    assert "streetAddress" not in block["address"]
    assert block["address"]["addressCountry"] == "MA"
    assert block["makesOffer"][0]["itemOffered"] == {
        "@type": "Product", "name": "Huile d'argan"}
    assert block["additionalType"] == "http://purl.org/essglobal/vocab/SSEInitiative"
    assert block["essglobal:legalForm"] == {
        "@id": "http://purl.org/essglobal/standard/legal-form/L2"}
    assert block["essglobal:totalOfMembers"] == cooperative.members_count
    assert block["essglobal:totalWomen"] == cooperative.women_members


@pytest.mark.django_db
def test_a_cooperative_without_coordinates_has_no_geo(client, territory):
    cooperative = CooperativeFactory(latitude=None, longitude=None)
    [block] = ld_blocks(client.get(f"/ar/cooperatives/{cooperative.pk}/").content.decode())
    assert_valid(block)
    assert "geo" not in block["location"]


@pytest.mark.django_db
def test_a_running_programme_is_a_course_given_by_its_hub(client, territory):
    hub = RegionalHubFactory(latitude="31.630000", longitude="-8.000000")
    today = timezone.localdate()
    running = ProgrammeFactory(hub=hub, place="", capacity=8, description_fr="Six mois.")
    ProgrammeFactory(hub=hub, starts_on=today - dt.timedelta(days=60),
                     ends_on=today - dt.timedelta(days=1))
    blocks = ld_blocks(client.get(f"/fr{hub.get_absolute_url().removeprefix('/ar')}")
                       .content.decode())
    for block in blocks:
        assert_valid(block)
    [organization, course] = blocks  # the ended programme has no block
    assert organization["@type"] == "Organization"
    assert course["@type"] == "Course"
    assert course["name"] == running.title_fr
    assert course["url"].endswith(f"#programme-{running.pk}")
    assert course["provider"] == {"@type": "Organization", "name": hub.name_fr,
                                  "url": organization["url"]}
    instance = course["hasCourseInstance"]
    assert instance["startDate"] == today.isoformat()
    assert instance["maximumAttendeeCapacity"] == 8
    assert instance["remainingAttendeeCapacity"] == 8
    assert instance["location"]["geo"] == {"@type": "GeoCoordinates", "latitude": 31.63,
                                           "longitude": -8.0}


@pytest.fixture
def demo_site(territory):
    seed_accounts()
    hubs_demo.seed(io.StringIO())
    cooperatives_demo.seed(io.StringIO())
    events_demo.seed(io.StringIO())
    projects_demo.seed(io.StringIO())
    # The demo cohort (Marrakech-Safi desk) ran in 2025; the hub page lists only programmes
    # that have not ended, so move it around today to have its block on the page.
    today = timezone.localdate()
    Programme.objects.unscoped().update(starts_on=today - dt.timedelta(days=30),
                                        ends_on=today + dt.timedelta(days=120))


@pytest.mark.django_db
def test_every_json_ld_block_of_the_demo_site_is_valid_schema_org(client, demo_site):
    pages = [f"/{language}{item.get_absolute_url().removeprefix('/ar')}"
             for language in ("ar", "fr")
             for item in [*Cooperative.objects.public(), *RegionalHub.objects.public(),
                          *Event.objects.published()]]
    checked = []
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        blocks = ld_blocks(response.content.decode())
        assert blocks, page
        for block in blocks:
            assert_valid(block)
        checked += [block["@type"] for block in blocks]
    assert set(checked) == {"Organization", "Event", "Course"}
    assert checked.count("Course") == 2 * Programme.objects.unscoped().count() >= 2
    assert len(pages) > 20
