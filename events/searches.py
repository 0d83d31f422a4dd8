"""What the site's search (ess_platform.kernel.searching) learns and lists from the events."""

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from ess_platform.kernel.searching.registry import register_list, register_names


def search_events(search):
    from .selectors import filter_events, public_events

    return filter_events(public_events(), q=search)


def _event(event):
    return {"title": event.title, "url": event.get_absolute_url(),
            "subtitle": f"{date_format(localtime(event.starts_at), 'DATE_FORMAT')} · "
                        f"{event.region.name}"}


def register():
    from .models import Event

    register_names(Event, ("title_ar", "title_fr"), source="event", pairs=False,
                   include=lambda event: event.is_published)
    register_list("events", label=_("Events"), search=search_events, url_name="events:list",
                  describe=_event, position=30)
