"""Routes of the signatures app, included by config/urls_*.py."""

from django.urls import path

from signatures import views
from signatures.api import blocks
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

block = "signature-blocks/<uuid:uuid>/"
api_tenant += [
    path("signature-blocks/", blocks.BlockList.as_view(), name="signature-blocks"),
    path(block, blocks.BlockDetail.as_view(), name="signature-block"),
    path(f"{block}documents/", blocks.BlockDocuments.as_view(), name="signature-block-documents"),
    path(
        f"{block}documents/<uuid:document>/",
        blocks.BlockDocument.as_view(),
        name="signature-block-document",
    ),
    path(
        f"{block}documents/<uuid:document>/content/",
        blocks.BlockDocumentContent.as_view(),
        name="signature-block-document-content",
    ),
    path(
        f"{block}make-available/", blocks.MakeAvailable.as_view(), name="signature-block-available"
    ),
    path(
        f"{block}cancel-availability/",
        blocks.CancelAvailability.as_view(),
        name="signature-block-cancel-availability",
    ),
    path(f"{block}return/", blocks.ReturnBlock.as_view(), name="signature-block-return"),
    path(f"{block}note/", blocks.AnnotateBlock.as_view(), name="signature-block-note"),
    path(f"{block}conclude/", blocks.ConcludeBlock.as_view(), name="signature-block-conclude"),
    path(f"{block}sign/", blocks.SignBlock.as_view(), name="signature-block-sign"),
    path(f"{block}sign/govbr/", blocks.SignBlockGovbr.as_view(), name="signature-block-govbr"),
    path("signature-settings/", blocks.SigningDefaults.as_view(), name="signature-settings"),
]

# Pages (server-rendered) on every host.
pages = [
    path("conferir-autenticidade/", views.authenticity_page, name="authenticity-page"),
    path("assinatura/govbr/retorno/", views.govbr_signature_return, name="govbr-signature-return"),
]
