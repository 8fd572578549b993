"""The citizen's signing step over HTTP, shared by every filing (new process,
intercorrente, response to an intimação): `filing_response` answers a filing with its
petition (simple signature) or with the gov.br address of the advanced signature (202);
the SPA's return page completes it. Also what the filing forms list (document types for
filings on a process, hipóteses legais of restrito)."""

from __future__ import annotations

import json

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from citizens.api.petition_views import _valid, petition_data
from citizens.api.views import CitizenView
from citizens.services import signing
from citizens.services.petitions import Auth, open_type_rows
from core.models import AccessLevel, LegalBasis

RETURN_PATH = "/cidadao/assinatura/retorno"


def return_uri(request) -> str:
    """The address gov.br sends the citizen back to: this municipality's host."""
    return request.build_absolute_uri(RETURN_PATH)


def started_data(outcome: signing.Outcome) -> dict:
    return {
        "signature": "avancada",
        "id": str(outcome.signing.uuid),
        "authorize_url": outcome.authorize_url,
        "reasons": outcome.reasons,
    }


def filing_response(request, kind: str, data: dict) -> Response:
    """201/200 with the petition, or 202 `{signature: "avancada", id, authorize_url,
    reasons}`: the browser goes to gov.br and comes back to RETURN_PATH."""
    payload = json.loads(json.dumps(data, default=str))
    outcome = signing.file(
        kind=kind,
        user=request.user,
        auth=Auth.of(request),
        payload=payload,
        redirect_uri=return_uri(request),
    )
    if outcome.petition is None:
        return Response(started_data(outcome), status=202)
    return Response(petition_data(outcome.petition), status=201 if outcome.created else 200)


class CompleteInput(serializers.Serializer):
    state = serializers.CharField(max_length=200, allow_blank=True, default="")
    code = serializers.CharField(max_length=500, allow_blank=True, default="")
    error = serializers.CharField(max_length=200, allow_blank=True, default="")


class CitizenSigningComplete(CitizenView):
    """The return from gov.br (`{state, code}` or `{state, error}`): signs, verifies and
    commits the filing; answers its petition (with the recibo)."""

    @extend_schema(request=CompleteInput, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        data = _valid(CompleteInput, request.data)
        petition, created = signing.complete(
            user=request.user,
            auth=Auth.of(request),
            state=data["state"],
            code=data["code"],
            error=data["error"],
        )
        return Response(petition_data(petition), status=201 if created else 200)


class CitizenSigningRestart(CitizenView):
    """Sign again a filing whose advanced signature failed (its files are kept)."""

    @extend_schema(request=None, responses={202: OpenApiTypes.OBJECT})
    def post(self, request, uuid):
        outcome = signing.restart(
            user=request.user,
            auth=Auth.of(request),
            signing_uuid=uuid,
            redirect_uri=return_uri(request),
        )
        if outcome.petition is None:
            return Response(started_data(outcome), status=202)
        return Response(petition_data(outcome.petition), status=200)


class CitizenFilingOptions(CitizenView):
    """What a filing on an existing process may carry: the document types and the
    hipóteses legais a restrito document may cite."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        rows = sorted(open_type_rows().values(), key=lambda r: r.document_type.name)
        bases = LegalBasis.objects.filter(
            access_level=AccessLevel.RESTRICTED, active=True
        ).order_by("name")
        return Response(
            {
                "document_types": [
                    {"id": str(r.document_type.uuid), "name": r.document_type.name} for r in rows
                ],
                "legal_bases": [{"id": str(b.uuid), "name": str(b)} for b in bases],
            }
        )
