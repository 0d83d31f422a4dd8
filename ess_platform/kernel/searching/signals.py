"""``search_names_changed``: the vocabulary or the names in other scripts and spellings
changed, so a search may now find other rows than it did. Apps that cache searched pages
connect to it (the directory's cache, cooperatives/apps.py) and make those copies obsolete;
sent inside the writer's transaction when there is one."""

from django.dispatch import Signal

search_names_changed = Signal()
