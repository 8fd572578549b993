"""API of the signature blocks (blocos de assinatura) and of the municipality's signing
defaults. Thin: every block is found through `signatures.selectors`, every change is a
service of `signatures.services.blocks`; what may not be seen is a 404."""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from core.api.process_views import StaffView
from core.models import Document, Signature
from core.numbering import format_number
from signatures import selectors
from signatures.models import SignatureBlock
from signatures.services import blocks, signing

State = SignatureBlock.State


# --- input ----------------------------------------------------------------------------


class BlockCreateInput(serializers.Serializer):
    description = serializers.CharField(max_length=200, trim_whitespace=True)


class BlockDocumentsInput(serializers.Serializer):
    documents = serializers.ListField(
        child=serializers.UUIDField(), allow_empty=False, max_length=blocks.MAX_DOCUMENTS
    )


class BlockUnitsInput(serializers.Serializer):
    units = serializers.ListField(child=serializers.UUIDField(), allow_empty=False, max_length=50)


class BlockNoteInput(serializers.Serializer):
    note = serializers.CharField(max_length=1000, allow_blank=True, required=False, default="")


class BlockSignInput(serializers.Serializer):
    password = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    role = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    method = serializers.ChoiceField(choices=["password", "govbr"], default="password")


class BlockGovbrInput(serializers.Serializer):
    role = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    return_path = serializers.CharField(required=False, max_length=500, default="/")
    # "qualified": the ICP-Brasil cloud certificate (scope icp_brasil)
    level = serializers.ChoiceField(
        choices=["advanced", "qualified"], required=False, default="advanced"
    )


class SigningDefaultsInput(serializers.Serializer):
    advanced_default = serializers.BooleanField()
    password_allowed = serializers.BooleanField()


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# --- output ---------------------------------------------------------------------------


def _unit(unit) -> dict:
    return {"id": str(unit.uuid), "acronym": unit.acronym, "name": unit.name}


def _row(block: SignatureBlock, unit_id: int | None) -> dict:
    return {
        "id": str(block.uuid),
        "number": block.pk,
        "description": block.description,
        "state": block.state,
        "state_label": str(State(block.state).label),
        "unit": _unit(block.unit),
        "generated": block.unit_id == unit_id,
        "recipients": [_unit(r.unit) for r in block.recipients.all()],
        "document_count": getattr(block, "document_count", None),
        "created_at": block.created_at,
        "updated_at": block.updated_at,
    }


def _detail(request, block: SignatureBlock) -> dict:
    from django.db.models import Prefetch

    from core.selectors import working_unit_id
    from signatures.models import Level, SignaturePolicy
    from signatures.services.authenticity import signature_body

    staff = request.staff
    unit_id = working_unit_id(staff)
    body = _row(block, unit_id)
    body["recipients"] = [{**_unit(r.unit), "note": r.note} for r in block.recipients.all()]
    documents = blocks.documents_of(block)
    body["document_count"] = len(documents)
    # (a fixed number of queries, whatever the number of documents)
    prefetch_related_objects(
        documents,
        Prefetch("signatures", queryset=Signature.objects.select_related("unit", "evidence")),
    )
    policies = dict(
        SignaturePolicy.objects.filter(
            document_type_id__in={d.document_type_id for d in documents}
        ).values_list("document_type_id", "minimum_level")
    )
    user_id = request.user.pk
    rows = []
    for document in documents:
        level = policies.get(document.document_type_id, Level.SIMPLE)
        process = document.process
        rows.append(
            {
                "id": str(document.uuid),
                "title": str(document),
                "document_type": document.document_type.name,
                "description": document.description,
                "unit": document.unit.acronym,
                "process": {"id": str(process.uuid), "number": format_number(process.number)},
                "state": "cancelled"
                if document.cancelled_at
                else ("signed" if document.signatures.all() else "draft"),
                "signed_by_me": any(s.user_id == user_id for s in document.signatures.all()),
                "minimum_level": level,
                "minimum_level_label": str(Level(level).label),
                "signatures": [signature_body(s) for s in document.signatures.all()],
            }
        )
    body["documents"] = rows
    body["events"] = [
        {
            "action": e.action,
            "description": e.description,
            "unit": e.unit.acronym if e.unit else "",
            "created_at": e.created_at,
        }
        for e in block.events.select_related("unit")
    ]
    actions = blocks.allowed_actions(staff, block)
    pending = [r for r in rows if not r["signed_by_me"] and r["state"] != "cancelled"]
    if "sign" in actions and not pending:
        actions.remove("sign")
    body["allowed_actions"] = actions
    body["received"] = blocks.is_recipient(block, unit_id) and block.state != State.OPEN
    body["to_sign"] = len(pending)
    return body


def _block(request, uuid) -> SignatureBlock:
    return get_object_or_404(selectors.blocks_visible_to(request.staff), uuid=uuid)


def _answer(request, block: SignatureBlock, code=status.HTTP_200_OK) -> Response:
    return Response(_detail(request, _block(request, block.uuid)), status=code)


# --- views ----------------------------------------------------------------------------


class BlockList(StaffView):
    """Blocos de assinatura of my current unit: `?kind=generated` (default) or
    `received`; `?state=open,returned` to filter."""

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", str, enum=["generated", "received"]),
            OpenApiParameter("state", str, description="estados separados por vírgula"),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        from core.errors import CoreError
        from core.selectors import working_unit_id

        kind = request.query_params.get("kind", "generated")
        if kind not in ("generated", "received"):
            raise CoreError("invalid_kind", _("Tipo de lista inválido: use generated ou received."))
        states = [x for x in request.query_params.get("state", "").split(",") if x]
        if any(x not in State.values for x in states):
            raise CoreError(
                "invalid_state",
                _("Estado inválido: use open, available, returned ou concluded."),
            )
        pick = selectors.generated_blocks if kind == "generated" else selectors.received_blocks
        unit_id = working_unit_id(request.staff)
        return Response([_row(b, unit_id) for b in pick(request.staff, states=states)[:500]])

    @extend_schema(request=BlockCreateInput, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        data = _valid(BlockCreateInput, request)
        block = blocks.create_block(staff=request.staff, description=data["description"])
        return _answer(request, block, status.HTTP_201_CREATED)


class BlockDetail(StaffView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, uuid):
        return Response(_detail(request, _block(request, uuid)))


def _documents_for(request, uuids) -> list[Document]:
    """The documents asked for, among those the person may see (else a 404)."""
    from core import selectors as core_selectors

    wanted = list(dict.fromkeys(uuids))
    found = {
        d.uuid: d
        for d in core_selectors.documents_visible_to(request.staff).filter(uuid__in=wanted)
    }
    if len(found) != len(wanted):
        from core.errors import CoreError

        raise CoreError("not_found", _("Documento não encontrado."), status=404)
    documents = [found[u] for u in wanted]
    prefetch_related_objects(documents, "signatures")
    return documents


class BlockDocuments(StaffView):
    """Incluir documentos no bloco (`{"documents": [uuid, …]}`)."""

    @extend_schema(request=BlockDocumentsInput, responses={201: OpenApiTypes.OBJECT})
    def post(self, request, uuid):
        block = _block(request, uuid)
        data = _valid(BlockDocumentsInput, request)
        documents = _documents_for(request, data["documents"])
        blocks.add_documents(staff=request.staff, block=block, documents=documents)
        return _answer(request, block, status.HTTP_201_CREATED)


class BlockDocument(StaffView):
    """Retirar um documento do bloco."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def delete(self, request, uuid, document):
        from core.errors import CoreError

        block = _block(request, uuid)
        found = Document.objects.filter(uuid=document, pk__in=block.items.values("document"))
        doc = found.select_related("document_type", "process").first()
        if doc is None:
            raise CoreError("not_found", _("Documento não encontrado."), status=404)
        blocks.remove_document(staff=request.staff, block=block, document=doc)
        return _answer(request, block)


class BlockDocumentContent(StaffView):
    """A document of the block, read through the block: the units it was made available
    to read it even when it is another unit's draft (and only here)."""

    @extend_schema(responses={(200, "text/html"): OpenApiTypes.BINARY})
    def get(self, request, uuid, document):
        from core.api.process_views import FRAME_SAMEORIGIN, DocumentContent

        block = _block(request, uuid)
        doc = blocks.readable_document(block, request.staff, document)
        response = DocumentContent()._content(doc)
        response["X-Frame-Options"] = "SAMEORIGIN"
        policy = response.get("Content-Security-Policy")
        response["Content-Security-Policy"] = (
            f"{policy}; {FRAME_SAMEORIGIN}" if policy else FRAME_SAMEORIGIN
        )
        return response


def _transition(action):
    class View(StaffView):
        @extend_schema(request=BlockNoteInput if action in ("return", "note") else BlockUnitsInput
                       if action == "make_available" else None,
                       responses=OpenApiTypes.OBJECT)  # fmt: skip
        def post(self, request, uuid):
            block = _block(request, uuid)
            staff = request.staff
            if action == "make_available":
                data = _valid(BlockUnitsInput, request)
                units = blocks.units_by_uuid(data["units"])
                blocks.make_available(staff=staff, block=block, units=units)
            elif action == "cancel_availability":
                blocks.cancel_availability(staff=staff, block=block)
            elif action == "return":
                data = _valid(BlockNoteInput, request)
                blocks.return_block(staff=staff, block=block, note=data["note"])
            elif action == "note":
                data = _valid(BlockNoteInput, request)
                blocks.annotate(staff=staff, block=block, note=data["note"])
            elif action == "conclude":
                blocks.conclude(staff=staff, block=block)
            return _answer(request, block)

    View.__name__ = View.__qualname__ = f"Block_{action}"
    return View


MakeAvailable = _transition("make_available")
CancelAvailability = _transition("cancel_availability")
ReturnBlock = _transition("return")
AnnotateBlock = _transition("note")
ConcludeBlock = _transition("conclude")


class SignBlock(StaffView):
    """Assinar bloco with the password or a fresh gov.br login: every document of the
    block the person has not signed yet, in one action."""

    @extend_schema(request=BlockSignInput, responses={201: OpenApiTypes.OBJECT})
    def post(self, request, uuid):
        from core.api.process_serializers import SignatureSerializer

        block = _block(request, uuid)
        data = _valid(BlockSignInput, request)
        session = request.session
        govbr = {
            "method": session.get("auth_method"),
            "auth_time": session.get("auth_time"),
            "level": session.get("auth_level"),
            "amr": session.get("auth_amr"),
        }
        made = blocks.sign_block(
            staff=request.staff,
            user=request.user,
            block=block,
            password=data["password"],
            role=data["role"],
            method=data["method"],
            govbr=govbr,
        )
        ids = [s.pk for s in made]
        made = Signature.objects.filter(pk__in=ids).select_related("unit", "version")
        return Response(
            {
                "signatures": SignatureSerializer(made, many=True).data,
                "block": _detail(request, _block(request, uuid)),
            },
            status=status.HTTP_201_CREATED,
        )


class SignBlockGovbr(StaffView):
    """Assinar bloco with the gov.br signature API: one authorisation (signature_session)
    for every document the person has not signed yet; answers where the browser goes."""

    @extend_schema(request=BlockGovbrInput, responses={201: OpenApiTypes.OBJECT})
    def post(self, request, uuid):
        from signatures.api.views import _redirect_uri
        from signatures.services import govbr

        block = _block(request, uuid)
        data = _valid(BlockGovbrInput, request)
        authorization, url = govbr.start_signing(
            staff=request.staff,
            user=request.user,
            documents=[],
            session=request.session,
            redirect_uri=_redirect_uri(request),
            role=data["role"],
            return_path=data["return_path"],
            block=block,
            level=data["level"],
        )
        return Response({"id": str(authorization.uuid), "authorize_url": url}, status=201)


class SigningDefaults(StaffView):
    """How this municipality signs (read by every staff member; set by the municipal
    admin): `{"advanced_default": bool, "password_allowed": bool}`."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return Response(signing.signing_defaults())

    @extend_schema(request=SigningDefaultsInput, responses=OpenApiTypes.OBJECT)
    def put(self, request):
        data = _valid(SigningDefaultsInput, request)
        return Response(
            signing.set_signing_defaults(
                staff=request.staff,
                advanced_default=data["advanced_default"],
                password_allowed=data["password_allowed"],
            )
        )
