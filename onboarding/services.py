"""Actions of the control plane. Each transition checks its preconditions, moves the
case through the state machine declared on the model, and writes who/when/why to the
case history — all in one transaction, or not at all."""

from __future__ import annotations

import csv
import hashlib
import logging
import re
import time
from collections.abc import Callable, Iterable
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import connection, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed
from django_tenants.utils import schema_context

from accounts.cpf import normalize_cpf, validate_cpf
from accounts.models import User
from core.files import is_pdf
from core.text import fold
from onboarding.errors import InvalidInput, OnboardingError, OnboardingErrorCode
from onboarding.models import (
    CaseDocument,
    CaseEvent,
    Municipality,
    OnboardingCase,
    ProvisioningBatch,
    Status,
)
from tenants import services as tenant_services
from tenants.models import SLUG_PATTERN, Tenant
from tenants.uf import UF

logger = logging.getLogger(__name__)

CATALOGUE_FILE = Path(__file__).resolve().parent / "data" / "municipios_mg.csv"


# --- catalogue ---------------------------------------------------------------------


def load_municipalities(path: Path = CATALOGUE_FILE, *, uf: str = UF.MG) -> int:
    """Load IBGE's list of municipalities (columns ibge_code,name[,uf]). Idempotent:
    existing codes get their name updated. Returns the number of rows in the file."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    objects = [
        Municipality(
            ibge_code=row["ibge_code"].strip(),
            name=row["name"].strip(),
            uf=(row.get("uf") or uf).strip(),
        )
        for row in rows
    ]
    for obj in objects:
        obj.full_clean(exclude=["search_name"], validate_unique=False)
        obj.search_name = fold(obj.name)
    Municipality.objects.bulk_create(
        objects,
        update_conflicts=True,
        unique_fields=["ibge_code"],
        update_fields=["name", "uf", "search_name"],
        batch_size=1000,
    )
    return len(objects)


# --- history -----------------------------------------------------------------------


def _record(case, action, *, actor=None, reason="", from_status="", to_status="", **data):
    return CaseEvent.objects.create(
        case=case,
        action=action,
        actor=actor,
        reason=reason or "",
        from_status=from_status,
        to_status=to_status,
        data=data,
    )


def _locked(case: OnboardingCase) -> OnboardingCase:
    """The case row, locked for the rest of the transaction, with its current status."""
    return OnboardingCase.objects.select_for_update().get(pk=case.pk)


def _transition(case, name: str, *, actor, reason: str = "", **data) -> OnboardingCase:
    """Run the model's transition `name` and record it. Caller holds the row lock."""
    before = case.status
    try:
        getattr(case, name)()
    except TransitionNotAllowed as exc:
        raise OnboardingError(
            OnboardingErrorCode.TRANSITION_NOT_ALLOWED,
            f"{name} from {before}",
            message=_("Não é possível “%(action)s” um caso na situação “%(status)s”.")
            % {"action": ACTION_LABELS[name], "status": Status(before).label},
        ) from exc
    case.save()
    _record(
        case, name, actor=actor, reason=reason, from_status=before, to_status=case.status, **data
    )
    return case


ACTION_LABELS = {
    "sign_agreement": "registrar o acordo de adesão de",
    "designate_manager": "designar o gestor de",
    "provision": "provisionar",
    "retry": "tentar novamente o provisionamento de",
    "finish_provisioning": "concluir o provisionamento de",
    "fail": "registrar falha em",
    "go_live": "colocar em produção",
    "pause": "suspender",
    "resume": "retomar",
    "cancel": "cancelar",
}


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(OnboardingErrorCode.REASON_REQUIRED)
    return reason


# --- cases -------------------------------------------------------------------------


def open_case(*, municipality: Municipality, actor: User, reason: str = "") -> OnboardingCase:
    """Register a municipality's expression of interest (a new case)."""
    with transaction.atomic():
        Municipality.objects.select_for_update().get(pk=municipality.pk)
        if (
            OnboardingCase.objects.filter(municipality=municipality)
            .exclude(status=Status.CANCELLED)
            .exists()
        ):
            raise OnboardingError(OnboardingErrorCode.CASE_ALREADY_OPEN, municipality.ibge_code)
        case = OnboardingCase.objects.create(municipality=municipality, created_by=actor)
        _record(case, "open", actor=actor, reason=reason, to_status=case.status)
    return case


def upload_document(*, case: OnboardingCase, kind: str, file: UploadedFile, actor: User):
    """Store a PDF of the case in S3 after checking it (content, size); SHA-256 kept.

    A refused file leaves nothing behind: it is checked before it is stored, and the
    stored object is removed again if the database write fails."""
    if kind not in CaseDocument.Kind.values:
        raise InvalidInput(OnboardingErrorCode.DOCUMENT_KIND_INVALID, repr(kind))
    if case.status in (Status.LIVE, Status.CANCELLED):
        raise OnboardingError(OnboardingErrorCode.CASE_CLOSED)
    _check_pdf(file)
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    document = CaseDocument(
        case=case,
        kind=kind,
        original_name=file.name[:255],
        size=file.size,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
    )
    key = f"{case.uuid}/{document.uuid}.pdf"
    document.file.save(key, file, save=False)
    try:
        with transaction.atomic():
            locked = _locked(case)
            if locked.status in (Status.LIVE, Status.CANCELLED):
                raise OnboardingError(OnboardingErrorCode.CASE_CLOSED)
            document.save()
            _record(
                locked,
                "upload",
                actor=actor,
                document=str(document.uuid),
                kind=kind,
                name=document.original_name,
                sha256=document.sha256,
            )
    except BaseException:
        document.file.storage.delete(document.file.name)
        raise
    return document


def _check_pdf(file: UploadedFile) -> None:
    size = file.size or 0
    if size == 0:
        raise InvalidInput(OnboardingErrorCode.FILE_EMPTY)
    limit = settings.ONBOARDING_MAX_UPLOAD_BYTES
    if size > limit:
        raise InvalidInput(
            OnboardingErrorCode.FILE_TOO_LARGE,
            f"{size} > {limit}",
            message=_("O arquivo tem %(size)s; o máximo permitido é %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
    if not is_pdf(file):
        raise InvalidInput(OnboardingErrorCode.FILE_NOT_PDF, file.name)


def sign_agreement(*, case: OnboardingCase, actor: User, reason: str = "") -> OnboardingCase:
    with transaction.atomic():
        case = _locked(case)
        has_agreement = case.documents.filter(kind=CaseDocument.Kind.AGREEMENT).exists()
        if case.status == Status.INTEREST and not has_agreement:
            raise OnboardingError(OnboardingErrorCode.AGREEMENT_MISSING)
        return _transition(case, "sign_agreement", actor=actor, reason=reason)


def designate_manager(
    *, case: OnboardingCase, actor: User, name: str, cpf: str, email: str, reason: str = ""
) -> OnboardingCase:
    name, cpf, email = (name or "").strip(), normalize_cpf(cpf), (email or "").strip().lower()
    if not name:
        raise InvalidInput(OnboardingErrorCode.MANAGER_NAME_MISSING)
    try:
        validate_cpf(cpf)
    except ValidationError as exc:
        raise InvalidInput(OnboardingErrorCode.MANAGER_CPF_INVALID) from exc
    try:
        validate_email(email)
    except ValidationError as exc:
        raise InvalidInput(OnboardingErrorCode.MANAGER_EMAIL_INVALID) from exc
    with transaction.atomic():
        case = _locked(case)
        case.manager_name, case.manager_cpf, case.manager_email = name, cpf, email
        return _transition(
            case, "designate_manager", actor=actor, reason=reason, manager=name, email=email
        )


def suggest_slug(case: OnboardingCase) -> str:
    """ASCII host label from the name, unique among tenants and open cases: the name,
    else name-uf, else name-ibge."""
    base = slugify(case.municipality.name)[:50].strip("-") or f"m{case.municipality.ibge_code}"
    for candidate in (
        base,
        f"{base}-{case.municipality.uf.lower()}",
        f"{base}-{case.municipality.ibge_code}",
    ):
        if not _slug_taken(candidate, case):
            return candidate
    return f"m{case.municipality.ibge_code}"


def _slug_taken(slug: str, case: OnboardingCase) -> bool:
    if Tenant.objects.filter(slug=slug).exclude(ibge_code=case.municipality.ibge_code).exists():
        return True
    return (
        OnboardingCase.objects.filter(slug=slug)
        .exclude(status=Status.CANCELLED)
        .exclude(pk=case.pk)
        .exists()
    )


def start_provisioning(
    *,
    case: OnboardingCase,
    actor: User,
    slug: str = "",
    batch: ProvisioningBatch | None = None,
    enqueue: bool = True,
) -> OnboardingCase:
    """manager_designated → provisioning; the work itself runs on the provisioning queue
    (`enqueue=False`: the caller runs `run_provisioning` itself, as the demo seed does)."""
    slug = (slug or "").strip().lower()
    if slug and not re.match(SLUG_PATTERN, slug):
        raise InvalidInput(OnboardingErrorCode.SLUG_INVALID, repr(slug))
    with transaction.atomic():
        case = _locked(case)
        slug = slug or case.slug or suggest_slug(case)
        if _slug_taken(slug, case):
            raise OnboardingError(OnboardingErrorCode.SLUG_TAKEN, slug)
        case.slug, case.batch = slug, batch or case.batch
        _reset_progress(case)
        _transition(
            case, "provision", actor=actor, slug=slug, batch=str(batch.uuid) if batch else None
        )
        if enqueue:
            _enqueue(case)
    return case


def retry_provisioning(*, case: OnboardingCase, actor: User, reason: str = "") -> OnboardingCase:
    """failed → provisioning: runs the same idempotent steps again."""
    with transaction.atomic():
        case = _locked(case)
        _reset_progress(case)
        _transition(case, "retry", actor=actor, reason=reason)
        _enqueue(case)
    return case


def _reset_progress(case):
    case.provisioning_error = ""
    case.provisioning_step = "queued"
    case.provisioning_progress = 0
    case.provisioning_heartbeat = timezone.now()


def _enqueue(case: OnboardingCase) -> None:
    from onboarding.tasks import provision_case

    case_id = str(case.uuid)
    transaction.on_commit(lambda: provision_case.delay(case_id))


def go_live(*, case: OnboardingCase, actor: User, reason: str = "") -> OnboardingCase:
    with transaction.atomic():
        case = _locked(case)
        if case.status == Status.TRAINING and not tenant_is_ready(case):
            raise OnboardingError(OnboardingErrorCode.TENANT_NOT_READY)
        return _transition(case, "go_live", actor=actor, reason=reason)


def tenant_is_ready(case: OnboardingCase) -> bool:
    """The tenant exists, is active, and its manager is a municipal admin there."""
    from core.models import StaffMember, Unit

    tenant = case.tenant
    if tenant is None or tenant.status != Tenant.Status.ACTIVE:
        return False
    manager = User.objects.filter(cpf=case.manager_cpf).first()
    with schema_context(tenant.schema_name):
        return (
            Unit.objects.filter(parent__isnull=True).exists()
            and manager is not None
            and StaffMember.objects.filter(user_id=manager.pk, is_municipal_admin=True).exists()
        )


def pause(*, case: OnboardingCase, actor: User, reason: str) -> OnboardingCase:
    reason = _require_reason(reason)
    with transaction.atomic():
        return _transition(_locked(case), "pause", actor=actor, reason=reason)


def resume(*, case: OnboardingCase, actor: User, reason: str = "") -> OnboardingCase:
    with transaction.atomic():
        return _transition(_locked(case), "resume", actor=actor, reason=reason)


def cancel(*, case: OnboardingCase, actor: User, reason: str) -> OnboardingCase:
    """Cancel a case in progress. A tenant it already created is suspended, not dropped."""
    reason = _require_reason(reason)
    with transaction.atomic():
        case = _locked(case)
        case.close_reason = reason
        _transition(case, "cancel", actor=actor, reason=reason)
        if case.tenant is not None and case.tenant.status == Tenant.Status.ACTIVE:
            tenant_services.set_status(tenant=case.tenant, status=Tenant.Status.SUSPENDED)
    return case


def bulk_provision(*, cases: Iterable[OnboardingCase], actor: User) -> dict:
    """Send many cases to provisioning at once. Each case is started (or refused, with
    its reason) on its own: one refusal does not stop the others."""
    cases = list(cases)
    if not cases:
        raise InvalidInput(OnboardingErrorCode.NOTHING_SELECTED)
    batch = ProvisioningBatch.objects.create(created_by=actor)
    started, refused = [], []
    for case in cases:
        try:
            start_provisioning(case=case, actor=actor, batch=batch)
            started.append(str(case.uuid))
        except OnboardingError as exc:
            refused.append({"case": str(case.uuid), "code": exc.code, "detail": exc.message})
    return {"batch": batch, "started": started, "refused": refused}


# --- the provisioning job ----------------------------------------------------------

# (name, progress % when done). Every step is idempotent, so a re-run after a crash at
# any point finishes the job without making a second tenant.
STEPS = [("tenant", 50), ("seed", 75), ("manager", 95), ("finish", 100)]


def run_provisioning(case_uuid: str, *, after_step: Callable[[str], None] | None = None) -> str:
    """The body of the provisioning task. Returns the case's final status.

    Only one run per case at a time (a session advisory lock); a run that finds the case
    no longer in `provisioning` does nothing."""
    case = OnboardingCase.objects.select_related("municipality").get(uuid=case_uuid)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(hashtext('onboarding'), %s)", [case.pk])
        if not cursor.fetchone()[0]:
            logger.info("provisioning already running", extra={"case": case_uuid})
            return case.status
    started = time.monotonic()
    try:
        case.refresh_from_db()
        if case.status != Status.PROVISIONING:
            return case.status
        for step, progress in STEPS:
            try:
                _STEP_FUNCTIONS[step](case)
            except Exception as exc:
                logger.exception("provisioning step failed", extra={"case": case_uuid})
                _fail(case, step, exc)
                return Status.FAILED
            _progress(case, step, progress)
            if after_step is not None:
                after_step(step)
        case.refresh_from_db()
        return case.status
    finally:
        elapsed = time.monotonic() - started
        OnboardingCase.objects.filter(
            pk=case.pk, provisioning_seconds__isnull=True, status=Status.TRAINING
        ).update(provisioning_seconds=elapsed)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(hashtext('onboarding'), %s)", [case.pk])


def _step_tenant(case: OnboardingCase) -> None:
    municipality = case.municipality
    tenant = tenant_services.provision_tenant(
        ibge_code=municipality.ibge_code,
        name=municipality.name,
        slug=case.slug,
        uf=municipality.uf,
    )
    if case.tenant_id != tenant.pk:
        case.tenant = tenant
        OnboardingCase.objects.filter(pk=case.pk).update(tenant=tenant)


def _step_seed(case: OnboardingCase) -> None:
    from core.services import seed_defaults

    with schema_context(case.tenant.schema_name):
        seed_defaults()


def _step_manager(case: OnboardingCase) -> None:
    from core.services import grant_municipal_admin

    with transaction.atomic():
        user = User.objects.filter(cpf=case.manager_cpf).first()
        if user is None:
            # No password: the manager signs in with gov.br.
            user = User.objects.create_user(
                cpf=case.manager_cpf, name=case.manager_name, email=case.manager_email
            )
    with schema_context(case.tenant.schema_name):
        grant_municipal_admin(user=user)


def _step_finish(case: OnboardingCase) -> None:
    with transaction.atomic():
        locked = _locked(case)
        if locked.status == Status.PROVISIONING:
            _transition(
                locked,
                "finish_provisioning",
                actor=None,
                tenant=locked.tenant.schema_name,
                domain=locked.tenant.get_primary_domain().domain,
            )


_STEP_FUNCTIONS = {
    "tenant": _step_tenant,
    "seed": _step_seed,
    "manager": _step_manager,
    "finish": _step_finish,
}


def _progress(case, step: str, progress: int) -> None:
    OnboardingCase.objects.filter(pk=case.pk).update(
        provisioning_step=step,
        provisioning_progress=progress,
        provisioning_heartbeat=timezone.now(),
    )


def _fail(case, step: str, exc: Exception) -> None:
    from core.errors import DomainError

    message = (
        exc.message if isinstance(exc, DomainError) else _("Erro interno no passo “%s”.") % step
    )
    with transaction.atomic():
        locked = _locked(case)
        if locked.status != Status.PROVISIONING:
            return
        locked.provisioning_error = str(message)
        locked.provisioning_step = step
        _transition(
            locked,
            "fail",
            actor=None,
            reason=str(message),
            step=step,
            error=f"{type(exc).__name__}: {exc}"[:1000],
        )


def fail_stale_provisioning(*, older_than: timedelta = timedelta(minutes=15), now=None) -> int:
    """Cases stuck in provisioning (worker lost, no progress for a while) become failed,
    so a coordinator sees them and can retry. Run by beat."""
    now = now or timezone.now()
    stale = OnboardingCase.objects.filter(
        status=Status.PROVISIONING, provisioning_heartbeat__lt=now - older_than
    )
    count = 0
    for case in stale:
        with transaction.atomic():
            locked = _locked(case)
            if locked.status != Status.PROVISIONING:
                continue
            locked.provisioning_error = str(_("O provisionamento parou de responder."))
            _transition(
                locked,
                "fail",
                actor=None,
                reason=locked.provisioning_error,
                step=locked.provisioning_step,
            )
            count += 1
    return count
