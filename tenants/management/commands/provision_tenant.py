from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from tenants import services
from tenants.errors import TenantError


class Command(BaseCommand):
    help = "Provisiona um município (cria seu schema clonando o modelo). Idempotente."

    def add_arguments(self, parser):
        parser.add_argument("--ibge-code", required=True, help="Código IBGE (7 dígitos)")
        parser.add_argument("--name", required=True, help="Nome do município")
        parser.add_argument("--slug", help="Identificador no endereço (padrão: do nome)")
        parser.add_argument("--uf", default="MG")
        parser.add_argument("--domain", help="Domínio (padrão: <slug>.BASE_DOMAIN)")

    def handle(self, *args, **opts):
        slug = opts["slug"] or slugify(opts["name"])
        try:
            tenant = services.provision_tenant(
                ibge_code=opts["ibge_code"], name=opts["name"], slug=slug, uf=opts["uf"],
                domain=opts["domain"],
            )  # fmt: skip
        except TenantError as exc:
            raise CommandError(f"{exc.message} [{exc.code}] {exc.detail}") from exc
        domain = tenant.get_primary_domain()
        self.stdout.write(f"{tenant.name}: schema {tenant.schema_name}, domínio {domain}")
