"""Routes served on every host, state and municipality alike."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from core.api.public_views import PublicProcess
from core.api.views import ContextView
from core.views import spa
from signatures import urls as signature_urls

api_common = [
    path("context/", ContextView.as_view(), name="context"),
    path("public/processes/", PublicProcess.as_view(), name="public-process"),
    path("auth/", include("dj_rest_auth.urls")),
    *signature_urls.api_common,
]


def schema_routes(urlconf: str) -> list:
    """OpenAPI schema and docs of the host's own URLconf (state or municipality)."""
    return [
        path("api/schema/", SpectacularAPIView.as_view(urlconf=urlconf), name="schema"),
        path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    ]


# The SPA owns every other path that is not an API, admin or static route.
spa_routes = [
    *signature_urls.pages,  # server-rendered public pages, before the SPA's catch-all
    path("", spa, name="spa"),
    re_path(r"^(?!api/|admin/|static/)(?P<path>.+)$", spa),
]
