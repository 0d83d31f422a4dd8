"""What the site's search (ess_platform.kernel.searching) learns and lists from the projects
bank."""

from django.utils.translation import gettext_lazy as _

from ess_platform.kernel.searching.registry import register_list, register_names


def search_ideas(search):
    from .selectors import filter_ideas, published_ideas

    return filter_ideas(published_ideas().order_by("-submitted_at", "-pk"), q=search)


def _idea(idea):
    return {"title": idea.title, "url": idea.get_absolute_url(),
            "subtitle": " · ".join(str(part) for part in (idea.sector, idea.region) if part)}


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
