"""Sections an upper app adds to a lower app's page, so that dependencies keep one way.

A page of ``regional_hubs`` or ``cooperatives`` cannot import ``projects_bank``; instead
``projects_bank`` registers, in its ``AppConfig.ready``, a function that renders its part
of that page (``register("regional_hubs:region", render_funnel)``), and the page's view
asks ``render_sections("regional_hubs:region", request, region=region)``.
"""

from collections import defaultdict

_registry = defaultdict(list)


def register(page, render):
    """``render(request, **objects)`` returns HTML (safe) or an empty string."""
    if render not in _registry[page]:
        _registry[page].append(render)


def render_sections(page, request, **objects):
    """The HTML of every section registered for this page, in registration order."""
    return [html for render in _registry[page] if (html := render(request, **objects))]
