from django.shortcuts import render
from django.views.decorators.http import require_safe

from ess_platform.kernel import jsonld

from .catalogue import HCP_LICENCE, PLATFORM_LICENCE, catalogue_rows, dcat


@require_safe
def catalogue(request):
    """The data sets, their formats, licence and update time, described in DCAT."""
    rows = catalogue_rows()
    page_url = request.build_absolute_uri(request.path)
    return render(request, "opendata/catalogue.html", {
        "rows": rows,
        "platform_licence": PLATFORM_LICENCE,
        "hcp_licence": HCP_LICENCE,
        "dcat": jsonld.script(dcat(rows, page_url=page_url,
                                   absolute=request.build_absolute_uri)),
    })
