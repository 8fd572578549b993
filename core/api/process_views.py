"""The staff app's API on a municipality's host. Thin: parse, call a service, serialize.
Every lookup goes through a selector, so what a person may not see is a 404."""

import uuid as uuidlib

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import prefetch_related_objects
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, generics, serializers, status, viewsets
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from core import selectors
from core.api import process_serializers as s
from core.api.parsers import UnreadBodyParser, UploadParser
from core.api.serializers import UnitSerializer
from core.errors import CoreError
from core.models import (
    Document,
    DocumentTemplate,
    DocumentType,
    LegalBasis,
    Membership,
    Process,
    ProcessPdf,
    ProcessType,
    Signature,
    StaffMember,
    Unit,
)
from core.services import dispatch as dispatch_services
from core.services import documents as document_services
from core.services import processes as process_services
from core.services import staff as staff_services
from core.uploads import S3UploadHandler, receive_body


class IsMunicipalStaff(BasePermission):
    """Active staff of this municipality (on its own host); sets `request.staff`."""

    message = "Acesso restrito aos servidores do município."

    def has_permission(self, request, view) -> bool:
        from accounts.govbr import level_at_least

        tenant = getattr(request, "tenant", None)
        if tenant is None or tenant.is_public:
            return False
        request.staff = staff_services.current_staff(request.user)
        if request.staff is None:
            return False
        session = getattr(request, "session", {})
        minimum = settings.GOVBR_MIN_LEVEL["staff"]
        if session.get("auth_method") == "govbr" and not level_at_least(
            session.get("auth_level"), minimum
        ):
            raise exceptions.PermissionDenied(
                f"Para trabalhar como servidor, sua conta gov.br precisa do nível {minimum} "
                "ou superior. Veja como aumentar o nível em /login/govbr/nivel/?para=servidor"
            )
        return True


class StaffView(APIView):
    permission_classes = [IsMunicipalStaff]


def uuid_param(value: str, message: str) -> str:
    """A filter's uuid from the query string; anything else is a 400 (with the usual
    `{code, detail}` body), not a 500."""
    try:
        return str(uuidlib.UUID(value))
    except ValueError as exc:
        raise CoreError("invalid_id", message) from exc


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# --- me ----------------------------------------------------------------------------


class Me(StaffView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        staff = request.staff
        memberships = Membership.objects.filter(staff=staff, unit__active=True).select_related(
            "unit"
        )
        return Response(
            {
                "name": request.user.name,
                "is_municipal_admin": staff.is_municipal_admin,
                "email_notifications": staff.email_notifications,
                "current_unit": str(staff.current_unit.uuid) if staff.current_unit else None,
                "units": [
                    {
                        "id": str(m.unit.uuid),
                        "acronym": m.unit.acronym,
                        "name": m.unit.name,
                        "role": m.role,
                    }
                    for m in memberships
                ],
            }
        )


class CurrentUnit(StaffView):
    @extend_schema(
        request=inline_serializer("UnitChoice", {"unit": serializers.UUIDField()}),
        responses=OpenApiTypes.OBJECT,
    )
    def post(self, request):
        unit = get_object_or_404(Unit, uuid=request.data.get("unit"))
        staff_services.switch_unit(staff=request.staff, unit=unit)
        return Me().get(request)


class CurrentUnitMembers(StaffView):
    """Who works in my current unit (to assign a process to one of them)."""

    @extend_schema(responses=s.PersonRef(many=True))
    def get(self, request):
        members = selectors.unit_members(selectors.working_unit_id(request.staff))
        return Response([{"id": m["id"], "name": m["name"]} for m in members])


# --- units and staff (municipal admins) --------------------------------------------


def save_unit(request, unit_id=None) -> Response:
    """Create (no unit_id) or change a unit; the service checks the admin role."""
    data = _valid(s.UnitInput, request)
    parent = get_object_or_404(Unit, uuid=data["parent"]) if data.get("parent") else None
    unit = get_object_or_404(Unit, uuid=unit_id) if unit_id else None
    saved = staff_services.save_unit(
        admin=request.staff,
        unit=unit,
        name=data["name"],
        acronym=data["acronym"],
        parent=parent,
        active=data["active"],
    )
    return Response(
        UnitSerializer(saved).data,
        status=status.HTTP_200_OK if unit else status.HTTP_201_CREATED,
    )


class StaffCreate(StaffView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        """The municipality's staff with their units and roles (municipal admins)."""
        staff_services.require_admin(request.staff)
        return Response(selectors.staff_directory())

    @extend_schema(request=s.StaffInput, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        data = _valid(s.StaffInput, request)
        unit = get_object_or_404(Unit, uuid=data.pop("unit"))
        staff = staff_services.add_staff(admin=request.staff, unit=unit, **data)
        return Response(selectors.staff_row(staff), status=status.HTTP_201_CREATED)


# --- catalogues (read: staff; write: municipal admins) -----------------------------


class CatalogueViewSet(viewsets.ModelViewSet):
    permission_classes = [IsMunicipalStaff]
    pagination_class = None  # small tables, read whole by the forms
    lookup_field = "uuid"
    http_method_names = ["get", "post", "patch"]

    def check_write(self):
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            staff_services.require_admin(self.request.staff)

    # The fields that, with the name (case-insensitive), identify an entry; the pt-BR
    # message when another entry already has them.
    unique_with: tuple[str, ...] = ()
    duplicate_message = ""

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer)

    def _save(self, serializer):
        """A duplicate name is a pt-BR 400 (checked first; the database's unique
        constraint, where there is one, settles a race the same way)."""
        self.check_write()
        instance, data = serializer.instance, serializer.validated_data
        name = data.get("name", getattr(instance, "name", ""))
        scope = {f: data.get(f, getattr(instance, f, None)) for f in self.unique_with}
        model = self.get_queryset().model
        taken = model.objects.filter(name__iexact=name, **scope)
        if instance is not None:
            taken = taken.exclude(pk=instance.pk)
        if taken.exists():
            raise CoreError("name_taken", self.duplicate_message)
        try:
            with transaction.atomic():
                serializer.save()
        except IntegrityError as exc:
            raise CoreError("name_taken", self.duplicate_message) from exc


def catalogue(model, serializer_class, duplicate_message, unique_with=()):
    return type(
        f"{model.__name__}ViewSet",
        (CatalogueViewSet,),
        {
            "queryset": model.objects.all(),
            "serializer_class": serializer_class,
            "duplicate_message": duplicate_message,
            "unique_with": unique_with,
        },
    )


ProcessTypeViewSet = catalogue(
    ProcessType,
    s.ProcessTypeSerializer,
    gettext_lazy("Já existe um tipo de processo com este nome."),
)
DocumentTypeViewSet = catalogue(
    DocumentType,
    s.DocumentTypeSerializer,
    gettext_lazy("Já existe um tipo de documento com este nome."),
)
LegalBasisViewSet = catalogue(
    LegalBasis,
    s.LegalBasisSerializer,
    gettext_lazy("Já existe uma hipótese legal com este nome neste nível de acesso."),
    ("access_level",),
)
TemplateViewSet = catalogue(
    DocumentTemplate,
    s.TemplateSerializer,
    gettext_lazy("Já existe um modelo com este nome para este tipo de documento."),
    ("document_type",),
)


# --- processes ---------------------------------------------------------------------


class ProcessList(StaffView, generics.ListAPIView):
    serializer_class = s.ProcessListSerializer

    def get_queryset(self):
        return selectors.processes_visible_to(self.request.staff).select_related(
            "process_type", "unit"
        )

    @extend_schema(request=s.ProcessInput, responses={201: s.ProcessDetailSerializer})
    def post(self, request):
        data = _valid(s.ProcessInput, request)
        process_type = get_object_or_404(ProcessType, uuid=data["process_type"])
        legal_basis = (
            get_object_or_404(LegalBasis, uuid=data["legal_basis"])
            if data.get("legal_basis")
            else None
        )
        process = process_services.create_process(
            staff=request.staff,
            process_type=process_type,
            summary=data["summary"],
            access_level=data["access_level"],
            legal_basis=legal_basis,
            parties=data.get("parties"),
        )
        return _process(request, process.uuid, status.HTTP_201_CREATED)


def _process(request, uuid, code=status.HTTP_200_OK):
    """The process (read now, e.g. after a change) and what the view shows beside it."""
    process = get_object_or_404(selectors.process_detail(request.staff), uuid=uuid)
    return _process_response(request, process, code)


def _process_response(request, process: Process, code=status.HTTP_200_OK):
    """`process` (from selectors.process_detail) with its relations, markers, watch...
    and what the person may do now (one permissions.Situation for all of it)."""
    from core.services.permissions import Situation

    situation = Situation(request.staff, process)
    context = {"staff": request.staff, "situation": situation}
    body = s.ProcessDetailSerializer(process, context=context).data
    # The working unit as the permission checks read it (once for the whole answer).
    unit_id = situation.unit.pk if situation.unit is not None else None
    body["here"] = selectors.open_here(request.staff, process, unit_id=unit_id)
    links = selectors.process_links(request.staff, process, unit_id=unit_id)
    body.update(s.ProcessLinksSerializer(links).data)
    return Response(body, status=code)


class ProcessDetail(StaffView):
    @extend_schema(responses=s.ProcessDetailSerializer)
    def get(self, request, uuid):
        process = get_object_or_404(selectors.process_detail(request.staff), uuid=uuid)
        dispatch_services.mark_read(staff=request.staff, process=process)  # recebimento
        return _process_response(request, process)


class Inbox(StaffView, generics.ListAPIView):
    """Controle de processos: what is open in my current unit."""

    serializer_class = s.InboxRowSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", str, enum=["received", "generated"]),
            OpenApiParameter("unread", bool),
            OpenApiParameter("mine", bool),
            OpenApiParameter("overdue", bool),
            OpenApiParameter("marker", str, description="uuid de um marcador da unidade"),
            OpenApiParameter("ordering", str, enum=["-since", "since", "number", "-number"]),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        people = selectors.people_by_user_id(row.assigned_to_id for row in page)
        context = {**self.get_serializer_context(), "people": people}
        return self.get_paginated_response(
            s.InboxRowSerializer(page, many=True, context=context).data
        )

    def get_queryset(self):
        q = self.request.query_params
        flag = lambda name: q.get(name) in ("1", "true")  # noqa: E731
        marker = q.get("marker", "")
        if marker:
            marker = uuid_param(marker, _("Marcador inválido."))
        return selectors.inbox(
            self.request.staff,
            kind=q.get("kind", ""),
            unread=flag("unread"),
            mine=flag("mine"),
            overdue=flag("overdue"),
            marker=marker,
            ordering=q.get("ordering", "-since"),
        )


class Search(StaffView, generics.ListAPIView):
    """Full-text search over what the person may see, ranked, with filters."""

    serializer_class = s.ProcessListSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str),
            OpenApiParameter("type", str, description="uuid"),
            OpenApiParameter("unit", str, description="sigla da unidade geradora"),
            OpenApiParameter("from", str, description="AAAA-MM-DD"),
            OpenApiParameter("to", str, description="AAAA-MM-DD"),
            OpenApiParameter("party", str, description="CPF/CNPJ ou parte do nome do interessado"),
            OpenApiParameter("number", str),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = s.SearchParams(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return selectors.search_processes(self.request.staff, params.validated_data)


def _visible_process(request, uuid) -> Process:
    return get_object_or_404(selectors.processes_visible_to(request.staff), uuid=uuid)


class SendProcess(StaffView):
    @extend_schema(request=s.SendInput, responses={201: OpenApiTypes.OBJECT})
    def post(self, request, uuid):
        process = _visible_process(request, uuid)
        data = _valid(s.SendInput, request)
        sent = dispatch_services.send(
            staff=request.staff,
            process=process,
            to_units=dispatch_services.destination_units(data["units"]),
            note=data.get("note", ""),
            keep_open=data["keep_open"],
            return_date=data.get("return_date"),
        )
        return Response(
            {"sent_to": [d.to_unit.acronym for d in sent]}, status=status.HTTP_201_CREATED
        )


class ConcludeProcess(StaffView):
    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def post(self, request, uuid):
        dispatch_services.conclude(staff=request.staff, process=_visible_process(request, uuid))
        return Response({"open_here": False})


class ReopenProcess(StaffView):
    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def post(self, request, uuid):
        dispatch_services.reopen(staff=request.staff, process=_visible_process(request, uuid))
        return Response({"open_here": True})


class AssignProcess(StaffView):
    @extend_schema(request=s.AssignInput, responses=OpenApiTypes.OBJECT)
    def post(self, request, uuid):
        process = _visible_process(request, uuid)
        data = _valid(s.AssignInput, request)
        user_id = None
        if data.get("staff"):
            user_id = get_object_or_404(StaffMember, uuid=data["staff"]).user_id
        row = dispatch_services.assign(staff=request.staff, process=process, user_id=user_id)
        assignee = selectors.people_by_user_id([row.assigned_to_id]).get(row.assigned_to_id)
        return Response({"assignee": assignee})


class ProcessEvents(StaffView):
    @extend_schema(responses=s.EventSerializer(many=True))
    def get(self, request, uuid):
        process = get_object_or_404(selectors.processes_visible_to(request.staff), uuid=uuid)
        events = process.events.select_related("unit")
        return Response(s.EventSerializer(events, many=True).data)


class InternalDocumentCreate(StaffView):
    @extend_schema(request=s.InternalDocumentInput, responses={201: s.DocumentSerializer})
    def post(self, request, uuid):
        process = get_object_or_404(selectors.processes_visible_to(request.staff), uuid=uuid)
        data = _valid(s.InternalDocumentInput, request)
        document_type = get_object_or_404(DocumentType, uuid=data["document_type"])
        template = (
            get_object_or_404(DocumentTemplate, uuid=data["template"])
            if data.get("template")
            else None
        )
        document = document_services.create_internal(
            staff=request.staff,
            process=process,
            document_type=document_type,
            template=template,
            description=data.get("description", ""),
        )
        return Response(_document_data(request, document), status=status.HTTP_201_CREATED)


class ExternalDocumentUpload(StaffView):
    parser_classes = [UploadParser]

    @extend_schema(
        request={"multipart/form-data": s.UploadInput}, responses={201: s.DocumentSerializer}
    )
    def post(self, request, uuid):
        process = get_object_or_404(selectors.processes_visible_to(request.staff), uuid=uuid)
        document_services.check_upload_allowed(staff=request.staff, process=process)
        # Stream the file to S3 while the body arrives (checked before anything is sent).
        request.upload_handlers = [
            S3UploadHandler(request._request, key_prefix=f"processes/{process.uuid}")
        ]
        try:
            data = _valid(s.UploadInput, request)
            document_type = get_object_or_404(DocumentType, uuid=data["document_type"])
        except BaseException:
            # A file already on its way to S3 for a request refused here must not stay.
            for upload in request.FILES.values():
                if hasattr(upload, "discard"):
                    upload.discard()
            raise
        document = document_services.upload_external(
            staff=request.staff,
            process=process,
            document_type=document_type,
            upload=data["file"],
            document_date=data.get("document_date"),
            form=data["form"],
            description=data.get("description", ""),
        )
        return Response(_document_data(request, document), status=status.HTTP_201_CREATED)


class ExternalDocumentRawUpload(StaffView):
    """The file as the request body (`Content-Type` of the file, `Content-Length`
    required), its metadata in the query string: no multipart to parse. The metadata is
    checked, and the upload allowed, before a byte of the body is read."""

    parser_classes = [UnreadBodyParser]

    @extend_schema(
        request={"application/octet-stream": OpenApiTypes.BINARY},
        parameters=[s.RawUploadQuery],
        responses={201: s.DocumentSerializer},
    )
    def post(self, request, uuid):
        process = get_object_or_404(selectors.processes_visible_to(request.staff), uuid=uuid)
        query = s.RawUploadQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        meta = query.validated_data
        document_type = get_object_or_404(DocumentType, uuid=meta["document_type"])
        document_services.check_upload_allowed(staff=request.staff, process=process)
        upload = receive_body(
            request._request, key_prefix=f"processes/{process.uuid}", file_name=meta["filename"]
        )
        document = document_services.upload_external(
            staff=request.staff,
            process=process,
            document_type=document_type,
            upload=upload,
            document_date=meta.get("document_date"),
            form=meta["form"],
            description=meta.get("description", ""),
        )
        return Response(_document_data(request, document), status=status.HTTP_201_CREATED)


def _document_data(request, document: Document) -> dict:
    """One document as the API shows it (its signatures read in one query), with what
    the person may do with it now."""
    prefetch_related_objects([document], selectors.signatures_prefetch())
    return s.DocumentSerializer(document, context={"staff": request.staff}).data


def _document(request, uuid):
    return get_object_or_404(selectors.documents_visible_to(request.staff), uuid=uuid)


class DocumentDetail(StaffView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, uuid):
        """The document's metadata; an internal one's HTML and versions only when its
        content may be read (not another unit's unsigned draft, not a cancelled one)."""
        document = _document(request, uuid)
        body = _document_data(request, document)
        if document.kind == "internal" and body["content_available"]:
            latest = selectors.latest_version(document)
            body["html"] = latest.html
            body["version"] = latest.version
            body["versions"] = list(document.versions.values("version", "sha256", "created_at"))
        return Response(body)


class DocumentCancel(StaffView):
    """Cancelar documento: it stays in the process, marked cancelled, without content."""

    @extend_schema(request=s.ReasonInput, responses=s.DocumentSerializer)
    def post(self, request, uuid):
        document = _document(request, uuid)
        data = _valid(s.ReasonInput, request)
        document = document_services.cancel(
            staff=request.staff, document=document, reason=data["reason"]
        )
        return Response(_document_data(request, document))


class DocumentVersionCreate(StaffView):
    @extend_schema(request=s.VersionInput, responses={201: OpenApiTypes.OBJECT})
    def post(self, request, uuid):
        document = _document(request, uuid)
        data = _valid(s.VersionInput, request)
        version = document_services.save_version(
            staff=request.staff, document=document, html=data["html"]
        )
        return Response(
            {"version": version.version, "sha256": version.sha256, "html": version.html},
            status=status.HTTP_201_CREATED,
        )


class DocumentContent(StaffView):
    """The document itself: sanitised HTML in a locked-down page, or the stored file.
    Framable by the same origin only (the staff app's viewer); the rest of the site
    answers X-Frame-Options DENY. Another unit's unsigned draft, or a cancelled
    document, is a 404 (permissions.check_view)."""

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, uuid):
        from core.services import permissions

        document = _document(request, uuid)
        prefetch_related_objects([document], "signatures")
        permissions.check_view(permissions.Situation(request.staff, document.process), document)
        response = self._content(document)
        response["X-Frame-Options"] = "SAMEORIGIN"
        policy = response.get("Content-Security-Policy")
        response["Content-Security-Policy"] = (
            f"{policy}; {FRAME_SAMEORIGIN}" if policy else FRAME_SAMEORIGIN
        )
        return response

    def _content(self, document):
        if document.kind == "internal":
            html = selectors.latest_version(document).html
            response = HttpResponse(
                f'<!doctype html><html lang="pt-BR"><meta charset="utf-8">'
                f"<title>{document}</title><body>{html}</body></html>",
                content_type="text/html; charset=utf-8",
            )
            response["Content-Security-Policy"] = (
                "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox"
            )
            return response
        viewable = document.content_type == "application/pdf" or document.content_type.startswith(
            "image/"
        )
        response = FileResponse(
            default_storage.open(document.file.name, "rb"),
            content_type=document.content_type,
            filename=document.original_name,
            as_attachment=not viewable,  # office files are downloaded, never rendered
        )
        if document.content_type != "application/pdf":
            # (the browser's PDF viewer does not run in a sandboxed document)
            response["Content-Security-Policy"] = "sandbox"
        response["X-Content-Type-Options"] = "nosniff"
        return response


FRAME_SAMEORIGIN = "frame-ancestors 'self'"


class SignDocuments(StaffView):
    @extend_schema(request=s.SignInput, responses={201: s.SignatureSerializer(many=True)})
    def post(self, request):
        data = _valid(s.SignInput, request)
        documents = list(
            selectors.documents_visible_to(request.staff).filter(uuid__in=data["documents"])
        )
        if len(documents) != len(set(data["documents"])):
            return Response(
                {"code": "not_found", "detail": "Documento não encontrado."},
                status=status.HTTP_404_NOT_FOUND,
            )
        from signatures.services.signing import sign_documents

        session = request.session
        signatures = sign_documents(
            staff=request.staff,
            user=request.user,
            documents=documents,
            password=data.get("password", ""),
            role=data.get("role", ""),
            method=data["method"],
            govbr={
                "method": session.get("auth_method"),
                "level": session.get("auth_level"),
                "amr": session.get("auth_amr"),
                "auth_time": session.get("auth_time"),
            },
        )
        return Response(
            s.SignatureSerializer(signatures, many=True).data, status=status.HTTP_201_CREATED
        )


class VerifySignature(StaffView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, signature_id):
        signature = get_object_or_404(
            Signature.objects.filter(document__in=selectors.documents_visible_to(request.staff)),
            pk=signature_id,
        )
        return Response({"valid": document_services.verify(signature), "sha256": signature.sha256})


class ProcessPdfRequest(StaffView):
    @extend_schema(request=None, responses={202: OpenApiTypes.OBJECT})
    def post(self, request, uuid):
        from core.services.process_pdf import request_pdf

        process = get_object_or_404(selectors.processes_visible_to(request.staff), uuid=uuid)
        pdf = request_pdf(staff=request.staff, process=process)
        return Response(_pdf_body(pdf), status=status.HTTP_202_ACCEPTED)


class ProcessPdfStatus(StaffView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, uuid, pdf_id):
        pdf = get_object_or_404(
            ProcessPdf.objects.filter(process__in=selectors.processes_visible_to(request.staff)),
            uuid=pdf_id,
            process__uuid=uuid,
        )
        if request.query_params.get("download") and pdf.status == ProcessPdf.Status.DONE:
            return FileResponse(
                default_storage.open(pdf.file.name, "rb"),
                content_type="application/pdf",
                as_attachment=True,
                filename=f"processo-{pdf.process.number}.pdf",
            )
        return Response(_pdf_body(pdf))


def _pdf_body(pdf) -> dict:
    return {
        "id": str(pdf.uuid),
        "status": pdf.status,
        "progress": pdf.progress,
        "error": "Não foi possível gerar o PDF." if pdf.error else "",
    }
