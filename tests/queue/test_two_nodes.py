"""Two machines' worth of processes against one PostgreSQL, one Redis and one S3-compatible
object store: two gunicorn web nodes and two Celery workers (one for reports, one for
notifications), none of them sharing a disk or a memory with another.

- A report asked for on web node A is built by the reports worker into the bucket and
  downloaded through web node B; its "ready" e-mail goes through the other worker.
- The directory API's cache is Redis: a page cached by B is what A answers, and a write on
  A makes B answer fresh data.
"""

import json
import secrets
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from io import BytesIO

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.authtoken.models import Token

from cooperatives.models import Cooperative
from ess_platform.reports.models import Report
from tests.cooperatives.factories import ManagerFactory, SectorFactory
from tests.factories import NationalAdminFactory
from tests.nodes import WebNode, node_environment
from tests.s3 import client as s3_client

from .conftest import REDIS_URL, wait_for

pytestmark = [pytest.mark.queue, pytest.mark.django_db(transaction=True)]


class Browser:
    """One person's cookies, sent to whichever node a request goes to."""

    def __init__(self, session_key=None):
        self.csrf = secrets.token_hex(16)  # 32 characters, as Django's own tokens
        self.cookies = {"csrftoken": self.csrf}
        if session_key:
            self.cookies[settings.SESSION_COOKIE_NAME] = session_key

    def request(self, node, path, data=None, headers=None):
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf}).encode() \
            if data is not None else None
        request = urllib.request.Request(node.url + path, data=body, headers={
            # Both nodes behind one proxy: one site name (the API cache keys on it).
            "Host": "localhost",
            "Cookie": "; ".join(f"{key}={value}" for key, value in self.cookies.items()),
            **(headers or {})})
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=60) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def ran(task, worker):
    """Did this worker receive a message of this task ("Task <name>[<id>] received")?"""
    return f".{task}[" in worker.log.read_text(errors="replace")


def logged_in(user):
    """A session for ``user`` in the shared database, as the sign-in page would make."""
    client = Client()
    client.force_login(user)
    return Browser(client.cookies[settings.SESSION_COOKIE_NAME].value)


@pytest.fixture
def cluster(s3_bucket, start_worker, tmp_path, territory):
    """Web nodes A and B, a reports worker and a notifications worker, started side by side."""
    shared = {**s3_bucket, "REDIS_URL": REDIS_URL, "CELERY_TASK_ALWAYS_EAGER": "0"}
    env = node_environment(**shared, DJANGO_SECRET_KEY=settings.SECRET_KEY,
                           GUNICORN_WORKERS=1, GUNICORN_THREADS=4)
    nodes = [WebNode(env, tmp_path / f"web-{name}.log") for name in ("a", "b")]
    try:
        reports_worker = start_worker(queues=["reports"], **shared)
        messages_worker = start_worker(queues=["notifications", "celery"], **shared)
        for node in nodes:
            node.wait_until_serving()
        yield {"a": nodes[0], "b": nodes[1], "reports_worker": reports_worker,
               "messages_worker": messages_worker, "bucket": s3_bucket}
    finally:
        for node in nodes:
            node.stop()


def test_two_nodes_and_two_workers_share_files_cache_and_queues(cluster, mail_dir):
    """One cluster for both stories: starting four processes is most of the test's time."""
    report_built_by_one_worker_is_downloaded_through_the_other_node(cluster, mail_dir)
    a_write_on_one_node_invalidates_the_cache_the_other_node_reads(cluster)


def report_built_by_one_worker_is_downloaded_through_the_other_node(cluster, mail_dir):
    admin = NationalAdminFactory(email="admin@example.ma")
    browser = logged_in(admin)
    node_a, node_b = cluster["a"], cluster["b"]

    status, headers, _body = browser.request(node_a, "/ar/reports/", data={
        "region": "", "period_start": "2025-01-01", "period_end": "2025-12-31",
        "language": "fr"})
    assert status == 302, _body[:2000]
    report = Report.objects.unscoped().get(requester=admin)
    wait_for(lambda: Report.objects.unscoped().filter(
        pk=report.pk, status__in=[Report.Status.DONE, Report.Status.FAILED]).exists(),
        timeout=120, message="the report to be built")
    report.refresh_from_db()
    assert report.status == Report.Status.DONE, report.error

    # Built by the reports worker, into the bucket: no web node has it on its disk.
    assert ran("build_report", cluster["reports_worker"])
    assert not ran("build_report", cluster["messages_worker"])
    bucket = cluster["bucket"]
    stored = s3_client(bucket["AWS_S3_ENDPOINT_URL"]).get_object(
        Bucket=bucket["AWS_STORAGE_BUCKET_NAME"], Key=f"reports/{report.pdf.name}")
    pdf = stored["Body"].read()
    assert pdf.startswith(b"%PDF")

    status, headers, body = browser.request(node_b, f"/ar/reports/{report.pk}/pdf/")
    assert status == 200
    assert body == pdf
    assert headers["Content-Type"] == "application/pdf"
    status, headers, body = browser.request(node_b, f"/ar/reports/{report.pk}/csv_zip/")
    assert status == 200
    assert zipfile.ZipFile(BytesIO(body)).namelist()

    # Someone else, on either node: nothing.
    stranger = logged_in(NationalAdminFactory())
    assert stranger.request(node_b, f"/ar/reports/{report.pk}/pdf/")[0] == 404
    assert Browser().request(node_a, f"/ar/reports/{report.pk}/pdf/")[0] == 302  # sign in

    # The "report ready" e-mail went through the notifications worker.
    wait_for(lambda: mail_dir.exists() and any(mail_dir.glob("*.eml")), timeout=60,
             message="the report-ready e-mail")
    assert ran("send_delivery", cluster["messages_worker"])
    assert not ran("send_delivery", cluster["reports_worker"])


def _names(node):
    status, _headers, body = Browser().request(node, "/api/v1/cooperatives/",
                                               headers={"Accept": "application/json"})
    assert status == 200, body[:500]
    return {row["registration_number"]: row["name_fr"] for row in json.loads(body)["results"]}


def a_write_on_one_node_invalidates_the_cache_the_other_node_reads(cluster):
    manager = ManagerFactory(cooperative__name_fr="Coopérative Tifaout",
                             cooperative__sector=SectorFactory())
    cooperative = manager.cooperative
    number = cooperative.registration_number
    token = Token.objects.create(user=manager.user)
    node_a, node_b = cluster["a"], cluster["b"]

    assert _names(node_b)[number] == "Coopérative Tifaout"  # B fills the shared cache
    # A change no write path sees (no signal, no version bump): the cache still answers.
    Cooperative.objects.unscoped().filter(pk=cooperative.pk).update(
        name_fr="Coopérative Tifaout Souss")
    assert _names(node_a)[number] == "Coopérative Tifaout"  # A reads what B cached

    # A write through node A (the manager adds a product over the API).
    request = urllib.request.Request(
        node_a.url + "/api/v1/my-products/", method="POST",
        data=json.dumps({"cooperative": cooperative.pk, "name_ar": "زيت الأركان"}).encode(),
        headers={"Authorization": f"Token {token.key}", "Content-Type": "application/json",
                 "Host": "localhost"})
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 201

    assert _names(node_b)[number] == "Coopérative Tifaout Souss"
    assert _names(node_a)[number] == "Coopérative Tifaout Souss"
