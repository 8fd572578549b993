"""Units and staff: who works where, with which role. Municipal admins manage them."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.cpf import normalize_cpf, validate_cpf
from accounts.models import User
from core.errors import CoreError
from core.models import Membership, StaffMember, Unit


def current_staff(user) -> StaffMember | None:
    """The signed-in person's staff record in this municipality (None: a citizen here)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        StaffMember.objects.select_related("current_unit")
        .filter(user_id=user.pk, active=True)
        .first()
    )


def unit_ids(staff: StaffMember) -> set[int]:
    return set(staff.memberships.filter(unit__active=True).values_list("unit_id", flat=True))


def require_admin(staff: StaffMember) -> None:
    if not staff.is_municipal_admin:
        raise CoreError("not_admin", _("Ação restrita à administração municipal."), status=403)


def require_current_unit(staff: StaffMember) -> Unit:
    if staff.current_unit_id is None or staff.current_unit_id not in unit_ids(staff):
        raise CoreError("no_current_unit", _("Escolha a unidade em que está trabalhando."))
    return staff.current_unit


def switch_unit(*, staff: StaffMember, unit: Unit) -> StaffMember:
    if unit.pk not in unit_ids(staff):
        raise CoreError("not_member", _("Você não está lotado nesta unidade."), status=403)
    staff.current_unit = unit
    staff.save(update_fields=["current_unit"])
    return staff


def set_email_notifications(*, staff: StaffMember, enabled: bool) -> StaffMember:
    """Opt in or out of the e-mails about processes arriving in one's units."""
    if staff.email_notifications != enabled:
        staff.email_notifications = enabled
        staff.save(update_fields=["email_notifications"])
    return staff


def save_unit(
    *,
    admin: StaffMember,
    unit: Unit | None = None,
    name: str,
    acronym: str,
    parent: Unit | None = None,
    active: bool = True,
) -> Unit:
    require_admin(admin)
    name, acronym = (name or "").strip(), (acronym or "").strip().upper()
    if not name or not acronym:
        raise CoreError("unit_invalid", _("Informe o nome e a sigla da unidade."))
    with transaction.atomic():
        if (
            Unit.objects.filter(acronym__iexact=acronym)
            .exclude(pk=getattr(unit, "pk", None))
            .exists()
        ):
            raise CoreError("acronym_taken", _("Já existe uma unidade com esta sigla."), status=409)
        node = parent
        while node is not None:
            if unit is not None and node.pk == unit.pk:
                raise CoreError("unit_cycle", _("Uma unidade não pode ficar abaixo de si mesma."))
            node = node.parent
        unit = unit or Unit()
        unit.name, unit.acronym, unit.parent, unit.active = name, acronym, parent, active
        unit.save()
    return unit


def add_staff(
    *,
    admin: StaffMember,
    cpf: str,
    name: str,
    email: str,
    unit: Unit,
    role: str = Membership.Role.BASIC,
    is_municipal_admin: bool = False,
) -> StaffMember:
    """Add a person (by CPF) to this municipality's staff, in `unit` with `role`.
    The person is shared across cities: an existing CPF is reused, never duplicated —
    and never renamed. The staff record keeps the name typed here (`display_name`),
    shown in this municipality until the person signs in here with gov.br, so adding a
    CPF tells nothing of what gov.br or another municipality recorded about it."""
    require_admin(admin)
    cpf, name, email = normalize_cpf(cpf), (name or "").strip(), (email or "").strip().lower()
    try:
        validate_cpf(cpf)
    except ValidationError as exc:
        raise CoreError("cpf_invalid", _("CPF inválido. Confira os 11 dígitos.")) from exc
    if not name:
        raise CoreError("name_missing", _("Informe o nome completo."))
    try:
        validate_email(email)
    except ValidationError as exc:
        raise CoreError("email_invalid", _("Informe um e-mail válido.")) from exc
    if role not in Membership.Role.values:
        raise CoreError("role_invalid", _("Perfil desconhecido."))
    with transaction.atomic():
        user = User.objects.filter(cpf=cpf).first() or User.objects.create_user(
            cpf=cpf, name=name, email=email
        )
        staff, _created = StaffMember.objects.get_or_create(
            user_id=user.pk, defaults={"current_unit": unit, "display_name": name}
        )
        if staff.display_name:  # not yet signed in here: the admin's latest typing
            staff.display_name = name
        staff.active = True
        staff.is_municipal_admin = staff.is_municipal_admin or is_municipal_admin
        staff.current_unit = staff.current_unit or unit
        staff.save()
        Membership.objects.update_or_create(staff=staff, unit=unit, defaults={"role": role})
    return staff


def signed_in_with_govbr(*, user) -> None:
    """The person signed in here with gov.br: from now on this municipality shows the
    name of their account (gov.br's), not the one its admin typed."""
    StaffMember.objects.filter(user_id=user.pk).exclude(display_name="").update(display_name="")
