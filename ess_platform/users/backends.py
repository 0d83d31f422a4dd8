from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from .selectors import find_account


class EmailOrPhoneBackend(ModelBackend):
    """Sign in with a username, an e-mail address or a phone number, in any case.

    The account is found as selectors.find_account finds it (the lockout counts against
    the same account).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if not username or password is None:
            return None
        user = find_account(username)
        if user is None:
            get_user_model()().set_password(password)  # same work either way: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
