"""Tombstones and webhook events, written in the transaction of the change that causes them.

Each public data set names its model, when one of its rows is public, and what the API's
detail URL calls it. A row deleted, or saved while not public (a cooperative or an event
unpublished, an idea not or no longer accepted, a call back to draft), gets a tombstone; a
row saved public loses its tombstone. The tombstone is also the row's past: a public save
that removes one (or creates the row) is a publication.
"""

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from . import webhooks
from .models import Tombstone, WebhookEndpoint


def _always(obj):
    return True


def datasets():
    """{name: (model, is_public(obj), lookup field)}, in the API's names."""
    from cooperatives.models import Cooperative, Product
    from events.models import Event
    from projects_bank.models import Call, EconomicModel, FundingSource, Partner, ProjectIdea
    from regional_hubs.models import Commune, Province, Region, RegionalHub

    return {
        "cooperatives": (Cooperative, lambda o: o.is_published, "pk"),
        "products": (Product, lambda o: o.cooperative.is_published, "pk"),
        "hubs": (RegionalHub, _always, "slug"),
        "events": (Event, lambda o: o.is_published, "slug"),
        "ideas": (ProjectIdea, lambda o: o.status in ProjectIdea.PUBLISHED_STATUSES, "pk"),
        "calls": (Call, lambda o: o.status != Call.Status.DRAFT, "slug"),
        "economic-models": (EconomicModel, _always, "slug"),
        "funding-sources": (FundingSource, _always, "slug"),
        "partners": (Partner, _always, "slug"),
        "regions": (Region, _always, "code"),
        "provinces": (Province, _always, "code"),
        "communes": (Commune, _always, "code"),
    }


#: Data sets whose publication is a webhook event: (event on creation, event on update).
PUBLISHED_EVENTS = {
    "cooperatives": (WebhookEndpoint.Event.COOPERATIVE_CREATED,
                     WebhookEndpoint.Event.COOPERATIVE_UPDATED),
    "ideas": (WebhookEndpoint.Event.IDEA_PUBLISHED, None),
    "events": (WebhookEndpoint.Event.EVENT_PUBLISHED, None),
}


def bury(dataset, obj, lookup):
    Tombstone.objects.update_or_create(
        dataset=dataset, object_id=obj.pk,
        defaults={"lookup": str(getattr(obj, lookup) or "")[:200],
                  "deleted_at": timezone.now()})


def _saved(dataset, is_public, lookup):
    def handler(sender, instance, created, raw=False, **kwargs):
        if raw:
            return
        if not is_public(instance):
            # Also on creation: a draft idea or an unpublished event is remembered as not
            # yet public, so that its publication is recognised.
            bury(dataset, instance, lookup)
            return
        revived = Tombstone.objects.filter(dataset=dataset, object_id=instance.pk).delete()[0]
        events = PUBLISHED_EVENTS.get(dataset)
        if events:
            on_publish, on_update = events
            if created or revived:
                webhooks.emit(on_publish, dataset, instance, lookup)
            elif on_update:
                webhooks.emit(on_update, dataset, instance, lookup)
        if dataset == "calls" and instance.status == type(instance).Status.PUBLISHED:
            webhooks.emit(WebhookEndpoint.Event.RANKING_PUBLISHED, dataset, instance, lookup,
                          once=True)
    return handler


def _deleted(dataset, lookup):
    def handler(sender, instance, **kwargs):
        bury(dataset, instance, lookup)
    return handler


_handlers = []


def connect():
    for dataset, (model, is_public, lookup) in datasets().items():
        saved, deleted = _saved(dataset, is_public, lookup), _deleted(dataset, lookup)
        _handlers.extend([saved, deleted])  # signals hold weak references
        post_save.connect(saved, sender=model, dispatch_uid=f"partners.saved.{dataset}")
        post_delete.connect(deleted, sender=model, dispatch_uid=f"partners.deleted.{dataset}")
