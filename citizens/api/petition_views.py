"""Petitions: the staff's admin of petition types and calendar, the citizen's staged
uploads, filing and receipts."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from citizens.api.views import CitizenView
from citizens.errors import CitizenError
from citizens.models import MunicipalHoliday, Outage, Petition, PetitionType
from citizens.services import admin as admin_services
from citizens.services import petitions as petition_services
from core.api.parsers import UnreadBodyParser
from core.api.process_views import StaffView
from core.models import AccessLevel, DocumentType, LegalBasis, ProcessType, Unit
from core.numbering import format_number
from core.uploads import receive_body


def _valid(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# --- staff: petition types -------------------------------------------------------------


class PetitionTypeDocumentInput(serializers.Serializer):
    document_type = serializers.UUIDField()
    required = serializers.BooleanField(default=False)
    access_level = serializers.ChoiceField(
        choices=["", AccessLevel.PUBLIC, AccessLevel.RESTRICTED], default="", allow_blank=True
    )


class PetitionTypeInput(serializers.Serializer):
    process_type = serializers.UUIDField()
    unit = serializers.UUIDField()
    guidance = serializers.CharField(allow_blank=True, default="", max_length=20000)
    access_rule = serializers.ChoiceField(choices=PetitionType.AccessRule.values)
    fixed_access_level = serializers.ChoiceField(
        choices=[AccessLevel.PUBLIC, AccessLevel.RESTRICTED], default=AccessLevel.PUBLIC
    )
    fixed_legal_basis = serializers.UUIDField(required=False, allow_null=True)
    requires_advanced = serializers.BooleanField(default=False)
    allow_third_parties = serializers.BooleanField(default=False)
    max_file_mb = serializers.IntegerField(default=10)
    formats = serializers.ListField(child=serializers.CharField(), default=list)
    active = serializers.BooleanField(default=True)
    documents = PetitionTypeDocumentInput(many=True)


def petition_type_data(pt: PetitionType) -> dict:
    return {
        "id": str(pt.uuid),
        "process_type": {"id": str(pt.process_type.uuid), "name": pt.process_type.name},
        "unit": {"id": str(pt.unit.uuid), "acronym": pt.unit.acronym, "name": pt.unit.name},
        "guidance": pt.guidance,
        "access_rule": pt.access_rule,
        "fixed_access_level": pt.fixed_access_level,
        "fixed_legal_basis": str(pt.fixed_legal_basis.uuid) if pt.fixed_legal_basis else None,
        "requires_advanced": pt.requires_advanced,
        "allow_third_parties": pt.allow_third_parties,
        "max_file_mb": pt.max_file_mb,
        "formats": petition_services.allowed_formats(pt),
        "active": pt.active,
        "documents": [
            {
                "document_type": {"id": str(r.document_type.uuid), "name": r.document_type.name},
                "required": r.required,
                "access_level": r.access_level or None,
            }
            for r in pt.document_types.all()
        ],
    }


def _petition_types():
    return PetitionType.objects.select_related(
        "process_type", "unit", "fixed_legal_basis"
    ).prefetch_related("document_types__document_type")


def _save_petition_type(request, petition_type=None) -> PetitionType:
    data = _valid(PetitionTypeInput, request.data)
    basis = None
    if data.get("fixed_legal_basis"):
        basis = get_object_or_404(LegalBasis, uuid=data["fixed_legal_basis"])
    documents = [
        {
            "document_type": get_object_or_404(DocumentType, uuid=row["document_type"]),
            "required": row["required"],
            "access_level": row["access_level"],
        }
        for row in data["documents"]
    ]
    return admin_services.save_petition_type(
        admin=request.staff,
        petition_type=petition_type,
        process_type=get_object_or_404(ProcessType, uuid=data["process_type"]),
        unit=get_object_or_404(Unit, uuid=data["unit"]),
        guidance=data["guidance"],
        access_rule=data["access_rule"],
        fixed_access_level=data["fixed_access_level"],
        fixed_legal_basis=basis,
        requires_advanced=data["requires_advanced"],
        allow_third_parties=data["allow_third_parties"],
        max_file_mb=data["max_file_mb"],
        formats=data["formats"],
        active=data["active"],
        documents=documents,
    )


class StaffPetitionTypes(StaffView):
    """Tipos de processo para peticionamento: staff read, municipal admins write."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return Response([petition_type_data(pt) for pt in _petition_types()])

    @extend_schema(request=PetitionTypeInput, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        pt = _save_petition_type(request)
        return Response(
            petition_type_data(_petition_types().get(pk=pt.pk)), status=status.HTTP_201_CREATED
        )


class StaffPetitionType(StaffView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, uuid):
        return Response(petition_type_data(get_object_or_404(_petition_types(), uuid=uuid)))

    @extend_schema(request=PetitionTypeInput, responses=OpenApiTypes.OBJECT)
    def put(self, request, uuid):
        pt = get_object_or_404(PetitionType, uuid=uuid)
        pt = _save_petition_type(request, pt)
        return Response(petition_type_data(_petition_types().get(pk=pt.pk)))


# --- staff: calendar -------------------------------------------------------------------


class HolidayInput(serializers.Serializer):
    date = serializers.DateField()
    name = serializers.CharField(max_length=120)
    kind = serializers.ChoiceField(
        choices=MunicipalHoliday.Kind.values, default=MunicipalHoliday.Kind.HOLIDAY
    )


class OutageInput(serializers.Serializer):
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    extends_deadlines = serializers.BooleanField(default=True)
    description = serializers.CharField(max_length=300, allow_blank=True, default="")


class Holidays(StaffView):
    """The city's own holidays and pontos facultativos (day counting of deadlines)."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return Response(
            [
                {"id": str(h.uuid), "date": h.date, "name": h.name, "kind": h.kind}
                for h in MunicipalHoliday.objects.all()
            ]
        )

    @extend_schema(request=HolidayInput, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        data = _valid(HolidayInput, request.data)
        holiday = admin_services.add_holiday(admin=request.staff, **data)
        return Response(
            {"id": str(holiday.uuid), "date": holiday.date, "name": holiday.name,
             "kind": holiday.kind},
            status=status.HTTP_201_CREATED,
        )  # fmt: skip


class Outages(StaffView):
    """Registered outages (indisponibilidades) of the system."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return Response([_outage(o) for o in Outage.objects.all()])

    @extend_schema(request=OutageInput, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        data = _valid(OutageInput, request.data)
        outage = admin_services.add_outage(admin=request.staff, **data)
        return Response(_outage(outage), status=status.HTTP_201_CREATED)


def _outage(o: Outage) -> dict:
    return {
        "id": str(o.uuid),
        "starts_on": o.starts_on,
        "ends_on": o.ends_on,
        "extends_deadlines": o.extends_deadlines,
        "description": o.description,
    }


# --- citizen: petition types, uploads, petitions, receipts -----------------------------


class CitizenPetitionTypes(CitizenView):
    """What this municipality accepts by petition, with orientações and documents."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return Response([petition_type_data(pt) for pt in _petition_types().filter(active=True)])


class UploadQuery(serializers.Serializer):
    # Absent: a file for an existing process (intercorrente, resposta), any format.
    petition_type = serializers.UUIDField(required=False, allow_null=True)
    filename = serializers.CharField(max_length=255)
    access_level = serializers.ChoiceField(
        choices=[AccessLevel.PUBLIC, AccessLevel.RESTRICTED], default=AccessLevel.PUBLIC
    )


class CitizenUpload(CitizenView):
    """Stage one file (the request body; metadata in the query string). Session, level,
    petition type, name and size are checked before a byte of the body is read; the type
    is sniffed from the first chunk; the file goes to S3 while it arrives."""

    parser_classes = [UnreadBodyParser]

    @extend_schema(
        request={"application/octet-stream": OpenApiTypes.BINARY},
        parameters=[UploadQuery],
        responses={201: OpenApiTypes.OBJECT},
    )
    def post(self, request):
        meta = _valid(UploadQuery, request.query_params)
        if meta.get("petition_type"):
            petition_type = PetitionType.objects.filter(
                uuid=meta["petition_type"], active=True
            ).first()
            if petition_type is None:
                raise CitizenError(
                    "petition_type_not_found", "Tipo de petição não encontrado.", status=404
                )
        else:
            petition_type = petition_services.OpenRule()
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        petition_services.check_staging(
            user=request.user,
            auth=petition_services.Auth.of(request),
            petition_type=petition_type,
            name=meta["filename"],
            length=length,
            access_level=meta["access_level"],
        )
        upload = receive_body(
            request._request,
            key_prefix=f"citizens/staged/{request.user.uuid}",
            file_name=meta["filename"],
        )
        staged = petition_services.stage(
            user=request.user, upload=upload, petition_type=petition_type
        )
        return Response(
            {
                "id": str(staged.uuid),
                "name": staged.name,
                "size": staged.size,
                "sha256": staged.sha256,
                "content_type": staged.content_type,
            },
            status=status.HTTP_201_CREATED,
        )


class PetitionDocumentInput(serializers.Serializer):
    upload = serializers.UUIDField()
    document_type = serializers.UUIDField()
    access_level = serializers.ChoiceField(
        choices=[AccessLevel.PUBLIC, AccessLevel.RESTRICTED, AccessLevel.SECRET],
        default=AccessLevel.PUBLIC,
    )
    legal_basis = serializers.UUIDField(required=False, allow_null=True)
    form = serializers.ChoiceField(choices=["original", "copy"], default="original")
    description = serializers.CharField(max_length=40, allow_blank=True, default="")


class PetitionInput(serializers.Serializer):
    idempotency_key = serializers.CharField(max_length=80)
    petition_type = serializers.UUIDField()
    summary = serializers.CharField(max_length=100)
    on_behalf_of = serializers.CharField(max_length=18, required=False, allow_blank=True)
    on_behalf_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    documents = PetitionDocumentInput(many=True)
    sign = serializers.BooleanField(default=False, help_text="O “Assinar” explícito.")


def petition_data(petition: Petition) -> dict:
    return {
        "id": str(petition.uuid),
        "kind": petition.kind,
        "process": {
            "id": str(petition.process.uuid),
            "number": format_number(petition.process.number),
        },
        "unit": petition.unit.acronym,
        "committed_at": petition.committed_at,
        "receipt": petition.receipt,
        "receipt_sha256": petition.receipt_sha256,
        "receipt_pdf": f"/api/v1/citizen/receipts/{petition.uuid}/pdf/",
    }


class CitizenPetitions(CitizenView):
    @extend_schema(
        request=PetitionInput, responses={201: OpenApiTypes.OBJECT, 202: OpenApiTypes.OBJECT}
    )
    def post(self, request):
        from citizens.api.signing_views import filing_response

        # Simple signature: the petition (201). Advanced: 202 with the gov.br address.
        return filing_response(request, Petition.Kind.NEW, _valid(PetitionInput, request.data))


class CitizenReceipts(CitizenView):
    """Recibos: the petitions this person filed here."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        rows = Petition.objects.filter(filer_user_id=request.user.pk).select_related(
            "process", "unit"
        )[:200]
        return Response({"results": [petition_data(p) for p in rows]})


def _my_petition(request, uuid) -> Petition:
    petition = (
        Petition.objects.filter(filer_user_id=request.user.pk, uuid=uuid)
        .select_related("process", "unit", "receipt_document")
        .first()
    )
    if petition is None:
        raise CitizenError("receipt_not_found", "Recibo não encontrado.", status=404)
    return petition


class CitizenReceipt(CitizenView):
    """One receipt; `?verify=1` recomputes every document's SHA-256 from the stored bytes
    and the receipt's seal."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, uuid):
        petition = _my_petition(request, uuid)
        body = petition_data(petition)
        if request.query_params.get("verify") == "1":
            body["verification"] = petition_services.verify_receipt(petition)
        return Response(body)


class CitizenReceiptPdf(CitizenView):
    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, uuid):
        petition = _my_petition(request, uuid)
        document = petition.receipt_document
        return FileResponse(
            default_storage.open(document.file.name, "rb"),
            content_type="application/pdf",
            filename=document.original_name,
        )


class PolicyInput(serializers.Serializer):
    simple_signature_allowed = serializers.BooleanField(required=False)
    restricted_petition_level = serializers.ChoiceField(
        choices=["bronze", "prata", "ouro"], required=False
    )
    adhesion_level = serializers.ChoiceField(choices=["bronze", "prata", "ouro"], required=False)
    representation_level = serializers.ChoiceField(
        choices=["bronze", "prata", "ouro"], required=False
    )
    tacit_days = serializers.IntegerField(required=False)
    third_party_intercurrent = serializers.BooleanField(required=False)


def _policy_data(row) -> dict:
    return {name: getattr(row, name) for name in PolicyInput().fields}


class CitizenPolicyView(StaffView):
    """The municipality's rules for citizens (decree): staff read, admins change."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        from citizens.policy import policy

        return Response(_policy_data(policy()))

    @extend_schema(request=PolicyInput, responses=OpenApiTypes.OBJECT)
    def patch(self, request):
        data = _valid(PolicyInput, request.data)
        return Response(_policy_data(admin_services.save_policy(admin=request.staff, **data)))
