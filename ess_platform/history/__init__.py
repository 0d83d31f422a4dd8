"""Every change on record: who changed what, when, with the old and new values.

Built on django-auditlog (one table of change records, written by model signals, so the
admin, the site, the API, the tasks and the services are all recorded alike). Each app
lists its models with ``track(...)`` in its models.py; each record keeps the region of
the object it is about, so a delegate reads their region's records through the region
scoping (``regional_hubs/scoping.py``). Who made a change comes from the request
(``ChangeActorMiddleware``, read when the record is written, so a user authenticated by the
API is known) or, for tasks and services, from ``recorded_by(user)``.
"""

from .context import current_actor, recorded_by, records_by
from .registry import track

__all__ = ["current_actor", "recorded_by", "records_by", "track"]
