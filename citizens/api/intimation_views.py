"""Intimações (staff issue and follow; citizen list, consult, respond), adhesion,
intercorrente and representations."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from citizens import intimations, policy
from citizens.api.petition_views import PetitionDocumentInput, _valid
from citizens.api.views import CitizenView
from citizens.calendar import tenant_calendar
from citizens.models import Adhesion, Intimation, IntimationRecipient, Representation
from citizens.services import adhesion as adhesion_services
from core import selectors as core_selectors
from core.api.process_views import StaffView
from core.models import Document
from core.numbering import format_number


def _state_data(state: intimations.RecipientState) -> dict:
    return {
        "state": state.code,
        "state_label": state.label,
        "tacit_date": state.tacit_date,
        "tacit_at": state.tacit_at,
        "fulfilled_at": state.fulfilled_at,
        "fulfilled_on": state.fulfilled_on,
        "response_due": state.response_due,
        "can_respond": state.can_respond,
    }


def _intimation_data(intimation: Intimation) -> dict:
    return {
        "id": str(intimation.uuid),
        "process": {
            "id": str(intimation.process.uuid),
            "number": format_number(intimation.process.number),
        },
        "unit": intimation.unit.acronym,
        "kind": intimation.kind,
        "purpose": intimation.purpose,
        "facts_and_grounds": intimation.facts_and_grounds,
        "attendance": intimation.attendance,
        "representation_allowed": intimation.representation_allowed,
        "continues_regardless": True,  # art. 26 §1 V: the process goes on regardless
        "response_mode": intimation.response_mode,
        "response_deadline": (
            {
                "n": intimation.response_n,
                "unit": intimation.response_unit,
                "kind": intimation.response_kind,
            }
            if intimation.response_n
            else None
        ),
        "issued_at": intimation.issued_at,
        "expedition_date": intimation.expedition_date,
    }


# --- staff ------------------------------------------------------------------------------


class IntimationInput(serializers.Serializer):
    document = serializers.UUIDField()
    annexes = serializers.ListField(child=serializers.UUIDField(), default=list)
    recipients = serializers.ListField(child=serializers.CharField(max_length=18), max_length=300)
    kind = serializers.CharField(max_length=120)
    purpose = serializers.CharField(max_length=500)
    facts_and_grounds = serializers.CharField(max_length=20000)
    attendance = serializers.CharField(max_length=300, allow_blank=True, default="")
    representation_allowed = serializers.BooleanField(default=True)
    response_mode = serializers.ChoiceField(choices=Intimation.ResponseMode.values)
    response_n = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    response_unit = serializers.ChoiceField(
        choices=["", "D", "M", "A"], default="", allow_blank=True
    )
    response_kind = serializers.ChoiceField(choices=["", "C", "U"], default="", allow_blank=True)


def _document_ref(document: Document | None) -> dict | None:
    """A document of the process as the staff screen links to it (in the tree)."""
    if document is None:
        return None
    label = str(document)
    if document.kind == Document.Kind.EXTERNAL and document.description:
        label = f"{document.document_type.name} ({document.description})"
    return {"id": str(document.uuid), "label": label}


def _certificate_data(recipient: IntimationRecipient) -> dict | None:
    try:
        certificate = recipient.certificate
    except ObjectDoesNotExist:
        return None
    return {
        "kind": certificate.kind,
        "fulfilled_at": certificate.fulfilled_at,
        "document": _document_ref(certificate.document),
    }


def _response_data(recipient: IntimationRecipient) -> dict | None:
    petition = recipient.response
    if petition is None:
        return None
    return {
        "committed_at": petition.committed_at,
        "receipt_document": _document_ref(petition.receipt_document),
    }


def _recipients_data(intimation: Intimation, calendar, now) -> list[dict]:
    return [
        {
            "id": str(r.uuid),
            "name": r.name,
            "person": intimations._mask(r.person),
            "consulted_at": r.consulted_at,
            **_state_data(intimations.state_of(r, intimation, now, calendar)),
            "certificate": _certificate_data(r),
            "response": _response_data(r),
        }
        for r in intimation.recipients.all()
    ]


def _recipients_prefetch() -> Prefetch:
    return Prefetch(
        "recipients",
        queryset=IntimationRecipient.objects.select_related(
            "certificate__document__document_type",
            "response__receipt_document__document_type",
        ).order_by("name", "id"),
    )


class ProcessIntimations(StaffView):
    """Issue an intimação on a signed document of a process open in one's unit; list
    the process's intimações with each destinatário's state."""

    def _process(self, request, uuid):
        return get_object_or_404(core_selectors.processes_visible_to(request.staff), uuid=uuid)

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, uuid):
        process = self._process(request, uuid)
        calendar, now = tenant_calendar(), timezone.now()
        rows = Intimation.objects.filter(process=process).select_related(
            "process", "unit", "document__document_type"
        )
        annexes = {
            d.pk: d
            for d in Document.objects.filter(
                process=process, pk__in=[pk for i in rows for pk in i.annex_ids]
            ).select_related("document_type")
        }
        return Response(
            [
                {
                    **_intimation_data(i),
                    "document": _document_ref(i.document),
                    "annexes": [_document_ref(annexes[pk]) for pk in i.annex_ids if pk in annexes],
                    "recipients": _recipients_data(i, calendar, now),
                }
                for i in rows.prefetch_related(_recipients_prefetch())
            ]
        )

    @extend_schema(request=IntimationInput, responses={201: OpenApiTypes.OBJECT})
    def post(self, request, uuid):
        process = self._process(request, uuid)
        data = _valid(IntimationInput, request.data)
        documents = {
            d.uuid: d
            for d in Document.objects.filter(
                process=process, uuid__in=[data["document"], *data["annexes"]]
            )
        }
        if data["document"] not in documents or any(a not in documents for a in data["annexes"]):
            from citizens.errors import CitizenError

            raise CitizenError(
                "document_not_found", "Documento não encontrado neste processo.", status=404
            )
        intimation = intimations.issue(
            staff=request.staff,
            process=process,
            document=documents[data["document"]],
            annexes=[documents[a] for a in data["annexes"]],
            recipients=data["recipients"],
            kind=data["kind"],
            purpose=data["purpose"],
            facts_and_grounds=data["facts_and_grounds"],
            attendance=data["attendance"],
            representation_allowed=data["representation_allowed"],
            response_mode=data["response_mode"],
            response_n=data.get("response_n"),
            response_unit=data["response_unit"],
            response_kind=data["response_kind"],
        )
        body = {
            **_intimation_data(intimation),
            "recipients": _recipients_data(intimation, tenant_calendar(), timezone.now()),
        }
        return Response(body, status=status.HTTP_201_CREATED)


class ProcessIntimationRecipients(StaffView):
    """Who may be intimated electronically on this process: its interessados, each with
    whether they adhered (only those may be chosen; spec §4 "Nós")."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, uuid):
        from core.models import InterestedParty

        process = get_object_or_404(core_selectors.processes_visible_to(request.staff), uuid=uuid)
        parties = list(InterestedParty.objects.filter(process=process).order_by("name", "id"))
        adhered = set(
            Adhesion.objects.filter(
                person__in=[p.document for p in parties], revoked_at=None
            ).values_list("person", flat=True)
        )
        # The principals each one was already intimated on (never twice: spec §4).
        intimated: dict[str, list[str]] = {}
        for person, doc in IntimationRecipient.objects.filter(
            intimation__process=process, person__in=[p.document for p in parties]
        ).values_list("person", "document__uuid"):
            intimated.setdefault(person, []).append(str(doc))
        return Response(
            [
                {
                    "document": p.document,
                    "masked": intimations._mask(p.document),
                    "name": p.name,
                    "kind": p.kind,
                    "adhered": p.document in adhered,
                    "intimated_on": intimated.get(p.document, []),
                }
                for p in parties
            ]
        )


class ProcessPetitions(StaffView):
    """The petitions (novo, intercorrente, resposta) filed on this process, each with its
    recibo (a document of the process: the staff viewer opens it in the tree)."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, uuid):
        from citizens.models import Petition

        process = get_object_or_404(core_selectors.processes_visible_to(request.staff), uuid=uuid)
        rows = (
            Petition.objects.filter(process=process)
            .select_related("unit", "receipt_document__document_type")
            .order_by("committed_at", "id")
        )
        return Response(
            [
                {
                    "id": str(p.uuid),
                    "kind": p.kind,
                    "kind_label": p.get_kind_display(),
                    "committed_at": p.committed_at,
                    "unit": p.unit.acronym,
                    "signer": (p.receipt.get("signatario") or {}).get("nome", ""),
                    "receipt_sha256": p.receipt_sha256,
                    "receipt_document": _document_ref(p.receipt_document),
                }
                for p in rows
            ]
        )


class UnitPendingIntimations(StaffView):
    """The working unit's intimações still pending (cumprimento or response)."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        unit_id = core_selectors.working_unit_id(request.staff)
        if unit_id is None:
            return Response([])
        calendar, now = tenant_calendar(), timezone.now()
        visible = core_selectors.processes_visible_to(request.staff).values("pk")
        rows = (
            IntimationRecipient.objects.filter(
                intimation__unit_id=unit_id, intimation__process__in=visible
            )
            .select_related("intimation", "intimation__process", "intimation__unit")
            .order_by("intimation__issued_at")
        )
        out = []
        for r in rows[:500]:
            state = intimations.state_of(r, r.intimation, now, calendar)
            if state.code == intimations.PENDING or (
                state.can_respond and r.intimation.response_mode == "required"
            ):
                out.append(
                    {
                        "id": str(r.uuid),
                        "intimation": _intimation_data(r.intimation),
                        "name": r.name,
                        **_state_data(state),
                    }
                )
        return Response(out)


# --- citizen ------------------------------------------------------------------------------


def _citizen_row(recipient, state) -> dict:
    return {
        "id": str(recipient.uuid),
        "intimation": _intimation_data(recipient.intimation),
        "destinatario": recipient.name,
        **_state_data(state),
        "confirmation_text": (
            "Ao consultar o documento, você confirma a ciência desta intimação, que será "
            "considerada cumprida nesta data (ou no primeiro dia útil seguinte)."
        ),
    }


class CitizenIntimations(CitizenView):
    """Minhas intimações: own and represented (power and abrangência checked now)."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        calendar, now = tenant_calendar(), timezone.now()
        rows = intimations.recipients_for(request.user)[:200]
        return Response(
            {
                "results": [
                    _citizen_row(r, intimations.state_of(r, r.intimation, now, calendar))
                    for r in rows
                ]
            }
        )


class ConsultInput(serializers.Serializer):
    confirm = serializers.BooleanField(default=False)


class CitizenConsult(CitizenView):
    """Confirmar Consulta à Intimação: fulfils it (once) and opens the documents."""

    @extend_schema(request=ConsultInput, responses=OpenApiTypes.OBJECT)
    def post(self, request, uuid):
        data = _valid(ConsultInput, request.data)
        recipient, state = intimations.consult(
            user=request.user,
            recipient_uuid=uuid,
            confirmed=data["confirm"],
            ip=request.META.get("REMOTE_ADDR"),
            level=policy.session_level(request),
        )
        shared = [str(recipient.document.uuid)] + [
            str(u)
            for u in Document.objects.filter(pk__in=recipient.intimation.annex_ids).values_list(
                "uuid", flat=True
            )
        ]
        return Response({**_citizen_row(recipient, state), "documents": shared})


class FilingInput(serializers.Serializer):
    idempotency_key = serializers.CharField(max_length=80)
    documents = PetitionDocumentInput(many=True)
    sign = serializers.BooleanField(default=False)


class CitizenRespond(CitizenView):
    @extend_schema(request=FilingInput, responses={201: OpenApiTypes.OBJECT})
    def post(self, request, uuid):
        from citizens.api.signing_views import filing_response

        data = {**_valid(FilingInput, request.data), "recipient": str(uuid)}
        return filing_response(request, "response", data)  # 202: advanced, via gov.br


class IntercurrentInput(FilingInput):
    number = serializers.CharField(max_length=40)


class CitizenIntercurrent(CitizenView):
    """Peticionamento intercorrente by process number."""

    @extend_schema(request=IntercurrentInput, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        from citizens.api.signing_views import filing_response

        data = _valid(IntercurrentInput, request.data)
        return filing_response(request, "intercurrent", data)  # 202: advanced, via gov.br


class AdhesionInput(serializers.Serializer):
    person = serializers.CharField(max_length=18, required=False, allow_blank=True)
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)


class CitizenAdhesion(CitizenView):
    """Adesão à intimação eletrônica (prata by default)."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        rows = Adhesion.objects.filter(user_id=request.user.pk, revoked_at=None)
        return Response([{"person": intimations._mask(a.person), "since": a.created_at}
                         for a in rows])  # fmt: skip

    @extend_schema(request=AdhesionInput, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        data = _valid(AdhesionInput, request.data)
        row = adhesion_services.adhere(
            user=request.user,
            level=policy.session_level(request),
            person=data.get("person") or None,
            name=data.get("name") or "",
        )
        return Response(
            {"person": intimations._mask(row.person), "since": row.created_at}, status=201
        )

    def delete(self, request):
        adhesion_services.withdraw(user=request.user, person=request.query_params.get("person"))
        return Response(status=204)


class RepresentationInput(serializers.Serializer):
    grantee_cpf = serializers.CharField(max_length=14)
    grantee_name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=["S", "E"])
    powers = serializers.ListField(child=serializers.CharField(max_length=20), default=list)
    valid_until = serializers.DateField(required=False, allow_null=True)
    process_ids = serializers.ListField(child=serializers.UUIDField(), default=list)
    grantor = serializers.CharField(max_length=18, required=False, allow_blank=True)
    grantor_name = serializers.CharField(max_length=200, required=False, allow_blank=True)


def _representation_data(rep: Representation, today, numbers: dict | None = None) -> dict:
    from citizens.services.representation import masked

    """One procuração as the citizen reads it: kind, powers, validity (vencida derived
    now), abrangência with the numbers of the processes it names, and its acts."""
    expired = rep.valid_until is not None and rep.valid_until < today
    state = rep.get_state_display()
    if rep.state == Representation.State.ACTIVE and expired:
        state = "Vencida"
    numbers = numbers or {}
    return {
        "id": str(rep.uuid),
        "grantor": masked(rep.grantor),  # a CPF masked, a CNPJ formatted (public)
        "grantor_name": rep.grantor_name,
        "grantor_is_company": len(rep.grantor) == 14,
        "grantee": intimations._mask(rep.grantee),
        "grantee_name": rep.grantee_name,
        "kind": rep.kind,
        "kind_label": rep.get_kind_display(),
        "powers": rep.powers,
        "valid_from": rep.valid_from,
        "valid_until": rep.valid_until,
        "scope": rep.process_ids or "all",
        "scope_processes": [{"id": pid, "number": numbers.get(pid, "")} for pid in rep.process_ids],
        "state": state,
        "state_code": "V" if rep.state == Representation.State.ACTIVE and expired else rep.state,
        "active": rep.state == Representation.State.ACTIVE and not expired,
        "expired": expired,
        "acts": [
            {
                "kind": act.kind,
                "label": act.get_kind_display(),
                "at": act.created_at,
                "document": str(act.document.uuid),
                "receipt_document": str(act.receipt_document.uuid),
                "receipt_sha256": act.receipt_sha256,
            }
            for act in rep.acts.all()
        ],
    }


def _scope_numbers(reps) -> dict[str, str]:
    from core.models import Process

    ids = {pid for rep in reps for pid in rep.process_ids}
    return {
        str(u): format_number(n)
        for u, n in Process.objects.filter(uuid__in=ids).values_list("uuid", "number")
    }


def _with_reach(data: dict, reached: list[dict]) -> dict:
    """`processes`: their numbers (as before); `reached_processes`: with their ids."""
    return {**data, "processes": [p["number"] for p in reached], "reached_processes": reached}


class CitizenRepresentations(CitizenView):
    """Procurações: those I granted (as myself or for a company I represent as L) and
    those granted to me (vencida derived now), with the processes each reaches."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        from django.db.models import Q

        from citizens.selectors import Reach, active_representations, my_processes

        today = timezone.localdate()
        cpf = request.user.cpf
        companies = set(
            active_representations(cpf)
            .filter(kind=Representation.Kind.LEGAL)
            .values_list("grantor", flat=True)
        )
        rows = list(
            Representation.objects.filter(Q(grantor__in=[cpf, *companies]) | Q(grantee=cpf))
            .prefetch_related("acts__document", "acts__receipt_document")
            .order_by("-created_at", "-id")
        )
        numbers = _scope_numbers(rows)

        def reached(rep) -> list[dict]:
            if rep.state != Representation.State.ACTIVE or (
                rep.valid_until is not None and rep.valid_until < today
            ):
                return []
            scope = frozenset(rep.process_ids) if rep.process_ids else None
            single = Reach(cpf="", represented={rep.grantor: scope})
            return [
                {"id": str(p.uuid), "number": format_number(p.number)}
                for p in my_processes(request.user, single)[:100]
            ]

        granted = [r for r in rows if r.grantor != cpf or r.grantee != cpf]
        return Response(
            {
                "granted": [
                    _with_reach(_representation_data(r, today, numbers), reached(r))
                    for r in granted
                    if (r.grantor == cpf or r.grantor in companies)
                    and r.kind != Representation.Kind.LEGAL
                ],
                "received": [
                    _with_reach(_representation_data(r, today, numbers), reached(r))
                    for r in rows
                    if r.grantee == cpf and r.kind != Representation.Kind.LEGAL
                ],
            }
        )

    @extend_schema(request=RepresentationInput, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        data = _valid(RepresentationInput, request.data)
        rep = adhesion_services.grant(
            user=request.user,
            level=policy.session_level(request),
            grantee_cpf=data["grantee_cpf"],
            grantee_name=data["grantee_name"],
            kind=data["kind"],
            powers=data["powers"],
            valid_until=data.get("valid_until"),
            process_ids=data["process_ids"],
            grantor=data.get("grantor") or None,
            grantor_name=data.get("grantor_name") or "",
        )
        return Response(
            _representation_data(rep, timezone.localdate(), _scope_numbers([rep])), status=201
        )


class CitizenRepresentationEnd(CitizenView):
    """POST …/revoke/ (outorgante) or …/renounce/ (outorgado)."""

    as_grantee = False

    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def post(self, request, uuid):
        rep = adhesion_services.end(
            user=request.user,
            representation_uuid=uuid,
            as_grantee=self.as_grantee,
            level=policy.session_level(request),
        )
        return Response(_representation_data(rep, timezone.localdate(), _scope_numbers([rep])))


class CitizenRepresentationActFile(CitizenView):
    """The document or recibo of a representation act, for those who took part in it."""

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, uuid):
        from django.core.files.storage import default_storage
        from django.http import FileResponse

        from citizens.errors import CitizenError
        from citizens.services.representation import act_document_for

        document = act_document_for(request.user, uuid)
        if document is None:
            raise CitizenError("document_not_found", "Documento não encontrado.", status=404)
        response = FileResponse(
            default_storage.open(document.file.name, "rb"),
            content_type=document.content_type,
            filename=document.original_name,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


class CompanyLinkInput(serializers.Serializer):
    cnpj = serializers.CharField(max_length=18)


class CitizenCompanies(CitizenView):
    """The companies I represent here (active responsável legal / procurador especial)
    and those gov.br said, at this login, I may link myself to as responsável legal."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        from citizens.selectors import active_representations
        from citizens.services.representation import companies_in_session, format_cnpj

        mine = list(
            active_representations(request.user.cpf)
            .filter(kind__in=[Representation.Kind.LEGAL, Representation.Kind.SPECIAL])
            .order_by("grantor_name")
        )
        linked = {r.grantor for r in mine if r.kind == Representation.Kind.LEGAL}
        return Response(
            {
                "represented": [
                    {
                        "cnpj": r.grantor,
                        "cnpj_formatted": format_cnpj(r.grantor),
                        "name": r.grantor_name,
                        "kind": r.kind,
                        "kind_label": r.get_kind_display(),
                        "since": r.valid_from,
                    }
                    for r in mine
                    if len(r.grantor) == 14
                ],
                "from_govbr": [
                    {
                        "cnpj": c["cnpj"],
                        "cnpj_formatted": format_cnpj(c["cnpj"]),
                        "name": c.get("name", ""),
                        "role": c.get("role", ""),
                        "legal": bool(c.get("legal")),
                        "linked": c["cnpj"] in linked,
                    }
                    for c in companies_in_session(request)
                ],
            }
        )


class CitizenCompanyLink(CitizenView):
    """Vincular-se como responsável legal of a company gov.br vouched for (prata)."""

    @extend_schema(request=CompanyLinkInput, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        from citizens.services.representation import companies_in_session, link_from_govbr

        data = _valid(CompanyLinkInput, request.data)
        rep = link_from_govbr(
            user=request.user,
            level=policy.session_level(request),
            cnpj=data["cnpj"],
            companies=companies_in_session(request),
        )
        return Response(_representation_data(rep, timezone.localdate()), status=201)


class GrantInput(serializers.Serializer):
    person = serializers.CharField(max_length=18)
    document = serializers.UUIDField(required=False, allow_null=True)


class ProcessAccessGrants(StaffView):
    """Acesso externo to a process (integral) or to one of its documents."""

    def _process(self, request, uuid):
        return get_object_or_404(core_selectors.processes_visible_to(request.staff), uuid=uuid)

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, uuid):
        from citizens.models import AccessGrant

        process = self._process(request, uuid)
        rows = AccessGrant.objects.filter(process=process, revoked_at=None).select_related(
            "document"
        )
        rows = list(rows)
        names = _names_of([g.person for g in rows])
        return Response([_grant_data(g, names) for g in rows])

    @extend_schema(request=GrantInput, responses={201: OpenApiTypes.OBJECT})
    def post(self, request, uuid):
        from citizens.services.grants import grant_access

        process = self._process(request, uuid)
        data = _valid(GrantInput, request.data)
        document = None
        if data.get("document"):
            document = get_object_or_404(Document, process=process, uuid=data["document"])
        grant = grant_access(
            staff=request.staff, process=process, person=data["person"], document=document
        )
        return Response(_grant_data(grant, _names_of([grant.person])), status=201)


class ProcessAccessGrant(StaffView):
    @extend_schema(request=None, responses={204: None})
    def delete(self, request, uuid, grant_id):
        from citizens.models import AccessGrant
        from citizens.services.grants import revoke_access

        process = get_object_or_404(core_selectors.processes_visible_to(request.staff), uuid=uuid)
        grant = get_object_or_404(AccessGrant, process=process, uuid=grant_id)
        revoke_access(staff=request.staff, grant=grant)
        return Response(status=204)


def _names_of(people: list[str]) -> dict[str, str]:
    """The names of the grantees who have an account here (one query; a CPF never seen
    has none: the clerk sees the masked number only)."""
    from accounts.models import User

    return dict(User.objects.filter(cpf__in=set(people)).values_list("cpf", "name"))


def _grant_data(grant, names: dict[str, str] | None = None) -> dict:
    return {
        "id": str(grant.uuid),
        "person": intimations._mask(grant.person),
        "name": (names or {}).get(grant.person),
        "document": str(grant.document.uuid) if grant.document_id else None,
        "created_at": grant.created_at,
    }


NOTICE_TEXT = {
    "issued": "Nova intimação eletrônica",
    "tacit_3d": "Faltam 3 dias para a intimação ser considerada cumprida",
    "response_5d": "O prazo de resposta termina em 5 dias",
    "response_1d": "O prazo de resposta termina amanhã",
}


class CitizenNotices(CitizenView):
    """In-app notices (the same as the e-mails) about one's intimações."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        from citizens.models import IntimationNotice

        recipients = intimations.recipients_for(request.user).values("pk")
        rows = (
            IntimationNotice.objects.filter(recipient__in=recipients)
            .select_related("recipient", "recipient__intimation__process")
            .order_by("-created_at", "-id")[:100]
        )
        return Response(
            {
                "results": [
                    {
                        "kind": n.kind,
                        "text": NOTICE_TEXT.get(n.kind, n.kind),
                        "intimation": str(n.recipient.uuid),
                        "process": format_number(n.recipient.intimation.process.number),
                        "created_at": n.created_at,
                    }
                    for n in rows
                ]
            }
        )


# --- vinculação a pessoa jurídica (the fallback, reviewed by staff) ---------------------


class LinkRequestInput(serializers.Serializer):
    cnpj = serializers.CharField(max_length=18)
    company_name = serializers.CharField(max_length=200)
    uploads = serializers.ListField(child=serializers.UUIDField(), max_length=10)


class LinkReviewInput(serializers.Serializer):
    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


def _link_request_data(row) -> dict:
    from citizens.services.representation import format_cnpj

    return {
        "id": str(row.uuid),
        "cnpj": format_cnpj(row.cnpj),
        "company_name": row.company_name,
        "requester": row.name,
        "requester_cpf": intimations._mask(row.cpf),
        "state": row.state,
        "state_label": row.get_state_display(),
        "reason": row.reason,
        "process": {"id": str(row.process.uuid), "number": format_number(row.process.number)},
        "created_at": row.created_at,
        "reviewed_at": row.reviewed_at,
    }


class CitizenLinkRequests(CitizenView):
    """My requests to be linked as responsável legal (atos constitutivos sent)."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        from citizens.models import CompanyLinkRequest

        rows = CompanyLinkRequest.objects.filter(user_id=request.user.pk).select_related("process")
        return Response({"results": [_link_request_data(r) for r in rows]})

    @extend_schema(request=LinkRequestInput, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        from citizens.services.representation import request_link

        data = _valid(LinkRequestInput, request.data)
        row = request_link(
            user=request.user,
            level=policy.session_level(request),
            cnpj=data["cnpj"],
            company_name=data["company_name"],
            uploads=[str(u) for u in data["uploads"]],
        )
        return Response(_link_request_data(row), status=201)


class StaffLinkRequests(StaffView):
    """Pending requests whose process this member of staff may see."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        from citizens.models import CompanyLinkRequest

        visible = core_selectors.processes_visible_to(request.staff).values("pk")
        rows = CompanyLinkRequest.objects.filter(process__in=visible).select_related("process")
        if request.query_params.get("state", "pending") == "pending":
            rows = rows.filter(state=CompanyLinkRequest.State.PENDING)
        return Response({"results": [_link_request_data(r) for r in rows[:200]]})


class StaffLinkReview(StaffView):
    """POST …/approve/ or …/refuse/ (a reason is required to refuse)."""

    approve = False

    @extend_schema(request=LinkReviewInput, responses=OpenApiTypes.OBJECT)
    def post(self, request, uuid):
        from citizens.services.representation import review_link

        data = _valid(LinkReviewInput, request.data)
        row = review_link(
            staff=request.staff, request_uuid=uuid, approve=self.approve, reason=data["reason"]
        )
        return Response(_link_request_data(row))
