"""The models whose changes are recorded, listed by their own apps."""

#: Fields never worth a record: derived search columns and timestamps.
ALWAYS_EXCLUDED = ("search_text", "updated_at", "created_at")

_tracked = {}


def track(model, *, exclude=(), m2m=()):
    """Record every creation, change and deletion of ``model`` (call from models.py).

    The registration itself waits for the apps to be ready, once modeltranslation has
    added its per-language fields: the language columns are recorded, not the copy
    Django keeps under the untranslated name."""
    _tracked[model] = {"exclude": tuple(exclude), "m2m": tuple(m2m)}
    return model


def _translated_fields(model):
    from modeltranslation.translator import NotRegistered, translator

    try:
        return tuple(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return ()


def register_tracked_models():
    from auditlog.registry import auditlog

    for model, options in _tracked.items():
        if auditlog.contains(model):
            continue
        names = {field.name for field in model._meta.get_fields()}
        exclude = [name for name in (*ALWAYS_EXCLUDED, *options["exclude"],
                                     *_translated_fields(model)) if name in names]
        auditlog.register(model, exclude_fields=exclude, m2m_fields=set(options["m2m"]))
