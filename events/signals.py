"""``capacity_changed``: an event's capacity changed and the change committed (sent by
``Event.save``, whoever saved it); the services give the freed places to the waiting list."""

from django.dispatch import Signal

capacity_changed = Signal()
