"""The territory's names for the site's search (ess_platform.kernel.searching): every region,
province and commune in Arabic and in French, so a query in one script finds the other,
and a query naming one exactly resolves to it (a list filters by its id)."""


def register():
    from ess_platform.kernel.searching.registry import register_names

    from .models import Commune, Province, Region

    for model in (Region, Province, Commune):
        register_names(model, ("name_ar", "name_fr"), source="territory",
                       rows=model.objects.all, facet=model._meta.model_name)
