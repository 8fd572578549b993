"""Login and logout routes, on every host; the gov.br callback only on the state host."""

from django.urls import include, path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/govbr/", views.login_start, name="govbr-login"),
    path("login/govbr/handoff/<str:token>/", views.handoff_view, name="govbr-handoff"),
    path("login/govbr/nivel/", views.trust_level, name="trust-level"),
    path("logout/govbr/", views.logout_start, name="govbr-logout"),
    path("logout/govbr/return/", views.logout_return, name="govbr-logout-return"),
]

# The one redirect URI registered with gov.br: https://<BASE_DOMAIN>/auth/complete/govbr/
state_only = [
    path("auth/complete/<str:backend>/", views.complete, name="govbr-complete"),
    path("auth/", include("social_django.urls", namespace="social")),
]
