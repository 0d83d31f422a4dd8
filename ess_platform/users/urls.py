from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "users"

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("signup/", views.sign_up, name="signup"),
    path("signup/sent/", views.sign_up_done, name="signup_done"),
    path("signup/confirm/<str:token>/", views.sign_up_confirm, name="signup_confirm"),
    path("signup/code/", views.sign_up_code, name="signup_code"),
    path("unlock/", views.unlock_request, name="unlock_request"),
    path("unlock/sent/", views.unlock_sent, name="unlock_sent"),
    path("unlock/<str:token>/", views.unlock, name="unlock"),
    path("profile/", views.profile, name="profile"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(),
         name="password_reset_done"),
    path("password-reset/phone/", views.password_reset_phone, name="password_reset_phone"),
    path("password-reset/phone/code/", views.password_reset_phone_code,
         name="password_reset_phone_code"),
    path("reset/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
]
