"""The citizen's signature of a filing (spec §6): one step for every kind of filing —
new process, intercorrente, response to an intimação — so each of them signs alike.

    simples   an explicit "Assinar" after a fresh gov.br login (≤ 15 minutes)
    avançada  the gov.br signature API (ITI), needed when a document is restrito, the
              petition type "exige avançada", or the city's decree does not admit
              simples (`advanced_reasons`)

The advanced flow (clients and local checks are signatures.iti's, never copied):

    file(kind, payload)  → the filing's own service checks everything, then `choose`
                           stops it with the SHA-256 of each staged file (the exact
                           bytes that become the documents) and of the manifest → a
                           CitizenSigning with a one-time state → the ITI authorisation
                           address. Bronze (or a non-gov.br session) is refused here and
                           never reaches the ITI.
    complete(state,code) ← single-use state of this person (≤ 600 s), token, certificate
                           (CPF = the citizen), one assinarPKCS7 per hash in one
                           `signature_session`, each CMS verified locally (messageDigest
                           = our hash, certificate CPF = the citizen), .p7s + certificate
                           in S3, then the same service again with an `AdvancedSigner`:
                           one transaction creates process, documents, signatures with
                           their evidence and the recibo.

Any refusal stores nothing (the S3 evidence is removed again) and leaves the staged files
unused, so `restart` can ask gov.br again for the same filing; the idempotency key makes a
second completion return the first petition."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from citizens import policy
from citizens.errors import CitizenError
from citizens.models import CitizenSigning, Petition

SIMPLE = "simples"
ADVANCED = "avançada"
METHOD = "govbr_iti"  # the Signature.method of signatures made through the ITI
AUTHORIZATION_SECONDS = 600

# Why a filing needs the advanced signature (shown to the citizen by the form).
RESTRICTED_DOCUMENT = "restricted_document"
TYPE_REQUIRES_ADVANCED = "type_requires_advanced"
SIMPLE_NOT_ADMITTED = "simple_not_admitted"


def advanced_reasons(*, restricted: bool, requires_advanced: bool, simple_allowed: bool) -> list:
    reasons = []
    if restricted:
        reasons.append(RESTRICTED_DOCUMENT)
    if requires_advanced:
        reasons.append(TYPE_REQUIRES_ADVANCED)
    if not simple_allowed:
        reasons.append(SIMPLE_NOT_ADMITTED)
    return reasons


# --- signers: what `_attach_and_seal` calls for each document --------------------------


class SimpleSigner:
    level = SIMPLE
    manifest_sha256 = ""  # the petition's own manifest (document ids and hashes)
    receipt_extra: dict = {}

    def sign(self, *, document, user, unit, petition):
        from core.models import Signature

        return Signature.objects.create(
            document=document,
            sha256=document.sha256,
            user_id=user.pk,
            signer_name=user.name,
            signer_role=_("Usuário externo"),
            unit=unit,
            method="simple",
            amr=list(petition.amr),
            trust_level=petition.trust_level,
        )


@dataclass
class AdvancedSigner:
    """The verified gov.br signatures of one CitizenSigning: a .p7s per SHA-256 and the
    certificate, already in S3 (the caller removes them if the transaction fails)."""

    signing: CitizenSigning
    p7s: dict[str, str]  # sha256 hex -> storage name of its .p7s
    certificate_name: str
    certificate_subject: str
    certificate_issuer: str
    certificate_serial: str
    level: str = ADVANCED
    receipt_extra: dict = field(default_factory=dict)

    @property
    def manifest_sha256(self) -> str:
        return self.signing.manifest_sha256

    def check(self, items: list[dict], manifest_sha256: str) -> None:
        """The filing replayed now is the one gov.br signed."""
        if items != self.signing.items or manifest_sha256 != self.signing.manifest_sha256:
            raise CitizenError(
                "filing_changed",
                _(
                    "Os documentos mudaram depois de enviados ao gov.br. Nada foi "
                    "protocolado; assine de novo."
                ),
                status=409,
            )

    def sign(self, *, document, user, unit, petition):
        from core.models import Signature
        from signatures.models import Level, SignatureEvidence

        signature = Signature.objects.create(
            document=document,
            sha256=document.sha256,
            user_id=user.pk,
            signer_name=user.name,
            signer_role=_("Usuário externo"),
            unit=unit,
            method=METHOD,
            amr=list(petition.amr),
            trust_level=petition.trust_level,
        )
        SignatureEvidence.objects.create(
            signature=signature,
            level=Level.ADVANCED,
            p7s=self.p7s[document.sha256],
            certificate=self.certificate_name,
            certificate_subject=self.certificate_subject[:500],
            certificate_issuer=self.certificate_issuer[:500],
            certificate_serial=self.certificate_serial[:80],
        )
        return signature


class AdvancedNeeded(Exception):
    """Raised by `choose` once a filing is fully checked and needs the ITI."""

    def __init__(self, *, items: list[dict], manifest: dict, reasons: list[str]):
        super().__init__("advanced signature needed")
        self.items, self.manifest, self.reasons = items, manifest, reasons


def canonical(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _manifest(*, kind: str, key: str, user, context: dict, resolved) -> dict:
    """What the citizen signs besides each file: the filing as a whole."""
    return {
        "municipio": connection.schema_name,
        "tipo": kind,
        "chave": key,
        "signatario": user.masked_cpf,
        **context,
        "documentos": [
            {
                "arquivo": upload.name,
                "tamanho": upload.size,
                "sha256": upload.sha256,
                "tipo": row.document_type.name,
                "nivel_acesso": level,
                "hipotese_legal": str(basis.uuid) if basis is not None else None,
                "forma": item.form,
            }
            for upload, row, level, basis, item in resolved
        ],
    }


def choose(*, user, auth, confirmed: bool, reasons: list[str], resolved, kind: str, key: str,
           context: dict, signer=None):  # fmt: skip
    """The signer of a fully checked filing: the advanced one handed back on completion,
    the simple one, or — when the filing needs the advanced signature — AdvancedNeeded
    (after refusing, in pt-BR, whoever may not reach the ITI)."""
    from citizens.services.petitions import require_fresh_signature

    items = [{"upload": str(u.uuid), "sha256": u.sha256} for u, *_rest in resolved]
    manifest = _manifest(kind=kind, key=key, user=user, context=context, resolved=resolved)
    if signer is not None:
        signer.check(items, hashlib.sha256(canonical(manifest)).hexdigest())
        return signer
    if not reasons:
        require_fresh_signature(auth, confirmed)
        return SimpleSigner()
    if not confirmed:
        raise CitizenError(
            "signature_not_confirmed",
            _("Confirme a assinatura marcando “Assinar” para enviar a petição."),
        )
    check_can_sign_advanced(auth)
    raise AdvancedNeeded(items=items, manifest=manifest, reasons=reasons)


def check_can_sign_advanced(auth) -> None:
    """Before the ITI's authorisation screen: a gov.br session of level prata or ouro."""
    from signatures import iti

    if auth.method != "govbr":
        raise CitizenError(
            "govbr_login_required",
            _("Para assinar com o gov.br, entre no sistema com a sua conta gov.br."),
            status=403,
        )
    policy.require_level(auth.level, "advanced_signature")
    if not iti.configured():
        raise CitizenError(
            "iti_not_configured",
            _("A assinatura avançada gov.br não está disponível nesta prefeitura."),
            status=503,
        )


# --- the filings that can be signed, replayed on completion ----------------------------

RUNNERS: dict[str, Callable] = {}


def runner(kind: str):
    """Register how a kind of filing runs from its (JSON) payload: `fn(*, user, auth,
    payload, signer) -> (Petition, created)`. Other filings reuse the step this way."""

    def register(fn):
        RUNNERS[kind] = fn
        return fn

    return register


def _documents(payload: dict):
    from citizens.services.petitions import DocumentInput

    return [DocumentInput(**d) for d in payload.get("documents", [])]


@runner(Petition.Kind.NEW)
def _new(*, user, auth, payload: dict, signer):
    from citizens.models import PetitionType
    from citizens.services.petitions import file_petition

    petition_type = PetitionType.objects.filter(uuid=payload["petition_type"]).first()
    if petition_type is None:
        raise CitizenError(
            "petition_type_not_found", _("Tipo de petição não encontrado."), status=404
        )
    return file_petition(
        user=user,
        auth=auth,
        petition_type=petition_type,
        summary=payload.get("summary", ""),
        documents=_documents(payload),
        idempotency_key=payload.get("idempotency_key", ""),
        confirmed=bool(payload.get("sign")),
        on_behalf_of=payload.get("on_behalf_of") or None,
        on_behalf_name=payload.get("on_behalf_name") or "",
        signer=signer,
    )


@runner(Petition.Kind.INTERCURRENT)
def _intercurrent(*, user, auth, payload: dict, signer):
    from citizens.services.intercurrent import file_intercurrent

    return file_intercurrent(
        user=user,
        auth=auth,
        number=payload.get("number", ""),
        documents=_documents(payload),
        idempotency_key=payload.get("idempotency_key", ""),
        confirmed=bool(payload.get("sign")),
        signer=signer,
    )


@runner(Petition.Kind.RESPONSE)
def _response(*, user, auth, payload: dict, signer):
    from citizens.services.intercurrent import respond

    return respond(
        user=user,
        auth=auth,
        recipient_uuid=payload.get("recipient"),
        documents=_documents(payload),
        idempotency_key=payload.get("idempotency_key", ""),
        confirmed=bool(payload.get("sign")),
        signer=signer,
    )


# --- the step ---------------------------------------------------------------------------


@dataclass
class Outcome:
    """A filing committed (petition) or waiting for gov.br (signing + authorize_url)."""

    petition: Petition | None = None
    created: bool = False
    signing: CitizenSigning | None = None
    authorize_url: str = ""
    reasons: list = field(default_factory=list)


def file(*, kind: str, user, auth, payload: dict, redirect_uri: str) -> Outcome:
    """File `payload` as `kind`: committed at once with the simple signature, or — when
    it needs the advanced one — the address of the gov.br authorisation."""
    try:
        petition, created = RUNNERS[kind](user=user, auth=auth, payload=payload, signer=None)
    except AdvancedNeeded as need:
        signing, url = _start(kind=kind, user=user, payload=payload, need=need,
                              redirect_uri=redirect_uri)  # fmt: skip
        return Outcome(signing=signing, authorize_url=url, reasons=need.reasons)
    return Outcome(petition=petition, created=created)


def _start(*, kind, user, payload, need: AdvancedNeeded, redirect_uri) -> tuple:
    from signatures import iti

    if len(need.items) + 1 > iti.MAX_SESSION_HASHES:
        raise CitizenError(
            "too_many_documents",
            _("Com assinatura avançada, uma petição leva no máximo %d documentos.")
            % (iti.MAX_SESSION_HASHES - 1),
        )
    state = secrets.token_urlsafe(32)
    nonce = secrets.token_urlsafe(16)
    manifest_bytes = canonical(need.manifest)
    signing = CitizenSigning.objects.create(
        state_hash=hashlib.sha256(state.encode()).hexdigest(),
        nonce=nonce,
        user_id=user.pk,
        kind=kind,
        idempotency_key=str(payload.get("idempotency_key", ""))[:80],
        payload=payload,
        items=need.items,
        manifest=need.manifest,
        manifest_sha256=hashlib.sha256(manifest_bytes).hexdigest(),
        redirect_uri=redirect_uri,
    )
    client = iti.ItiClient()
    try:
        url = client.authorize_url(redirect_uri=redirect_uri, state=state, nonce=nonce)
    finally:
        client.close()
    return signing, url


def restart(*, user, auth, signing_uuid, redirect_uri: str) -> Outcome:
    """Ask gov.br again for a filing whose signature failed (the staged files are still
    there): the same request, checked again, with a new authorisation."""
    signing = CitizenSigning.objects.filter(uuid=signing_uuid, user_id=user.pk).first()
    if signing is None:
        raise CitizenError("signing_not_found", _("Assinatura não encontrada."), status=404)
    return file(kind=signing.kind, user=user, auth=auth, payload=signing.payload,
                redirect_uri=redirect_uri)  # fmt: skip


def _invalid() -> CitizenError:
    return CitizenError(
        "signing_invalid",
        _(
            "Esta autorização de assinatura é inválida, expirou ou já foi usada. Nada foi "
            "protocolado; assine de novo."
        ),
        status=400,
    )


def _claim(*, state: str, user) -> CitizenSigning:
    """The signing this state belongs to, used once: a replay, another person's state
    or an old one is refused."""
    if not state:
        raise _invalid()
    with transaction.atomic():
        signing = (
            CitizenSigning.objects.select_for_update()
            .filter(state_hash=hashlib.sha256(state.encode()).hexdigest())
            .first()
        )
        if (
            signing is None
            or signing.used_at is not None
            or signing.user_id != user.pk
            or timezone.now() - signing.created_at > timedelta(seconds=AUTHORIZATION_SECONDS)
        ):
            raise _invalid()
        signing.used_at = timezone.now()
        signing.save(update_fields=["used_at"])
    return signing


def _finish(signing: CitizenSigning, result: str, petition: Petition | None = None) -> None:
    CitizenSigning.objects.filter(pk=signing.pk).update(result=result[:40], petition=petition)


def complete(*, user, auth, state: str, code: str = "", error: str = "") -> tuple[Petition, bool]:
    """gov.br sent the citizen back: sign every hash, verify, then commit the filing."""
    from signatures import iti
    from signatures.services.govbr import delete_all, put_all

    signing = _claim(state=state, user=user)
    existing = Petition.objects.filter(
        filer_user_id=user.pk, idempotency_key=signing.idempotency_key
    ).first()
    if existing is not None:  # a retry already committed this filing
        _finish(signing, "duplicate", existing)
        return existing, False
    stored: list[str] = []
    client = None
    try:
        if error or not code:
            raise CitizenError(
                "signing_denied",
                _("A assinatura não foi autorizada no gov.br. Nada foi protocolado."),
                error,
            )
        client = iti.ItiClient()
        token = client.token(code=code, redirect_uri=signing.redirect_uri)
        certificate = client.certificate(token)
        iti.check_certificate(certificate, user.cpf)
        wanted = list(dict.fromkeys([i["sha256"] for i in signing.items]
                                    + [signing.manifest_sha256]))  # fmt: skip
        signed: dict[str, bytes] = {}
        for hex_digest in wanted:
            digest = bytes.fromhex(hex_digest)
            der = client.sign_hash(token, digest)
            verified = iti.verify_cms(der, digest=digest, cpf=user.cpf)
            if verified.certificate != certificate:
                raise iti.cms_invalid("the CMS is signed by another certificate")
            signed[hex_digest] = der
        base = f"signatures/citizens/{signing.uuid}"
        files = [
            (f"{base}/certificate.pem", iti.pem(certificate)),
            (f"{base}/manifest.json", canonical(signing.manifest)),
            *((f"{base}/{h}.p7s", der) for h, der in signed.items()),
        ]
        put_all(files, stored)
        signer = AdvancedSigner(
            signing=signing,
            p7s={h: f"{base}/{h}.p7s" for h in signed},
            certificate_name=f"{base}/certificate.pem",
            certificate_subject=certificate.subject.rfc4514_string(),
            certificate_issuer=certificate.issuer.rfc4514_string(),
            certificate_serial=format(certificate.serial_number, "x"),
        )
        signer.receipt_extra = {
            "manifesto_sha256": signing.manifest_sha256,
            "certificado": {
                "titular": signer.certificate_subject[:500],
                "emissor": signer.certificate_issuer[:500],
                "serie": signer.certificate_serial,
            },
        }
        petition, created = RUNNERS[signing.kind](
            user=user, auth=auth, payload=signing.payload, signer=signer
        )
        if not created:  # another request committed the same filing first
            delete_all(stored)
    except BaseException as exc:
        delete_all(stored)
        _finish(signing, getattr(exc, "code", "error"))
        raise
    finally:
        if client is not None:
            client.close()
    _finish(signing, "signed", petition)
    return petition, created
