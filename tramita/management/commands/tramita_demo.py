from django.core.management.base import BaseCommand

from tramita import demo


class Command(BaseCommand):
    help = "Mapeia as cidades de demonstração no Tramita local e simula um envio do INSS."

    def handle(self, *args, **opts):
        for line in demo.seed():
            self.stdout.write(line)
