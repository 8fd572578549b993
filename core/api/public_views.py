"""Public consultation API (no login), on every host."""

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core import public
from core.numbering import NumberError

NOT_FOUND = {"code": "not_found", "detail": "Nenhum processo público encontrado com este número."}


class PublicProcess(APIView):
    """Look a process up by its number. On the state host the number's municipality code
    says which city holds it."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    throttle_scope = "public"

    @extend_schema(
        parameters=[OpenApiParameter("number", str, required=True)], responses=OpenApiTypes.OBJECT
    )
    def get(self, request):
        number = request.query_params.get("number", "")
        if request.tenant.is_public:
            try:
                body = public.find_anywhere(number)
            except NumberError as exc:
                return Response(
                    {"code": "invalid_number", "detail": str(exc)},
                    status=status.HTTP_400_BAD_REQUEST,
                )
        else:
            body = public.find(number)
            if body is not None:
                body["municipality"] = {"name": request.tenant.name, "host": request.get_host()}
        if body is None:
            return Response(NOT_FOUND, status=status.HTTP_404_NOT_FOUND)
        return Response(body)


class PublicDocumentContent(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, uuid):
        document = get_object_or_404(public.public_documents(), uuid=uuid)
        if document.kind == "internal":
            html = document.versions.order_by("-version").first().html
            response = HttpResponse(
                '<!doctype html><html lang="pt-BR"><meta charset="utf-8">'
                f"<body>{html}</body></html>",
                content_type="text/html; charset=utf-8",
            )
            response["Content-Security-Policy"] = "default-src 'none'; img-src data:; sandbox"
            return response
        response = FileResponse(
            default_storage.open(document.file.name, "rb"),
            content_type=document.content_type,
            filename=document.original_name,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
