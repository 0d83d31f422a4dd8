import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ess_platform.kernel.pagination import CappedCountPaginator
from ess_platform.kernel.private_files import download_name, serve_private_file
from ess_platform.kernel.searching.engine import Search, no_results_context

from . import permissions, selectors, services
from .forms import (
    FundingFilterForm,
    IdeaFilterForm,
    IdeaForm,
    ModelFilterForm,
    PartnerFilterForm,
    ScoreForm,
)
from .models import Call, ProjectIdea

PAGE_SIZE = 20


def paginate(request, queryset, per_page=PAGE_SIZE, known_count=None):
    # Deep pages read their keys first, then their rows (ess_platform/kernel/pagination.py):
    # an offset of thousands of ideas no longer joins each skipped idea's places.
    # ``known_count``: a callable that may give the list's count without counting it.
    paginator = CappedCountPaginator(queryset, per_page, known_count=known_count)
    return paginator.get_page(request.GET.get("page"))


def query_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def searched_filters(form):
    """The form's filters with its words as one ``Search`` (expanded once, shown on the
    page: highlights, "did you mean")."""
    filters = form.filters()
    search = Search(filters.pop("q", ""))
    return filters, search


def search_context(request, search, page):
    return {"search": search, **no_results_context(request, search, page.paginator.count)}


@require_safe
def home(request):
    open_calls = selectors.public_calls().filter(status=Call.Status.OPEN)[:3]
    latest = selectors.published_ideas().order_by("-submitted_at")[:4]
    counts = ProjectIdea.objects.public().aggregate(
        published=Count("pk", filter=Q(status__in=ProjectIdea.PUBLISHED_STATUSES)),
        cooperatives=Count("pk", filter=Q(status=ProjectIdea.Status.COOPERATIVE_CREATED)),
    )
    return render(request, "projects_bank/home.html",
                  {"open_calls": open_calls, "latest": latest, "counts": counts})


@require_safe
def idea_list(request):
    form = IdeaFilterForm(request.GET or None)
    filters, search = searched_filters(form)
    ideas = selectors.filter_ideas(
        selectors.published_ideas().order_by("-submitted_at", "-pk"), q=search, **filters)
    known_count = None
    if not search and not filters.get("call"):  # the tally's filters only
        def known_count():
            return selectors.published_idea_count(
                region=filters.get("region", ""), sector=filters.get("sector", ""),
                status=filters.get("status", ""))
    page = paginate(request, ideas, known_count=known_count)
    return render(request, "projects_bank/idea_list.html",
                  {"form": form, "page": page, "query": query_without_page(request),
                   **search_context(request, search, page)})


@require_safe
def idea_detail(request, pk):
    try:
        idea = selectors.idea_detail(pk)
    except ProjectIdea.DoesNotExist:
        raise Http404 from None
    if not permissions.can_view_idea(request.user, idea):
        raise Http404
    context = {
        "idea": idea,
        "is_author": request.user.is_authenticated and idea.author_id == request.user.pk,
        "can_review": permissions.can_review(request.user, idea),
        "can_view_photo": permissions.can_view_idea_file(request.user, idea, "photo"),
        "can_view_document": permissions.can_view_idea_file(request.user, idea, "document"),
        "economic_models": selectors.economic_models(idea.sector_id and idea.sector)[:6],
        "funding_sources": selectors.eligible_funding_sources(idea)[:12],
        "hub": idea.incubation_hub or selectors.hub_of(idea.region_id),
        "ranking": idea.ranking_entries.select_related("call").filter(
            call__status=Call.Status.PUBLISHED),
    }
    return render(request, "projects_bank/idea_detail.html", context)


#: How long a browser may keep the photo of a published idea (seconds).
PUBLIC_PHOTO_MAX_AGE = 3600


def _idea_file(request, pk, field):
    """Serve an idea's private file to whoever may read it; a 404 to everyone else."""
    try:
        idea = selectors.idea_files(pk)
    except ProjectIdea.DoesNotExist:
        raise Http404 from None
    if not permissions.can_view_idea_file(request.user, idea, field):
        raise Http404
    field_file = getattr(idea, field)
    if field == "photo" and request.GET.get("size") == "small" and idea.photo_thumbnail:
        field_file = idea.photo_thumbnail  # the phone-sized copy (``srcset``)
    public = field == "photo" and idea.is_published
    return serve_private_file(
        field_file,
        filename=download_name(getattr(idea, f"{field}_name"), field_file.name,
                               fallback=f"idea-{idea.pk}-{field}"),
        as_attachment=field == "document",
        max_age=PUBLIC_PHOTO_MAX_AGE if public else None,
    )


@require_safe
def idea_document(request, pk):
    return _idea_file(request, pk, "document")


@require_safe
def idea_photo(request, pk):
    return _idea_file(request, pk, "photo")


def _save_idea(request, form, idea=None):
    """Run the draft or submit service; map its refusals onto the form."""
    action = request.POST.get("action", "submit")
    service = services.save_draft if action == "draft" else services.submit_idea
    try:
        return service(author=request.user, idea=idea,
                       submission_token=form.cleaned_data["submission_token"],
                       **form.service_fields())
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
    return None


def _narrowing(request, form):
    """True when the author asked for the next list of places (the no-JavaScript path):
    the form comes back with it and with everything typed, without complaints yet."""
    if request.POST.get("action") != "narrow":
        return False
    form.full_clean()
    form.errors.clear()
    return True


def _form_page(request, form, idea=None):
    return render(request, "projects_bank/idea_form.html", {
        "form": form, "idea": idea,
        # Browsers never send a file back: say so when one was chosen.
        "files_dropped": request.method == "POST" and bool(request.FILES),
    })


def _after_save(request, idea):
    if idea.status == ProjectIdea.Status.DRAFT:
        messages.success(request, _("Your draft is saved. Submit it when it is ready."))
    else:
        messages.success(request, _("Your idea is submitted. You will be told of each step."))
    return redirect(idea)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def idea_create(request):
    if request.method == "POST":
        form = IdeaForm(request.POST, request.FILES, user=request.user)
        if not _narrowing(request, form) and form.is_valid():
            idea = _save_idea(request, form)
            if idea is not None:
                return _after_save(request, idea)
    else:
        form = IdeaForm(user=request.user, initial={
            "submission_token": uuid.uuid4(), "language": request.LANGUAGE_CODE,
            "expected_women": 0, "expected_youth": 0, "expected_jobs": 0,
        })
    return _form_page(request, form)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def idea_edit(request, pk):
    idea = get_object_or_404(ProjectIdea.objects.owned_by(request.user), pk=pk)
    if idea.status != ProjectIdea.Status.DRAFT:
        messages.error(request, _("Only a draft can be edited."))
        return redirect(idea)
    if request.method == "POST":
        form = IdeaForm(request.POST, request.FILES, instance=idea, user=request.user)
        if not _narrowing(request, form) and form.is_valid():
            saved = _save_idea(request, form, idea=idea)
            if saved is not None:
                return _after_save(request, saved)
    else:
        form = IdeaForm(instance=idea, user=request.user,
                        initial={"submission_token": idea.submission_token})
    return _form_page(request, form, idea)


@login_required
@require_safe
def my_ideas(request):
    ideas = selectors.ideas_visible_to(request.user, mine=True).order_by("-created_at")
    juries = selectors.calls_of_juror(request.user)
    return render(request, "projects_bank/my_ideas.html",
                  {"page": paginate(request, ideas), "juries": juries})


@require_safe
def call_list(request):
    calls = selectors.public_calls().order_by("-opens_on", "pk")
    return render(request, "projects_bank/call_list.html", {"page": paginate(request, calls)})


@require_safe
def call_detail(request, slug):
    call = get_object_or_404(selectors.public_calls(), slug=slug)
    published = call.status == Call.Status.PUBLISHED
    return render(request, "projects_bank/call_detail.html", {
        "call": call,
        "criteria": call.criteria.all(),
        "ranking": selectors.call_ranking(call) if published else None,
        "is_juror": permissions.is_juror(request.user, call),
    })


def _juror_call(request, slug):
    # Any call, then the jury check: a non-juror is refused, not told "no such".
    call = get_object_or_404(Call.objects.unscoped().select_related("region"), slug=slug)
    if not permissions.is_juror(request.user, call):
        raise PermissionDenied
    return call


@login_required
@require_safe
def jury(request, slug):
    call = _juror_call(request, slug)
    ideas = selectors.jury_worklist(call, request.user)
    return render(request, "projects_bank/jury.html",
                  {"call": call, "page": paginate(request, ideas)})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def score(request, slug, pk):
    call = _juror_call(request, slug)
    idea = get_object_or_404(
        call.ideas.select_related("sector", "commune", "region", "cooperative"),
        pk=pk, status__in=services.SCORABLE_STATUSES,
    )
    criteria = list(call.criteria.all())
    mine = idea.evaluations.filter(juror=request.user).prefetch_related(
        "scores__criterion").first()
    conflict = permissions.has_conflict_of_interest(request.user, idea)
    form = ScoreForm(request.POST or None, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        try:
            services.score_idea(call=call, idea=idea, juror=request.user,
                                scores=form.scores(), comment=form.cleaned_data["comment"])
        except services.ScoringRefused as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your scores are recorded."))
            return redirect("projects_bank:jury", slug=call.slug)
    return render(request, "projects_bank/score.html", {
        "call": call, "idea": idea, "form": form, "mine": mine, "conflict": conflict,
        "can_view_photo": permissions.can_view_idea_file(request.user, idea, "photo"),
        "can_view_document": permissions.can_view_idea_file(request.user, idea, "document"),
    })


@require_safe
def economic_model_list(request):
    form = ModelFilterForm(request.GET or None)
    sector = form.cleaned_data.get("sector") if form.is_valid() else None
    models = selectors.economic_models(sector)
    return render(request, "projects_bank/economic_models.html", {
        "form": form, "page": paginate(request, models), "query": query_without_page(request),
    })


@require_safe
def funding_list(request):
    form = FundingFilterForm(request.GET or None)
    filters, search = searched_filters(form)
    page = paginate(request, selectors.funding_sources(q=search, **filters))
    return render(request, "projects_bank/funding_sources.html", {
        "form": form, "page": page, "query": query_without_page(request),
        **search_context(request, search, page),
    })


@require_safe
def partner_list(request):
    form = PartnerFilterForm(request.GET or None)
    filters, search = searched_filters(form)
    page = paginate(request, selectors.partners(q=search, **filters))
    return render(request, "projects_bank/partners.html", {
        "form": form, "page": page, "query": query_without_page(request),
        **search_context(request, search, page),
    })
