from django.core.management import call_command
from django.core.management.base import BaseCommand

from core.storage import ensure_bucket
from tenants import services


class Command(BaseCommand):
    help = (
        "Prepara o sistema para uma versão nova (idempotente): migra o schema público, "
        "o schema modelo e todos os municípios; cria o município do estado e o bucket."
    )

    def handle(self, *args, **opts):
        verbosity = opts["verbosity"]
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=verbosity)
        services.prepare_template_schema(verbosity=verbosity)
        call_command("migrate_schemas", tenant=True, interactive=False, verbosity=verbosity)
        services.ensure_public_tenant()
        bucket = ensure_bucket()
        self.stdout.write(f"Pronto: schema modelo {services.template_schema()}, bucket {bucket}.")
