"""The pages that let people act on a cooperative: ask it a question, search the products
of every cooperative; and its managers' page of labels and certifications."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ess_platform.kernel.pagination import DeferredJoinPaginator
from ess_platform.kernel.searching.engine import MAX_QUERY, Search
from ess_platform.users.client_ip import client_ip
from regional_hubs.maps import render_map

from . import inquiries, permissions, selectors
from .cache import directory_version, pinned_version, reference_data
from .forms import CertificationFormSet, InquiryForm, ProductSearchForm
from .models import Cooperative, Product

#: Twelve a page: with their photos, a first visit on a phone stays under 150 KB.
PAGE_SIZE = 12


def managed_cooperative(request, pk):
    """The cooperative a manager edits (these pages and the views' edit pages): any
    cooperative, then the manager check, so a non-manager is refused, not told "no such"."""
    cooperative = get_object_or_404(Cooperative.objects.unscoped().select_related("sector"),
                                    pk=pk)
    if not permissions.is_manager(request.user, cooperative):
        raise PermissionDenied
    return cooperative


def inquiry_form(request, cooperative, data=None):
    """The "ask the cooperative" form (a fresh one-time token), or None when a question
    would reach nobody."""
    if data is None and not inquiries.can_receive(cooperative):
        return None
    return InquiryForm(data, cooperative=cooperative, user=request.user,
                       initial={"token": uuid.uuid4(), "product": request.GET.get("product")})


def location_map(cooperative):
    """Where the cooperative is: its point when it has coordinates, else its province
    outlined among the provinces of its region (our own shapes, no tiles)."""
    from regional_hubs.maps import MapPoint

    points = []
    if cooperative.latitude is not None and cooperative.longitude is not None:
        points = [MapPoint(cooperative.latitude, cooperative.longitude, cooperative.name)]
    return render_map(
        "provinces", region_code=cooperative.region.code, points=points,
        highlight=cooperative.province.code,
        names={cooperative.province.code: cooperative.province.name},
        title=_("%(cooperative)s in %(commune)s, %(province)s") % {
            "cooperative": cooperative.name, "commune": cooperative.commune.name,
            "province": cooperative.province.name})


@require_http_methods(["GET", "POST"])
def ask(request, pk):
    """Send a question to a published cooperative's managers (once; rate-limited)."""
    cooperative = get_object_or_404(Cooperative.objects.public(), pk=pk)
    status = 200
    if request.method == "POST":
        form = inquiry_form(request, cooperative, data=request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                inquiries.ask_cooperative(
                    cooperative=cooperative, token=data["token"], name=data["name"],
                    email=data["email"], phone=data["phone"], message=data["message"],
                    product=data["product"], client_ip=client_ip(request),
                    sender=request.user if request.user.is_authenticated else None)
            except inquiries.InquiryRefused as refusal:
                form.add_error(None, str(refusal))
                status = refusal.status
            else:
                messages.success(request, _("Your message was sent to the cooperative. It "
                                            "will answer you by e-mail or phone."))
                return redirect(cooperative.get_absolute_url())
        else:
            status = 400
    else:
        form = inquiry_form(request, cooperative)
    return render(request, "cooperatives/ask.html",
                  {"cooperative": cooperative, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def certifications(request, pk):
    """A manager keeps the cooperative's labels and certifications."""
    cooperative = managed_cooperative(request, pk)
    formset = CertificationFormSet(request.POST or None, instance=cooperative,
                                   queryset=cooperative.certifications.order_by("kind", "pk"))
    if request.method == "POST" and formset.is_valid():
        formset.save()
        messages.success(request, _("The labels and certifications were saved."))
        return redirect("cooperatives:manage", pk=cooperative.pk)
    return render(request, "cooperatives/certifications.html",
                  {"cooperative": cooperative, "formset": formset},
                  status=400 if request.method == "POST" else 200)


@require_safe
def product_search(request):
    """Products of every published cooperative, filtered by sector, region, price range,
    availability and words; the same filters as /api/v1/products/ (and its CSV)."""
    # One read of the directory version: the filters' choices and the rows' sectors and
    # regions come from the process's reference data for it (cooperatives/cache.py).
    version = directory_version()
    with pinned_version(version):
        form = ProductSearchForm(request.GET, reference=reference_data(version))
        if form.is_valid():
            search = Search((form.cleaned_data.get("q") or "")[:MAX_QUERY])
            products = selectors.product_list(order=form.cleaned_data.get("sort") or "name",
                                              **{**form.filters(), "q": search})
        else:
            products = Product.objects.none()
        page = DeferredJoinPaginator(products, PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = list(page.object_list)  # read while the version is pinned
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "cooperatives/products.html", {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "csv_url": _csv_url(form) if form.is_valid() else "",
    }, status=200 if form.is_valid() else 400)


def _csv_url(form):
    """The same question asked of the open-data API, as CSV (ess_platform/opendata)."""
    data = form.cleaned_data
    params = {"format": "csv"}
    if data.get("q"):
        params["search"] = data["q"]
    if data.get("sector"):
        params["sector"] = data["sector"].slug
    if data.get("region"):
        params["region"] = data["region"].code
    for name in ("min_price", "max_price"):
        if data.get(name) is not None:
            params[name] = str(data[name])
    if data.get("available"):
        params["available"] = "true"
    return reverse("product-list") + "?" + urlencode(params)
