"""Load IBGE's 853 municipalities of Minas Gerais into the catalogue (public data,
copied from IBGE into onboarding/data/). Other states: `manage.py load_municipalities`."""

import csv
import unicodedata
from pathlib import Path

from django.db import migrations

CSV = Path(__file__).resolve().parent.parent / "data" / "municipios_mg.csv"


def fold(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


def load(apps, schema_editor):
    Municipality = apps.get_model("onboarding", "Municipality")
    with open(CSV, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    Municipality.objects.bulk_create(
        [
            Municipality(
                ibge_code=r["ibge_code"], name=r["name"], uf="MG", search_name=fold(r["name"])
            )
            for r in rows
        ],
        update_conflicts=True,
        unique_fields=["ibge_code"],
        update_fields=["name", "uf", "search_name"],
    )


class Migration(migrations.Migration):
    dependencies = [("onboarding", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
