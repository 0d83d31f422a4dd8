from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ess_platform.kernel import jsonld
from ess_platform.kernel.page_sections import render_sections
from ess_platform.kernel.pagination import COUNT_CAP, CappedCountPaginator
from ess_platform.kernel.searching.engine import Search, no_results_context
from regional_hubs.models import RegionalHub

from . import permissions, profile_views, selectors, services
from .cache import (
    TTL,
    directory_key,
    pinned_version,
    read_directory_version,
    reference_data,
)
from .directory import directory_context, page_anchors, with_card_photos
from .exports import FORMATS, export_response
from .forms import CooperativeProfileForm, DirectoryFilterForm, ProductForm
from .inquiries import received_inquiries
from .models import Cooperative, Product

PAGE_SIZE = 20


def _filtered(request, reference=None):
    """The bound filter form and the matching cooperatives (none if the form is invalid)."""
    form = DirectoryFilterForm(request.GET, reference=reference)
    if form.is_valid():
        return form, selectors.cooperative_list(**form.filters())
    return form, Cooperative.objects.none()


@require_safe
def directory(request):
    """The directory page; its body (filters, results, map) is cached per directory
    version (cooperatives/cache.py): it holds nothing personal."""
    version = read_directory_version(request)
    key = directory_key("page", get_language(), request.get_full_path(), version=version)
    body = cache.get(key)
    if body is None:
        with pinned_version(version):
            body = _directory_body(request, version)
        cache.set(key, body, TTL)
    return render(request, "cooperatives/directory.html", {"body": body})


def _directory_body(request, version):
    """The directory page's body: filters, results, map (the cached part)."""
    # The filters' choices come from memory; the counts of every filter value, the
    # total and the wider filters from one grouped query (directory.py).
    reference = reference_data(version)
    form, cooperatives = _filtered(request, reference)
    search = form.search if form.is_valid() else Search("")
    cooperatives, extras = directory_context(request, form, cooperatives, reference)
    # The whole directory (no filter, no search, no other order): deep pages walk from
    # its anchors.
    whole = not any(value for key, value in request.GET.items() if key != "page")
    paginator = CappedCountPaginator(with_card_photos(cooperatives), PAGE_SIZE,
                                     count_cap=COUNT_CAP,
                                     anchors=page_anchors if whole else None)
    # Counted with the filters' groups (up to the cap for a search: "more than").
    paginator.count, paginator.capped = extras.pop("count"), extras.pop("capped")
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render_to_string("cooperatives/_directory_body.html", {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        **extras,
        "search": search,
        "count_cap": COUNT_CAP,
        # The directory offers its own wider filters (one dropped at a time).
        **(no_results_context(request, search, page.paginator.count, wider=False)
           if form.is_valid() else {}),
    }, request=request)


def json_ld(cooperative, request):
    """schema.org Organization for a cooperative: its address, its place (with coordinates
    when known) and its products as offers; and, in ESSGLOBAL terms, an SSE initiative with
    its legal form and membership."""
    address = jsonld.postal_address(street=cooperative.address,
                                    locality=cooperative.commune.name,
                                    region=cooperative.region.name)
    return jsonld.script({
        "@context": jsonld.SCHEMA_ORG_AND_ESSGLOBAL,
        "@type": "Organization",
        "additionalType": jsonld.ESSGLOBAL + "SSEInitiative",
        "name": cooperative.name,
        "alternateName": [name for name in (cooperative.name_ar, cooperative.name_fr)
                          if name and name != cooperative.name],
        "url": request.build_absolute_uri(cooperative.get_absolute_url()),
        "identifier": cooperative.registration_number,
        "description": cooperative.description,
        "foundingDate": cooperative.founded_on,
        "numberOfEmployees": {"@type": "QuantitativeValue", "value": cooperative.members_count},
        "telephone": cooperative.phone,
        "email": cooperative.email,
        "sameAs": cooperative.website,
        "address": address,
        "location": jsonld.geo_place(latitude=cooperative.latitude,
                                     longitude=cooperative.longitude,
                                     name=cooperative.commune.name, address=address),
        # Cooperatives, unions and federations of cooperatives (law 112-12) are all of
        # ESSGLOBAL's legal form L2, "co-operative".
        "essglobal:legalForm": {"@id": jsonld.ESSGLOBAL_LEGAL_FORMS + "L2"},
        "essglobal:totalOfMembers": cooperative.members_count,
        "essglobal:totalWomen": cooperative.women_members,
        "makesOffer": [
            {"@type": "Offer", "itemOffered": {"@type": "Product", "name": product.name,
                                               "description": product.description},
             "price": str(product.price) if product.price is not None else None,
             "priceCurrency": Product.CURRENCY if product.price is not None else None}
            for product in cooperative.products.all()
        ],
    })


@require_safe
def detail(request, pk):
    cooperative = get_object_or_404(selectors.cooperative_detail_queryset(), pk=pk)
    try:
        hub = cooperative.region.hub
    except RegionalHub.DoesNotExist:
        hub = None
    return render(request, "cooperatives/detail.html", {
        "cooperative": cooperative,
        "hub": hub,
        "json_ld": json_ld(cooperative, request),
        "can_edit": permissions.is_manager(request.user, cooperative),
        "page_extras": render_sections("cooperatives:detail", request, cooperative=cooperative),
        "map": profile_views.location_map(cooperative),
        "inquiry_form": profile_views.inquiry_form(request, cooperative),
    })


@require_safe
def export(request, fmt):
    if fmt not in FORMATS:
        raise Http404
    form, cooperatives = _filtered(request)
    return export_response(cooperatives, fmt)


@login_required
@require_safe
def mine(request):
    return render(request, "cooperatives/mine.html",
                  {"cooperatives": selectors.managed_cooperatives(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def edit_profile(request, pk):
    cooperative = profile_views.managed_cooperative(request, pk)
    form = CooperativeProfileForm(request.POST or None, instance=cooperative)
    if request.method == "POST" and form.is_valid():
        services.save_cooperative(cooperative=form.save(commit=False))
        messages.success(request, _("The profile was saved."))
        return redirect("cooperatives:manage", pk=cooperative.pk)
    products = cooperative.products.order_by("name", "pk")
    return render(request, "cooperatives/manage.html", {
        "cooperative": cooperative, "form": form, "products": products,
        "certifications": cooperative.certifications.order_by("kind", "pk"),
        "inquiries": received_inquiries(cooperative),
        "page_extras": render_sections("cooperatives:manage", request,
                                       cooperative=cooperative)})


@login_required
@require_http_methods(["GET", "POST"])
def edit_product(request, pk, product_pk=None):
    cooperative = profile_views.managed_cooperative(request, pk)
    product = (get_object_or_404(cooperative.products, pk=product_pk)
               if product_pk else Product(cooperative=cooperative))
    form = ProductForm(request.POST or None, request.FILES or None, instance=product)
    if request.method == "POST" and form.is_valid():
        services.save_product(product=form.save(commit=False),
                              photo_changed="photo" in form.changed_data)
        messages.success(request, _("The product was saved."))
        return redirect("cooperatives:manage", pk=cooperative.pk)
    return render(request, "cooperatives/product_form.html",
                  {"cooperative": cooperative, "form": form, "product": product})


@login_required
@require_http_methods(["GET", "POST"])
def delete_product(request, pk, product_pk):
    cooperative = profile_views.managed_cooperative(request, pk)
    product = get_object_or_404(cooperative.products, pk=product_pk)
    if request.method == "POST":
        services.delete_product(product=product)
        messages.success(request, _("The product was deleted."))
        return redirect("cooperatives:manage", pk=cooperative.pk)
    return render(request, "cooperatives/product_delete.html",
                  {"cooperative": cooperative, "product": product})
