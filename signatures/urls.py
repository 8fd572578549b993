"""Routes of the signatures app, included by config/urls_*.py."""

from django.urls import path

from signatures import views
from signatures.api import views as api

document = "documents/<uuid:uuid>/"

# /api/v1/ on every host (state and municipality).
api_common = [
    path("public/authenticity/", api.PublicAuthenticity.as_view(), name="public-authenticity"),
]

# /api/v1/ on a municipality's host.
api_tenant = [
    path(
        f"{document}authenticity/",
        api.DocumentAuthenticity.as_view(),
        name="document-authenticity",
    ),
]

# Pages (server-rendered) on every host.
pages = [
    path("conferir-autenticidade/", views.authenticity_page, name="authenticity-page"),
]
