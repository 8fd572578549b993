"""Demo data for `make run`: the state admin, a coordinator, the three pilot cities
(taken live through the real onboarding path, then given units, servidores and about
twenty processes each: core/demo.py) and a few cases at earlier stages for the
coordinator to carry on. Idempotent: a second run adds nothing."""

import os
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django_tenants.utils import schema_context

from accounts.models import User
from citizens.demo import seed_citizens
from core.demo import City, seed_city
from core.files import blank_pdf
from fakes.personas import DEMO_CITIES
from onboarding import services as onboarding
from onboarding.models import Municipality, OnboardingCase, Status
from tenants import services


def _manager(slug: str) -> tuple[str, str]:
    """(name, CPF) of the pilot city's manager: its municipal admin in the demo cast."""
    cpf, name, _level = DEMO_CITIES[slug]["admin"]
    return name, cpf


# (IBGE code, stage the demo leaves it at, municipal manager)
DEMO_CASES = [
    ("3125101", Status.LIVE, _manager("extrema")),
    ("3131307", Status.LIVE, _manager("ipatinga")),
    ("3168705", Status.TRAINING, _manager("timoteo")),
    ("3118007", Status.MANAGER_DESIGNATED, ("Davi Gestor de Congonhas", "71428793860")),
    ("3146107", Status.AGREEMENT_SIGNED, None),  # Ouro Preto
    ("3170701", Status.INTEREST, None),  # Varginha
]
PATH = [Status.INTEREST, Status.AGREEMENT_SIGNED, Status.MANAGER_DESIGNATED,
        Status.PROVISIONING, Status.TRAINING, Status.LIVE]  # fmt: skip
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

    def add_arguments(self, parser):
        parser.add_argument(
            "--port",
            type=int,
            default=int(os.environ.get("PORT", "8000")),
            help="Porta do servidor web, para os endereços impressos.",
        )

    def handle(self, *args, **opts):
        started = time.monotonic()
        port = "" if opts["port"] == 80 else f":{opts['port']}"
        services.ensure_public_tenant()
        for entry in DEMO_PEOPLE:
            person = dict(entry)
            password = person.pop("password")
            user, created = User.objects.get_or_create(cpf=person["cpf"], defaults=person)
            if created:
                user.set_password(password)
                user.save(update_fields=["password"])
        coordinator = User.objects.get(cpf="11144477735")
        for ibge_code, target, manager in DEMO_CASES:
            case = self._advance(ibge_code, target, manager, coordinator)
            where = f" — http://{case.tenant.get_primary_domain()}{port}/" if case.tenant else ""
            line = f"{case.municipality.name}: {case.get_status_display()}{where}"
            if case.tenant and case.tenant.slug in DEMO_CITIES:
                began = time.monotonic()
                with schema_context(case.tenant.schema_name):
                    made = seed_city(case.tenant.slug)
                    seed_citizens(City(case.tenant.slug))
                line += (
                    f" (unidades, servidores e {made['processes_created']} processos de"
                    f" demonstração novos em {time.monotonic() - began:.1f} s)"
                )
            self.stdout.write(line)
        self.stdout.write(f"Dados de demonstração prontos em {time.monotonic() - started:.1f} s.")

    def _advance(self, ibge_code, target, manager, actor) -> OnboardingCase:
        municipality = Municipality.objects.get(ibge_code=ibge_code)
        case = OnboardingCase.objects.exclude(status=Status.CANCELLED).filter(
            municipality=municipality
        ).first() or onboarding.open_case(municipality=municipality, actor=actor,
                                          reason="Dados de demonstração")  # fmt: skip
        while case.status in PATH and PATH.index(case.status) < PATH.index(target):
            match case.status:
                case Status.INTEREST:
                    pdf = SimpleUploadedFile("acordo-de-adesao.pdf", blank_pdf())
                    onboarding.upload_document(case=case, kind="agreement", file=pdf,
                                               actor=actor)  # fmt: skip
                    onboarding.sign_agreement(case=case, actor=actor)
                case Status.AGREEMENT_SIGNED:
                    name, cpf = manager
                    email = f"gestor.{ibge_code}@example.org"
                    onboarding.designate_manager(case=case, actor=actor, name=name, cpf=cpf,
                                                 email=email)  # fmt: skip
                case Status.MANAGER_DESIGNATED:
                    # Synchronously here (no worker needed to seed the demo).
                    onboarding.start_provisioning(case=case, actor=actor, enqueue=False)
                    onboarding.run_provisioning(str(case.uuid))
                case Status.TRAINING:
                    onboarding.go_live(case=case, actor=actor)
            case.refresh_from_db()
        return case
