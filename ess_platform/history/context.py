"""Who is making the changes being recorded: the request's user, or a user named explicitly."""

import contextvars
from contextlib import contextmanager
from functools import wraps

_request = contextvars.ContextVar("history_request", default=None)
_actor = contextvars.ContextVar("history_actor", default=None)


@contextmanager
def recorded_by(user):
    """Record the changes made in this block as made by ``user`` (tasks, services with
    ``by=``); ``None`` keeps whoever is already known."""
    if user is None or not getattr(user, "is_authenticated", False):
        yield
        return
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)


def records_by(function):
    """Decorate a service taking ``by=``: its changes are recorded as made by ``by``."""

    @wraps(function)
    def wrapper(*args, **kwargs):
        with recorded_by(kwargs.get("by")):
            return function(*args, **kwargs)

    return wrapper


def current_actor():
    actor = _actor.get()
    if actor is not None:
        return actor
    request = _request.get()
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    return None


class ChangeActorMiddleware:
    """Make the request known to the change records written while it is served.

    The user is read when a record is written, not here: the API authenticates its tokens
    in the view, after every middleware has run."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)
