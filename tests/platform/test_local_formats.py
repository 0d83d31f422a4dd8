"""One way to write dates, times and numbers, in every channel: the page, the e-mail, the
SMS, the PDF report and the iCal description all read ``27 نونبر 2030`` / ``27 novembre
2030``, ``14:05`` on Morocco's clock, and ``3 020 431`` (no-break spaces)."""

import io
import re
import unicodedata
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from ess_platform.kernel import formatting
from ess_platform.reports import rendering
from ess_platform.reports import services as reports
from events.services import register_for_event, send_reminders
from tests.cooperatives.factories import CooperativeFactory
from tests.events.factories import EventFactory
from tests.factories import UserFactory
from tests.reports.factories import ReportFactory

NBSP = "\xa0"
#: 13:05 UTC is 14:05 in Casablanca (UTC+1 outside Ramadan).
MOMENT = datetime(2030, 11, 27, 13, 5, tzinfo=UTC)
EXPECTED = {
    "ar": {"date": "27 نونبر 2030", "time": "14:05", "datetime": "27 نونبر 2030، 14:05",
           "short": "27/11/2030 14:05"},
    "fr": {"date": "27 novembre 2030", "time": "14:05", "datetime": "27 novembre 2030, 14:05",
           "short": "27/11/2030 14:05"},
}
GROUPED = f"3{NBSP}020{NBSP}431"


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_helper_writes_moroccan_forms_on_moroccan_time(language):
    expected = EXPECTED[language]
    with translation.override(language), timezone.override("UTC"):
        # Whatever timezone is active, people read Morocco's clock.
        assert formatting.local_date(MOMENT) == expected["date"]
        assert formatting.local_time(MOMENT) == expected["time"]
        assert formatting.local_datetime(MOMENT) == expected["datetime"]
        assert formatting.local_datetime(MOMENT, "SHORT_DATETIME_FORMAT") == expected["short"]
        assert formatting.local_date(date(2030, 11, 27)) == expected["date"]
        assert formatting.local_number(3020431) == GROUPED
        assert formatting.local_number(1234.5, 1) == f"1{NBSP}234,5"
        assert formatting.local_value(None) == ""


def test_the_local_date_of_a_late_utc_evening_is_the_next_day_in_morocco():
    late = datetime(2030, 11, 26, 23, 30, tzinfo=UTC)  # 00:30 on the 27th in Casablanca
    with translation.override("fr"):
        assert formatting.local_date(late) == "27 novembre 2030"


def test_a_fragment_is_isolated_in_arabic_plain_text_only():
    assert formatting.isolate("AB12CD", "ar") == "\u2068AB12CD\u2069"
    assert formatting.isolate("AB12CD", "fr") == "AB12CD"  # a French SMS stays GSM 7-bit
    assert formatting.isolate(formatting.isolate("x", "ar"), "ar") == "\u2068x\u2069"


@pytest.fixture
def event(souss_massa):
    return EventFactory(region=souss_massa, starts_at=MOMENT,
                        ends_at=MOMENT + timedelta(hours=3), title_fr="Salon de l'argan",
                        title_ar="معرض الأركان")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_event_page_writes_the_date_and_time(client, event, language):
    with translation.override(language):
        response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    # What people read (JSON-LD for machines carries the UTC instant).
    visible = re.sub(r"<script.*?</script>", "", response.text, flags=re.S)
    assert EXPECTED[language]["date"] in visible
    assert "14:05" in visible and "13:05" not in visible


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_confirmation_email_writes_the_date_and_time(event, language,
                                                         django_capture_on_commit_callbacks):
    user = UserFactory(preferred_language=language, email=f"{language}@example.ma")
    with django_capture_on_commit_callbacks(execute=True):
        register_for_event(event=event, user=user)
    [message] = [m for m in mail.outbox if m.to == [user.email]]
    assert EXPECTED[language]["datetime"] in message.body


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_reminder_sms_writes_the_date_and_time(event, language, sms_gateway,
                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register_for_event(event=event, name="Omar", phone="0612345678", language=language)
    assert len(sms_gateway.received(1)) == 1  # the confirmation
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(now=MOMENT - timedelta(hours=36)) == 1
    *_, reminder = received = sms_gateway.received(2)
    assert len(received) == 2
    assert EXPECTED[language]["short"] in reminder.text


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_ical_description_writes_the_moment_as_people_read_it(client, event, language):
    with translation.override(language):
        response = client.get(reverse("events:ics", kwargs={"slug": event.slug}))
    text = response.content.decode().replace("\r\n ", "")  # unfold the content lines
    description = next(line for line in text.splitlines() if line.startswith("DESCRIPTION:"))
    assert EXPECTED[language]["datetime"].replace(",", "\\,") in description
    assert "DTSTART:20301127T130500Z" in text  # the machine value stays UTC


def _pdf_text(report):
    from pypdf import PdfReader

    with report.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = "".join(page.extract_text() for page in reader.pages)
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _has(text, phrase):
    """In logical or in visual order (Arabic runs may come out reversed)."""
    words = unicodedata.normalize("NFKC", phrase).split()
    flat = "".join(text.split())
    return "".join(words) in flat or "".join(reversed(words)) in flat


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_pdf_report_writes_dates_times_and_grouped_numbers(
        delegate, event, language, monkeypatch, settings, tmp_path):
    settings.REPORTS_ROOT = str(tmp_path)
    CooperativeFactory(members_count=3020431, women_members=10, youth_members=10)
    monkeypatch.setattr(rendering.timezone, "now", lambda: MOMENT)
    report = ReportFactory(requester=delegate, region=delegate.region, language=language,
                           period_start=date(2030, 11, 1), period_end=date(2030, 11, 30))
    reports.build_report(report_id=report.pk)
    report.refresh_from_db()
    text = _pdf_text(report)
    expected = EXPECTED[language]
    assert _has(text, expected["date"])  # the event's day in the events table
    assert "14:05" in text  # "Generated on", on Morocco's clock
    assert "3 020 431" in text  # NBSP reads back as a space
    assert "3020431" not in text
    assert not re.search(r"2030-11-27", text)


def test_no_date_is_formatted_by_hand_in_people_facing_templates():
    """Templates name a format (``DATE_FORMAT``...) or use the local_formats filters;
    literal patterns are for machines only (``c``, ``Y-m-d``)."""
    root = Path(__file__).resolve().parents[2]
    machine = {"c", "Y-m-d", "U"}
    offenders = []
    for path in root.glob("**/templates/**/*"):
        if ".venv" in path.parts or not path.is_file() or path.suffix not in {".html", ".txt"}:
            continue
        for fmt in re.findall(r"\|(?:date|time):[\"']([^\"']+)[\"']", path.read_text()):
            if fmt not in machine and not fmt.endswith("_FORMAT"):
                offenders.append(f"{path.relative_to(root)}: {fmt}")
    assert not offenders, offenders
