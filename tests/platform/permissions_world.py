"""The people and objects the permission table is checked against, and how a response is
read as an outcome.

One world per test module: two regions (the delegate's own, Souss-Massa, and another,
Fès-Meknès), the eight roles of the table and, for each kind of object, one of the own
region, one of the other region and one that is not published.
"""

import io
import re
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

# ------------------------------------------------------------------ roles and outcomes

ANON, MEMBER, AUTHOR, JUROR, MANAGER = "anon", "member", "author", "juror", "manager"
DELEGATE, OTHER_DELEGATE, NATIONAL = "delegate", "other_delegate", "national"
ROLES = (ANON, MEMBER, AUTHOR, JUROR, MANAGER, DELEGATE, OTHER_DELEGATE, NATIONAL)
NON_STAFF = (ANON, MEMBER, AUTHOR, JUROR, MANAGER)

#: Object kinds: of the delegate's region, of another region, not published (draft idea,
#: unpublished event or cooperative, call in preparation, national report...).
OWN, OTHER, HIDDEN = "own", "other", "hidden"
ANY = "any"

OK = "ok"              # 200/204: the page, the file, the data
GO = "go"              # 302 somewhere that is not a login page: allowed, sent on
LISTED = "listed"      # 200 and the object is in the list (changelist, autocomplete)
UNLISTED = "unlisted"  # 200 but the object is not in the list
LOGIN = "login"        # 302 to the site's or the admin's login page
DENY = "deny"          # 401/403/404, or the admin's "no such object" redirect to its index
NOT_ALLOWED = "405"    # the method is not accepted (POST-only or GET-only views)
NOOP = "noop"          # a POST answered without error that changed nothing
SKIP = None            # not exercised (an allowed write, checked by the app's own tests)
#: Public pages whose answer to a signed-in person (the page, or a redirect) is the
#: accounts flow's business, not a permission.
OPEN = frozenset({OK, GO})

DENIALS = {LOGIN, DENY, NOT_ALLOWED, NOOP}


def row(default, **overrides):
    """One outcome per role: ``row(DENY, delegate=OK, national=OK)``."""
    unknown = set(overrides) - set(ROLES)
    if unknown:
        raise ValueError(f"Unknown roles: {unknown}")
    return {role: overrides.get(role, default) for role in ROLES}


def staff_row(non_staff=LOGIN, *, delegate, other_delegate, national):
    return row(non_staff, delegate=delegate, other_delegate=other_delegate, national=national)


@dataclass
class Rule:
    """Who may use one URL name: per object kind, per role, for GET and for POST.

    ``url(world, kind)`` gives the path (or a list of paths: variants that must all give
    the same outcome); ``listed(world, kind, response)`` says whether a list shows the
    object; ``post_data(world, kind)`` is the body of the unsafe request.
    """

    url: object
    get: dict
    post: dict | None = None
    listed: object = None
    post_data: object = None
    kinds: tuple = field(default=(ANY,))

    def __post_init__(self):
        for table in (self.get, self.post):
            if table is not None and set(table) != set(self.kinds):
                raise ValueError(f"Kinds {set(table)} differ from {set(self.kinds)}")


def same(kinds, outcome_row):
    return {kind: outcome_row for kind in kinds}


# ------------------------------------------------------------------ reading a response

LOGIN_PATHS = ("/accounts/login/", "/admin/login/")
ADMIN_INDEX = re.compile(r"^/[a-z]{2,3}/admin/$")
#: An admin page about one object: its "no such object" answer is a redirect to the index.
ADMIN_OBJECT = re.compile(r"^/[a-z]{2,3}/admin/\w+/\w+/[^/]+/")
#: Tables a denied request may still write to: sessions, login-attempt logs.
WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
HARMLESS_TABLES = {"django_session", "axes_accessattempt", "axes_accesslog",
                   "axes_accessfailurelog"}


def outcome_of(response, listed=None):
    status = response.status_code
    if status in (200, 204):
        if listed is None:
            return OK
        return LISTED if listed(response) else UNLISTED
    if status in (301, 302, 303):
        location = response["Location"].split("?")[0]
        if location.startswith("/"):
            path = location
        else:
            path = "/" + location.split("://", 1)[-1].split("/", 1)[-1]
        if any(path.endswith(login) for login in LOGIN_PATHS):
            return LOGIN
        if ADMIN_INDEX.match(path) and ADMIN_OBJECT.match(response.request["PATH_INFO"]):
            return DENY
        return GO
    if status in (401, 403, 404):
        return DENY
    if status == 405:
        return NOT_ALLOWED
    return f"status {status}"


def writes_in(queries):
    """The tables written to by these queries, but sessions and login logs."""
    tables = set()
    for query in queries:
        match = WRITE.match(query["sql"])
        if match and match.group(2) not in HARMLESS_TABLES:
            tables.add(match.group(2))
    return tables


def capture_writes():
    return CaptureQueriesContext(connection)


# ------------------------------------------------------------------ the world

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _png():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def every_row(model):
    """All rows of a model, whatever region-scoping its manager asks for."""
    manager = model._default_manager
    return manager.unscoped() if hasattr(manager, "unscoped") else manager.all()


def build_world():
    """Create the people and objects once; returns a namespace of them."""
    import datetime

    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.tokens import default_token_generator
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode
    from rest_framework.authtoken.models import Token, TokenProxy

    from cooperatives.models import ImportJob, Product
    from ess_platform.history.models import ChangeRecord
    from ess_platform.kernel.notifications.models import Delivery, Notification
    from ess_platform.reports.models import Report
    from projects_bank.models import Call, ProjectIdea
    from regional_hubs.models import Commune, Province, Region, RegionalHub, TerritoryProfile
    from tests.cooperatives.factories import ManagerFactory, ProductFactory
    from tests.events.factories import EventFactory, RegistrationFactory
    from tests.factories import (
        DelegateFactory,
        HubServiceFactory,
        NationalAdminFactory,
        RegionalHubFactory,
        UserFactory,
        commune_in,
    )
    from tests.projects_bank.factories import (
        CallFactory,
        CooperativeFactory,
        CriterionFactory,
        EconomicModelFactory,
        FundingSourceFactory,
        IdeaFactory,
        JuryAssignmentFactory,
        PartnerFactory,
        ProgrammeFactory,
    )
    from tests.reports.factories import ReportFactory

    w = SimpleNamespace()
    own, other = Region.objects.get(code="09"), Region.objects.get(code="03")
    w.region = {OWN: own, OTHER: other}
    w.users = {
        ANON: None,
        MEMBER: UserFactory(),
        AUTHOR: UserFactory(),
        JUROR: UserFactory(),
        MANAGER: UserFactory(),
        DELEGATE: DelegateFactory(region=own),
        OTHER_DELEGATE: DelegateFactory(region=other),
        NATIONAL: NationalAdminFactory(),
    }
    author, juror = w.users[AUTHOR], w.users[JUROR]
    w.province = {kind: Province.objects.filter(region=region).order_by("code").first()
                  for kind, region in w.region.items()}
    w.commune = {OWN: commune_in("09"), OTHER: commune_in("03")}
    assert isinstance(w.commune[OWN], Commune)
    w.hub = {kind: RegionalHubFactory(region=region) for kind, region in w.region.items()}
    w.hub_service = {kind: HubServiceFactory(hub=hub) for kind, hub in w.hub.items()}
    w.programme = {kind: ProgrammeFactory(hub=hub) for kind, hub in w.hub.items()}
    w.profile, _created = TerritoryProfile.objects.get_or_create(
        code=own.code, defaults={"level": "region", "region": own})

    w.cooperative = {
        OWN: CooperativeFactory(region_code="09"),
        OTHER: CooperativeFactory(region_code="03"),
        HIDDEN: CooperativeFactory(region_code="09", is_published=False),
    }
    w.sector = w.cooperative[OWN].sector
    w.product = {}
    for kind, cooperative in w.cooperative.items():
        ManagerFactory(cooperative=cooperative, user=w.users[MANAGER])
        w.product[kind] = ProductFactory(cooperative=cooperative)
    photo = w.product[OWN]
    photo.photo.save("argan.png", ContentFile(_png()), save=False)
    every_row(Product).filter(pk=photo.pk).update(photo=photo.photo.name)

    w.call = {
        OWN: CallFactory(region=own),
        OTHER: CallFactory(region=other),
        HIDDEN: CallFactory(region=own, status=Call.Status.DRAFT),
    }
    for call in w.call.values():
        CriterionFactory(call=call)
        JuryAssignmentFactory(call=call, juror=juror)
    published = ProjectIdea.Status.ACCEPTED
    w.idea = {
        OWN: IdeaFactory(author=author, status=published, commune=w.commune[OWN]),
        OTHER: IdeaFactory(author=author, status=published, commune=w.commune[OTHER]),
        # Shortlisted in the own region's open call: the jury scores it, nobody else sees it.
        HIDDEN: IdeaFactory(author=author, status=ProjectIdea.Status.SHORTLISTED,
                            commune=w.commune[OWN], call=w.call[OWN]),
        "draft": IdeaFactory(author=author, status=ProjectIdea.Status.DRAFT,
                             commune=w.commune[OWN], submitted_at=None),
    }
    for idea in (w.idea[OWN], w.idea[HIDDEN]):
        idea.document.save("business-plan.pdf", ContentFile(PDF), save=False)
        idea.photo.save("prototype.png", ContentFile(_png()), save=False)
        every_row(ProjectIdea).filter(pk=idea.pk).update(
            document=idea.document.name, photo=idea.photo.name)
    hidden = w.idea[HIDDEN]
    w.economic_model = EconomicModelFactory(sector=w.sector)
    w.funding_source = FundingSourceFactory(regions=[own])
    w.partner = PartnerFactory(regions=[own])
    from ess_platform.kernel.searching.models import SpellingVariant

    w.spelling_variant = SpellingVariant.objects.create(name="Agadir", variant="Agadeer")

    w.event = {
        OWN: EventFactory(region=own),
        OTHER: EventFactory(region=other),
        HIDDEN: EventFactory(region=own, is_published=False),
    }
    w.registration = {kind: RegistrationFactory(event=event, user=w.users[MEMBER])
                      for kind, event in w.event.items()}

    period = {"period_start": datetime.date(2025, 1, 1), "period_end": datetime.date(2025, 12, 31)}
    w.report = {
        OWN: ReportFactory(requester=w.users[DELEGATE], region=own, **period),
        OTHER: ReportFactory(requester=w.users[OTHER_DELEGATE], region=other, **period),
        HIDDEN: ReportFactory(requester=w.users[NATIONAL], region=None, **period),
    }
    for report in w.report.values():
        report.pdf.save("report.pdf", ContentFile(PDF), save=False)
        every_row(Report).filter(pk=report.pk).update(
            pdf=report.pdf.name, status=Report.Status.DONE, progress=100,
            finished_at=timezone.now())

    w.import_job = {}
    for kind, delegate in ((OWN, w.users[DELEGATE]), (OTHER, w.users[OTHER_DELEGATE])):
        job = ImportJob(created_by=delegate, region=delegate.region,
                        original_name="cooperatives.csv")
        job.file.save("cooperatives.csv", ContentFile(b"registration_number,name_ar\n"),
                      save=False)
        job.save()
        w.import_job[kind] = job

    w.notification = Notification.objects.create(
        key="permissions-table", kind="test", recipient=w.users[MEMBER], language="ar",
        subject="رسالة", body="نص", email=w.users[MEMBER].email)
    w.delivery = Delivery.objects.create(notification=w.notification, channel="email")

    national = w.users[NATIONAL]
    # The change history: each hub's creation, on record in its region.
    w.change_record = {
        kind: ChangeRecord.objects.unscoped().get(
            content_type=ContentType.objects.get_for_model(RegionalHub), object_pk=str(hub.pk),
            action=ChangeRecord.Action.CREATE)
        for kind, hub in w.hub.items()
    }
    w.log_entry = {
        kind: LogEntry.objects.log_actions(
            user_id=national.pk, queryset=[hub], action_flag=CHANGE,
            change_message="Changed name.", single_object=True)
        for kind, hub in w.hub.items()
    }
    w.group = Group.objects.create(name="permissions-table")
    w.token = TokenProxy.objects.get(pk=Token.objects.create(user=national).pk)
    from ess_platform.partners.models import ApiKey, WebhookDelivery, WebhookEndpoint

    # A member's key request (not approved: the member is not a partner).
    w.api_key = ApiKey.objects.create(owner=w.users[MEMBER], name="table", purpose="table")
    w.webhook_endpoint = WebhookEndpoint.objects.create(
        owner=w.users[MEMBER], url="https://example.org/hook", events=["idea.published"],
        secret="whsec_table")
    w.webhook_delivery = WebhookDelivery.objects.create(
        endpoint=w.webhook_endpoint, event="idea.published",
        notification=Notification.objects.create(
            key="permissions-table-webhook", kind="webhook", language="ar",
            subject="idea.published", body="{}"))
    attempt = {"user_agent": "test", "ip_address": "127.0.0.1", "username": "someone",
               "http_accept": "*/*", "path_info": "/ar/accounts/login/"}
    w.access_attempt = AccessAttempt.objects.create(get_data="", post_data="",
                                                    failures_since_start=1, **attempt)
    w.access_log = AccessLog.objects.create(**attempt)
    w.access_failure = AccessFailureLog.objects.create(**attempt)

    member = w.users[MEMBER]
    w.reset = {"uidb64": urlsafe_base64_encode(force_bytes(member.pk)),
               "token": default_token_generator.make_token(member)}
    w.media = {
        "public_photo": photo.photo.name,
        "unpublished_idea_document": hidden.document.name,
        "unpublished_idea_photo": hidden.photo.name,
    }
    return w


def admin_url(obj, view):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])
