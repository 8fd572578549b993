"""Representation acts and their paper trail (spec §1 "Representation"): linking a person
as responsável legal of a company (from gov.br, or by a reviewed petition), and the
document + recibo that each emission, link, revocation and renunciation leaves in the
outorgante's "Processo de Controle de Representação" (opened on first need, in the
act's own transaction, through core's services)."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import uuid as uuidlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from citizens import policy, receipts
from citizens.errors import CitizenError
from citizens.models import Representation, RepresentationAct, RepresentationControl
from core.models import AccessLevel, DocumentType, LegalBasis, Process, ProcessType, Unit
from core.services.documents import add_external_document
from core.services.processes import open_process

CONTROL_TYPE = "Controle de Representação"
RECEIPT_TYPE = "Recibo Eletrônico de Protocolo"
ACT_DOCUMENT_TYPE = {
    RepresentationAct.Kind.LINKED: "Termo de Vinculação de Responsável Legal",
    RepresentationAct.Kind.GRANTED: "Procuração Eletrônica",
    RepresentationAct.Kind.REVOKED: "Revogação de Procuração Eletrônica",
    RepresentationAct.Kind.RENOUNCED: "Renúncia de Procuração Eletrônica",
}
REPLACES_NOTE = (
    "Um novo responsável legal substitui o anterior; os atos já praticados permanecem válidos."
)
POWER_LABELS = {
    Representation.POWER_INTIMATION: "Receber, cumprir e responder intimação eletrônica",
    Representation.POWER_PETITION: "Peticionar (processo novo e intercorrente)",
}


def _digits(value) -> str:
    return "".join(c for c in str(value or "") if c.isdigit())


def masked(document: str) -> str:
    from accounts.cpf import mask_cpf

    return mask_cpf(document) if len(document) == 11 else format_cnpj(document)


def format_cnpj(cnpj: str) -> str:
    d = _digits(cnpj)
    if len(d) != 14:
        return d
    return f"{d[:2]}.{d[2:5]}.{d[5:8]}/{d[8:12]}-{d[12:]}"


def _document_type(name: str) -> DocumentType:
    found = DocumentType.objects.filter(name__iexact=name).first()
    return found or DocumentType.objects.create(name=name, usage="external")


def _open_restricted(*, user, type_name: str, summary: str, parties: list, description: str):
    """A restrito process opened by a citizen's act in the city's root unit, of a process
    type created on first need (through core's `open_process`)."""
    unit = Unit.objects.filter(parent=None, active=True).order_by("pk").first()
    unit = unit or Unit.objects.filter(active=True).order_by("pk").first()
    process_type = ProcessType.objects.filter(name__iexact=type_name).first()
    if process_type is None:
        process_type = ProcessType.objects.create(
            name=type_name, default_access_level=AccessLevel.RESTRICTED
        )
    basis = (
        LegalBasis.objects.filter(access_level=AccessLevel.RESTRICTED, active=True)
        .order_by("pk")
        .first()
    )
    return open_process(
        unit=unit,
        author_id=user.pk,
        process_type=process_type,
        summary=summary,
        access_level=AccessLevel.RESTRICTED if basis else AccessLevel.PUBLIC,
        legal_basis=basis,
        parties=parties,
        generated=False,
        description=description,
    )


def control_process(*, grantor: str, grantor_name: str, user) -> Process:
    """The outorgante's control process, created on first need (inside the caller's
    transaction), kept by the city. It names no interessado on purpose: a procurador
    "for any process" of the outorgante must not reach the file of his other
    procurações. The people of each act read its document and recibo from their
    Representações (`act_document_for`)."""

    found = RepresentationControl.objects.filter(grantor=grantor).select_related("process")
    if (row := found.first()) is not None:
        return row.process
    process = _open_restricted(
        user=user,
        type_name=CONTROL_TYPE,
        summary=_("Controle de representação de %s") % grantor_name,
        parties=[],
        description=_("Processo de controle de representação aberto"),
    )
    with transaction.atomic():  # a concurrent first act lost the race: use its process
        try:
            RepresentationControl.objects.create(grantor=grantor, process=process)
        except IntegrityError:
            raise CitizenError(
                "representation_busy",
                _("Outra operação de representação está em andamento. Tente novamente."),
                status=409,
            ) from None
    return process


def _validity(rep: Representation) -> str:
    if rep.valid_until is None:
        return _("indeterminada")
    return _("até %s") % rep.valid_until.strftime("%d/%m/%Y")


def _scope(rep: Representation) -> str:
    if not rep.process_ids:
        return _("qualquer processo")
    numbers = []
    from core.numbering import format_number

    for number in Process.objects.filter(uuid__in=rep.process_ids).values_list("number", flat=True):
        numbers.append(format_number(number))
    return _("processos específicos: %s") % ", ".join(sorted(numbers))


def act_text(rep: Representation, kind: str, user, evidence: str = "") -> str:
    """The body of the act's document (HTML for the PDF)."""
    e = html.escape
    grantor = f"{e(rep.grantor_name)} ({e(masked(rep.grantor))})"
    grantee = f"{e(rep.grantee_name)} (CPF {e(masked(rep.grantee))})"
    if kind == RepresentationAct.Kind.LINKED:
        return (
            f"<h2>{_('Termo de Vinculação de Responsável Legal')}</h2>"
            f"<p>{grantee} {_('passa a atuar como responsável legal de')} {grantor} "
            f"{_('neste município, a partir de')} {rep.valid_from.strftime('%d/%m/%Y')}.</p>"
            f"<p>{_('Comprovação')}: {e(evidence)}</p>"
            f"<p>{REPLACES_NOTE}</p>"
        )
    if kind == RepresentationAct.Kind.GRANTED:
        powers = (
            "; ".join(e(POWER_LABELS.get(p, p)) for p in rep.powers)
            if rep.kind == Representation.Kind.SIMPLE
            else _("todos os poderes perante este município")
        )
        return (
            f"<h2>{_('Procuração Eletrônica')} — {e(rep.get_kind_display())}</h2>"
            f"<p><b>{_('Outorgante')}:</b> {grantor}<br/><b>{_('Outorgado')}:</b> {grantee}<br/>"
            f"<b>{_('Poderes')}:</b> {powers}<br/><b>{_('Validade')}:</b> {e(_validity(rep))}"
            f"<br/><b>{_('Abrangência')}:</b> {e(_scope(rep))}</p>"
            f"<p>{_('Emitida eletronicamente por')} {e(user.name)} (CPF {e(user.masked_cpf)}).</p>"
        )
    verb = (
        _("revogada pelo outorgante")
        if kind == RepresentationAct.Kind.REVOKED
        else _("renunciada pelo outorgado")
    )
    title = ACT_DOCUMENT_TYPE[kind]
    return (
        f"<h2>{e(_(title))}</h2><p>{_('A procuração eletrônica')} "
        f"({e(rep.get_kind_display())}) {_('de')} {grantor} {_('a')} {grantee}, "
        f"{_('emitida em')} {rep.valid_from.strftime('%d/%m/%Y')}, {_('foi')} {verb} "
        f"{_('por')} {e(user.name)} (CPF {e(user.masked_cpf)}). "
        f"{_('Produz efeitos imediatamente; os atos já praticados permanecem válidos.')}</p>"
    )


def _store_pdf(process: Process, pdf: bytes, created_keys: list) -> str:
    key = default_storage.save(f"processes/{process.uuid}/{uuidlib.uuid4()}.pdf", ContentFile(pdf))
    created_keys.append(key)
    return key


def record_act(
    *, rep: Representation, kind: str, user, level: str | None, created_keys: list, evidence=""
) -> RepresentationAct:
    """Document + recibo of one act, in the control process (caller's transaction; the
    S3 keys written are appended to `created_keys` for the caller to delete on failure)."""
    from core.numbering import format_number
    from core.services.process_pdf import _html_pdf
    from tenants.models import Tenant

    process = control_process(grantor=rep.grantor, grantor_name=rep.grantor_name, user=user)
    unit = process.unit
    title = ACT_DOCUMENT_TYPE[kind]
    pdf = _html_pdf(act_text(rep, kind, user, evidence))
    document = add_external_document(
        process=process,
        unit=unit,
        author_id=user.pk,
        document_type=_document_type(title),
        key=_store_pdf(process, pdf, created_keys),
        name=f"{kind}-{rep.uuid}.pdf",
        size=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(),
        content_type="application/pdf",
        event_description=_("%(title)s por %(name)s") % {"title": _(title), "name": user.name},
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT clock_timestamp()")
        now = cursor.fetchone()[0]
    tenant = Tenant.objects.get(schema_name=connection.schema_name)
    from citizens.deadlines import BRASILIA

    data = {
        "tipo_recibo": f"representacao:{kind}",
        "ato": _(RepresentationAct.Kind(kind).label),
        "nup": format_number(process.number),
        "processo": str(process.uuid),
        "recebido_em_utc": now.astimezone(dt.UTC).isoformat(),
        "recebido_em_brasilia": now.astimezone(BRASILIA).isoformat(),
        "municipio": {"nome": tenant.name, "ibge": tenant.ibge_code},
        "representacao": {
            "id": str(rep.uuid),
            "tipo": rep.get_kind_display(),
            "outorgante": {"nome": rep.grantor_name, "documento": masked(rep.grantor)},
            "outorgado": {"nome": rep.grantee_name, "cpf": masked(rep.grantee)},
            "poderes": list(rep.powers),
            "validade": rep.valid_until.isoformat() if rep.valid_until else None,
            "abrangencia": list(rep.process_ids) or "todos",
        },
        "usuario": {"nome": user.name, "cpf": user.masked_cpf, "nivel_govbr": level or ""},
        "documento": {
            "id": str(document.uuid),
            "numero": document.position,
            "tipo": _(title),
            "arquivo": document.original_name,
            "tamanho": document.size,
            "sha256": document.sha256,
        },
    }
    seal = receipts.seal(data)
    e = html.escape
    receipt_pdf = _html_pdf(
        f"<h2>{_('Recibo Eletrônico de Protocolo')}</h2>"
        f"<p><b>{_('Ato')}:</b> {e(data['ato'])}<br/><b>{_('Processo')}:</b> {e(data['nup'])}"
        f"<br/><b>{_('Município')}:</b> {e(tenant.name)}<br/><b>{_('Recebido em')}:</b> "
        f"{e(data['recebido_em_brasilia'])} ({_('horário de Brasília')})<br/>"
        f"<b>{_('Outorgante')}:</b> {e(rep.grantor_name)} ({e(masked(rep.grantor))})<br/>"
        f"<b>{_('Outorgado')}:</b> {e(rep.grantee_name)} ({e(masked(rep.grantee))})<br/>"
        f"<b>{_('Usuário')}:</b> {e(user.name)} — CPF {e(user.masked_cpf)} — "
        f"{_('nível gov.br')} {e(level or '')}<br/><b>{_('Documento')}:</b> "
        f"{e(_(title))} nº {document.position} — SHA-256 {document.sha256}</p>"
        f"<p style='font-size:8pt'>{_('Selo do recibo (SHA-256 do JSON)')}: {seal}</p>"
    )
    receipt_document = add_external_document(
        process=process,
        unit=unit,
        author_id=user.pk,
        document_type=_document_type(RECEIPT_TYPE),
        key=_store_pdf(process, receipt_pdf, created_keys),
        name=f"recibo-{kind}-{rep.uuid}.pdf",
        size=len(receipt_pdf),
        sha256=hashlib.sha256(receipt_pdf).hexdigest(),
        content_type="application/pdf",
        event_description=_("Recibo eletrônico de protocolo gerado"),
    )
    return RepresentationAct.objects.create(
        representation=rep,
        kind=kind,
        user_id=user.pk,
        trust_level=level or "",
        document=document,
        receipt_document=receipt_document,
        receipt=data,
        receipt_sha256=seal,
        created_at=now,
    )


def with_files(action):
    """Run `action(created_keys)` in one transaction; on any failure the S3 objects it
    wrote are deleted (nothing half-written, in the database or in S3)."""
    created_keys: list[str] = []
    try:
        with transaction.atomic():
            return action(created_keys)
    except BaseException:
        for key in created_keys:
            default_storage.delete(key)
        raise


def act_document_for(user, document_uuid):
    """A document (or recibo) of a representation act the person took part in: as
    outorgado, outorgante, or the outorgante company's active responsável legal. The
    outorgado reads these without reaching the outorgante's control process."""
    from django.db.models import Q

    from citizens.selectors import active_representations
    from core.models import Document

    companies = list(
        active_representations(user.cpf)
        .filter(kind=Representation.Kind.LEGAL)
        .values_list("grantor", flat=True)
    )
    people = Q(representation__grantee=user.cpf) | Q(
        representation__grantor__in=[user.cpf, *companies]
    )
    acts = RepresentationAct.objects.filter(people).filter(
        Q(document__uuid=document_uuid) | Q(receipt_document__uuid=document_uuid)
    )
    if not acts.exists():
        return None
    return Document.objects.filter(uuid=document_uuid).first()


def companies_in_session(request) -> list[dict]:
    rows = request.session.get("govbr_companies") or []
    return [r for r in rows if isinstance(r, dict) and len(_digits(r.get("cnpj"))) == 14]


def link_legal(
    *, user, level: str | None, cnpj: str, company_name: str, evidence: str
) -> Representation:
    """Make `user` the active responsável legal (L) of `cnpj` here. The previous L, if
    any, becomes substituída (T), its history kept; linking again is a no-op."""
    policy.require_level(level, "representation")
    return with_files(
        lambda created_keys: _link_reviewed(
            user=user,
            level=level,
            cnpj=_digits(cnpj),
            company_name=company_name,
            evidence=evidence,
            created_keys=created_keys,
        )
    )


def _link_reviewed(
    *, user, level, cnpj: str, company_name: str, evidence: str, created_keys: list
) -> Representation:
    """The link itself, inside the caller's transaction (evidence already judged)."""
    current = list(
        Representation.objects.select_for_update()
        .filter(grantor=cnpj, kind=Representation.Kind.LEGAL, state=Representation.State.ACTIVE)
        .order_by("pk")
    )
    mine = [r for r in current if r.grantee == user.cpf]
    if mine:
        return mine[0]
    now = timezone.now()
    for old in current:
        old.state = Representation.State.REPLACED
        old.ended_at = now
        old.save(update_fields=["state", "ended_at"])
    rep = Representation.objects.create(
        grantor=cnpj,
        grantor_name=company_name[:200] or format_cnpj(cnpj),
        grantee=user.cpf,
        grantee_name=user.name,
        kind=Representation.Kind.LEGAL,
        powers=[],
        valid_from=timezone.localdate(),
    )
    record_act(
        rep=rep,
        kind=RepresentationAct.Kind.LINKED,
        user=user,
        level=level,
        created_keys=created_keys,
        evidence=evidence,
    )
    return rep


def link_from_govbr(*, user, level: str | None, cnpj: str, companies: list[dict]) -> Representation:
    """The gov.br path: the company must be one gov.br said, in this login, that the
    person is responsável legal of."""
    cnpj = _digits(cnpj)
    policy.require_level(level, "representation")
    company = next((c for c in companies if _digits(c.get("cnpj")) == cnpj), None)
    if company is None or not company.get("legal"):
        raise CitizenError(
            "company_not_vouched",
            _(
                "O gov.br não informou que você é responsável legal desta empresa. Entre "
                "com gov.br novamente ou peça a vinculação enviando os atos constitutivos."
            ),
            status=403,
        )
    return link_legal(
        user=user,
        level=level,
        cnpj=cnpj,
        company_name=str(company.get("name") or ""),
        evidence=_("gov.br (cadastro da Receita Federal: %s)") % company.get("role", ""),
    )


# --- the fallback: a petition of "vinculação a pessoa jurídica", reviewed by staff ------

LINK_PROCESS_TYPE = "Vinculação a Pessoa Jurídica"
LINK_DOCUMENT_TYPE = "Ato Constitutivo"
MAX_LINK_FILES = 10


def valid_cnpj(value: str) -> bool:
    d = [int(c) for c in _digits(value)]
    if len(d) != 14 or len(set(d)) == 1:
        return False

    def check(n: int) -> int:
        weights = (
            [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]
            if n == 12
            else [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]
        )
        rest = sum(a * b for a, b in zip(d[:n], weights, strict=True)) % 11
        return 0 if rest < 2 else 11 - rest

    return check(12) == d[12] and check(13) == d[13]


def request_link(*, user, level: str | None, cnpj: str, company_name: str, uploads: list[str]):
    """The citizen asks to be linked as responsável legal of `cnpj`, sending the atos
    constitutivos (files staged through the citizen upload). One transaction opens a
    process in the city's root unit (unread in its inbox) with the files and the request;
    nothing is written when anything fails."""
    from citizens.models import CompanyLinkRequest, StagedUpload
    from citizens.services.petitions import _check_staged_objects

    policy.require_level(level, "representation")
    cnpj = _digits(cnpj)
    if not valid_cnpj(cnpj):
        raise CitizenError("cnpj_invalid", _("CNPJ inválido."))
    company_name = (company_name or "").strip()
    if not company_name or len(company_name) > 200:
        raise CitizenError(
            "company_name_invalid", _("Informe a razão social (até 200 caracteres).")
        )
    ids = [str(u) for u in uploads or []]
    if not ids:
        raise CitizenError(
            "documents_missing", _("Envie os atos constitutivos da empresa (ao menos um arquivo).")
        )
    if len(ids) > MAX_LINK_FILES:
        raise CitizenError("too_many_documents", _("Envie no máximo 10 arquivos."))
    try:
        staged = list(StagedUpload.objects.filter(user_id=user.pk, used=False, uuid__in=ids))
    except Exception as exc:  # a malformed id
        raise CitizenError(
            "upload_missing", _("Um dos arquivos não foi recebido. Envie-o novamente.")
        ) from exc
    if len(staged) != len(set(ids)):
        raise CitizenError(
            "upload_missing", _("Um dos arquivos não foi recebido. Envie-o novamente.")
        )
    if CompanyLinkRequest.objects.filter(cnpj=cnpj, cpf=user.cpf, state="pending").exists():
        raise CitizenError(
            "link_request_pending",
            _("Você já tem um pedido de vinculação a esta empresa em análise."),
            status=409,
        )
    if Representation.objects.filter(
        grantor=cnpj, grantee=user.cpf, kind=Representation.Kind.LEGAL, state="A"
    ).exists():
        raise CitizenError(
            "already_linked", _("Você já é o responsável legal desta empresa."), status=409
        )

    def act(created_keys):
        _check_staged_objects([(u,) for u in staged])
        process = _open_restricted(
            user=user,
            type_name=LINK_PROCESS_TYPE,
            summary=_("Vinculação de %(name)s como responsável legal de %(company)s")
            % {"name": user.name, "company": company_name},
            parties=[
                {"document": user.cpf, "name": user.name},
                {"document": cnpj, "name": company_name},
            ],
            description=_("Pedido de vinculação a pessoa jurídica de %s") % user.name,
        )
        unit = process.unit
        doc_type = _document_type(LINK_DOCUMENT_TYPE)
        for upload in staged:
            add_external_document(
                process=process,
                unit=unit,
                author_id=user.pk,
                document_type=doc_type,
                key=upload.key,
                name=upload.name,
                size=upload.size,
                sha256=upload.sha256,
                content_type=upload.content_type,
                event_description=_("Ato constitutivo enviado por %s") % user.name,
            )
        StagedUpload.objects.filter(pk__in=[u.pk for u in staged]).update(used=True)
        return CompanyLinkRequest.objects.create(
            cnpj=cnpj,
            company_name=company_name,
            user_id=user.pk,
            cpf=user.cpf,
            name=user.name,
            trust_level=level or "",
            process=process,
        )

    return with_files(act)


def review_link(*, staff, request_uuid, approve: bool, reason: str = ""):
    """Staff who see the request's process approve it (the person becomes the active L,
    replacing the previous one: a document + recibo in the company's control process) or
    refuse it with a reason. Each decision is written in the request's process history."""
    from accounts.models import User
    from citizens.models import CompanyLinkRequest
    from core import selectors as core_selectors
    from core.services.processes import record

    reason = (reason or "").strip()
    if not approve and not reason:
        raise CitizenError("reason_required", _("Informe o motivo da recusa."))
    if len(reason) > 1000:
        raise CitizenError("reason_invalid", _("O motivo tem no máximo 1000 caracteres."))
    visible = core_selectors.processes_visible_to(staff).values("pk")

    def act(created_keys):
        row = (
            CompanyLinkRequest.objects.select_for_update()
            .filter(uuid=request_uuid, process__in=visible)
            .first()
        )
        if row is None:
            raise CitizenError(
                "link_request_not_found", _("Pedido de vinculação não encontrado."), status=404
            )
        if row.state != CompanyLinkRequest.State.PENDING:
            raise CitizenError(
                "link_request_decided", _("Este pedido já foi analisado."), status=409
            )
        row.reviewed_by_id = staff.user_id
        row.reviewed_at = timezone.now()
        row.reason = reason
        if approve:
            person = User.objects.get(pk=row.user_id)
            row.representation = _link_reviewed(
                user=person,
                level=row.trust_level,
                cnpj=row.cnpj,
                company_name=row.company_name,
                evidence=_("atos constitutivos analisados pela prefeitura (processo %s)")
                % _nup(row.process),
                created_keys=created_keys,
            )
            row.state = CompanyLinkRequest.State.APPROVED
            text = _("Vinculação a pessoa jurídica aprovada")
        else:
            row.state = CompanyLinkRequest.State.REFUSED
            text = _("Vinculação a pessoa jurídica recusada: %s") % reason
        row.save()
        record(row.process, "company_link_reviewed", text, staff=staff)
        return row

    return with_files(act)


def _nup(process) -> str:
    from core.numbering import format_number

    return format_number(process.number)
