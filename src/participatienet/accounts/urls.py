from django.urls import path

from participatienet.accounts import views

app_name = "accounts"

urlpatterns = [
    path("account/aanmelden/", views.LoginView.as_view(), name="login"),
    path("account/afmelden/", views.LogoutView.as_view(), name="logout"),
    path("account/profiel/", views.profile, name="profile"),
    path("account/werkgebied/", views.switch_scope, name="switch_scope"),
    path(
        "account/wachtwoord-wijzigen/", views.PasswordChangeView.as_view(), name="password_change"
    ),
    path("account/wachtwoord-vergeten/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "account/wachtwoord-vergeten/verstuurd/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "account/wachtwoord-kiezen/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "account/wachtwoord-kiezen/klaar/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("beheer/gebruikers/", views.user_list, name="user_list"),
    path("beheer/gebruikers/nieuw/", views.user_create, name="user_create"),
    path("beheer/gebruikers/<int:pk>/", views.user_detail, name="user_detail"),
    path("beheer/gebruikers/<int:pk>/rollen/nieuw/", views.membership_add, name="membership_add"),
    path(
        "beheer/gebruikers/<int:pk>/rollen/<int:membership_pk>/beeindigen/",
        views.membership_end,
        name="membership_end",
    ),
    path("beheer/audit/", views.audit_log, name="audit_log"),
]
