"""URLs of a municipality's host (<slug>.BASE_DOMAIN, the municipality's schema)."""

from django.urls import include, path

from config.urls_common import api_common, schema_routes, spa_routes
from core.api.views import UnitDetailView, UnitListView

api_v1 = [
    *api_common,
    path("units/", UnitListView.as_view(), name="unit-list"),
    path("units/<uuid:unit_id>/", UnitDetailView.as_view(), name="unit-detail"),
]

urlpatterns = [
    path("api/v1/", include((api_v1, "api"), namespace="v1")),
    *schema_routes("config.urls_tenant"),
    *spa_routes,
]
