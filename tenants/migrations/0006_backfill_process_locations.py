"""Backfill the state-wide directory of process numbers from every municipality's
processes. Runs once, in the public schema (a shared app's migration), as one
INSERT … SELECT per municipality schema — set-based in the database, no row passes
through Python — and is idempotent (ON CONFLICT DO NOTHING), so running it again, or
after a partial run, only adds what is missing. From then on create_process and
receive write the row in the process's own transaction."""

from django.db import migrations


def backfill(apps, schema_editor):
    Tenant = apps.get_model("tenants", "Tenant")
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for tenant_id, schema in (
            Tenant.objects.exclude(schema_name="public").values_list("pk", "schema_name").iterator()
        ):
            table = f"{schema_editor.quote_name(schema)}.core_process"
            cursor.execute("SELECT to_regclass(%s)", [table])
            if cursor.fetchone()[0] is None:  # a schema still being provisioned
                continue
            cursor.execute(
                "INSERT INTO public.tenants_processlocation (number, tenant_id, created_at) "  # noqa: S608 - a quoted schema name from the tenants table
                f"SELECT number, %s, created_at FROM {table} "
                "ON CONFLICT (number, tenant_id) DO NOTHING",
                [tenant_id],
            )


def empty(apps, schema_editor):
    apps.get_model("tenants", "ProcessLocation").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("tenants", "0005_process_location")]

    operations = [migrations.RunPython(backfill, empty)]
