"""Control-plane API (state host, coordinators only). Thin: parse, call a service,
serialize."""

import csv

from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from onboarding import selectors, services
from onboarding.api import serializers as s
from onboarding.api.permissions import IsStateCoordinator
from onboarding.models import CaseDocument, Municipality, OnboardingCase, ProvisioningBatch

FILTERS = [
    OpenApiParameter("status", str, description="Situações separadas por vírgula."),
    OpenApiParameter("search", str, description="Nome (sem acento) ou código IBGE."),
    OpenApiParameter("uf", str),
]


class CoordinatorAPIView(APIView):
    permission_classes = [IsStateCoordinator]


def _filters(request) -> dict:
    q = request.query_params
    return {"status": q.get("status", ""), "search": q.get("search", ""), "uf": q.get("uf", "")}


class MunicipalityList(CoordinatorAPIView, generics.ListAPIView):
    """The IBGE catalogue, to pick a municipality when opening a case."""

    serializer_class = s.MunicipalitySerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("search", str),
            OpenApiParameter("uf", str),
            OpenApiParameter("available", bool, description="Só municípios sem caso aberto."),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        q = self.request.query_params
        return selectors.municipalities(
            search=q.get("search", ""),
            uf=q.get("uf", ""),
            available=q.get("available") in ("1", "true"),
        )


class CaseList(CoordinatorAPIView, generics.ListAPIView):
    serializer_class = s.CaseListSerializer

    @extend_schema(parameters=FILTERS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.cases(**_filters(self.request))

    @extend_schema(request=s.OpenCaseInput, responses={201: s.CaseDetailSerializer})
    def post(self, request):
        data = _valid(s.OpenCaseInput, request)
        municipality = get_object_or_404(Municipality, ibge_code=data["ibge_code"])
        case = services.open_case(
            municipality=municipality, actor=request.user, reason=data.get("reason", "")
        )
        return _detail(case, status.HTTP_201_CREATED)


class CaseExport(CoordinatorAPIView):
    """The filtered case list as CSV (opens in a spreadsheet: `;` separated, UTF-8 BOM)."""

    @extend_schema(parameters=FILTERS, responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request):
        rows = selectors.cases(**_filters(request)).iterator(chunk_size=500)

        def lines():
            class Echo:
                def write(self, value):
                    return value

            writer = csv.writer(Echo(), delimiter=";")
            yield "\ufeff" + writer.writerow(
                [
                    "Código IBGE",
                    "Município",
                    "UF",
                    "Situação",
                    "Identificador",
                    "Endereço",
                    "Gestor municipal",
                    "E-mail do gestor",
                    "Progresso (%)",
                    "Erro",
                    "Atualizado em",
                ]
            )
            for case in rows:
                domain = case.tenant.get_primary_domain().domain if case.tenant_id else ""
                yield writer.writerow(
                    [
                        case.municipality.ibge_code,
                        case.municipality.name,
                        case.municipality.uf,
                        case.get_status_display(),
                        case.slug,
                        domain,
                        case.manager_name,
                        case.manager_email,
                        case.provisioning_progress,
                        case.provisioning_error,
                        timezone.localtime(case.updated_at).strftime("%d/%m/%Y %H:%M"),
                    ]
                )

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="implantacao-{stamp}.csv"'
        return response


class CaseDetail(CoordinatorAPIView):
    @extend_schema(responses=s.CaseDetailSerializer)
    def get(self, request, uuid):
        return _detail(_case(uuid))


class CaseDocumentUpload(CoordinatorAPIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": s.DocumentInput}, responses={201: s.CaseDocumentSerializer}
    )
    def post(self, request, uuid):
        data = _valid(s.DocumentInput, request)
        document = services.upload_document(
            case=_case(uuid), kind=data["kind"], file=data["file"], actor=request.user
        )
        return Response(s.CaseDocumentSerializer(document).data, status=status.HTTP_201_CREATED)


class CaseDocumentDownload(CoordinatorAPIView):
    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, uuid, document):
        doc = get_object_or_404(CaseDocument, uuid=document, case__uuid=uuid)
        return FileResponse(
            doc.file.open("rb"),
            as_attachment=True,
            filename=doc.original_name,
            content_type="application/pdf",
        )


def _action(input_serializer, call):
    """An endpoint for one transition: validate the input, run the service."""

    class ActionView(CoordinatorAPIView):
        @extend_schema(request=input_serializer, responses=s.CaseDetailSerializer)
        def post(self, request, uuid):
            data = _valid(input_serializer, request)
            call(case=_case(uuid), actor=request.user, **data)
            return _detail(_case(uuid))

    return ActionView


SignAgreement = _action(s.ReasonInput, services.sign_agreement)
DesignateManager = _action(s.ManagerInput, services.designate_manager)
Provision = _action(s.ProvisionInput, services.start_provisioning)
Retry = _action(s.ReasonInput, services.retry_provisioning)
GoLive = _action(s.ReasonInput, services.go_live)
Pause = _action(s.RequiredReasonInput, services.pause)
Resume = _action(s.ReasonInput, services.resume)
Cancel = _action(s.RequiredReasonInput, services.cancel)


class Summary(CoordinatorAPIView):
    @extend_schema(responses=s.SummarySerializer)
    def get(self, request):
        return Response(s.SummarySerializer(selectors.summary()).data)


class BatchCreate(CoordinatorAPIView):
    @extend_schema(request=s.BatchInput, responses={201: s.BatchSerializer})
    def post(self, request):
        data = _valid(s.BatchInput, request)
        found = list(OnboardingCase.objects.filter(uuid__in=data["cases"]))
        result = services.bulk_provision(cases=found, actor=request.user)
        body = s.BatchSerializer(selectors.batch_progress(result["batch"])).data
        body["refused"] = result["refused"]
        return Response(body, status=status.HTTP_201_CREATED)


class BatchDetail(CoordinatorAPIView):
    @extend_schema(responses=s.BatchSerializer)
    def get(self, request, uuid):
        batch = get_object_or_404(ProvisioningBatch, uuid=uuid)
        return Response(s.BatchSerializer(selectors.batch_progress(batch)).data)


def _case(uuid) -> OnboardingCase:
    return get_object_or_404(selectors.case_detail(), uuid=uuid)


def _detail(case, code=status.HTTP_200_OK) -> Response:
    case = _case(case.uuid)
    return Response(s.CaseDetailSerializer(case).data, status=code)


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
