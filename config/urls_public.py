"""URLs of the state host (BASE_DOMAIN, public schema): control plane and admin."""

from django.contrib import admin
from django.urls import include, path

from accounts.urls import state_only
from citizens.api.urls import state_urls as citizen_state_urls
from config.urls_common import api_common, schema_routes, spa_routes
from tramita.api.urls import state_urls

admin.site.site_header = "Processo Municipal — Administração do Estado"
admin.site.site_title = "Processo Municipal"
admin.site.index_title = "Administração"

api_v1 = [
    *api_common,
    path("onboarding/", include("onboarding.api.urls")),
    path("tramita/", include(state_urls)),
    *citizen_state_urls,
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    *state_only,
    path("api/v1/", include((api_v1, "api"), namespace="v1")),
    *schema_routes("config.urls_public"),
    *spa_routes,
]
