"""Every transition of an onboarding case, allowed and forbidden, with its history."""

import pytest
from django_tenants.utils import schema_context

from accounts.models import User
from core.models import DocumentType, LegalBasis, ProcessType, StaffMember, Unit
from core.services import municipal_defaults
from onboarding import services
from onboarding.errors import OnboardingError, OnboardingErrorCode
from onboarding.models import CaseEvent, Status
from tenants.models import Tenant

from .conftest import MANAGER, pdf_upload

pytestmark = pytest.mark.django_db

ACTIONS = {
    "sign_agreement": lambda case, actor: services.sign_agreement(case=case, actor=actor),
    "designate_manager": lambda case, actor: services.designate_manager(
        case=case, actor=actor, **MANAGER
    ),
    "provision": lambda case, actor: services.start_provisioning(case=case, actor=actor),
    "retry": lambda case, actor: services.retry_provisioning(case=case, actor=actor),
    "go_live": lambda case, actor: services.go_live(case=case, actor=actor),
    "pause": lambda case, actor: services.pause(case=case, actor=actor, reason="Eleições"),
    "resume": lambda case, actor: services.resume(case=case, actor=actor),
    "cancel": lambda case, actor: services.cancel(case=case, actor=actor, reason="Desistiu"),
}

ALLOWED = {
    Status.INTEREST: {
        "sign_agreement": Status.AGREEMENT_SIGNED,
        "pause": Status.PAUSED,
        "cancel": Status.CANCELLED,
    },
    Status.AGREEMENT_SIGNED: {
        "designate_manager": Status.MANAGER_DESIGNATED,
        "pause": Status.PAUSED,
        "cancel": Status.CANCELLED,
    },
    Status.MANAGER_DESIGNATED: {
        "provision": Status.PROVISIONING,
        "pause": Status.PAUSED,
        "cancel": Status.CANCELLED,
    },
    Status.PROVISIONING: {},
    Status.TRAINING: {"go_live": Status.LIVE, "pause": Status.PAUSED, "cancel": Status.CANCELLED},
    Status.LIVE: {},
    Status.PAUSED: {"resume": Status.INTEREST, "cancel": Status.CANCELLED},
    Status.CANCELLED: {},
    Status.FAILED: {
        "retry": Status.PROVISIONING,
        "pause": Status.PAUSED,
        "cancel": Status.CANCELLED,
    },
}


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_transition_matrix(case_at, coordinator, status, action):
    case = case_at(status)
    if status == Status.INTEREST and action == "sign_agreement":
        services.upload_document(case=case, kind="agreement", file=pdf_upload(), actor=coordinator)
    events_before = CaseEvent.objects.filter(case=case).count()
    expected = ALLOWED[status].get(action)
    if expected is None:
        with pytest.raises(OnboardingError) as err:
            ACTIONS[action](case, coordinator)
        assert err.value.code == OnboardingErrorCode.TRANSITION_NOT_ALLOWED
        assert "Não é possível" in err.value.message
        case.refresh_from_db()
        assert case.status == status
        assert CaseEvent.objects.filter(case=case).count() == events_before
    else:
        ACTIONS[action](case, coordinator)
        case.refresh_from_db()
        assert case.status == expected
        event = CaseEvent.objects.filter(case=case).last()
        assert (event.action, event.from_status, event.to_status) == (action, status, expected)
        assert event.actor == coordinator


def test_resume_returns_to_where_the_case_was_paused(case_at, coordinator):
    case = case_at(Status.MANAGER_DESIGNATED)
    services.pause(case=case, actor=coordinator, reason="Aguardando decreto municipal")
    case.refresh_from_db()
    assert (case.status, case.paused_from) == (Status.PAUSED, Status.MANAGER_DESIGNATED)
    services.resume(case=case, actor=coordinator)
    case.refresh_from_db()
    assert (case.status, case.paused_from) == (Status.MANAGER_DESIGNATED, "")


def test_agreement_needs_the_signed_agreement_file(case_at, coordinator):
    case = case_at(Status.INTEREST)
    services.upload_document(case=case, kind="interest", file=pdf_upload(), actor=coordinator)
    with pytest.raises(OnboardingError) as err:
        services.sign_agreement(case=case, actor=coordinator)
    assert err.value.code == OnboardingErrorCode.AGREEMENT_MISSING
    case.refresh_from_db()
    assert case.status == Status.INTEREST


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("name", "  ", OnboardingErrorCode.MANAGER_NAME_MISSING),
        ("cpf", "123.456.789-00", OnboardingErrorCode.MANAGER_CPF_INVALID),
        ("cpf", "1234", OnboardingErrorCode.MANAGER_CPF_INVALID),
        ("email", "ana@", OnboardingErrorCode.MANAGER_EMAIL_INVALID),
    ],
)
def test_manager_needs_name_valid_cpf_and_email(case_at, coordinator, field, value, code):
    case = case_at(Status.AGREEMENT_SIGNED)
    with pytest.raises(OnboardingError) as err:
        services.designate_manager(case=case, actor=coordinator, **{**MANAGER, field: value})
    assert err.value.code == code
    case.refresh_from_db()
    assert (case.status, case.manager_cpf) == (Status.AGREEMENT_SIGNED, "")


@pytest.mark.parametrize("action", ["pause", "cancel"])
def test_pause_and_cancel_need_a_reason(case_at, coordinator, action):
    case = case_at(Status.INTEREST)
    call = services.pause if action == "pause" else services.cancel
    with pytest.raises(OnboardingError) as err:
        call(case=case, actor=coordinator, reason="   ")
    assert err.value.code == OnboardingErrorCode.REASON_REQUIRED


def test_one_open_case_per_municipality(case_at, coordinator, municipality):
    case_at(Status.INTEREST)
    with pytest.raises(OnboardingError) as err:
        services.open_case(municipality=municipality, actor=coordinator)
    assert err.value.code == OnboardingErrorCode.CASE_ALREADY_OPEN


def test_a_cancelled_case_allows_a_new_one(case_at, coordinator, municipality):
    case_at(Status.CANCELLED)
    again = services.open_case(municipality=municipality, actor=coordinator)
    assert again.status == Status.INTEREST


def test_provisioning_builds_the_municipality_and_its_manager(case_at):
    case = case_at(Status.TRAINING)
    tenant = case.tenant
    assert (tenant.slug, tenant.schema_name) == ("congonhas", "m3118007")
    assert tenant.get_primary_domain().domain == "congonhas.localhost"
    manager = User.objects.get(cpf="39053344705")
    assert not manager.has_usable_password()  # signs in with gov.br
    defaults = municipal_defaults()
    with schema_context(tenant.schema_name):
        root = Unit.objects.get(parent__isnull=True)
        assert root.name == "Gabinete do Prefeito"
        assert ProcessType.objects.count() == len(defaults["process_types"])
        assert DocumentType.objects.count() == len(defaults["document_types"])
        assert LegalBasis.objects.count() == len(defaults["legal_bases"])
        staff = StaffMember.objects.get(user_id=manager.pk)
        assert staff.is_municipal_admin and staff.current_unit == root
        assert staff.memberships.get().role == "unit_admin"
    assert case.provisioning_progress == 100


def test_cancelling_a_provisioned_case_suspends_its_tenant(case_at, coordinator):
    case = case_at(Status.TRAINING)
    services.cancel(case=case, actor=coordinator, reason="Convênio rescindido")
    assert Tenant.objects.get(pk=case.tenant_id).status == Tenant.Status.SUSPENDED


def test_go_live_needs_a_working_tenant(case_at, coordinator):
    case = case_at(Status.TRAINING)
    Tenant.objects.filter(pk=case.tenant_id).update(status=Tenant.Status.SUSPENDED)
    with pytest.raises(OnboardingError) as err:
        services.go_live(case=case, actor=coordinator)
    assert err.value.code == OnboardingErrorCode.TENANT_NOT_READY


def test_history_cannot_be_edited_or_deleted(case_at):
    event = case_at(Status.INTEREST).events.first()
    event.reason = "reescrito"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()
