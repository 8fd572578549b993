"""The connector's API. Thin: parse, call tramita.services, serialize.

On a municipality's host (staff): repositories, structures and urgency reasons to
choose a destination, "Enviar para outro órgão" on a process and its external status,
"Enviar documento para outro órgão" (a documento avulso with its anexos) on a document
and where it went; the municipal admin sees the city's own envelopes and may ask the
sender to repeat a received trâmite. On the state host (coordinators): every envelope,
stuck first, with its log, retry, cancel and repeat, and the structure mapping of each
municipality.
"""

from django.db import connection
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.process_views import IsMunicipalStaff, StaffView, _document, _visible_process
from core.errors import CoreError
from core.selectors import documents_visible_to
from onboarding.api.permissions import IsStateCoordinator
from tramita import selectors, services
from tramita.models import Envelope, EnvelopeEvent


class EnvelopeEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = EnvelopeEvent
        fields = ["kind", "message", "created_at"]


class EnvelopeSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    direction_label = serializers.CharField(source="get_direction_display", read_only=True)
    municipality = serializers.CharField(source="tenant.name", default=None, read_only=True)
    stuck = serializers.SerializerMethodField()
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    sending_receipt_at = serializers.SerializerMethodField()
    completion_receipt_at = serializers.SerializerMethodField()
    reproduction_of = serializers.UUIDField(
        source="reproduction_of.uuid", default=None, read_only=True
    )

    class Meta:
        model = Envelope
        fields = [
            "id",
            "direction",
            "direction_label",
            "kind",
            "kind_label",
            "status",
            "status_label",
            "stuck",
            "municipality",
            "process_uuid",
            "process_number",
            "document_uuid",
            "remote_name",
            "remote_structure_id",
            "idt",
            "nre",
            "situation",
            "attempts",
            "last_error",
            "refusal_reason",
            "refusal_text",
            "urgent",
            "urgency_reason",
            "reproduction_of",
            "sending_receipt_at",
            "completion_receipt_at",
            "next_attempt_at",
            "created_at",
            "updated_at",
            "completed_at",
        ]

    def get_stuck(self, envelope) -> bool:
        return selectors.is_stuck(envelope)

    def get_sending_receipt_at(self, envelope) -> str | None:
        """When Tramita had every component (its signed sending receipt)."""
        sending = (envelope.receipts.get("sending") or {}).get("reciboDeEnvio") or {}
        return sending.get("dataDeRecebimentoDoUltimoComponenteDigital")

    def get_completion_receipt_at(self, envelope) -> str | None:
        """When the destination signed the completion receipt (sent or received)."""
        completion = envelope.receipts.get("completion") or {}
        return (completion.get("recibo") or completion).get("dataDeRecebimento")


class EnvelopeDetailSerializer(EnvelopeSerializer):
    events = EnvelopeEventSerializer(many=True, read_only=True)

    class Meta(EnvelopeSerializer.Meta):
        fields = [*EnvelopeSerializer.Meta.fields, "events"]


class TramitaSendInput(serializers.Serializer):
    repository = serializers.IntegerField(min_value=1)
    structure = serializers.IntegerField(min_value=1)
    urgent = serializers.BooleanField(required=False, default=False)
    urgency_reason = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, default=None
    )


class SendDocumentInput(TramitaSendInput):
    attachments = serializers.ListField(
        child=serializers.UUIDField(), required=False, default=list, max_length=100
    )


class UrgencyReasonSerializer(serializers.Serializer):
    code = serializers.IntegerField()
    description = serializers.CharField()


def _page(request, queryset, size: int = 50) -> dict:
    try:
        page = max(int(request.query_params.get("page", 1)), 1)
    except ValueError:
        page = 1
    total = queryset.count()
    rows = queryset[(page - 1) * size : page * size]
    return {"count": total, "page": page, "results": EnvelopeSerializer(rows, many=True).data}


# --- municipality's host --------------------------------------------------------------------


class Repositories(StaffView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return Response(services.repositories())


class StructureQuery(serializers.Serializer):
    repository = serializers.IntegerField(min_value=1)
    q = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")
    start = serializers.IntegerField(required=False, min_value=0, default=0)


def _structures(request) -> Response:
    query = StructureQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    found = services.search_structures(
        repository_id=query.validated_data["repository"],
        name=query.validated_data["q"].strip(),
        start=query.validated_data["start"],
    )
    return Response(found)


class Structures(StaffView):
    @extend_schema(parameters=[StructureQuery], responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return _structures(request)


class ProcessExternal(StaffView):
    """A process's trâmites with other bodies; POST sends it ('Enviar para outro órgão')."""

    @extend_schema(responses=EnvelopeSerializer(many=True))
    def get(self, request, uuid):
        process = _visible_process(request, uuid)
        found = selectors.process_envelopes(tenant=connection.tenant, process_uuid=process.uuid)
        return Response(EnvelopeSerializer(found, many=True).data)

    @extend_schema(request=TramitaSendInput, responses={202: EnvelopeSerializer})
    def post(self, request, uuid):
        process = _visible_process(request, uuid)
        data = TramitaSendInput(data=request.data)
        data.is_valid(raise_exception=True)
        envelope = services.request_send(
            staff=request.staff,
            process=process,
            repository_id=data.validated_data["repository"],
            structure_id=data.validated_data["structure"],
            urgent=data.validated_data["urgent"],
            urgency_reason=data.validated_data["urgency_reason"],
        )
        return Response(EnvelopeSerializer(envelope).data, status=status.HTTP_202_ACCEPTED)


class DocumentExternal(StaffView):
    """A document's trâmites as a documento avulso (where it went, the receipts); POST
    sends it with its anexos ('Enviar documento para outro órgão')."""

    @extend_schema(responses=EnvelopeSerializer(many=True))
    def get(self, request, uuid):
        document = _document(request, uuid)
        found = selectors.document_envelopes(tenant=connection.tenant, document_uuid=document.uuid)
        return Response(EnvelopeSerializer(found, many=True).data)

    @extend_schema(request=SendDocumentInput, responses={202: EnvelopeSerializer})
    def post(self, request, uuid):
        document = _document(request, uuid)
        data = SendDocumentInput(data=request.data)
        data.is_valid(raise_exception=True)
        wanted = data.validated_data["attachments"]
        attachments = {
            d.uuid: d for d in documents_visible_to(request.staff).filter(uuid__in=wanted)
        }
        missing = [str(u) for u in wanted if u not in attachments]
        if missing:
            raise CoreError(
                "attachment_not_found", _("Anexo não encontrado: %s.") % ", ".join(missing)
            )
        envelope = services.request_send_document(
            staff=request.staff,
            process=document.process,
            document=document,
            attachments=[attachments[u] for u in wanted],
            repository_id=data.validated_data["repository"],
            structure_id=data.validated_data["structure"],
            urgent=data.validated_data["urgent"],
            urgency_reason=data.validated_data["urgency_reason"],
        )
        return Response(EnvelopeSerializer(envelope).data, status=status.HTTP_202_ACCEPTED)


class UrgencyReasons(StaffView):
    """Tramita's reasons for an urgent send (`GET motivosUrgencia`)."""

    @extend_schema(responses=UrgencyReasonSerializer(many=True))
    def get(self, request):
        return Response(UrgencyReasonSerializer(services.urgency_reasons(), many=True).data)


class IsMunicipalAdmin(IsMunicipalStaff):
    message = "Ação restrita à administração municipal."

    def has_permission(self, request, view) -> bool:
        return super().has_permission(request, view) and request.staff.is_municipal_admin


class CityEnvelopes(APIView):
    permission_classes = [IsMunicipalAdmin]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        found = selectors.envelopes(
            tenant=connection.tenant,
            status=request.query_params.get("status", ""),
            direction=request.query_params.get("direction", ""),
            kind=request.query_params.get("kind", ""),
            q=request.query_params.get("q", "").strip(),
        )
        body = _page(request, found)
        body["counts"] = selectors.counts(tenant=connection.tenant)
        return Response(body)


class CityEnvelopeDetail(APIView):
    permission_classes = [IsMunicipalAdmin]

    @extend_schema(responses=EnvelopeDetailSerializer)
    def get(self, request, envelope):
        found = get_object_or_404(selectors.envelopes(tenant=connection.tenant), uuid=envelope)
        return Response(EnvelopeDetailSerializer(found).data)


class CityEnvelopeRepeat(APIView):
    """The municipal admin asks the sender of a trâmite the city received to repeat it."""

    permission_classes = [IsMunicipalAdmin]

    @extend_schema(request=None, responses=EnvelopeSerializer)
    def post(self, request, envelope):
        found = get_object_or_404(selectors.envelopes(tenant=connection.tenant), uuid=envelope)
        return Response(EnvelopeSerializer(services.request_repeat(found, user=request.user)).data)


# --- state host (coordinators) ---------------------------------------------------------------


class CoordinatorView(APIView):
    permission_classes = [IsStateCoordinator]


class AllEnvelopes(CoordinatorView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        tenant = None
        if request.query_params.get("municipality"):
            tenant = selectors.municipality(request.query_params["municipality"])
        found = selectors.envelopes(
            tenant=tenant,
            status=request.query_params.get("status", ""),
            direction=request.query_params.get("direction", ""),
            kind=request.query_params.get("kind", ""),
            q=request.query_params.get("q", "").strip(),
        )
        body = _page(request, found)
        body["counts"] = selectors.counts(tenant=tenant)
        return Response(body)


class EnvelopeDetail(CoordinatorView):
    @extend_schema(responses=EnvelopeDetailSerializer)
    def get(self, request, envelope):
        return Response(EnvelopeDetailSerializer(get_object_or_404(Envelope, uuid=envelope)).data)


class EnvelopeRetry(CoordinatorView):
    @extend_schema(request=None, responses=EnvelopeSerializer)
    def post(self, request, envelope):
        found = services.retry(get_object_or_404(Envelope, uuid=envelope), user=request.user)
        return Response(EnvelopeSerializer(found).data)


class EnvelopeRepeat(CoordinatorView):
    @extend_schema(request=None, responses=EnvelopeSerializer)
    def post(self, request, envelope):
        found = services.request_repeat(
            get_object_or_404(Envelope, uuid=envelope), user=request.user
        )
        return Response(EnvelopeSerializer(found).data)


class EnvelopeCancel(CoordinatorView):
    @extend_schema(request=None, responses=EnvelopeSerializer)
    def post(self, request, envelope):
        found = services.cancel(get_object_or_404(Envelope, uuid=envelope), user=request.user)
        return Response(EnvelopeSerializer(found).data)


class MappingSerializer(serializers.Serializer):
    municipality = serializers.CharField(source="tenant.ibge_code")
    municipality_name = serializers.CharField(source="tenant.name", read_only=True)
    repository = serializers.IntegerField(source="repository_id", min_value=1)
    structure = serializers.IntegerField(source="structure_id", min_value=1)
    name = serializers.CharField(read_only=True)
    acronym = serializers.CharField(read_only=True)
    unit = serializers.UUIDField(source="unit_uuid", allow_null=True, required=False)


class Mappings(CoordinatorView):
    @extend_schema(responses=MappingSerializer(many=True))
    def get(self, request):
        return Response(MappingSerializer(selectors.mappings(), many=True).data)

    @extend_schema(request=MappingSerializer, responses={201: MappingSerializer})
    def post(self, request):
        data = MappingSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        mapping = services.map_structure(
            ibge_code=values["tenant"]["ibge_code"],
            repository_id=values["repository_id"],
            structure_id=values["structure_id"],
            unit_uuid=values.get("unit_uuid"),
        )
        return Response(MappingSerializer(mapping).data, status=status.HTTP_201_CREATED)


class CoordinatorRepositories(CoordinatorView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return Response(services.repositories())


class CoordinatorStructures(CoordinatorView):
    @extend_schema(parameters=[StructureQuery], responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return _structures(request)
