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
    path(f"{document}pdf/", api.DocumentPdf.as_view(), name="document-pdf"),
    path(
        "document-types/<uuid:uuid>/signature-level/",
        api.DocumentTypeSignatureLevel.as_view(),
        name="document-type-signature-level",
    ),
    path("signatures/govbr/", api.GovbrSignatureStart.as_view(), name="govbr-signature-start"),
    path(
        "signatures/govbr/complete/",
        api.GovbrSignatureComplete.as_view(),
        name="govbr-signature-complete",
    ),
]

# Pages (server-rendered) on every host.
pages = [
    path("conferir-autenticidade/", views.authenticity_page, name="authenticity-page"),
    path("assinatura/govbr/retorno/", views.govbr_signature_return, name="govbr-signature-return"),
]
