"""Who may decide on API keys, hold one of a scope, or register webhooks."""

from .models import ApiKey


def can_decide_keys(user):
    """National administrators approve or refuse API keys."""
    return user.is_authenticated and user.is_national_admin


def is_partner(user):
    """A partner is an account holding an active API key."""
    return user.is_authenticated and ApiKey.objects.filter(
        owner=user, status=ApiKey.Status.ACTIVE).exists()


def may_have_scope(user, scope):
    """``write-products`` is for cooperative managers; the others for every account."""
    if scope == ApiKey.Scope.WRITE_PRODUCTS:
        from cooperatives.selectors import managed_cooperatives

        return managed_cooperatives(user).exists()
    return scope in ApiKey.Scope.values
