from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import make_password
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ess_platform.kernel.redirects import SafeNextMixin, safe_next_url

from . import phone_codes, services
from .client_ip import client_ip
from .forms import (
    PasswordResetForm,
    PhoneCodeForm,
    PhonePasswordResetCodeForm,
    PhonePasswordResetForm,
    ProfileForm,
    SignInForm,
    SignUpForm,
    UnlockRequestForm,
)
from .phone_codes import TooManyCodes

BACKEND = "ess_platform.users.backends.EmailOrPhoneBackend"
#: Session keys: the number a code was sent to, offered again on the code's page.
SIGNUP_PHONE = "signup_phone"
RESET_PHONE = "password_reset_phone"


class SignInView(SafeNextMixin, auth_views.LoginView):
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(SafeNextMixin, auth_views.LogoutView):
    pass


@require_http_methods(["GET", "POST"])
def sign_up(request):
    """The same answer for a new address and for one that has an account: a link to
    finish (new) or a note to the owner (existing) goes to the address itself."""
    if request.user.is_authenticated:
        return redirect(safe_next_url(request))
    form = SignUpForm(request.POST or None,
                      initial={"preferred_language": translation.get_language()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.start_signup(
                email=data["email"], phone=data["phone"], first_name=data["first_name"],
                last_name=data["last_name"], preferred_language=data["preferred_language"],
                password_hash=make_password(data["password1"]),
                next_url=safe_next_url(request, default=None), client_ip=client_ip(request),
            )
        except TooManyCodes as refusal:
            form.add_error(None, str(refusal))
        else:
            if data["phone"] and not data["email"]:
                request.session[SIGNUP_PHONE] = data["phone"]
                return redirect("users:signup_code")
            return redirect("users:signup_done")
    return render(request, "registration/signup.html", {"form": form})


@require_http_methods(["GET", "POST"])
def sign_up_code(request):
    """A phone-only sign-up: the six-digit code sent by SMS creates the account. A number
    that has an account got a note instead; every code is refused for it, as for a wrong
    code."""
    if request.user.is_authenticated:
        return redirect(safe_next_url(request))
    form = PhoneCodeForm(request.POST or None,
                         initial={"phone": request.session.get(SIGNUP_PHONE, "")})
    if request.method == "POST" and form.is_valid():
        user, next_url = services.complete_phone_signup(phone=form.cleaned_data["phone"],
                                                        code=form.cleaned_data["code"])
        if user is not None:
            request.session.pop(SIGNUP_PHONE, None)
            login(request, user, backend=BACKEND)
            messages.success(request, _("Welcome! Your account is ready."))
            return redirect(safe_next_url(request, url=next_url))
        form.add_error("code", phone_codes.wrong_code_message())
    return render(request, "registration/signup_code.html", {"form": form})


def sign_up_done(request):
    return render(request, "registration/signup_done.html")


@require_http_methods(["GET", "POST"])
def sign_up_confirm(request, token):
    """Opening the link shows a button; the account is made on POST (mail scanners that
    open links do not use it up)."""
    if request.method == "POST":
        user, next_url = services.complete_signup(token=token)
        if user is not None:
            login(request, user, backend=BACKEND)
            messages.success(request, _("Welcome! Your account is ready."))
            return redirect(safe_next_url(request, url=next_url))
    elif services.pending_signup(token=token) is not None:
        return render(request, "registration/signup_confirm.html", {"valid": True})
    return render(request, "registration/signup_confirm.html", {"valid": False})


@require_http_methods(["GET", "POST"])
def unlock_request(request):
    """Locked out? The link goes to the account's own e-mail/phone; the page says the same
    whether the account exists or not."""
    form = UnlockRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.request_unlock(identifier=form.cleaned_data["identifier"])
        return redirect("users:unlock_sent")
    return render(request, "registration/unlock_request.html", {"form": form})


def unlock_sent(request):
    return render(request, "registration/unlock_sent.html")


@require_http_methods(["GET", "POST"])
def unlock(request, token):
    if request.method == "POST":
        if services.unlock(token=token) is not None:
            messages.success(request, _("Sign-in is unlocked. Sign in with your password."))
            return redirect("users:login")
    elif services.unlock_token_user(token=token) is not None:
        return render(request, "registration/unlock_confirm.html", {"valid": True})
    return render(request, "registration/unlock_confirm.html", {"valid": False})


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("users:profile")
    return render(request, "registration/profile.html", {"form": form})


@require_http_methods(["GET", "POST"])
def password_reset_phone(request):
    """Forgot the password, known by phone: a code goes by SMS to the account's number.
    The next page is the same whether the number has an account or not."""
    form = PhonePasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        try:
            services.request_password_reset_code(phone=phone, client_ip=client_ip(request),
                                                 language=translation.get_language())
        except TooManyCodes as refusal:
            form.add_error(None, str(refusal))
        else:
            request.session[RESET_PHONE] = phone
            return redirect("users:password_reset_phone_code")
    return render(request, "registration/password_reset_phone.html", {"form": form})


@require_http_methods(["GET", "POST"])
def password_reset_phone_code(request):
    form = PhonePasswordResetCodeForm(request.POST or None,
                                      initial={"phone": request.session.get(RESET_PHONE, "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.reset_password_with_code(phone=data["phone"], code=data["code"],
                                                 password=data["new_password1"])
        if user is not None:
            request.session.pop(RESET_PHONE, None)
            return redirect("users:password_reset_complete")
        form.add_error("code", phone_codes.wrong_code_message())
    return render(request, "registration/password_reset_phone_code.html", {"form": form})


password_reset = auth_views.PasswordResetView.as_view(
    form_class=PasswordResetForm,
    success_url=reverse_lazy("users:password_reset_done"),
    email_template_name="registration/password_reset_email.txt",
    subject_template_name="registration/password_reset_subject.txt",
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    success_url=reverse_lazy("users:password_reset_complete")
)
