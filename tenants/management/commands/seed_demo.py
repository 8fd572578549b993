"""Demo data for `make run`: the state admin, a coordinator and the three pilot cities.
Idempotent."""

from django.core.management.base import BaseCommand
from django_tenants.utils import tenant_context

from accounts.models import User
from core.services import ensure_root_unit
from tenants import services

PILOT_CITIES = [
    {"ibge_code": "3125101", "name": "Extrema", "slug": "extrema"},
    {"ibge_code": "3131307", "name": "Ipatinga", "slug": "ipatinga"},
    {"ibge_code": "3168705", "name": "Timóteo", "slug": "timoteo"},
]
DEMO_PEOPLE = [
    {"cpf": "52998224725", "name": "Administração Estadual", "email": "admin@example.org",
     "password": "demo-admin-2026", "is_staff": True, "is_superuser": True,
     "is_coordinator": True},
    {"cpf": "11144477735", "name": "Carla Coordenadora", "email": "carla@example.org",
     "password": "demo-coord-2026", "is_staff": False, "is_superuser": False,
     "is_coordinator": True},
]  # fmt: skip


class Command(BaseCommand):
    help = "Cria os dados de demonstração (idempotente)."

    def handle(self, *args, **opts):
        services.ensure_public_tenant()
        for entry in DEMO_PEOPLE:
            person = dict(entry)
            password = person.pop("password")
            user, created = User.objects.get_or_create(cpf=person["cpf"], defaults=person)
            if created:
                user.set_password(password)
                user.save(update_fields=["password"])
        for city in PILOT_CITIES:
            tenant = services.provision_tenant(**city)
            with tenant_context(tenant):
                ensure_root_unit()
            self.stdout.write(f"{tenant.name}: http://{tenant.get_primary_domain()}")
