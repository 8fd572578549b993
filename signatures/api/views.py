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
    """A signed document's verification code, CRC and address, and its signatures with
    their level ("Assinatura eletrônica avançada (gov.br)"…), for the staff screens."""

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
                # each signature with its method and level (Lei 14.063/2020)
                "signatures": authenticity.signatures_body(document),
            }
        )


class DocumentPdf(StaffView):
    """The document as PDF with its signature block, verification code, CRC and QR
    code. A signed document's PDF is the same bytes every time (until it gets another
    signature), so a copy of it can be checked on the authenticity page."""

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, uuid):
        from django.http import FileResponse, HttpResponse

        from signatures.pdf import document_pdf

        document = get_object_or_404(selectors.documents_visible_to(request.staff), uuid=uuid)
        if document.kind == "internal" and not document.signatures.exists():
            # an unsigned draft: only its own unit reads it (the content endpoint's rule)
            from core.services.staff import unit_ids

            if document.unit_id not in unit_ids(request.staff):
                return Response(
                    {"code": "not_found", "detail": "Documento não encontrado."}, status=404
                )
        content, sha256 = document_pdf(document)
        name = f"{document}.pdf".replace("/", "-").replace(" ", "_")
        if isinstance(content, bytes):
            response = HttpResponse(content, content_type="application/pdf")
            response["Content-Disposition"] = f'inline; filename="{name}"'
        else:
            response = FileResponse(content, content_type="application/pdf", filename=name)
        response["X-Content-SHA256"] = sha256
        response["X-Content-Type-Options"] = "nosniff"
        return response


def _redirect_uri(request) -> str:
    """The return address registered with the ITI: this municipality's host."""
    from django.urls import reverse

    return request.build_absolute_uri(reverse("govbr-signature-return"))


class GovbrSignatureStart(StaffView):
    """Start an advanced signature (gov.br certificate) of one or more documents: answers
    the ITI authorisation address the browser must go to. Bronze accounts are stopped
    here, before the authorisation screen."""

    @extend_schema(request=OpenApiTypes.OBJECT, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        from rest_framework import serializers

        from signatures.services import govbr

        class Input(serializers.Serializer):
            documents = serializers.ListField(
                child=serializers.UUIDField(), allow_empty=False, max_length=100
            )
            role = serializers.CharField(required=False, allow_blank=True, max_length=200)
            return_path = serializers.CharField(required=False, max_length=500, default="/")
            # "qualified": the ICP-Brasil cloud certificate (scope icp_brasil)
            level = serializers.ChoiceField(
                choices=["advanced", "qualified"], required=False, default="advanced"
            )

        data = Input(data=request.data)
        data.is_valid(raise_exception=True)
        data = data.validated_data
        wanted = list(dict.fromkeys(data["documents"]))
        found = {
            d.uuid: d for d in selectors.documents_visible_to(request.staff).filter(uuid__in=wanted)
        }
        if len(found) != len(wanted):
            return Response(
                {"code": "not_found", "detail": "Documento não encontrado."}, status=404
            )
        authorization, url = govbr.start_signing(
            staff=request.staff,
            user=request.user,
            documents=[found[u] for u in wanted],
            session=request.session,
            redirect_uri=_redirect_uri(request),
            role=data.get("role", ""),
            return_path=data["return_path"],
            level=data["level"],
        )
        return Response({"id": str(authorization.uuid), "authorize_url": url}, status=201)


class GovbrSignatureComplete(StaffView):
    """For a screen that receives the ITI's redirect itself: `{code, state}` (or
    `{error, state}`) → the signatures made."""

    @extend_schema(request=OpenApiTypes.OBJECT, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        from core.api.process_serializers import SignatureSerializer
        from signatures.services import govbr

        _, signatures = govbr.complete_signing(
            staff=request.staff,
            user=request.user,
            state=str(request.data.get("state", "")),
            code=str(request.data.get("code", "")),
            error=str(request.data.get("error", "")),
            session=request.session,
        )
        return Response(SignatureSerializer(signatures, many=True).data, status=201)


class DocumentTypeSignatureLevel(StaffView):
    """The lowest signature level a document type accepts here: read by any staff
    member, set by the municipal admin (`{"minimum_level": "simple"|"advanced"|
    "qualified"}`)."""

    def _body(self, document_type) -> dict:
        from signatures.models import Level, SignaturePolicy

        policy = SignaturePolicy.objects.filter(document_type=document_type).first()
        level = policy.minimum_level if policy else Level.SIMPLE
        return {
            "document_type": str(document_type.uuid),
            "minimum_level": level,
            "minimum_level_label": str(Level(level).label),
        }

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, uuid):
        from core.models import DocumentType

        return Response(self._body(get_object_or_404(DocumentType, uuid=uuid)))

    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def put(self, request, uuid):
        from core.models import DocumentType
        from signatures.services.signing import set_policy

        document_type = get_object_or_404(DocumentType, uuid=uuid)
        set_policy(
            staff=request.staff,
            document_type=document_type,
            minimum_level=str(request.data.get("minimum_level", "")),
        )
        return Response(self._body(document_type))
