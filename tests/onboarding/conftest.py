"""Fixtures of the control plane: coordinators, PDFs, and cases at any status."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.files import blank_pdf
from onboarding import services
from onboarding.models import Municipality, OnboardingCase, Status

MANAGER = {"name": "Ana Gestora", "cpf": "390.533.447-05", "email": "ana@prefeitura.example"}
# Municipalities no other test provisions (Extrema and Ipatinga are the session's cities).
CONGONHAS = "3118007"


def pdf_bytes(pages: int = 1) -> bytes:
    return blank_pdf(pages)


def pdf_upload(name="acordo.pdf", content: bytes | None = None):
    return SimpleUploadedFile(
        name, pdf_bytes() if content is None else content, content_type="application/pdf"
    )


@pytest.fixture(autouse=True)
def _catalogue(catalogue):
    """Every control-plane test has the IBGE catalogue."""


@pytest.fixture
def coordinator(make_user):
    return make_user(is_coordinator=True, name="Carla Coordenadora")


@pytest.fixture
def municipality(db):
    return Municipality.objects.get(ibge_code=CONGONHAS)


def advance(case: OnboardingCase, target: str, actor) -> OnboardingCase:
    """Take a case along the main path up to `target` through the real services."""
    path = [
        Status.INTEREST,
        Status.AGREEMENT_SIGNED,
        Status.MANAGER_DESIGNATED,
        Status.PROVISIONING,
        Status.TRAINING,
        Status.LIVE,
    ]
    while path.index(case.status) < path.index(target):
        match case.status:
            case Status.INTEREST:
                services.upload_document(
                    case=case, kind="agreement", file=pdf_upload(), actor=actor
                )
                services.sign_agreement(case=case, actor=actor)
            case Status.AGREEMENT_SIGNED:
                services.designate_manager(case=case, actor=actor, **MANAGER)
            case Status.MANAGER_DESIGNATED:
                services.start_provisioning(case=case, actor=actor)
                if target != Status.PROVISIONING:
                    services.run_provisioning(str(case.uuid))
            case Status.TRAINING:
                services.go_live(case=case, actor=actor)
        case.refresh_from_db()
    return case


@pytest.fixture
def case_at(municipality, coordinator):
    """`case_at(status)`: a case of Congonhas at that status (paused/failed/cancelled
    included), reached through the services."""

    def make(status: str) -> OnboardingCase:
        case = services.open_case(municipality=municipality, actor=coordinator)
        if status == Status.PAUSED:
            services.pause(case=case, actor=coordinator, reason="Troca de prefeito")
        elif status == Status.CANCELLED:
            services.cancel(case=case, actor=coordinator, reason="Desistência")
        elif status == Status.FAILED:
            advance(case, Status.PROVISIONING, coordinator)
            services._fail(case, "tenant", RuntimeError("boom"))  # the task's failure path
        else:
            advance(case, status, coordinator)
        case.refresh_from_db()
        assert case.status == status
        return case

    return make
