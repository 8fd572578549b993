"""Advanced electronic signature through the gov.br signature API (ITI).

    start_signing  → checks (trust level, the same rules core's `sign` applies, ≤ 100
                     documents), the hash of each document's exact bytes, a one-time
                     state and nonce → the ITI authorisation address
    complete_signing ← code + state from the ITI's redirect: token (single-use code,
                     same redirect URI), certificate (CPF = signer), one assinarPKCS7
                     per hash (one `signature_session`), each CMS verified locally,
                     .p7s + certificate stored in S3 (tenant prefix), then core's `sign`
                     with the verified signer, in one transaction; any refusal leaves
                     nothing stored.

Bronze accounts are stopped in `start_signing`, before the authorisation screen.

The qualified level (`level="qualified"`): the same flow with scope
`signature_session icp_brasil` (a PSC cloud ICP-Brasil certificate). Per the spec's
table (peticionamento.md §6) it is open to any gov.br level — the ICP-Brasil
certificate, not the gov.br account, identifies the signer — so bronze is NOT stopped
for it (a gov.br login is still required: the ITI authorises with that account). The
level stored is the one the verified certificate's chain gives (iti.check_certificate),
never the one asked for; it is checked against each document type's minimum before
anything is stored."""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.govbr import level_at_least
from accounts.models import User
from core.models import Document, Signature, StaffMember
from signatures import iti
from signatures.errors import Code, SignatureError
from signatures.models import ItiAuthorization, Level, SignatureEvidence
from signatures.services.signing import check_level, sign_documents

logger = logging.getLogger(__name__)
AUTHORIZATION_SECONDS = 600
METHOD = "govbr_iti"


class _DryRun(Exception):
    pass


def _hashes_core_would_sign(
    *, staff, user, documents, role, check=None, block=None
) -> dict[int, str]:
    """Run core's `sign` and roll it back: the same refusals (unit, already signed,
    process not editable…) before the person goes to gov.br, and the exact hash each
    signature would bind."""
    found: dict[int, str] = {}
    try:
        with transaction.atomic():
            from core.services.documents import sign

            for signature in sign(
                staff=staff,
                user=user,
                documents=documents,
                role=role,
                verified={"method": METHOD, "amr": [], "trust_level": ""},
                check=check,
                block=block,
            ):
                found[signature.document_id] = signature.sha256
            raise _DryRun
    except _DryRun:
        pass
    return found


def check_trust_level(session: dict, *, qualified: bool = False) -> str:
    """Bronze (or no gov.br login) never reaches the ITI's authorisation screen; for the
    qualified signature (ICP-Brasil certificate) any gov.br level may go on."""
    if session.get("auth_method") != "govbr":
        raise SignatureError(
            Code.GOVBR_LOGIN_REQUIRED,
            _("Para assinar com o certificado gov.br, entre no sistema com a sua conta gov.br."),
            status=403,
        )
    level = session.get("auth_level") or ""
    if not qualified and not level_at_least(level, "prata"):
        raise SignatureError(
            Code.TRUST_LEVEL,
            _(
                "A assinatura avançada gov.br exige conta nível prata ou ouro; a sua é "
                "%(level)s. Aumente o nível da sua conta em %(url)s e assine de novo."
            )
            % {"level": level or "bronze", "url": settings.GOVBR_UPGRADE_PATH},
            status=403,
        )
    return level


def start_signing(
    *,
    staff: StaffMember,
    user: User,
    documents: list[Document],
    session: dict,
    redirect_uri: str,
    role: str = "",
    return_path: str = "/",
    block=None,
    level: str = Level.ADVANCED,
) -> tuple[ItiAuthorization, str]:
    """`block`: sign every document of a signature block the person has not signed yet
    (`documents` is then ignored; signatures.services.blocks decides). `level`:
    "advanced" (gov.br certificate) or "qualified" (ICP-Brasil cloud certificate)."""
    if level not in (Level.ADVANCED, Level.QUALIFIED):
        raise SignatureError(
            Code.LEVEL_REQUIRED,
            _("Nível de assinatura inválido: use advanced ou qualified."),
        )
    qualified = level == Level.QUALIFIED
    if not iti.configured():
        raise SignatureError(
            Code.ITI_NOT_CONFIGURED,
            _("A assinatura com certificado gov.br não está disponível nesta prefeitura."),
            status=503,
        )
    if qualified and not iti.qualified_available():
        raise SignatureError(
            Code.ITI_NOT_CONFIGURED,
            _("A assinatura qualificada (ICP-Brasil) não está disponível nesta prefeitura."),
            status=503,
        )
    check_trust_level(session, qualified=qualified)
    rule = None
    if block is not None:
        from signatures.services import blocks

        with transaction.atomic():
            block, documents, rule = blocks.prepare_signing(staff=staff, user=user, block=block)
    if not documents:
        raise SignatureError(Code.TOO_MANY, _("Selecione ao menos um documento."))
    if len(documents) > iti.MAX_SESSION_HASHES:
        raise SignatureError(
            Code.TOO_MANY,
            _("Assine no máximo %d documentos de uma vez com o gov.br.") % iti.MAX_SESSION_HASHES,
        )
    check_level(documents, level)
    hashes = _hashes_core_would_sign(
        staff=staff,
        user=user,
        documents=documents,
        role=role,
        check=rule,
        block=block.pk if block is not None else None,
    )
    state = secrets.token_urlsafe(32)
    nonce = secrets.token_urlsafe(16)
    authorization = ItiAuthorization.objects.create(
        state_hash=hashlib.sha256(state.encode()).hexdigest(),
        nonce=nonce,
        user_id=user.pk,
        staff=staff,
        items=[{"document": str(d.uuid), "sha256": hashes[d.pk]} for d in documents],
        role=(role or "").strip()[:200],
        redirect_uri=redirect_uri,
        block=block,
        return_path=return_path
        if return_path.startswith("/") and not return_path.startswith("//")
        else "/",
    )
    client = iti.ItiClient()
    try:
        url = client.authorize_url(
            redirect_uri=redirect_uri, state=state, nonce=nonce, qualified=qualified
        )
    finally:
        client.close()
    return authorization, url


def _claim(*, state: str, user: User, staff: StaffMember) -> ItiAuthorization:
    """The authorisation this state belongs to, used once: a replay, another person's
    state or an old one is refused."""
    invalid = SignatureError(
        Code.AUTHORIZATION_INVALID,
        _(
            "Esta autorização de assinatura é inválida, expirou ou já foi usada. Nada foi "
            "assinado; assine de novo."
        ),
        status=400,
    )
    if not state:
        raise invalid
    with transaction.atomic():
        authorization = (
            ItiAuthorization.objects.select_for_update()
            .filter(state_hash=hashlib.sha256(state.encode()).hexdigest())
            .first()
        )
        if (
            authorization is None
            or authorization.used_at is not None
            or authorization.user_id != user.pk
            or authorization.staff_id != staff.pk
            or timezone.now() - authorization.created_at > timedelta(seconds=AUTHORIZATION_SECONDS)
        ):
            raise invalid
        authorization.used_at = timezone.now()
        authorization.save(update_fields=["used_at"])
    return authorization


def _finish(authorization: ItiAuthorization, result: str) -> None:
    ItiAuthorization.objects.filter(pk=authorization.pk).update(result=result[:40])


def complete_signing(
    *,
    staff: StaffMember,
    user: User,
    state: str,
    code: str = "",
    error: str = "",
    session: dict | None = None,
) -> tuple[ItiAuthorization, list[Signature]]:
    authorization = _claim(state=state, user=user, staff=staff)
    stored: list[str] = []
    client = None
    try:
        if error or not code:
            raise SignatureError(
                Code.AUTHORIZATION_DENIED,
                _("A assinatura não foi autorizada no gov.br. Nada foi assinado."),
                error,
            )
        client = iti.ItiClient()
        token = ""
        try:
            token = client.token(code=code, redirect_uri=authorization.redirect_uri)
            certificate = client.certificate(token)
            level = iti.check_certificate(certificate, user.cpf)
            # The level the certificate's chain gives, against each type's minimum,
            # before any hash is signed or anything stored.
            check_level(_documents_of(authorization), level)
            signed = []
            for item in authorization.items:
                digest = bytes.fromhex(item["sha256"])
                der = client.sign_hash(token, digest)
                verified = iti.verify_cms(der, digest=digest, cpf=user.cpf)
                if verified.certificate != certificate or verified.level != level:
                    raise iti.cms_invalid("the CMS is signed by another certificate")
                signed.append((item, verified))
        except BaseException:
            client.close()
            raise
        # One certificate per authorisation, one .p7s per document, written to S3 in
        # parallel (under this municipality's prefix); removed again on any refusal.
        base = f"signatures/{authorization.uuid}"
        files = [(f"{base}/certificate.pem", iti.pem(certificate))]
        files += [(f"{base}/{item['document']}.p7s", v.der) for item, v in signed]
        put_all(files, stored)
        evidence = [
            (item, certificate, f"{base}/{item['document']}.p7s", files[0][0])
            for item, _verified in signed
        ]
        signatures = _record(authorization, staff=staff, user=user, evidence=evidence,
                             session=session or {}, level=level)  # fmt: skip
    except BaseException as exc:
        if client is not None:
            client.close()
        delete_all(stored)
        _finish(authorization, getattr(exc, "code", "error"))
        raise
    _finish(authorization, "signed")
    try:
        _embed_in_pdfs(signatures, client=client, token=token, certificate=certificate, user=user)
    finally:
        client.close()
    return authorization, signatures


def _embed_in_pdfs(signatures, *, client, token, certificate, user) -> None:
    """PAdES in the PDF of each document just signed (all generated in the system: an
    upload is never signed), with the hashes the session has left (`signatures.pades`;
    best effort, the signatures are recorded)."""
    from signatures import pades

    room = iti.MAX_SESSION_HASHES - len(signatures)
    for signature in signatures:
        if room <= 0:
            break
        room -= 1
        pades.embed(
            signature.document,
            certificate=certificate,
            sign_digest=lambda digest: client.sign_hash(token, digest),
            cpf=user.cpf,
        )


def put_all(files: list[tuple[str, bytes]], stored: list[str]) -> None:
    """Write small files to this municipality's S3 prefix, several at a time; each key
    written is appended to `stored` (so the caller can remove them)."""
    from concurrent.futures import ThreadPoolExecutor

    from core.storage import s3_client, tenant_prefix

    client, prefix = s3_client(), tenant_prefix()  # the schema is this thread's

    def put(item: tuple[str, bytes]) -> str:
        name, data = item
        client.put_object(Bucket=settings.AWS_STORAGE_BUCKET_NAME, Key=f"{prefix}/{name}",
                          Body=data)  # fmt: skip
        return name

    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(put, item) for item in files]
        errors = []
        for future in futures:
            try:
                stored.append(future.result())
            except Exception as exc:  # the others still finish; then all are removed
                errors.append(exc)
    if errors:
        raise iti.unavailable_storage(errors[0])


def delete_all(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _documents_of(authorization: ItiAuthorization) -> list[Document]:
    return list(
        Document.objects.select_related("document_type").filter(
            uuid__in=[item["document"] for item in authorization.items]
        )
    )


def _record(
    authorization, *, staff, user, evidence, session, level=Level.ADVANCED
) -> list[Signature]:
    by_uuid = {
        str(d.uuid): d
        for d in Document.objects.filter(uuid__in=[i["document"] for i, *_ in evidence])
    }
    documents = [by_uuid[item["document"]] for item, *_ in evidence if item["document"] in by_uuid]
    if len(documents) != len(evidence):
        raise SignatureError(
            Code.DOCUMENT_CHANGED, _("Um dos documentos não existe mais. Nada foi assinado.")
        )
    with transaction.atomic():
        block, rule = None, None
        if authorization.block_id is not None:
            from signatures.services import blocks

            block, _pending, rule = blocks.prepare_signing(
                staff=staff, user=user, block=authorization.block
            )
        signatures = sign_documents(
            staff=staff,
            user=user,
            documents=documents,
            role=authorization.role,
            check=rule,
            block=block.pk if block is not None else None,
            verified={
                "method": METHOD,
                "amr": list(session.get("auth_amr") or []),
                "trust_level": session.get("auth_level") or "",
            },
            level=level,
        )
        by_document = {s.document_id: s for s in signatures}
        for (item, cert, p7s, crt), document in zip(evidence, documents, strict=True):
            signature = by_document[document.pk]
            if signature.sha256 != item["sha256"]:
                # the document changed between the hash sent to gov.br and now
                raise SignatureError(
                    Code.DOCUMENT_CHANGED,
                    _(
                        "O documento %s mudou depois de enviado ao gov.br. Nada foi "
                        "assinado; assine de novo."
                    )
                    % document,
                    status=409,
                )
            SignatureEvidence.objects.create(
                signature=signature,
                level=level,
                p7s=p7s,
                certificate=crt,
                certificate_subject=cert.subject.rfc4514_string()[:500],
                certificate_issuer=cert.issuer.rfc4514_string()[:500],
                certificate_serial=format(cert.serial_number, "x")[:80],
            )
        if block is not None:
            blocks.record_signed(block, staff=staff, user=user, count=len(signatures))
    return signatures
