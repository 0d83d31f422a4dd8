from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ess_platform.kernel.private_files import serve_private_file

from . import permissions, services
from .forms import ReportRequestForm
from .models import Report

PAGE_SIZE = 20
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv_zip": "application/zip",
}


def _reports_user(request):
    if not permissions.may_use_reports(request.user):
        raise PermissionDenied
    return request.user


def _own_report(request, pk):
    report = get_object_or_404(Report.objects.owned_by(request.user).select_related("region"),
                               pk=pk)
    if not permissions.can_access(request.user, report):
        raise Http404
    return report


@login_required
def report_list(request):
    user = _reports_user(request)
    form = ReportRequestForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            services.request_report(requester=user, **form.cleaned_data)
        messages.success(request, _("Your report is being built. This page shows its "
                                    "progress; you will also be notified when it is ready."))
        return redirect("reports:list")
    reports = Report.objects.owned_by(user).select_related("region").defer("data")
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reports/list.html", {"form": form, "page": page})


@never_cache
@login_required
@require_safe
def report_status(request, pk):
    report = _own_report(request, pk)
    return JsonResponse({
        "id": report.pk,
        "status": report.status,
        "status_label": report.get_status_display(),
        "progress": report.progress,
        "finished": report.is_finished,
        "files": {kind: reverse("reports:download", args=[report.pk, kind])
                  for kind, _file in report.files()},
    })


@login_required
@require_safe
def download(request, pk, kind):
    report = _own_report(request, pk)
    if kind not in CONTENT_TYPES or report.status != Report.Status.DONE:
        raise Http404
    extension = {"pdf": "pdf", "xlsx": "xlsx", "csv_zip": "zip"}[kind]
    scope = report.region.slug if report.region_id else "maroc"
    filename = f"ess-{scope}-{report.period_start:%Y%m%d}-{report.period_end:%Y%m%d}.{extension}"
    return serve_private_file(getattr(report, kind), filename=filename,
                              content_type=CONTENT_TYPES[kind])
