"""What the municipal administration configures for citizens: petition types, the
city's holidays and outages."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from citizens.errors import CitizenError
from citizens.models import (
    CitizenPolicy,
    MunicipalHoliday,
    Outage,
    PetitionType,
    PetitionTypeDocument,
)
from core.models import AccessLevel, DocumentType, LegalBasis, ProcessType, StaffMember, Unit
from core.services.documents import ALLOWED_MIME
from core.services.staff import require_admin


def save_petition_type(
    *,
    admin: StaffMember,
    petition_type: PetitionType | None = None,
    process_type: ProcessType,
    unit: Unit,
    guidance: str = "",
    access_rule: str = PetitionType.AccessRule.CITIZEN_CHOOSES,
    fixed_access_level: str = AccessLevel.PUBLIC,
    fixed_legal_basis: LegalBasis | None = None,
    requires_advanced: bool = False,
    allow_third_parties: bool = False,
    max_file_mb: int = 10,
    formats: list[str] | None = None,
    active: bool = True,
    documents: list[dict],
) -> PetitionType:
    """Create or replace a petition type; `documents` = [{document_type, required,
    access_level}] (the whole list: rows not named are removed)."""
    require_admin(admin)
    if not unit.active:
        raise CitizenError("unit_inactive", _("A unidade de destino está desativada."))
    if not process_type.active:
        raise CitizenError("process_type_inactive", _("Este tipo de processo está desativado."))
    if access_rule not in PetitionType.AccessRule.values:
        raise CitizenError("access_rule_invalid", _("Regra de nível de acesso inválida."))
    if fixed_access_level == AccessLevel.SECRET:
        raise CitizenError(
            "secret_not_allowed", _("O peticionamento não admite nível de acesso sigiloso.")
        )
    fixed_restricted = (
        access_rule == PetitionType.AccessRule.FIXED and fixed_access_level == "restricted"
    )
    if fixed_restricted and (
        fixed_legal_basis is None or fixed_legal_basis.access_level != "restricted"
    ):
        raise CitizenError(
            "legal_basis_required", _("Informe a hipótese legal do nível restrito padrão.")
        )
    formats = list(formats or ["application/pdf"])
    unknown = [f for f in formats if f not in ALLOWED_MIME]
    if unknown:
        raise CitizenError("format_invalid", _("Formato não suportado: %s.") % ", ".join(unknown))
    if not 1 <= max_file_mb <= 100:
        raise CitizenError(
            "max_size_invalid", _("O tamanho máximo por arquivo deve ficar entre 1 e 100 MB.")
        )
    if not documents:
        raise CitizenError(
            "document_types_missing", _("Indique ao menos um tipo de documento aceito.")
        )
    seen = set()
    for row in documents:
        dtype: DocumentType = row["document_type"]
        if dtype.pk in seen:
            raise CitizenError(
                "document_type_repeated", _("Tipo de documento repetido: %s.") % dtype.name
            )
        seen.add(dtype.pk)
        if not dtype.active or dtype.usage == DocumentType.Usage.INTERNAL:
            raise CitizenError(
                "document_type_usage",
                _("O tipo “%s” não pode ser enviado por upload.") % dtype.name,
            )
        if row.get("access_level") == AccessLevel.SECRET:
            raise CitizenError(
                "secret_not_allowed", _("O peticionamento não admite nível de acesso sigiloso.")
            )
    fields = {
        "process_type": process_type,
        "unit": unit,
        "guidance": (guidance or "").strip(),
        "access_rule": access_rule,
        "fixed_access_level": fixed_access_level,
        "fixed_legal_basis": fixed_legal_basis
        if access_rule == PetitionType.AccessRule.FIXED
        else None,
        "requires_advanced": requires_advanced,
        "allow_third_parties": allow_third_parties,
        "max_file_mb": max_file_mb,
        "formats": formats,
        "active": active,
    }
    with transaction.atomic():
        clash = PetitionType.objects.filter(process_type=process_type, active=True)
        if petition_type is not None:
            clash = clash.exclude(pk=petition_type.pk)
        if active and clash.exists():
            raise CitizenError(
                "petition_type_exists",
                _("Já existe um tipo de peticionamento ativo para este tipo de processo."),
                status=409,
            )
        if petition_type is None:
            petition_type = PetitionType.objects.create(**fields)
        else:
            for name, value in fields.items():
                setattr(petition_type, name, value)
            petition_type.save()
        PetitionTypeDocument.objects.filter(petition_type=petition_type).delete()
        PetitionTypeDocument.objects.bulk_create(
            PetitionTypeDocument(
                petition_type=petition_type,
                document_type=row["document_type"],
                required=bool(row.get("required")),
                access_level=row.get("access_level") or "",
            )
            for row in documents
        )
    return petition_type


def add_holiday(*, admin: StaffMember, date, name: str, kind: str) -> MunicipalHoliday:
    require_admin(admin)
    name = (name or "").strip()
    if not name:
        raise CitizenError("holiday_name_missing", _("Informe o nome do feriado."))
    if kind not in MunicipalHoliday.Kind.values:
        raise CitizenError("holiday_kind_invalid", _("Tipo de feriado inválido."))
    with transaction.atomic():
        if MunicipalHoliday.objects.filter(date=date).exists():
            raise CitizenError(
                "holiday_exists", _("Já há um feriado registrado nesta data."), status=409
            )
        return MunicipalHoliday.objects.create(date=date, name=name[:120], kind=kind)


def add_outage(
    *, admin: StaffMember, starts_on, ends_on, extends_deadlines: bool, description: str = ""
) -> Outage:
    require_admin(admin)
    if ends_on < starts_on:
        raise CitizenError(
            "outage_dates_invalid", _("O fim da indisponibilidade vem antes do início.")
        )
    with transaction.atomic():
        return Outage.objects.create(
            starts_on=starts_on,
            ends_on=ends_on,
            extends_deadlines=extends_deadlines,
            description=(description or "").strip()[:300],
            created_by_id=admin.user_id,
        )


def save_policy(*, admin: StaffMember, **fields) -> CitizenPolicy:
    """The city's decree as configuration: levels may be raised above the defaults,
    never lowered; the prazo tácito applies to intimações issued afterwards."""
    from accounts.govbr import ORDER
    from citizens.policy import DEFAULTS, POLICY_FIELDS

    require_admin(admin)
    for action, field in POLICY_FIELDS.items():
        if field in fields:
            value = fields[field]
            if value not in ORDER or ORDER.index(value) < ORDER.index(DEFAULTS[action][0]):
                raise CitizenError(
                    "level_below_minimum",
                    _("O nível mínimo para esta ação não pode ficar abaixo de %s.")
                    % DEFAULTS[action][0],
                )
    if "tacit_days" in fields and not 1 <= int(fields["tacit_days"]) <= 60:
        raise CitizenError("tacit_days_invalid", _("O prazo tácito deve ficar entre 1 e 60 dias."))
    with transaction.atomic():
        row = CitizenPolicy.objects.select_for_update().order_by("pk").first() or CitizenPolicy()
        for name, value in fields.items():
            setattr(row, name, value)
        row.save()
    return row


def _today():
    from django.utils import timezone

    from citizens.deadlines import BRASILIA

    return timezone.now().astimezone(BRASILIA).date()


def remove_holiday(*, admin: StaffMember, holiday: MunicipalHoliday) -> None:
    """Only a day still ahead: deadlines are computed from the calendar at read time, so
    removing a day already counted would change intimações already fulfilled."""
    require_admin(admin)
    if holiday.date <= _today():
        raise CitizenError(
            "holiday_in_the_past",
            _(
                "Só é possível remover feriados futuros: os prazos já contados com este dia "
                "não podem mudar."
            ),
            status=409,
        )
    with transaction.atomic():
        MunicipalHoliday.objects.filter(pk=holiday.pk).delete()


def remove_outage(*, admin: StaffMember, outage: Outage) -> None:
    """Only an outage not yet begun (the same reason as `remove_holiday`)."""
    require_admin(admin)
    if outage.starts_on <= _today():
        raise CitizenError(
            "outage_in_the_past",
            _(
                "Só é possível remover indisponibilidades que ainda não começaram: os prazos "
                "já prorrogados por ela não podem mudar."
            ),
            status=409,
        )
    with transaction.atomic():
        Outage.objects.filter(pk=outage.pk).delete()
