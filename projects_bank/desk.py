"""The delegate's desk: the region's ideas as a queue, one screen per idea, and the next
moves of the workflow as buttons. Regional delegates see their region, national
administrators every region; each move goes through ``projects_bank.services``."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from cooperatives.models import Cooperative, Sector
from regional_hubs.models import Province, Region
from regional_hubs.scoping import is_delegate, is_national_admin

from . import selectors, services
from .models import Call, Programme, ProjectIdea
from .views import paginate, query_without_page

Status = ProjectIdea.Status
PAGE_SIZE = 20

#: The buttons of the desk: what each move is called, and what it asks for.
ACTIONS = {
    Status.UNDER_REVIEW: gettext_lazy("Start the review"),
    Status.SHORTLISTED: gettext_lazy("Shortlist for the jury"),
    Status.ACCEPTED: gettext_lazy("Accept"),
    Status.REJECTED: gettext_lazy("Reject"),
    Status.INCUBATED: gettext_lazy("Incubate"),
    Status.COOPERATIVE_CREATED: gettext_lazy("Cooperative registered"),
    "enrol": gettext_lazy("Enrol in a programme"),
    "outcome": gettext_lazy("Record the outcomes"),
}


def _require_reviewer(user):
    if not (is_delegate(user) or is_national_admin(user)):
        raise PermissionDenied


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=100)
    status = forms.ChoiceField(label=gettext_lazy("status"), required=False)
    sector = forms.ChoiceField(label=gettext_lazy("sector"), required=False)
    province = forms.ChoiceField(label=gettext_lazy("province"), required=False)
    call = forms.ChoiceField(label=gettext_lazy("call"), required=False)
    region = forms.ChoiceField(label=gettext_lazy("region"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.fields["status"].choices = every + [(s.value, s.label)
                                                 for s in selectors.DESK_STATUSES]
        self.fields["sector"].choices = every + [
            (s.slug, s.name) for s in Sector.objects.order_by("position", "slug")]
        provinces = Province.objects.order_by("code")
        if not is_national_admin(user):
            provinces = provinces.filter(region_id=user.region_id)
            del self.fields["region"]
        else:
            self.fields["region"].choices = every + [
                (r.code, r.name) for r in Region.objects.order_by("code")]
        self.fields["province"].choices = every + [(p.code, p.name) for p in provinces]
        self.fields["call"].choices = every + [
            (c.slug, c.title) for c in Call.objects.managed_by(user).order_by("-opens_on")[:50]]

    def filters(self):
        if not self.is_valid():
            return {}
        data = dict(self.cleaned_data)
        region = data.pop("region", "")
        return {"region": region, **data}


@login_required
@require_safe
def queue(request):
    _require_reviewer(request.user)
    form = QueueFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    region = filters.pop("region", "")
    ideas = selectors.desk_ideas(request.user)
    if region:
        ideas = ideas.filter(region__code=region)
    status = filters.pop("status", "")
    ideas = selectors.filter_desk(ideas, **filters)
    counts = selectors.desk_counts(ideas)
    if status:
        ideas = ideas.filter(status=status)
    page = paginate(request, ideas.order_by("submitted_at", "pk"), PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("status", None)
    return render(request, "projects_bank/desk/queue.html", {
        "form": form, "page": page, "counts": counts, "status": status,
        "total": sum(count for _status, count in counts),
        "query": query_without_page(request), "status_query": query.urlencode(),
        "region": request.user.region if is_delegate(request.user) else None,
    })


def _desk_idea(request, pk):
    _require_reviewer(request.user)
    try:
        return selectors.desk_idea(request.user, pk)
    except ProjectIdea.DoesNotExist:
        raise Http404 from None


def next_actions(idea):
    """The moves a reviewer may make on this idea now, in the workflow's order."""
    allowed = services.TRANSITIONS.get(idea.status, set())
    codes = [code for code in ACTIONS if code in allowed]
    if idea.status in (Status.INCUBATED, Status.COOPERATIVE_CREATED):
        codes.append("enrol")
    if idea.status == Status.COOPERATIVE_CREATED:
        codes.append("outcome")
    return [{"code": code, "label": ACTIONS[code]} for code in codes]


@login_required
@require_safe
def idea(request, pk):
    idea = _desk_idea(request, pk)
    place = idea.incubation_hub or selectors.hub_of(idea.region_id)
    return render(request, "projects_bank/desk/idea.html", {
        "idea": idea,
        "journey": selectors.journey(idea),
        "actions": next_actions(idea),
        "place": place,
        "programmes": list(selectors.open_programmes(place)),
        "economic_models": selectors.economic_models(idea.sector)[:6],
        "funding_sources": selectors.eligible_funding_sources(idea)[:12],
        "outcome_form": OutcomeForm(),
    })


class OutcomeForm(forms.Form):
    jobs_created = forms.IntegerField(label=gettext_lazy("jobs created"), min_value=0,
                                      validators=[MaxValueValidator(100_000)])
    members = forms.IntegerField(label=gettext_lazy("members"), min_value=0,
                                 validators=[MaxValueValidator(100_000)])
    women_members = forms.IntegerField(label=gettext_lazy("women members"), min_value=0,
                                       initial=0)
    youth_members = forms.IntegerField(label=gettext_lazy("young members"), min_value=0,
                                       initial=0)


def _programme(request, idea, required):
    pk = request.POST.get("programme", "")
    if not pk:
        if required:
            raise ValidationError(_("Choose a programme."))
        return None
    try:
        return Programme.objects.managed_by(request.user).get(pk=int(pk))
    except (ValueError, Programme.DoesNotExist):
        raise ValidationError(_("Choose a programme.")) from None


def _cooperative(request):
    number = (request.POST.get("registration_number") or "").strip()
    cooperative = Cooperative.objects.managed_by(request.user).filter(
        registration_number__iexact=number).first() if number else None
    if cooperative is None:
        raise ValidationError(
            _("No cooperative of your region has this registration number. Add it to the "
              "directory first."))
    return cooperative


def _run(request, idea, code):
    user, reason = request.user, (request.POST.get("reason") or "").strip()
    if code == Status.UNDER_REVIEW:
        return services.start_review(idea=idea, by=user)
    if code == Status.SHORTLISTED:
        return services.shortlist(idea=idea, by=user, reason=reason)
    if code == Status.ACCEPTED:
        return services.accept(idea=idea, by=user, reason=reason)
    if code == Status.REJECTED:
        return services.reject(idea=idea, by=user, reason=reason)
    if code == Status.INCUBATED:
        return services.incubate(idea=idea, by=user, reason=reason,
                                 programme=_programme(request, idea, required=False))
    if code == Status.COOPERATIVE_CREATED:
        return services.mark_cooperative_created(idea=idea, by=user, reason=reason,
                                                 cooperative=_cooperative(request))
    if code == "enrol":
        return services.enrol_idea(programme=_programme(request, idea, required=True),
                                   idea=idea, by=user)
    if code == "outcome":
        form = OutcomeForm(request.POST)
        if not form.is_valid():
            raise ValidationError([error for errors in form.errors.values()
                                   for error in errors])
        return services.record_outcome(idea=idea, by=user, note=reason, **form.cleaned_data)
    raise ValidationError(_("This action is not available for this idea."))


@login_required
@require_POST
def act(request, pk):
    idea = _desk_idea(request, pk)
    code = request.POST.get("action", "")
    if code not in {action["code"] for action in next_actions(idea)}:
        messages.error(request, _("This action is not available for this idea."))
        return redirect("projects_bank:desk-idea", pk=idea.pk)
    try:
        _run(request, idea, code)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Done: %(action)s.") % {"action": ACTIONS[code]})
    return redirect("projects_bank:desk-idea", pk=idea.pk)
