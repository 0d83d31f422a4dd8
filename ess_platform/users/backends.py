from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from .models import normalize_phone


class EmailOrPhoneBackend(ModelBackend):
    """Sign in with a username, an e-mail address or a phone number."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if not username or password is None:
            return None
        user_model = get_user_model()
        lookup = Q(username__iexact=username) | Q(email__iexact=username)
        phone = normalize_phone(username)
        if phone:
            lookup |= Q(phone=phone)
        users = list(user_model._default_manager.filter(lookup)[:2])
        if len(users) != 1:
            user_model().set_password(password)  # same work either way: no timing oracle
            return None
        user = users[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
