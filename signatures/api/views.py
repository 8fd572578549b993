"""API of the signatures app. Thin: parse, call a service, shape the answer."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from core import selectors
from core.api.process_views import StaffView
from signatures.services import authenticity


class PublicAuthenticity(APIView):
    """ "Conferir autenticidade": a code and CRC printed on a document, or the SHA-256 of
    a copy (hashed in the browser; only the hash is sent). On the state host the public
    index routes the question to the municipality that holds the document."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    throttle_scope = "public"

    @extend_schema(
        parameters=[
            OpenApiParameter("code", str, description="código verificador (10 dígitos)"),
            OpenApiParameter("crc", str, description="código CRC (8 hexadecimais)"),
            OpenApiParameter("sha256", str, description="SHA-256 de uma cópia do arquivo"),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        params = request.query_params
        query = authenticity.clean_query(
            code=params.get("code", ""), crc=params.get("crc", ""), sha256=params.get("sha256", "")
        )
        if request.tenant.is_public:
            body = authenticity.check_anywhere(query)
        else:
            body = authenticity.check(query)
            if body is not None:
                body["municipality"] = {"name": request.tenant.name, "host": request.get_host()}
        if body is None:
            raise authenticity.not_found(query)
        return Response(body)


class DocumentAuthenticity(StaffView):
    """A signed document's verification code, CRC and address (for the staff screens)."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, uuid):
        document = get_object_or_404(selectors.documents_visible_to(request.staff), uuid=uuid)
        found = authenticity.ensure_authenticity(document)
        if found is None:
            return Response(
                {"code": "not_signed", "detail": "Documento ainda não assinado."}, status=404
            )
        return Response(
            {
                "code": found.code,
                "crc": found.crc,
                "url": authenticity.verification_url(found, host=request.get_host()),
                "sha256": found.sha256,
            }
        )
