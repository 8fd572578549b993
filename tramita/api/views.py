"""The connector's API. Thin: parse, call tramita.services, serialize.

On a municipality's host (staff): repositories and structures to choose a destination,
"Enviar para outro órgão" on a process and its external status; the municipal admin
sees the city's own envelopes. On the state host (coordinators): every envelope, stuck
first, with its log, retry and cancel, and the structure mapping of each municipality.
"""

from django.db import connection
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.process_views import IsMunicipalStaff, StaffView, _visible_process
from onboarding.api.permissions import IsStateCoordinator
from tramita import selectors, services
from tramita.models import Envelope, EnvelopeEvent


# Component names of their own: core's API has a `SendInput` and an `Event` too, and two
# components with one name make the schema document one endpoint with the other's body.
@extend_schema_serializer(component_name="TramitaEnvelopeEvent")
class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = EnvelopeEvent
        fields = ["kind", "message", "created_at"]


class EnvelopeSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    direction_label = serializers.CharField(source="get_direction_display", read_only=True)
    municipality = serializers.CharField(source="tenant.name", default=None, read_only=True)
    stuck = serializers.SerializerMethodField()

    class Meta:
        model = Envelope
        fields = [
            "id",
            "direction",
            "direction_label",
            "status",
            "status_label",
            "stuck",
            "municipality",
            "process_uuid",
            "process_number",
            "remote_name",
            "remote_structure_id",
            "idt",
            "nre",
            "situation",
            "attempts",
            "last_error",
            "refusal_reason",
            "refusal_text",
            "next_attempt_at",
            "created_at",
            "updated_at",
            "completed_at",
        ]

    def get_stuck(self, envelope) -> bool:
        return selectors.is_stuck(envelope)


class EnvelopeDetailSerializer(EnvelopeSerializer):
    events = EventSerializer(many=True, read_only=True)

    class Meta(EnvelopeSerializer.Meta):
        fields = [*EnvelopeSerializer.Meta.fields, "events"]


@extend_schema_serializer(component_name="TramitaSendInput")
class SendInput(serializers.Serializer):
    repository = serializers.IntegerField(min_value=1)
    structure = serializers.IntegerField(min_value=1)


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

    @extend_schema(request=SendInput, responses={202: EnvelopeSerializer})
    def post(self, request, uuid):
        process = _visible_process(request, uuid)
        data = SendInput(data=request.data)
        data.is_valid(raise_exception=True)
        envelope = services.request_send(
            staff=request.staff,
            process=process,
            repository_id=data.validated_data["repository"],
            structure_id=data.validated_data["structure"],
        )
        return Response(EnvelopeSerializer(envelope).data, status=status.HTTP_202_ACCEPTED)


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
