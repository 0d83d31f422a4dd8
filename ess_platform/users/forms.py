from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ess_platform.kernel.notifications.services import notify
from ess_platform.kernel.phones import clean_phone

from .models import User, normalize_email


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label=_("E-mail, phone or username"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )


class SignUpForm(forms.Form):
    """Sign up with an e-mail address or a phone number (at least one) and a password.

    It never says whether an address already has an account (see services.start_signup),
    so it is a plain form: a model form would check the unique constraints and tell.
    """

    first_name = forms.CharField(label=capfirst(_("first name")), max_length=150, required=False)
    last_name = forms.CharField(label=capfirst(_("last name")), max_length=150, required=False)
    email = forms.EmailField(label=capfirst(_("e-mail address")), required=False)
    phone = forms.CharField(label=capfirst(_("phone number")), max_length=30, required=False)
    preferred_language = forms.ChoiceField(label=capfirst(_("preferred language")),
                                           choices=User.Language.choices)
    password1 = forms.CharField(label=_("Password"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("Password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean_email(self):
        return normalize_email(self.cleaned_data["email"])

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"])

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone") and not self.has_error("email") \
                and not self.has_error("phone"):
            raise forms.ValidationError(_("Give an e-mail address or a phone number."))
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p2:
            person = User(first_name=cleaned.get("first_name", ""),
                          last_name=cleaned.get("last_name", ""),
                          email=cleaned.get("email", ""), phone=cleaned.get("phone", ""),
                          username=cleaned.get("email") or cleaned.get("phone") or "")
            try:
                password_validation.validate_password(p2, person)
            except forms.ValidationError as error:
                self.add_error("password2", error)
        return cleaned


class UnlockRequestForm(forms.Form):
    identifier = forms.CharField(
        label=_("E-mail, phone or username"), max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "phone", "preferred_language"]

    def clean_email(self):
        email = normalize_email(self.cleaned_data["email"])
        if email and User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("An account with this e-mail address already exists."))
        return email

    def clean_phone(self):
        phone = clean_phone(self.cleaned_data["phone"])
        if phone and User.objects.filter(phone=phone).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("An account with this phone number already exists."))
        return phone


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Reset links leave through the notification outbox after the request, so the page
    answers as fast for an unknown address as for a known one (no timing oracle); at most
    one message per account every five minutes."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email,
                  to_email, html_email_template_name=None):
        user = context["user"]
        window = int(timezone.now().timestamp() // 300)
        notify(kind="password_reset", key=f"password-reset:{user.pk}:{window}",
               context=context, email=to_email, language=translation.get_language(),
               channels=["email"])


class PhoneField(forms.CharField):
    """A phone number in any spelling, cleaned to E.164 (``ess_platform.kernel.phones``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", capfirst(_("phone number")))
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "tel",
                                                           "inputmode": "tel", "dir": "ltr"}))
        super().__init__(**kwargs)

    def clean(self, value):
        return clean_phone(super().clean(value))


class CodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Code received by SMS"))
        kwargs.setdefault("max_length", 6)
        kwargs.setdefault("min_length", 6)
        kwargs.setdefault("widget", forms.TextInput(attrs={
            "autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr"}))
        super().__init__(**kwargs)


class PhoneCodeForm(forms.Form):
    """The code a phone-only sign-up received (the number is kept from the sign-up)."""

    phone = PhoneField()
    code = CodeField()


class PhonePasswordResetForm(forms.Form):
    phone = PhoneField(widget=forms.TextInput(attrs={
        "autofocus": True, "autocomplete": "tel", "inputmode": "tel", "dir": "ltr"}))


class PhonePasswordResetCodeForm(auth_forms.SetPasswordMixin, forms.Form):
    """The code, and the new password twice (checked by the password validators)."""

    phone = PhoneField()
    code = CodeField()
    new_password1, new_password2 = auth_forms.SetPasswordMixin.create_password_fields(
        label1=_("New password"), label2=_("New password confirmation"))

    def clean(self):
        cleaned = super().clean()
        self.validate_passwords("new_password1", "new_password2")
        self.validate_password_for_user(User(phone=cleaned.get("phone", "")), "new_password2")
        return cleaned
