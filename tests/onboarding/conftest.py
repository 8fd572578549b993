"""Fixtures of the control plane: coordinators, PDFs, and cases at any status."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from onboarding import services
from onboarding.models import Municipality, OnboardingCase, Status

MANAGER = {"name": "Ana Gestora", "cpf": "390.533.447-05", "email": "ana@prefeitura.example"}
# Municipalities no other test provisions (Extrema and Ipatinga are the session's cities).
CONGONHAS = "3118007"


def pdf_bytes(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_upload(name="acordo.pdf", content: bytes | None = None):
    return SimpleUploadedFile(
        name, pdf_bytes() if content is None else content, content_type="application/pdf"
    )


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


@pytest.fixture
def drop_new_schemas(transactional_db):
    """For tests that commit: drop the municipality schemas they created (the tables
    of the public schema are flushed by pytest-django afterwards)."""
    from django.db import connection

    from tenants.models import schema_name_for
    from tests.conftest import CITY_A, CITY_B

    keep = {schema_name_for(CITY_A["ibge_code"]), schema_name_for(CITY_B["ibge_code"])}
    yield
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace WHERE nspname ~ '^m[0-9]{7}$'")
        for (schema,) in cursor.fetchall():
            if schema not in keep:
                cursor.execute(f'DROP SCHEMA "{schema}" CASCADE')
