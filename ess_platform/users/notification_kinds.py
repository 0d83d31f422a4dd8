from django.utils.translation import gettext_lazy as _

from ess_platform.kernel.notifications.kinds import register

register("account_signup", _("Sign-up link"))
register("account_signup_attempt", _("Sign-up attempt on an existing account"))
register("account_signup_code", _("Sign-up code"))
register("account_unlock", _("Sign-in unlock link"))
register("password_reset", _("Password reset link"))
register("password_reset_code", _("Password reset code"))
