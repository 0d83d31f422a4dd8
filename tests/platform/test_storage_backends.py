"""Media, private and report files on the local disk (the default) or in S3-compatible
object storage (AWS_STORAGE_BUCKET_NAME), through Django's storage API either way; private
and report objects stay private and are handed out only after the permission check."""

import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from storages.backends.s3 import S3Storage

from ess_platform.kernel.private_files import PrivateStorage, private_storage
from ess_platform.kernel.storage import file_storages, is_local
from ess_platform.reports.models import Report, ReportStorage
from tests.factories import DelegateFactory
from tests.reports.factories import ReportFactory
from tests.s3 import client as s3_client

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a report\n%%EOF\n"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"


@pytest.fixture
def object_storage(settings, s3_bucket):
    """Switch the settings to the bucket, as the environment would at start-up."""
    settings.STORAGES = {**file_storages(s3_bucket),
                         "staticfiles": settings.STORAGES["staticfiles"]}
    return s3_bucket


@pytest.fixture
def done_report(delegate):
    report = ReportFactory(requester=delegate, region=delegate.region,
                           status=Report.Status.DONE)
    report.pdf.save("report-1.pdf", ContentFile(PDF), save=True)
    return report


def _download_url(report):
    return f"/ar/reports/{report.pk}/pdf/"


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def _grants(bucket_env, key):
    acl = s3_client(bucket_env["AWS_S3_ENDPOINT_URL"]).get_object_acl(
        Bucket=bucket_env["AWS_STORAGE_BUCKET_NAME"], Key=key)
    return {(grant["Grantee"].get("URI") or grant["Grantee"].get("ID"), grant["Permission"])
            for grant in acl["Grants"]}


# --- the switch -------------------------------------------------------------------------


def test_without_a_bucket_every_file_stays_on_the_local_disk():
    configured = file_storages({})
    assert configured["default"]["BACKEND"].endswith("FileSystemStorage")
    assert configured["private"]["BACKEND"] == "ess_platform.kernel.private_files.PrivateStorage"
    assert configured["reports"]["BACKEND"] == "ess_platform.reports.models.ReportStorage"
    field_storage = Report._meta.get_field("pdf").storage
    assert isinstance(field_storage, ReportStorage) and is_local(field_storage)
    assert isinstance(private_storage(), PrivateStorage)


def test_a_bucket_switches_media_private_and_report_files_to_object_storage():
    configured = file_storages({"AWS_STORAGE_BUCKET_NAME": "ess",
                                "AWS_S3_ENDPOINT_URL": "https://s3.example.ma",
                                "AWS_S3_CUSTOM_DOMAIN": "cdn.example.ma"})
    options = {alias: configured[alias]["OPTIONS"] for alias in ("default", "private",
                                                                 "reports")}
    assert {configured[alias]["BACKEND"] for alias in options} == {
        "storages.backends.s3.S3Storage"}
    assert {alias: value["location"] for alias, value in options.items()} == {
        "default": "media", "private": "private", "reports": "reports"}
    assert all(value["endpoint_url"] == "https://s3.example.ma" for value in options.values())
    for alias in ("private", "reports"):
        assert options[alias]["default_acl"] == "private"
        assert options[alias]["querystring_auth"] is True
        assert options[alias]["custom_domain"] is None  # never the public CDN
        assert options[alias]["querystring_expire"] == 60
    assert options["default"]["custom_domain"] == "cdn.example.ma"


def test_private_files_may_have_a_bucket_of_their_own():
    configured = file_storages({"AWS_STORAGE_BUCKET_NAME": "ess-media",
                                "AWS_PRIVATE_STORAGE_BUCKET_NAME": "ess-private"})
    assert configured["default"]["OPTIONS"]["bucket_name"] == "ess-media"
    assert configured["private"]["OPTIONS"]["bucket_name"] == "ess-private"
    assert configured["reports"]["OPTIONS"]["bucket_name"] == "ess-private"


def test_model_fields_follow_the_settings(object_storage):
    field_storage = Report._meta.get_field("pdf").storage
    assert isinstance(field_storage, S3Storage) and not is_local(field_storage)
    assert isinstance(private_storage(), S3Storage)
    assert isinstance(default_storage, S3Storage)
    assert storages["reports"].location == "reports"


# --- object storage, for real (an S3-compatible server on loopback) ----------------------


def test_report_file_is_a_private_object_of_the_bucket(object_storage, done_report):
    key = f"reports/{done_report.pdf.name}"
    bucket = s3_client(object_storage["AWS_S3_ENDPOINT_URL"]).get_object(
        Bucket=object_storage["AWS_STORAGE_BUCKET_NAME"], Key=key)
    assert bucket["Body"].read() == PDF
    grantees = {grantee for grantee, _permission in _grants(object_storage, key)}
    assert ALL_USERS not in grantees and AUTHENTICATED_USERS not in grantees


def test_idea_document_is_a_private_object_of_the_bucket(object_storage):
    name = private_storage().save("ideas/documents/2026/11/plan.pdf", ContentFile(PDF))
    key = f"private/{name}"
    grantees = {grantee for grantee, _permission in _grants(object_storage, key)}
    assert ALL_USERS not in grantees and AUTHENTICATED_USERS not in grantees
    assert private_storage().open(name).read() == PDF


def test_public_media_go_to_the_media_prefix(object_storage):
    name = default_storage.save("products/2026/11/argan.jpg", ContentFile(b"jpeg"))
    assert default_storage.exists(name)
    objects = s3_client(object_storage["AWS_S3_ENDPOINT_URL"]).list_objects_v2(
        Bucket=object_storage["AWS_STORAGE_BUCKET_NAME"])["Contents"]
    assert [item["Key"] for item in objects] == [f"media/{name}"]


def test_requester_downloads_the_report_streamed_from_the_bucket(client, object_storage,
                                                                 done_report, settings):
    settings.PRIVATE_FILES_SERVER = ""
    client.force_login(done_report.requester)
    response = client.get(_download_url(done_report))
    assert response.status_code == 200
    assert _body(response) == PDF
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment;")


def test_another_delegate_gets_no_report_file_from_the_bucket(client, object_storage,
                                                              done_report, settings):
    settings.PRIVATE_FILES_SERVER = "presigned"
    client.force_login(DelegateFactory(region=done_report.region))
    response = client.get(_download_url(done_report))
    assert response.status_code == 404
    assert "Location" not in response


def test_anonymous_visitor_gets_no_presigned_url(client, object_storage, done_report,
                                                 settings):
    settings.PRIVATE_FILES_SERVER = "presigned"
    response = client.get(_download_url(done_report))
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert "X-Amz" not in response["Location"]


def test_presigned_redirect_after_the_check_is_short_lived_and_names_the_file(
        client, object_storage, done_report, settings):
    settings.PRIVATE_FILES_SERVER = "presigned"
    settings.PRIVATE_FILES_URL_MAX_AGE = 60
    client.force_login(done_report.requester)
    response = client.get(_download_url(done_report))
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    location = response["Location"]
    assert location.startswith(object_storage["AWS_S3_ENDPOINT_URL"])
    query = parse_qs(urlsplit(location).query)
    assert query["X-Amz-Expires"] == ["60"]
    assert query["response-content-disposition"][0].startswith("attachment;")
    with urllib.request.urlopen(location) as answer:  # the object store, on loopback
        assert answer.read() == PDF
        assert answer.headers["Content-Type"] == "application/pdf"
        assert answer.headers["Content-Disposition"].startswith("attachment;")


def test_missing_object_is_a_404_not_a_redirect(client, object_storage, done_report,
                                                settings):
    settings.PRIVATE_FILES_SERVER = "presigned"
    done_report.pdf.storage.delete(done_report.pdf.name)
    client.force_login(done_report.requester)
    response = client.get(_download_url(done_report))
    assert response.status_code == 404

