"""Who may use every URL: one table, checked against the URLconf.

Each named URL of the project (the site, the API router, the admin of every registered
model, media and file downloads) has an entry in ``TABLE``: per kind of object (of the
delegate's region, of another region, unpublished) and per role, the outcome of a GET and,
for the URLs that change data, of a POST. A URL name without an entry fails
``test_every_url_name_is_in_the_table``: a new URL cannot ship before someone decides who
may use it. Denied POSTs must also leave the database untouched.
"""

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.platform.permissions_world import (
    ANY,
    DELEGATE,
    DENIALS,
    DENY,
    GO,
    HIDDEN,
    LISTED,
    LOGIN,
    MEMBER,
    NATIONAL,
    NON_STAFF,
    NOOP,
    NOT_ALLOWED,
    OK,
    OPEN,
    OTHER,
    OTHER_DELEGATE,
    OWN,
    ROLES,
    SKIP,
    UNLISTED,
    Rule,
    admin_url,
    build_world,
    capture_writes,
    outcome_of,
    row,
    same,
    writes_in,
)

EVERYONE = row(OK)
SIGNED_IN = row(OK, anon=LOGIN)
STAFF = row(LOGIN, delegate=OK, other_delegate=OK, national=OK)
REPORTING = row(DENY, anon=LOGIN, delegate=OK, other_delegate=OK, national=OK)
ONLY_POST = row(NOT_ALLOWED)
OBJECTS = (OWN, OTHER, HIDDEN)
REGIONS = (OWN, OTHER)


NOBODY_SEES = row(DENY)


def published_only(hidden=NOBODY_SEES):
    """Public objects of every region; the unpublished one per ``hidden``."""
    return {OWN: EVERYONE, OTHER: EVERYONE, HIDDEN: hidden}


def url(name, *args, query=""):
    return reverse(name, args=args) + (f"?{query}" if query else "")


# ------------------------------------------------------------------ the site and the API

SITE = {
    # --- the platform
    "healthz": Rule(lambda w, k: url("healthz"), {ANY: EVERYONE}),
    "set_language": Rule(lambda w, k: url("set_language", query="next=/fr/"),
                         {ANY: row(GO)}, post={ANY: row(SKIP)}),
    "home": Rule(lambda w, k: url("home"), {ANY: EVERYONE}),
    # The global search: public rows of every list, the same for everyone.
    "search": Rule(lambda w, k: url("search", query="q=argan"), {ANY: EVERYONE}),
    "opendata:catalogue": Rule(lambda w, k: url("opendata:catalogue"), {ANY: EVERYONE}),
    "media": Rule(
        lambda w, k: f"/media/{w.media[k]}",
        {"public_photo": EVERYONE,
         # Unpublished ideas' files go through their private views, never /media/.
         "unpublished_idea_document": row(DENY),
         "unpublished_idea_photo": row(DENY)},
        kinds=("public_photo", "unpublished_idea_document", "unpublished_idea_photo")),
    "api-root": Rule(lambda w, k: url("api-root"), {ANY: EVERYONE}),
    "api-schema": Rule(lambda w, k: url("api-schema"), {ANY: EVERYONE}),
    "api-docs": Rule(lambda w, k: url("api-docs"), {ANY: EVERYONE}),
    # --- accounts
    "users:login": Rule(lambda w, k: url("users:login"), {ANY: row(OPEN, anon=OK)}),
    "users:logout": Rule(lambda w, k: url("users:logout"), {ANY: ONLY_POST},
                         post={ANY: row(GO)}),
    "users:signup": Rule(lambda w, k: url("users:signup"), {ANY: row(OPEN, anon=OK)}),
    "users:signup_done": Rule(lambda w, k: url("users:signup_done"), {ANY: EVERYONE}),
    # A phone-only sign-up's code: a wrong code creates nothing.
    "users:signup_code": Rule(lambda w, k: url("users:signup_code"), {ANY: row(OPEN, anon=OK)},
                              post={ANY: row(SKIP, anon=NOOP)},
                              post_data=lambda w, k: {"phone": "+212612345678",
                                                      "code": "000000"}),
    # A link from a message: a wrong or used token shows a page and changes nothing.
    "users:signup_confirm": Rule(lambda w, k: url("users:signup_confirm", "not-a-token"),
                                 {ANY: EVERYONE}, post={ANY: row(NOOP)}),
    "users:unlock_request": Rule(lambda w, k: url("users:unlock_request"), {ANY: EVERYONE},
                                 post={ANY: row(SKIP)}),
    "users:unlock_sent": Rule(lambda w, k: url("users:unlock_sent"), {ANY: EVERYONE}),
    "users:unlock": Rule(lambda w, k: url("users:unlock", "not-a-token"), {ANY: EVERYONE},
                         post={ANY: row(NOOP)}),
    "users:profile": Rule(lambda w, k: url("users:profile"), {ANY: SIGNED_IN},
                          post={ANY: row(SKIP, anon=LOGIN)}),
    "users:password_reset": Rule(lambda w, k: url("users:password_reset"), {ANY: EVERYONE}),
    "users:password_reset_phone": Rule(lambda w, k: url("users:password_reset_phone"),
                                       {ANY: EVERYONE}),
    # A wrong SMS code changes no password.
    "users:password_reset_phone_code": Rule(
        lambda w, k: url("users:password_reset_phone_code"), {ANY: EVERYONE},
        post={ANY: row(NOOP)},
        post_data=lambda w, k: {"phone": "+212612345678", "code": "000000",
                                "new_password1": "argan-souss-2025",
                                "new_password2": "argan-souss-2025"}),
    "users:password_reset_done": Rule(lambda w, k: url("users:password_reset_done"),
                                      {ANY: EVERYONE}),
    "users:password_reset_confirm": Rule(
        lambda w, k: url("users:password_reset_confirm", w.reset["uidb64"], w.reset["token"]),
        {ANY: row(OPEN)}),
    "users:password_reset_complete": Rule(lambda w, k: url("users:password_reset_complete"),
                                          {ANY: EVERYONE}),
    # --- notifications: a person's own inbox
    "notifications:inbox": Rule(lambda w, k: url("notifications:inbox"), {ANY: SIGNED_IN}),
    "notifications:mark_all_read": Rule(
        lambda w, k: url("notifications:mark_all_read"), {ANY: row(NOT_ALLOWED, anon=LOGIN)},
        post={ANY: row(SKIP, anon=LOGIN)}),
    "notifications:mark_read": Rule(
        lambda w, k: url("notifications:mark_read", w.notification.pk),
        {ANY: row(NOT_ALLOWED, anon=LOGIN)},
        post={ANY: row(DENY, anon=LOGIN, member=SKIP)}),
    "notifications:preferences": Rule(lambda w, k: url("notifications:preferences"),
                                      {ANY: SIGNED_IN}, post={ANY: row(SKIP, anon=LOGIN)}),
    # --- partners: a person's own API keys (asked for, shown once, revoked)
    "partners:api_keys": Rule(lambda w, k: url("partners:api_keys"), {ANY: SIGNED_IN},
                              post={ANY: row(SKIP, anon=LOGIN)}),
    # The member's request is not approved yet: showing it sends them back to the page.
    "partners:show_key": Rule(lambda w, k: url("partners:show_key", w.api_key.pk),
                              {ANY: row(NOT_ALLOWED, anon=LOGIN)},
                              post={ANY: row(DENY, anon=LOGIN, member=GO)}),
    "partners:revoke_key": Rule(lambda w, k: url("partners:revoke_key", w.api_key.pk),
                                {ANY: row(NOT_ALLOWED, anon=LOGIN)},
                                post={ANY: row(DENY, anon=LOGIN, member=SKIP)}),
    # --- territory and hubs: public
    "regional_hubs:regions": Rule(lambda w, k: url("regional_hubs:regions"), {ANY: EVERYONE}),
    "regional_hubs:hubs": Rule(lambda w, k: url("regional_hubs:hubs"), {ANY: EVERYONE}),
    "regional_hubs:hub": Rule(lambda w, k: url("regional_hubs:hub", w.hub[k].slug),
                              same(REGIONS, EVERYONE), kinds=REGIONS),
    "regional_hubs:needs": Rule(lambda w, k: url("regional_hubs:needs"), {ANY: EVERYONE}),
    # The interactive maps' shapes: the official territory, public reference data.
    "regional_hubs:map_shapes": Rule(lambda w, k: url("regional_hubs:map_shapes",
                                                      query="region=09"), {ANY: EVERYONE}),
    "regional_hubs:region": Rule(lambda w, k: url("regional_hubs:region", w.region[k].slug),
                                 same(REGIONS, EVERYONE), kinds=REGIONS),
    "regional_hubs:region_needs": Rule(
        lambda w, k: url("regional_hubs:region_needs", w.region[k].slug),
        same(REGIONS, EVERYONE), kinds=REGIONS),
    "regional_hubs:province_needs": Rule(
        lambda w, k: url("regional_hubs:province_needs", w.region[k].slug, w.province[k].code),
        same(REGIONS, EVERYONE), kinds=REGIONS),
    "regional_hubs:commune_needs": Rule(
        lambda w, k: url("regional_hubs:commune_needs", w.region[k].slug,
                         w.commune[k].province.code, w.commune[k].code),
        same(REGIONS, EVERYONE), kinds=REGIONS),
    # --- cooperatives: a public directory; a profile is kept by its managers
    "cooperatives:directory": Rule(lambda w, k: url("cooperatives:directory"),
                                   {ANY: EVERYONE}),
    "cooperatives:export": Rule(lambda w, k: url("cooperatives:export", "csv"),
                                {ANY: EVERYONE}),
    # The directory map's clusters: published cooperatives only, like the directory.
    "cooperatives:map_clusters": Rule(
        lambda w, k: url("cooperatives:map_clusters", query="bbox=-17,20,-1,36&zoom=5"),
        {ANY: EVERYONE}),
    "cooperatives:mine": Rule(lambda w, k: url("cooperatives:mine"), {ANY: SIGNED_IN}),
    "cooperatives:detail": Rule(lambda w, k: url("cooperatives:detail", w.cooperative[k].pk),
                                published_only(), kinds=OBJECTS),
    "cooperatives:products": Rule(lambda w, k: url("cooperatives:products"), {ANY: EVERYONE}),
    # Anyone may ask a published cooperative (an empty form sends nothing).
    "cooperatives:ask": Rule(lambda w, k: url("cooperatives:ask", w.cooperative[k].pk),
                             published_only(),
                             post={OWN: row(SKIP), OTHER: row(SKIP), HIDDEN: row(DENY)},
                             kinds=OBJECTS),
    **{
        name: Rule(path, same(OBJECTS, row(DENY, anon=LOGIN, manager=OK)),
                   post=same(OBJECTS, row(DENY, anon=LOGIN, manager=SKIP)), kinds=OBJECTS)
        for name, path in {
            "cooperatives:manage":
                lambda w, k: url("cooperatives:manage", w.cooperative[k].pk),
            "cooperatives:certifications":
                lambda w, k: url("cooperatives:certifications", w.cooperative[k].pk),
            # The fairs and markets attended, kept by the cooperative's managers.
            "events:cooperative_fairs":
                lambda w, k: url("events:cooperative_fairs", w.cooperative[k].pk),
            "cooperatives:product_add":
                lambda w, k: url("cooperatives:product_add", w.cooperative[k].pk),
            "cooperatives:product_edit":
                lambda w, k: url("cooperatives:product_edit", w.cooperative[k].pk,
                                 w.product[k].pk),
            "cooperatives:product_delete":
                lambda w, k: url("cooperatives:product_delete", w.cooperative[k].pk,
                                 w.product[k].pk),
        }.items()
    },
    # --- projects bank: published ideas are public; the others stay with their author,
    # the region's delegate and national administrators; a call's jury scores its ideas.
    "projects_bank:home": Rule(lambda w, k: url("projects_bank:home"), {ANY: EVERYONE}),
    "projects_bank:ideas": Rule(lambda w, k: url("projects_bank:ideas"), {ANY: EVERYONE}),
    "projects_bank:submit": Rule(lambda w, k: url("projects_bank:submit"), {ANY: SIGNED_IN},
                                 post={ANY: row(SKIP, anon=LOGIN)}),
    "projects_bank:mine": Rule(lambda w, k: url("projects_bank:mine"), {ANY: SIGNED_IN}),
    "projects_bank:idea": Rule(
        lambda w, k: url("projects_bank:idea", w.idea[k].pk),
        {**published_only(row(DENY, author=OK, delegate=OK, national=OK)),
         "draft": row(DENY, author=OK, delegate=OK, national=OK)},
        kinds=(*OBJECTS, "draft")),
    "projects_bank:edit": Rule(
        lambda w, k: url("projects_bank:edit", w.idea[k].pk),
        {**same(OBJECTS, row(DENY, anon=LOGIN, author=GO)),
         "draft": row(DENY, anon=LOGIN, author=OK)},
        post={**same(OBJECTS, row(DENY, anon=LOGIN, author=GO)),
              "draft": row(DENY, anon=LOGIN, author=SKIP)},
        kinds=(*OBJECTS, "draft")),
    # An idea's private files: a published idea's photo is public; its business plan and
    # everything of an unpublished idea go to the author, the reviewers (the region's
    # delegate, national administrators) and the jurors of its call.
    "projects_bank:idea-photo": Rule(
        lambda w, k: url("projects_bank:idea-photo", w.idea[k].pk),
        {OWN: EVERYONE, HIDDEN: row(DENY, author=OK, juror=OK, delegate=OK, national=OK)},
        kinds=(OWN, HIDDEN)),
    "projects_bank:idea-document": Rule(
        lambda w, k: url("projects_bank:idea-document", w.idea[k].pk),
        {OWN: row(DENY, author=OK, delegate=OK, national=OK),
         HIDDEN: row(DENY, author=OK, juror=OK, delegate=OK, national=OK)},
        kinds=(OWN, HIDDEN)),
    "projects_bank:calls": Rule(lambda w, k: url("projects_bank:calls"), {ANY: EVERYONE}),
    "projects_bank:call": Rule(lambda w, k: url("projects_bank:call", w.call[k].slug),
                               published_only(), kinds=OBJECTS),
    "projects_bank:jury": Rule(lambda w, k: url("projects_bank:jury", w.call[k].slug),
                               same(OBJECTS, row(DENY, anon=LOGIN, juror=OK)), kinds=OBJECTS),
    "projects_bank:score": Rule(
        lambda w, k: url("projects_bank:score", w.call[OWN].slug, w.idea[k].pk),
        {HIDDEN: row(DENY, anon=LOGIN, juror=OK),
         # Published ideas are past the jury: nothing to score.
         OWN: row(DENY, anon=LOGIN)},
        post={HIDDEN: row(DENY, anon=LOGIN, juror=SKIP), OWN: row(DENY, anon=LOGIN)},
        kinds=(HIDDEN, OWN)),
    "projects_bank:economic_models": Rule(lambda w, k: url("projects_bank:economic_models"),
                                          {ANY: EVERYONE}),
    "projects_bank:funding": Rule(lambda w, k: url("projects_bank:funding"), {ANY: EVERYONE}),
    "projects_bank:partners": Rule(lambda w, k: url("projects_bank:partners"),
                                   {ANY: EVERYONE}),
    # The delegate's desk: reviewers only, each for their own region's ideas.
    "projects_bank:desk": Rule(lambda w, k: url("projects_bank:desk"),
                               {ANY: row(DENY, anon=LOGIN, delegate=OK, other_delegate=OK,
                                         national=OK)}),
    "projects_bank:desk-idea": Rule(
        lambda w, k: url("projects_bank:desk-idea", w.idea[k].pk),
        {OWN: row(DENY, anon=LOGIN, delegate=OK, national=OK),
         HIDDEN: row(DENY, anon=LOGIN, delegate=OK, national=OK),
         OTHER: row(DENY, anon=LOGIN, other_delegate=OK, national=OK)},
        kinds=OBJECTS),
    "projects_bank:desk-act": Rule(
        lambda w, k: url("projects_bank:desk-act", w.idea[k].pk),
        same(OBJECTS, row(NOT_ALLOWED, anon=LOGIN)),
        post={OWN: row(DENY, anon=LOGIN, delegate=SKIP, national=SKIP),
              HIDDEN: row(DENY, anon=LOGIN, delegate=SKIP, national=SKIP),
              OTHER: row(DENY, anon=LOGIN, other_delegate=SKIP, national=SKIP)},
        post_data=lambda w, k: {"action": "under_review"}, kinds=OBJECTS),
    # --- events: published events are public; a registration is reached by its secret
    # link; the door (check-in) belongs to the event's delegate and national admins.
    "events:list": Rule(lambda w, k: url("events:list"), {ANY: EVERYONE}),
    "events:region_ics": Rule(lambda w, k: url("events:region_ics", w.region[k].slug),
                              same(REGIONS, EVERYONE), kinds=REGIONS),
    "events:registration": Rule(
        lambda w, k: url("events:registration", w.registration[k].token),
        same(OBJECTS, EVERYONE), kinds=OBJECTS),
    "events:cancel": Rule(lambda w, k: url("events:cancel", w.registration[k].token),
                          same(OBJECTS, ONLY_POST), post=same(OBJECTS, row(SKIP)),
                          kinds=OBJECTS),
    "events:confirm": Rule(lambda w, k: url("events:confirm", w.registration[k].token),
                           same(OBJECTS, ONLY_POST), post=same(OBJECTS, row(SKIP)),
                           kinds=OBJECTS),
    "events:detail": Rule(lambda w, k: url("events:detail", w.event[k].slug),
                          published_only(), kinds=OBJECTS),
    "events:register": Rule(lambda w, k: url("events:register", w.event[k].slug),
                            same(OBJECTS, ONLY_POST),
                            post={OWN: row(SKIP), OTHER: row(SKIP), HIDDEN: row(DENY)},
                            kinds=OBJECTS),
    # "Check your inbox" after a guest registers: the event's page, nothing personal.
    "events:registration_sent": Rule(lambda w, k: url("events:registration_sent",
                                                      w.event[k].slug),
                                     published_only(), kinds=OBJECTS),
    "events:ics": Rule(lambda w, k: url("events:ics", w.event[k].slug), published_only(),
                       kinds=OBJECTS),
    "events:check_in": Rule(
        lambda w, k: url("events:check_in", w.event[k].slug),
        {OWN: row(DENY, anon=LOGIN, delegate=OK, national=OK),
         HIDDEN: row(DENY, anon=LOGIN, delegate=OK, national=OK),
         OTHER: row(DENY, anon=LOGIN, other_delegate=OK, national=OK)},
        post={OWN: row(DENY, anon=LOGIN, delegate=SKIP, national=SKIP),
              HIDDEN: row(DENY, anon=LOGIN, delegate=SKIP, national=SKIP),
              OTHER: row(DENY, anon=LOGIN, other_delegate=SKIP, national=SKIP)},
        post_data=lambda w, k: {"code": "NOPE-0000"}, kinds=OBJECTS),
    # --- reports: delegates and national admins; a report's files go to its requester
    "reports:list": Rule(lambda w, k: url("reports:list"), {ANY: REPORTING},
                         post={ANY: row(DENY, anon=LOGIN, delegate=SKIP,
                                        other_delegate=SKIP, national=SKIP)}),
    "reports:status": Rule(
        lambda w, k: url("reports:status", w.report[k].pk),
        {OWN: row(DENY, anon=LOGIN, delegate=OK), OTHER: row(DENY, anon=LOGIN,
                                                               other_delegate=OK),
         HIDDEN: row(DENY, anon=LOGIN, national=OK)}, kinds=OBJECTS),
    "reports:download": Rule(
        lambda w, k: url("reports:download", w.report[k].pk, "pdf"),
        {OWN: row(DENY, anon=LOGIN, delegate=OK), OTHER: row(DENY, anon=LOGIN,
                                                               other_delegate=OK),
         HIDDEN: row(DENY, anon=LOGIN, national=OK)}, kinds=OBJECTS),
}

API = {
    # Open data: read by anyone; the one write (submitting an idea) needs an account.
    **{name: Rule(lambda w, k, name=name: url(name), {ANY: EVERYONE})
       for name in ["region-list", "province-list", "commune-list", "hub-list",
                    "sector-list", "cooperative-list", "product-list", "call-list",
                    "economic-model-list", "funding-source-list", "partner-list",
                    "event-list", "ranking-list", "territory-commune-list"]},
    "idea-list": Rule(lambda w, k: url("idea-list"), {ANY: EVERYONE},
                      post={ANY: row(SKIP, anon=DENY)}),
    "region-detail": Rule(lambda w, k: url("region-detail", w.region[k].code),
                          same(REGIONS, EVERYONE), kinds=REGIONS),
    "province-detail": Rule(lambda w, k: url("province-detail", w.province[k].code),
                            same(REGIONS, EVERYONE), kinds=REGIONS),
    "commune-detail": Rule(lambda w, k: url("commune-detail", w.commune[k].code),
                           same(REGIONS, EVERYONE), kinds=REGIONS),
    "hub-detail": Rule(lambda w, k: url("hub-detail", w.hub[k].slug),
                       same(REGIONS, EVERYONE), kinds=REGIONS),
    "territory-region-detail": Rule(
        lambda w, k: url("territory-region-detail", w.region[k].code),
        same(REGIONS, EVERYONE), kinds=REGIONS),
    "territory-province-detail": Rule(
        lambda w, k: url("territory-province-detail", w.province[k].code),
        same(REGIONS, EVERYONE), kinds=REGIONS),
    "territory-commune-detail": Rule(
        lambda w, k: url("territory-commune-detail", w.commune[k].code),
        same(REGIONS, EVERYONE), kinds=REGIONS),
    "sector-detail": Rule(lambda w, k: url("sector-detail", w.sector.slug), {ANY: EVERYONE}),
    "cooperative-detail": Rule(lambda w, k: url("cooperative-detail", w.cooperative[k].pk),
                               published_only(), kinds=OBJECTS),
    "product-detail": Rule(lambda w, k: url("product-detail", w.product[k].pk),
                           published_only(), kinds=OBJECTS),
    # The API shows a person their own unpublished ideas, nobody else's.
    "idea-detail": Rule(lambda w, k: url("idea-detail", w.idea[k].pk),
                        published_only(row(DENY, author=OK)), kinds=OBJECTS),
    "call-detail": Rule(lambda w, k: url("call-detail", w.call[k].slug), published_only(),
                        kinds=OBJECTS),
    "economic-model-detail": Rule(lambda w, k: url("economic-model-detail",
                                                   w.economic_model.slug), {ANY: EVERYONE}),
    "funding-source-detail": Rule(lambda w, k: url("funding-source-detail",
                                                   w.funding_source.slug), {ANY: EVERYONE}),
    "partner-detail": Rule(lambda w, k: url("partner-detail", w.partner.slug),
                           {ANY: EVERYONE}),
    "event-detail": Rule(lambda w, k: url("event-detail", w.event[k].slug), published_only(),
                         kinds=OBJECTS),
    # A manager keeps their cooperatives' products (the manager manages all three).
    "my-product-list": Rule(lambda w, k: url("my-product-list"), {ANY: row(OK, anon=DENY)},
                            post={ANY: row(SKIP, anon=DENY)}),
    "my-product-detail": Rule(lambda w, k: url("my-product-detail", w.product[k].pk),
                              same(OBJECTS, row(DENY, manager=OK)), kinds=OBJECTS),
    # The change feed's deletions: open data.
    "deleted-list": Rule(lambda w, k: url("deleted-list"), {ANY: EVERYONE}),
    # Webhooks: partners only (an active API key), each their own; no role here has one.
    "webhook-list": Rule(lambda w, k: url("webhook-list"), {ANY: row(DENY)},
                         post={ANY: row(DENY)}),
    "webhook-detail": Rule(lambda w, k: url("webhook-detail", w.webhook_endpoint.pk),
                           {ANY: row(DENY)}),
    "webhook-deliveries": Rule(lambda w, k: url("webhook-deliveries", w.webhook_endpoint.pk),
                               {ANY: row(DENY)}),
    "webhook-resume": Rule(lambda w, k: url("webhook-resume", w.webhook_endpoint.pk),
                           {ANY: row(DENY)}, post={ANY: row(DENY)}),
}


# ------------------------------------------------------------------ the admin

NOBODY, NATIONAL_ONLY, ALL_STAFF, SCOPED = "nobody", "national", "staff", "scoped"
#: A report of the whole country (no region): its requester's, a national administrator.
NATIONAL_REPORT = "national report"


def allowed(who, role, kind):
    """Does this role have this capability on an object of this kind?"""
    if who == NOBODY or role in NON_STAFF:
        return False
    if who == NATIONAL_ONLY:
        return role == NATIONAL
    if who == ALL_STAFF or role == NATIONAL:
        return True
    # SCOPED: a delegate, for objects of their own region (or any, for a list or a form).
    own_region = {DELEGATE: (OWN, HIDDEN, ANY), OTHER_DELEGATE: (OTHER, ANY)}
    return kind in own_region[role]


class AdminPolicy:
    """Who may view, add, change and delete a model's objects in the admin."""

    def __init__(self, view, add, change, delete, change_page=OK):
        self.view, self.add, self.change, self.delete = view, add, change, delete
        self.change_page = change_page

    def rows(self, capability, kinds, *, granted=OK, refused=DENY):
        who = getattr(self, capability)
        return {kind: {role: LOGIN if role in NON_STAFF else (
            granted if allowed(who, role, kind) else refused) for role in ROLES}
            for kind in kinds}

    def changelist(self, kinds):
        table = {}
        for kind in kinds:
            cells = {}
            for role in ROLES:
                if role in NON_STAFF:
                    cells[role] = LOGIN
                elif not allowed(self.view, role, ANY):
                    cells[role] = DENY
                else:
                    cells[role] = LISTED if allowed(self.view, role, kind) else UNLISTED
            table[kind] = cells
        return table

    def changelist_post(self, kinds):
        """Deleting the object through the changelist's action."""
        table = {}
        for kind in kinds:
            cells = {}
            for role in ROLES:
                if role in NON_STAFF:
                    cells[role] = LOGIN
                elif allowed(self.delete, role, kind):
                    cells[role] = SKIP
                elif allowed(self.view, role, ANY):
                    cells[role] = NOOP
                else:
                    cells[role] = DENY
            table[kind] = cells
        return table


SCOPED_EDIT = AdminPolicy(view=SCOPED, add=SCOPED, change=SCOPED, delete=SCOPED)
SCOPED_NO_ADD = AdminPolicy(view=SCOPED, add=NOBODY, change=SCOPED, delete=SCOPED)
#: Changed only through its actions; never deleted (rejected instead), by anyone.
SCOPED_NO_DELETE = AdminPolicy(view=SCOPED, add=NOBODY, change=SCOPED, delete=NOBODY)
SCOPED_READ = AdminPolicy(view=SCOPED, add=NATIONAL_ONLY, change=NATIONAL_ONLY,
                          delete=NATIONAL_ONLY)
SCOPED_READ_ONLY = AdminPolicy(view=SCOPED, add=NOBODY, change=NOBODY, delete=NOBODY)
IMPORT_JOBS = AdminPolicy(view=SCOPED, add=NOBODY, change=NOBODY, delete=NOBODY,
                          change_page=GO)
REFERENCE = AdminPolicy(view=ALL_STAFF, add=NATIONAL_ONLY, change=NATIONAL_ONLY,
                        delete=NATIONAL_ONLY)
CENSUS = AdminPolicy(view=ALL_STAFF, add=NOBODY, change=NOBODY, delete=NATIONAL_ONLY)
NATIONAL_EDIT = AdminPolicy(view=NATIONAL_ONLY, add=NATIONAL_ONLY, change=NATIONAL_ONLY,
                            delete=NATIONAL_ONLY)
NATIONAL_LOG = AdminPolicy(view=NATIONAL_ONLY, add=NOBODY, change=NOBODY, delete=NOBODY)
NATIONAL_LOG_DELETE = AdminPolicy(view=NATIONAL_ONLY, add=NOBODY, change=NATIONAL_ONLY,
                                  delete=NATIONAL_ONLY)

#: Every registered model: its policy and its objects (by kind) in the world.
ADMIN_MODELS = {
    "auth.group": (NATIONAL_EDIT, lambda w: {ANY: w.group}),
    "authtoken.tokenproxy": (NATIONAL_EDIT, lambda w: {ANY: w.token}),
    "axes.accessattempt": (NATIONAL_LOG_DELETE, lambda w: {ANY: w.access_attempt}),
    "axes.accesslog": (NATIONAL_LOG_DELETE, lambda w: {ANY: w.access_log}),
    "axes.accessfailurelog": (NATIONAL_LOG_DELETE, lambda w: {ANY: w.access_failure}),
    "users.user": (NATIONAL_EDIT, lambda w: {ANY: w.users[MEMBER]}),
    "notifications.notification": (NATIONAL_LOG, lambda w: {ANY: w.notification}),
    "notifications.delivery": (NATIONAL_LOG, lambda w: {ANY: w.delivery}),
    "partners.apikey": (NATIONAL_LOG_DELETE, lambda w: {ANY: w.api_key}),
    "partners.webhookendpoint": (NATIONAL_LOG_DELETE, lambda w: {ANY: w.webhook_endpoint}),
    "partners.webhookdelivery": (NATIONAL_LOG, lambda w: {ANY: w.webhook_delivery}),
    "regional_hubs.region": (SCOPED_READ, lambda w: w.region),
    "regional_hubs.province": (SCOPED_READ, lambda w: w.province),
    "regional_hubs.commune": (SCOPED_READ, lambda w: w.commune),
    "regional_hubs.regionalhub": (SCOPED_EDIT, lambda w: w.hub),
    "regional_hubs.hubservice": (SCOPED_EDIT, lambda w: w.hub_service),
    "regional_hubs.territoryprofile": (CENSUS, lambda w: {ANY: w.profile}),
    # The audit trail: a delegate reads the entries about their region's objects.
    "admin.logentry": (SCOPED_READ_ONLY, lambda w: w.log_entry),
    # Every change on record (django-auditlog): read-only, a delegate reads their region's.
    "history.changerecord": (SCOPED_READ_ONLY, lambda w: w.change_record),
    "cooperatives.sector": (REFERENCE, lambda w: {ANY: w.sector}),
    "cooperatives.cooperative": (SCOPED_EDIT, lambda w: w.cooperative),
    "cooperatives.importjob": (IMPORT_JOBS, lambda w: w.import_job),
    "projects_bank.projectidea": (SCOPED_NO_DELETE, lambda w: {
        kind: w.idea[kind] for kind in OBJECTS}),
    "projects_bank.call": (SCOPED_EDIT, lambda w: w.call),
    "projects_bank.programme": (SCOPED_EDIT, lambda w: w.programme),
    "projects_bank.economicmodel": (REFERENCE, lambda w: {ANY: w.economic_model}),
    "projects_bank.fundingsource": (REFERENCE, lambda w: {ANY: w.funding_source}),
    "projects_bank.partner": (REFERENCE, lambda w: {ANY: w.partner}),
    # Spellings the search knows (data, not code): national administrators keep them.
    "searching.spellingvariant": (REFERENCE, lambda w: {ANY: w.spelling_variant}),
    "events.event": (SCOPED_EDIT, lambda w: w.event),
    "events.registration": (SCOPED_NO_ADD, lambda w: w.registration),
    # National reports have no region: national administrators only.
    "reports.report": (SCOPED_READ_ONLY, lambda w: {
        OWN: w.report[OWN], OTHER: w.report[OTHER], NATIONAL_REPORT: w.report[HIDDEN]}),
}

#: Kinds of object per model (the world's keys), known without building the world.
ADMIN_KINDS = {
    "regional_hubs.region": REGIONS, "regional_hubs.province": REGIONS,
    "regional_hubs.commune": REGIONS, "regional_hubs.regionalhub": REGIONS,
    "regional_hubs.hubservice": REGIONS, "admin.logentry": REGIONS,
    "history.changerecord": REGIONS,
    "cooperatives.cooperative": OBJECTS, "cooperatives.importjob": REGIONS,
    "projects_bank.projectidea": OBJECTS, "projects_bank.call": OBJECTS,
    "projects_bank.programme": REGIONS,
    "events.event": OBJECTS, "events.registration": OBJECTS,
    "reports.report": (OWN, OTHER, NATIONAL_REPORT),
}

#: Raw-id widgets: each opens its target's changelist as a popup, scoped like it.
#: None may point at accounts (a popup would list everyone's e-mail).
RAW_ID_FIELDS = {
    ("events.event", "province"): "regional_hubs.province",
    ("events.event", "commune"): "regional_hubs.commune",
    ("events.event", "cooperatives"): "cooperatives.cooperative",
}
#: Autocomplete widgets: the answers are the target admin's queryset, scoped by region.
AUTOCOMPLETE_FIELDS = {
    ("regional_hubs.province", "region"): "regional_hubs.region",
    ("regional_hubs.commune", "province"): "regional_hubs.province",
    ("regional_hubs.regionalhub", "region"): "regional_hubs.region",
    ("regional_hubs.hubservice", "hub"): "regional_hubs.regionalhub",
    ("cooperatives.cooperative", "commune"): "regional_hubs.commune",
}


def _changelist_urls(model_label):
    app_label, model_name = model_label.split(".")
    base = reverse(f"admin:{app_label}_{model_name}_changelist")
    urls = [base]
    if model_label in set(RAW_ID_FIELDS.values()) | {"users.user"}:
        urls.append(f"{base}?_to_field=id&_popup=1")
    return urls


def _region_filter(model_label):
    """The changelist filtered on the other region, where the admin offers that filter."""
    model_admin = admin.site._registry[_model(model_label)]
    for entry in model_admin.list_filter:
        if isinstance(entry, str) and entry.split("__")[-1] == "region":
            return f"{entry}__id__exact"
    return None


def _model(label):
    from django.apps import apps

    return apps.get_model(label)


def admin_rules(model_label, policy):
    app_label, model_name = model_label.split(".")
    kinds = ADMIN_KINDS.get(model_label, (ANY,))
    prefix = f"admin:{app_label}_{model_name}"

    def objects(w):
        return ADMIN_MODELS[model_label][1](w)

    def changelist_urls(w, kind):
        urls = _changelist_urls(model_label)
        region_filter = _region_filter(model_label)
        if region_filter and kind in (OWN, HIDDEN, OTHER):
            # Filtering on a region never shows another region's objects.
            other = w.region[OTHER if kind != OTHER else OWN]
            urls.append(f"{urls[0]}?{region_filter}={other.pk}")
        return urls

    def listed(w, kind, response):
        obj = objects(w)[kind]
        key = getattr(obj, obj._meta.pk.attname)
        return response.context["cl"].queryset.filter(pk=key).exists()

    changelist_get = policy.changelist(kinds)
    view_rows = policy.rows("view", kinds, granted=policy.change_page)
    change_post = {kind: {role: SKIP if cell == OK else cell for role, cell in cells.items()}
                   for kind, cells in policy.rows("change", kinds).items()}
    if policy.change_page != OK:
        # The change page sends viewers elsewhere, for a POST too: nothing is written.
        for kind, cells in view_rows.items():
            for role, cell in cells.items():
                if cell == policy.change_page:
                    change_post[kind][role] = NOOP
    return {
        f"{prefix}_changelist": Rule(
            changelist_urls, changelist_get, listed=listed,
            post=policy.changelist_post(kinds),
            post_data=lambda w, k: {"action": "delete_selected", "post": "yes",
                                    "_selected_action": [objects(w)[k].pk]},
            kinds=kinds),
        f"{prefix}_add": Rule(
            lambda w, k: reverse(f"{prefix}_add"), policy.rows("add", (ANY,)),
            post={ANY: {role: SKIP if cell == OK else cell
                        for role, cell in policy.rows("add", (ANY,))[ANY].items()}}),
        f"{prefix}_change": Rule(
            lambda w, k: admin_url(objects(w)[k], "change"), view_rows,
            post=change_post, kinds=kinds),
        f"{prefix}_history": Rule(
            lambda w, k: admin_url(objects(w)[k], "history"),
            policy.rows("view", kinds), kinds=kinds),
        f"{prefix}_delete": Rule(
            lambda w, k: admin_url(objects(w)[k], "delete"), policy.rows("delete", kinds),
            post={kind: {role: SKIP if cell == OK else cell for role, cell in cells.items()}
                  for kind, cells in policy.rows("delete", kinds).items()},
            post_data=lambda w, k: {"post": "yes"}, kinds=kinds),
    }


def _import_rules():
    staff = {role: SKIP if cell == OK else cell
             for role, cell in SCOPED_EDIT.rows("add", (ANY,))[ANY].items()}
    per_job = SCOPED_EDIT.rows("view", REGIONS)
    per_job_post = {kind: {role: SKIP if cell == OK else cell for role, cell in cells.items()}
                    for kind, cells in per_job.items()}

    def job_url(name):
        return lambda w, k: reverse(f"admin:{name}", args=[w.import_job[k].pk])

    return {
        "admin:cooperatives_import": Rule(
            lambda w, k: reverse("admin:cooperatives_import"), SCOPED_EDIT.rows("add", (ANY,)),
            post={ANY: staff}),
        # A draft job's preview; a POST confirms the import.
        "admin:cooperatives_import_preview": Rule(
            job_url("cooperatives_import_preview"), per_job, post=per_job_post, kinds=REGIONS),
        "admin:cooperatives_import_progress": Rule(
            job_url("cooperatives_import_progress"), per_job, kinds=REGIONS),
        "admin:cooperatives_import_status": Rule(
            job_url("cooperatives_import_status"), per_job, kinds=REGIONS),
        "admin:cooperatives_import_report": Rule(
            job_url("cooperatives_import_report"), per_job, kinds=REGIONS),
    }


def _autocomplete_url(source, field_name, term):
    app_label, model_name = source.split(".")
    return (f"{reverse('admin:autocomplete')}?app_label={app_label}&model_name={model_name}"
            f"&field_name={field_name}&term={term}")


AUTOCOMPLETE_TARGETS = {
    "regional_hubs.region": lambda w: w.region,
    "regional_hubs.province": lambda w: w.province,
    "regional_hubs.commune": lambda w: w.commune,
    "regional_hubs.regionalhub": lambda w: w.hub,
}


def _autocomplete_rule():
    """One cell per autocomplete field, target kind and role: is the target offered?"""
    kinds = tuple((field, region) for field in AUTOCOMPLETE_FIELDS for region in REGIONS)
    # Every target is region-scoped: a delegate is offered their own region's only.
    table = {kind: SCOPED_READ.changelist((kind[1],))[kind[1]] for kind in kinds}

    def url_of(w, kind):
        (source, field_name), region = kind
        target = AUTOCOMPLETE_TARGETS[AUTOCOMPLETE_FIELDS[(source, field_name)]](w)[region]
        return _autocomplete_url(source, field_name,
                                 getattr(target, "code", None) or target.name_fr)

    def listed(w, kind, response):
        field, region = kind
        target = AUTOCOMPLETE_TARGETS[AUTOCOMPLETE_FIELDS[field]](w)[region]
        return str(target.pk) in {item["id"] for item in response.json()["results"]}

    return Rule(url_of, table, listed=listed, kinds=kinds)


ADMIN_SITE = {
    "admin:index": Rule(lambda w, k: reverse("admin:index"), {ANY: STAFF}),
    "admin:login": Rule(lambda w, k: reverse("admin:login"),
                        {ANY: row(OK, delegate=GO, other_delegate=GO, national=GO)}),
    # Signed out, or not staff: sent to the admin's index (then to its login page).
    "admin:logout": Rule(lambda w, k: reverse("admin:logout"),
                         {ANY: row(GO, delegate=NOT_ALLOWED, other_delegate=NOT_ALLOWED,
                                   national=NOT_ALLOWED)},
                         post={ANY: row(SKIP)}),
    "admin:password_change": Rule(lambda w, k: reverse("admin:password_change"),
                                  {ANY: STAFF}, post={ANY: row(LOGIN, delegate=SKIP,
                                                              other_delegate=SKIP,
                                                              national=SKIP)}),
    "admin:password_change_done": Rule(lambda w, k: reverse("admin:password_change_done"),
                                       {ANY: STAFF}),
    "admin:jsi18n": Rule(lambda w, k: reverse("admin:jsi18n"), {ANY: STAFF}),
    "admin:autocomplete": _autocomplete_rule(),
    # A shortcut to an object's public page: the page itself decides who sees it.
    "admin:view_on_site": Rule(
        lambda w, k: reverse("admin:view_on_site", args=[
            ContentType.objects.get_for_model(w.idea[k]).pk, w.idea[k].pk]),
        same(OBJECTS, row(LOGIN, delegate=GO, other_delegate=GO, national=GO)),
        kinds=OBJECTS),
    "admin:app_list": Rule(
        lambda w, k: reverse("admin:app_list", args=[k]),
        {"regional_hubs": STAFF,
         "users": row(LOGIN, delegate=DENY, other_delegate=DENY, national=OK),
         "auth": row(LOGIN, delegate=DENY, other_delegate=DENY, national=OK)},
        kinds=("regional_hubs", "users", "auth")),
    "admin:auth_user_password_change": Rule(
        lambda w, k: reverse("admin:auth_user_password_change", args=[w.users[MEMBER].pk]),
        {ANY: NATIONAL_EDIT.rows("change", (ANY,))[ANY]},
        post={ANY: {role: SKIP if cell == OK else cell
                    for role, cell in NATIONAL_EDIT.rows("change", (ANY,))[ANY].items()}}),
}

ADMIN = {name: rule for label, (policy, _objects) in ADMIN_MODELS.items()
         for name, rule in admin_rules(label, policy).items()}

TABLE = {**SITE, **API, **ADMIN_SITE, **ADMIN, **_import_rules()}


# ------------------------------------------------------------------ the URLconf

def named_urls(patterns=None, namespace=""):
    """Every URL name of the project, walking the URLconf (admin and API included)."""
    names, unnamed = set(), []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            inner, inner_unnamed = named_urls(pattern.url_patterns, prefix)
            names |= inner
            unnamed += inner_unnamed
        elif isinstance(pattern, URLPattern):
            if pattern.name:
                names.add(f"{namespace}{pattern.name}")
            else:
                unnamed.append(str(pattern.pattern))
    return names, unnamed


def test_every_url_name_is_in_the_table():
    names, _unnamed = named_urls()
    missing = sorted(names - set(TABLE))
    gone = sorted(set(TABLE) - names)
    assert not missing, f"URL names with no permission rule: {missing}"
    assert not gone, f"Rules for URL names that no longer exist: {gone}"


def test_unnamed_urls_are_only_the_admins_redirects():
    """Unnamed patterns cannot be in the table: only Django admin's own are allowed."""
    _names, unnamed = named_urls()
    assert unnamed
    for pattern in unnamed:
        assert pattern == "<path:object_id>/" or pattern.startswith("(?P<url>"), pattern


def test_every_registered_model_has_a_policy():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(ADMIN_MODELS)


def _widget_fields(attribute):
    found = {}
    for model, model_admin in admin.site._registry.items():
        admins = [(model, model_admin)] + [
            (inline.model, inline) for inline in
            (cls(model, admin.site) for cls in model_admin.inlines)]
        for owner, each in admins:
            for field_name in getattr(each, attribute, ()):
                field = owner._meta.get_field(field_name)
                found[(owner._meta.label_lower, field_name)] = \
                    field.related_model._meta.label_lower
    return found


def test_raw_id_and_autocomplete_widgets_are_decided_and_none_lists_accounts():
    raw_ids, autocompletes = _widget_fields("raw_id_fields"), \
        _widget_fields("autocomplete_fields")
    assert raw_ids == RAW_ID_FIELDS
    assert autocompletes == AUTOCOMPLETE_FIELDS
    assert "users.user" not in set(raw_ids.values()) | set(autocompletes.values())


@pytest.mark.django_db
def test_no_admin_form_of_a_delegate_offers_a_choice_of_accounts(rf, delegate):
    """A select of users lists every account to whoever opens the form: name one instead
    (``ess_platform.users.admin_fields.AccountField``)."""
    from django import forms
    from django.contrib.auth import get_user_model

    request = rf.get("/")
    request.user = delegate
    offending = []
    for model_admin in admin.site._registry.values():
        if not (model_admin.has_add_permission(request)
                or model_admin.has_change_permission(request)):
            continue
        form_classes = [(model_admin, model_admin.get_form(request))]
        for inline in model_admin.get_inline_instances(request):
            form_classes.append((inline, inline.get_formset(request).form))
        for owner, form_class in form_classes:
            for name, form_field in form_class.base_fields.items():
                if isinstance(form_field, forms.ModelChoiceField) and issubclass(
                        form_field.queryset.model, get_user_model()):
                    offending.append(f"{type(owner).__name__}.{name}")
    assert offending == []


def cell_count():
    """Roles × kinds of object for every URL name, GET and POST."""
    return sum(len(rule.get) * len(ROLES) + len(rule.post or {}) * len(ROLES)
               - sum(cell is SKIP for cells in (rule.post or {}).values()
                     for cell in cells.values())
               for rule in TABLE.values())


# ------------------------------------------------------------------ checking a rule

@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The people and objects, built once for the module and rolled back after it."""
    from django.test import override_settings

    from regional_hubs import scoping

    guard = getattr(scoping, "unscoped", None)
    files = override_settings(REPORTS_ROOT=str(tmp_path_factory.mktemp("reports")))
    with files, django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            if guard is None:
                built = build_world()
            else:
                with guard():
                    built = build_world()
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def matches(got, expected):
    return got in expected if isinstance(expected, frozenset) else got == expected


def _as_list(urls):
    return urls if isinstance(urls, list) else [urls]


def check_rule(client, world, name):
    rule = TABLE[name]
    wrong = []
    for role in ROLES:
        user = world.users[role]
        if user is None:
            client.logout()
        else:
            client.force_login(user)
        answers = {}  # GETs change nothing: one answer per path serves every kind
        for kind in rule.kinds:
            for path in _as_list(rule.url(world, kind)):
                expected = rule.get[kind][role]
                if path not in answers:
                    answers[path] = client.get(path)
                response = answers[path]
                got = outcome_of(response, listed=rule.listed and (
                    lambda r, k=kind: rule.listed(world, k, r)))
                if path != _as_list(rule.url(world, kind))[0] and expected == LISTED \
                        and got == UNLISTED:
                    # A filter on the opposite region rightly hides the object.
                    continue
                if not matches(got, expected):
                    wrong.append(f"GET {path} as {role} ({kind}): expected {expected}, "
                                 f"got {got} ({response.status_code})")
            if not rule.post or rule.post[kind][role] is SKIP:
                continue
            path = _as_list(rule.url(world, kind))[0]
            data = rule.post_data(world, kind) if rule.post_data else {}
            expected = rule.post[kind][role]
            with capture_writes() as queries:
                response = client.post(path, data)
            got = outcome_of(response)
            if expected == NOOP and got in (OK, GO, DENY):
                got = NOOP
            writes = writes_in(queries.captured_queries)
            if got != expected:
                wrong.append(f"POST {path} as {role} ({kind}): expected {expected}, "
                             f"got {got} ({response.status_code})")
            if expected in DENIALS and writes:
                wrong.append(f"POST {path} as {role} ({kind}) was refused but wrote to "
                             f"{sorted(writes)}")
    return wrong


@pytest.fixture(scope="module", autouse=True)
def _quiet_refusals():
    """Thousands of refusals are expected here: do not format a traceback for each."""
    import logging

    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(TABLE))
def test_permission_table(client, world, name):
    wrong = check_rule(client, world, name)
    assert not wrong, "\n".join(wrong)
