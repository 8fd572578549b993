"""Fixtures of the staff app: a municipality with its defaults, staff with roles."""

import time

import pytest
from django.db import OperationalError, connection
from django_tenants.utils import schema_context

from core.models import DocumentType, LegalBasis, Membership, ProcessType, Unit
from core.services import grant_municipal_admin, seed_defaults
from core.services.staff import add_staff

PASSWORD = "senha-do-servidor-2026"


class City:
    """A municipality ready for work: defaults, two units, an admin and two clerks."""

    def __init__(self, tenant, make_user, cpfs):
        self.tenant = tenant
        with schema_context(tenant.schema_name):
            self.root = seed_defaults()
            self.obras = Unit.objects.get_or_create(
                acronym="SEOB", defaults={"name": "Secretaria de Obras", "parent": self.root}
            )[0]
            self.admin_user = make_user(cpf=cpfs[0], name="Alice Admin", password=PASSWORD)
            self.admin = grant_municipal_admin(user=self.admin_user)
            self.clerk_user = make_user(cpf=cpfs[1], name="Bruno Servidor", password=PASSWORD)
            self.clerk = add_staff(
                admin=self.admin,
                cpf=cpfs[1],
                name="Bruno Servidor",
                email="bruno@example.org",
                unit=self.root,
            )
            self.other_user = make_user(cpf=cpfs[2], name="Carla Obras", password=PASSWORD)
            self.other = add_staff(
                admin=self.admin,
                cpf=cpfs[2],
                name="Carla Obras",
                email="carla@example.org",
                unit=self.obras,
            )
            self.process_type = ProcessType.objects.get(name="Atendimento ao Cidadão: Requerimento")
            self.oficio = DocumentType.objects.get(name="Ofício")
            self.despacho = DocumentType.objects.get(name="Despacho")
            self.anexo = DocumentType.objects.get(name="Anexo")
            self.personal = LegalBasis.objects.get(
                name="Informação Pessoal", access_level="restricted"
            )
            self.secret_basis = LegalBasis.objects.get(
                name="Informação Pessoal", access_level="secret"
            )

    def ctx(self):
        return schema_context(self.tenant.schema_name)


@pytest.fixture
def city(tenant_a, make_user):
    return City(tenant_a, make_user, ["52998224725", "11144477735", "39053344705"])


@pytest.fixture
def city_b(tenant_b, make_user):
    from accounts.models import User

    user = User.objects.filter(cpf="86288366757").first()
    with schema_context(tenant_b.schema_name):
        seed_defaults()
        user = user or make_user(cpf="86288366757", name="Davi Ipatinga", password=PASSWORD)
        staff = grant_municipal_admin(user=user)
    return {"tenant": tenant_b, "user": user, "staff": staff}


@pytest.fixture
def truncate_processes():
    """For tests that commit: empty the process tables of the session's cities after."""
    yield
    from tenants.models import Tenant

    for tenant in Tenant.objects.exclude(schema_name="public"):
        for attempt in range(5):
            try:
                with schema_context(tenant.schema_name), connection.cursor() as cursor:
                    cursor.execute(
                        "TRUNCATE core_process, core_numbersequence, core_membership, "
                        "core_staffmember, core_unit CASCADE"
                    )
                break
            except OperationalError:
                # A request or task the test left in flight (a browser's last fetch, a
                # worker's reindex) can hold a row lock the TRUNCATE waits for while it
                # waits on ours: PostgreSQL ends one of the two; ours tries again.
                if attempt == 4:
                    raise
                time.sleep(0.5)


__all__ = ["PASSWORD", "City", "Membership"]
