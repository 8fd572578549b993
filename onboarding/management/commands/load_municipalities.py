from pathlib import Path

from django.core.management.base import BaseCommand

from onboarding import services


class Command(BaseCommand):
    help = "Load (or refresh) the IBGE municipality catalogue from a CSV (ibge_code,name[,uf])."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=services.CATALOGUE_FILE)
        parser.add_argument("--uf", default="MG", help="UF for rows without a uf column.")

    def handle(self, *args, file: Path, uf: str, **options):
        count = services.load_municipalities(file, uf=uf)
        self.stdout.write(f"{count} municípios carregados de {file}.")
