from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from byvekst.accounts import views

urlpatterns = [
    path("logg-inn/", views.SignInView.as_view(), name="login"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("to-trinn/oppsett/", views.two_factor_setup, name="two-factor-setup"),
    path("to-trinn/", views.two_factor_verify, name="two-factor-verify"),
    path("meg/", views.my_page, name="my-page"),
    path("meg/nokler/<int:pk>/trekk-tilbake/", views.token_revoke, name="token-revoke"),
    path("meg/gjenopprettingskoder/", views.recovery_codes, name="recovery-codes"),
    path(
        "meg/passord/",
        auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("password-change-done")),
        name="password-change",
    ),
    path("meg/passord/endret/", auth_views.PasswordChangeDoneView.as_view(), name="password-change-done"),
    path(
        "passord/glemt/",
        auth_views.PasswordResetView.as_view(success_url=reverse_lazy("password-reset-done")),
        name="password-reset",
    ),
    path("passord/glemt/sendt/", auth_views.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path(
        "passord/ny/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(success_url=reverse_lazy("password-reset-complete")),
        name="password_reset_confirm",
    ),
    path("passord/ny/ferdig/", auth_views.PasswordResetCompleteView.as_view(), name="password-reset-complete"),
]
