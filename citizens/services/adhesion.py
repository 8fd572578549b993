"""Adesão à intimação eletrônica and representations (procurações eletrônicas)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from citizens import policy
from citizens.errors import CitizenError
from citizens.models import Adhesion, Representation, RepresentationAct
from citizens.selectors import active_representations


def _acts_for_company(user, cnpj: str) -> bool:
    """An active responsável legal of the CNPJ (procurador especial too)."""
    return (
        active_representations(user.cpf)
        .filter(grantor=cnpj, kind__in=[Representation.Kind.LEGAL, Representation.Kind.SPECIAL])
        .exists()
    )


def adhere(*, user, level: str | None, person: str | None = None, name: str = "") -> Adhesion:
    policy.require_level(level, "adhesion")
    person = "".join(c for c in (person or user.cpf) if c.isdigit())
    if person != user.cpf and not (len(person) == 14 and _acts_for_company(user, person)):
        raise CitizenError(
            "representation_required",
            _("Só o responsável legal ativo pode aderir em nome da empresa."),
            status=403,
        )
    with transaction.atomic():
        current = Adhesion.objects.filter(person=person, revoked_at=None).first()
        if current is not None:
            return current
        try:
            with transaction.atomic():
                return Adhesion.objects.create(
                    person=person,
                    name=(name or user.name)[:200] if person != user.cpf else user.name,
                    user_id=user.pk,
                    trust_level=level or "",
                )
        except IntegrityError:
            return Adhesion.objects.get(person=person, revoked_at=None)


def withdraw(*, user, person: str | None = None) -> None:
    person = person or user.cpf
    if person != user.cpf and not _acts_for_company(user, person):
        raise CitizenError("adhesion_not_found", _("Adesão não encontrada."), status=404)
    Adhesion.objects.filter(person=person, revoked_at=None).update(revoked_at=timezone.now())


def grant(
    *,
    user,
    level: str | None,
    grantee_cpf: str,
    grantee_name: str,
    kind: str,
    powers: list[str],
    valid_until: dt.date | None,
    process_ids: list[str],
    grantor: str | None = None,
    grantor_name: str = "",
) -> Representation:
    """Procuração eletrônica: simples (powers, scope, validity) by a person or by a
    company's responsável legal/procurador especial; especial only by the L."""
    from accounts.cpf import normalize_cpf, validate_cpf

    policy.require_level(level, "representation")
    grantor = "".join(c for c in (grantor or user.cpf) if c.isdigit())
    grantee = normalize_cpf(grantee_cpf or "")
    try:
        validate_cpf(grantee)
    except Exception as exc:
        raise CitizenError("cpf_invalid", _("CPF do procurador inválido.")) from exc
    if grantee == user.cpf:
        raise CitizenError(
            "self_representation", _("Você não pode outorgar procuração a si mesmo.")
        )
    if kind not in (Representation.Kind.SIMPLE, Representation.Kind.SPECIAL):
        raise CitizenError("representation_kind_invalid", _("Tipo de procuração inválido."))
    if grantor != user.cpf:
        # Simples: the company's L or E; especial: only its L.
        kinds = [Representation.Kind.LEGAL]
        if kind == Representation.Kind.SIMPLE:
            kinds.append(Representation.Kind.SPECIAL)
        allowed = active_representations(user.cpf).filter(grantor=grantor, kind__in=kinds)
        if not allowed.exists():
            raise CitizenError(
                "representation_required",
                _("Só o responsável legal ativo pode outorgar procuração pela empresa."),
                status=403,
            )
    elif kind == Representation.Kind.SPECIAL:
        raise CitizenError(
            "special_needs_company",
            _("A procuração especial é outorgada por uma pessoa jurídica."),
        )
    known = {Representation.POWER_INTIMATION, Representation.POWER_PETITION}
    if kind == Representation.Kind.SIMPLE and (not powers or set(powers) - known):
        raise CitizenError("powers_invalid", _("Escolha os poderes da procuração."))
    today = timezone.localdate()
    if valid_until is not None and valid_until < today:
        raise CitizenError("validity_invalid", _("A validade não pode estar no passado."))
    from citizens.services.representation import record_act, with_files

    grantee_user = User.objects.filter(cpf=grantee).only("name").first()
    if grantee_user is not None and grantee_user.name:
        grantee_name = grantee_user.name  # the name gov.br gave, not a typed one
    if not (grantee_name or "").strip():
        raise CitizenError("grantee_name_required", _("Informe o nome do procurador."))
    scope = sorted({str(p) for p in process_ids or []})
    if scope:
        from citizens.selectors import Reach, my_processes

        # Only processes the outorgante reaches (as himself, or as the company).
        reach = Reach(cpf=grantor, represented={})
        reachable = set(
            str(u)
            for u in my_processes(user, reach).filter(uuid__in=scope).values_list("uuid", flat=True)
        )
        if reachable != set(scope):
            raise CitizenError(
                "scope_invalid",
                _("Escolha apenas processos do outorgante neste município."),
            )

    def act(created_keys):
        return _grant(
            user=user,
            level=level,
            grantor=grantor,
            grantor_name=grantor_name,
            grantee=grantee,
            grantee_name=grantee_name,
            kind=kind,
            powers=powers,
            valid_until=valid_until,
            scope=scope,
            today=today,
            created_keys=created_keys,
            record_act=record_act,
        )

    return with_files(act)


def _grant(
    *,
    user,
    level,
    grantor,
    grantor_name,
    grantee,
    grantee_name,
    kind,
    powers,
    valid_until,
    scope,
    today,
    created_keys,
    record_act,
) -> Representation:
    if grantor != user.cpf and not grantor_name:
        company = Representation.objects.filter(grantor=grantor).order_by("-created_at").first()
        grantor_name = company.grantor_name if company else grantor
    if (
        Representation.objects.filter(
            grantor=grantor, grantee=grantee, kind=kind, state=Representation.State.ACTIVE
        )
        .filter(models_q_valid(today))
        .exists()
    ):
        raise CitizenError(
            "representation_exists",
            _("Já existe uma procuração ativa deste tipo para este procurador."),
            status=409,
        )
    # An expired one (vencida, derived) leaves its row active: close it first, so the
    # uniqueness among active rows never blocks a new grant (against SEI #178).
    Representation.objects.filter(
        grantor=grantor, grantee=grantee, kind=kind, state=Representation.State.ACTIVE
    ).update(state=Representation.State.REPLACED, ended_at=timezone.now())
    rep = Representation.objects.create(
        grantor=grantor,
        grantor_name=(grantor_name or user.name)[:200] if grantor != user.cpf else user.name,
        grantee=grantee,
        grantee_name=(grantee_name or "")[:200],
        kind=kind,
        powers=sorted(set(powers)) if kind == Representation.Kind.SIMPLE else [],
        valid_from=today,
        valid_until=valid_until,
        process_ids=scope,
    )
    record_act(
        rep=rep,
        kind=RepresentationAct.Kind.GRANTED,
        user=user,
        level=level,
        created_keys=created_keys,
    )
    return rep


def models_q_valid(today):
    from django.db.models import Q

    return Q(valid_until__isnull=True) | Q(valid_until__gte=today)


def end(*, user, representation_uuid, as_grantee: bool, level: str | None = None) -> Representation:
    """Revogação (by the outorgante or its L) or renúncia (by the outorgado): at once;
    past acts stay valid. Each leaves a document + recibo in the control process."""
    from citizens.services.representation import record_act, with_files

    # No level needed to end a representation: taking a power back (or giving it up)
    # must never be blocked; the level was checked when it was issued.
    return with_files(
        lambda created_keys: _end(
            user=user,
            representation_uuid=representation_uuid,
            as_grantee=as_grantee,
            level=level,
            created_keys=created_keys,
            record_act=record_act,
        )
    )


def _end(*, user, representation_uuid, as_grantee, level, created_keys, record_act):
    rep = (
        Representation.objects.select_for_update()
        .filter(uuid=representation_uuid, state=Representation.State.ACTIVE)
        .first()
    )
    mine = rep is not None and (
        (as_grantee and rep.grantee == user.cpf)
        or (
            not as_grantee
            and (
                rep.grantor == user.cpf
                or active_representations(user.cpf)
                .filter(grantor=rep.grantor, kind=Representation.Kind.LEGAL)
                .exists()
            )
        )
    )
    if not mine:
        raise CitizenError("representation_not_found", _("Procuração não encontrada."), status=404)
    if rep.kind == Representation.Kind.LEGAL:
        raise CitizenError("representation_not_found", _("Procuração não encontrada."), status=404)
    rep.state = Representation.State.RENOUNCED if as_grantee else Representation.State.REVOKED
    rep.ended_at = timezone.now()
    rep.save(update_fields=["state", "ended_at"])
    record_act(
        rep=rep,
        kind=RepresentationAct.Kind.RENOUNCED if as_grantee else RepresentationAct.Kind.REVOKED,
        user=user,
        level=level,
        created_keys=created_keys,
    )
    return rep
