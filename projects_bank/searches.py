"""What the site's search (ess_platform.kernel.searching) learns and lists from the projects
bank."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ess_platform.kernel.searching.registry import register_list, register_names


def search_ideas(search):
    from .selectors import filter_ideas, published_ideas

    return filter_ideas(published_ideas().order_by("-submitted_at", "-pk"), q=search)


def _idea(idea):
    return {"title": idea.title, "url": idea.get_absolute_url(),
            "subtitle": " · ".join(str(part) for part in (idea.sector, idea.region) if part)}


def search_partners(search):
    from .selectors import partners

    # A result row shows the name and the kind: the regions are not read.
    return partners(q=search).prefetch_related(None)


def search_funding_sources(search):
    from .selectors import funding_sources

    return funding_sources(q=search).prefetch_related(None)


def _on_list(url_name, name, anchor):
    """The list page searched for this row's name, at the row (the list has no page per
    row; the name ranks it first)."""
    return f"{reverse(url_name)}?{urlencode({'q': name})}#{anchor}"


def _partner(partner):
    return {"title": partner.name, "subtitle": partner.get_kind_display(),
            "url": _on_list("projects_bank:partners", partner.name, f"partner-{partner.slug}")}


def _funding_source(source):
    return {"title": source.programme,
            "subtitle": " · ".join(str(part) for part in (source.funder,
                                                          source.get_kind_display()) if part),
            "url": _on_list("projects_bank:funding", source.programme,
                            f"funding-{source.slug}")}


def register():
    from .models import FundingSource, Partner, ProjectIdea

    # Published ideas only: "did you mean" shows these words to anyone.
    register_names(ProjectIdea, ("title",), source="idea", pairs=False,
                   include=lambda idea: idea.is_published)
    register_names(Partner, ("name_ar", "name_fr"), source="partner", pairs=False)
    register_names(FundingSource, ("programme_ar", "programme_fr"), source="funding",
                   pairs=False)
    register_list("ideas", label=_("Project ideas"), search=search_ideas,
                  url_name="projects_bank:ideas", describe=_idea, position=40)
    register_list("funding", label=_("Financing sources"), search=search_funding_sources,
                  url_name="projects_bank:funding", describe=_funding_source, position=50)
    register_list("partners", label=_("Partners"), search=search_partners,
                  url_name="projects_bank:partners", describe=_partner, position=60)
