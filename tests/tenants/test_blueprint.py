"""A cloned schema is identical in structure to one built by running the migrations.

Read from the catalogue: tables, columns, defaults, identity, indexes, constraints,
sequences (with their current values), comments and the recorded migrations. If a
migration ever creates something the blueprint does not reproduce, this fails."""

import pytest
from django.core.management import call_command
from django.db import connection
from django_tenants.utils import schema_exists

from tenants import blueprint, services

pytestmark = pytest.mark.django_db

CATALOGUE = {
    "tables": """
        SELECT c.relname, c.relpersistence, c.reloptions FROM pg_class c
         WHERE c.relnamespace = %(ns)s AND c.relkind = 'r' ORDER BY 1""",
    "columns": """
        SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
               a.attidentity, a.attgenerated, pg_get_expr(d.adbin, d.adrelid),
               a.attcollation::regcollation::text
          FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
          LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         WHERE c.relnamespace = %(ns)s AND c.relkind = 'r' AND a.attnum > 0
           AND NOT a.attisdropped
         ORDER BY c.relname, a.attnum""",
    "indexes": """
        SELECT ic.relname, tc.relname, pg_get_indexdef(i.indexrelid), i.indisunique,
               i.indisprimary
          FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
          JOIN pg_class tc ON tc.oid = i.indrelid
         WHERE ic.relnamespace = %(ns)s ORDER BY 1""",
    "constraints": """
        SELECT tc.relname, con.conname, con.contype, pg_get_constraintdef(con.oid),
               con.condeferrable, con.condeferred, con.convalidated
          FROM pg_constraint con JOIN pg_class tc ON tc.oid = con.conrelid
         WHERE con.connamespace = %(ns)s ORDER BY 1, 2""",
    "sequences": """
        SELECT c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement,
               s.seqmin, s.seqmax, s.seqcache, s.seqcycle, d.deptype, tc.relname,
               ps.last_value
          FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid
          LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.seqrelid
               AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
          LEFT JOIN pg_class tc ON tc.oid = d.refobjid
          LEFT JOIN pg_sequences ps ON ps.schemaname = %(schema)s
               AND ps.sequencename = c.relname
         WHERE c.relnamespace = %(ns)s ORDER BY 1""",
    "comments": """
        SELECT c.relname, d.objsubid, d.description FROM pg_description d
          JOIN pg_class c ON c.oid = d.objoid AND d.classoid = 'pg_class'::regclass
         WHERE c.relnamespace = %(ns)s ORDER BY 1, 2""",
    "other_objects": """
        SELECT 'proc', proname FROM pg_proc WHERE pronamespace = %(ns)s
        UNION ALL SELECT 'rel', relname FROM pg_class
         WHERE relnamespace = %(ns)s AND relkind NOT IN ('r', 'i', 'S')
        ORDER BY 1, 2""",
}


def snapshot(schema: str) -> dict:
    """The schema's structure from the catalogue, names rendered relative to it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT oid FROM pg_namespace WHERE nspname = %s", [schema])
        params = {"ns": cursor.fetchone()[0], "schema": schema}
        cursor.execute("SELECT set_config('search_path', %s, false)", [f'"{schema}"'])
        result = {}
        for name, sql in CATALOGUE.items():
            cursor.execute(sql, params)
            result[name] = [
                tuple(
                    v.replace(f'"{schema}".', "").replace(f"{schema}.", "")
                    if isinstance(v, str)
                    else v
                    for v in row
                )
                for row in cursor.fetchall()
            ]
        cursor.execute(f'SELECT app, name FROM "{schema}".django_migrations ORDER BY 1, 2')  # noqa: S608
        result["migrations"] = cursor.fetchall()
    connection.set_schema_to_public()
    return result


@pytest.fixture
def migrated_schema():
    with connection.cursor() as cursor:
        cursor.execute('CREATE SCHEMA "mig_check"')
    call_command("migrate_schemas", schema_name="mig_check", interactive=False, verbosity=0)
    connection.set_schema_to_public()
    return "mig_check"


def test_clone_is_identical_to_a_migrated_schema(migrated_schema):
    blueprint.clone_schema(services.template_schema(), "clone_check")
    migrated, cloned = snapshot(migrated_schema), snapshot("clone_check")

    assert next(t[:1] for t in migrated["tables"] if t[0] == "core_unit") == ("core_unit",)
    assert migrated["constraints"] and migrated["indexes"] and migrated["migrations"]
    for part in CATALOGUE.keys() | {"migrations"}:
        assert cloned[part] == migrated[part], f"clone differs from migrations in {part}"


def test_template_itself_matches_the_migrations(migrated_schema):
    assert snapshot(services.template_schema()) == snapshot(migrated_schema)


def test_clone_copies_template_rows_and_sequence_values():
    template = services.template_schema()
    blueprint.clone_schema(template, "clone_rows")
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{template}".django_migrations')  # noqa: S608
        expected = cursor.fetchone()[0]
        cursor.execute('SELECT count(*) FROM "clone_rows".django_migrations')
        assert cursor.fetchone()[0] == expected > 0
        # The next id continues after the copied rows instead of colliding with them.
        cursor.execute(
            'INSERT INTO "clone_rows".django_migrations (app, name, applied) '
            "VALUES ('x', 'y', now()) RETURNING id"
        )
        assert cursor.fetchone()[0] > expected


def test_clone_restores_the_search_path():
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute("SHOW search_path")
        before = cursor.fetchone()[0]
        blueprint.clone_schema(services.template_schema(), "clone_path")
        cursor.execute("SHOW search_path")
        assert cursor.fetchone()[0] == before


def test_objects_the_blueprint_cannot_copy_are_refused_loudly():
    with connection.cursor() as cursor:
        cursor.execute('CREATE SCHEMA "odd_template"')
        cursor.execute('CREATE TABLE "odd_template".t (id int)')
        cursor.execute('CREATE VIEW "odd_template".v AS SELECT id FROM "odd_template".t')
    with pytest.raises(blueprint.UnsupportedTemplateObject, match="relation v"):
        blueprint.capture("odd_template")


def test_blueprint_is_recaptured_when_the_template_is_migrated():
    template = services.template_schema()
    first = blueprint.blueprint_for(template)
    assert blueprint.blueprint_for(template) is first
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{template}".django_migrations (app, name, applied) '  # noqa: S608
            "VALUES ('core', '9999_future', now())"
        )
    second = blueprint.blueprint_for(template)
    assert second is not first
    assert second.fingerprint != first.fingerprint
    assert not schema_exists("never_created")
