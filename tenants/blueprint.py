"""Fast schema cloning: the template schema's structure captured once, replayed per tenant.

django-tenants' stock clone walks the catalogue object by object inside a PL/pgSQL
function and then fake-runs every migration; it is no faster than migrating (see
docs/architecture.md). Here the template (`TENANT_BASE_SCHEMA`, migrated once per
release) is read from the catalogue once per process into a *blueprint*: the exact DDL
of its tables, identity/owned sequences, constraints, indexes and comments, plus the
rows it holds (at least `django_migrations`). Creating a municipality replays that
script in a single round trip inside the caller's transaction.

The blueprint is keyed by a fingerprint of the template's applied migrations, so a
release that migrates the template is picked up by every process without a restart.
`tests/tenants/test_blueprint.py` compares a clone with a migrated schema object by
object (from the catalogue), so this module can never drift from the migrations.

This is the tenancy module: the only place where raw SQL names schemas.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.db import connection

# Object kinds this cloner does not reproduce. If a migration ever creates one in a
# tenant app, capturing fails loudly instead of producing a clone that differs.
_UNSUPPORTED_SQL = """
SELECT 'function ' || p.proname FROM pg_proc p WHERE p.pronamespace = %(ns)s
UNION ALL
SELECT 'relation ' || c.relname || ' (relkind ' || c.relkind::text || ')' FROM pg_class c
 WHERE c.relnamespace = %(ns)s AND c.relkind NOT IN ('r', 'i', 'S')
UNION ALL
SELECT 'trigger ' || t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
 WHERE c.relnamespace = %(ns)s AND NOT t.tgisinternal
UNION ALL
SELECT 'type ' || t.typname FROM pg_type t
 WHERE t.typnamespace = %(ns)s AND t.typrelid = 0 AND t.typelem = 0
UNION ALL
SELECT 'policy ' || pol.polname FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid
 WHERE c.relnamespace = %(ns)s
"""

_TABLES_SQL = """
SELECT c.oid, quote_ident(c.relname), c.relpersistence, c.reloptions
  FROM pg_class c WHERE c.relnamespace = %(ns)s AND c.relkind = 'r' ORDER BY c.relname
"""

_COLUMNS_SQL = """
SELECT a.attrelid, quote_ident(a.attname), format_type(a.atttypid, a.atttypmod),
       a.attnotnull, a.attidentity, a.attgenerated, pg_get_expr(d.adbin, d.adrelid),
       CASE WHEN a.attcollation <> t.typcollation THEN quote_ident(co.collname) END
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  LEFT JOIN pg_collation co ON co.oid = a.attcollation
 WHERE c.relnamespace = %(ns)s AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
 ORDER BY a.attrelid, a.attnum
"""

_SEQUENCES_SQL = """
SELECT quote_ident(c.relname), format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement,
       s.seqmin, s.seqmax, s.seqcache, s.seqcycle,
       d.deptype, d.refobjid, quote_ident(a.attname), quote_ident(tc.relname),
       ps.last_value
  FROM pg_sequence s
  JOIN pg_class c ON c.oid = s.seqrelid
  LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.seqrelid
       AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
  LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
  LEFT JOIN pg_class tc ON tc.oid = d.refobjid
  LEFT JOIN pg_sequences ps ON ps.schemaname = %(schema)s AND ps.sequencename = c.relname
 WHERE c.relnamespace = %(ns)s
 ORDER BY c.relname
"""

_CONSTRAINTS_SQL = """
SELECT quote_ident(tc.relname), quote_ident(con.conname), con.contype,
       pg_get_constraintdef(con.oid)
  FROM pg_constraint con JOIN pg_class tc ON tc.oid = con.conrelid
 WHERE con.connamespace = %(ns)s AND con.conrelid <> 0
 ORDER BY tc.relname, con.conname
"""

_INDEXES_SQL = """
SELECT pg_get_indexdef(i.indexrelid)
  FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
 WHERE ic.relnamespace = %(ns)s
   AND NOT EXISTS (SELECT 1 FROM pg_constraint con
                    WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid
                      AND con.contype IN ('p', 'u', 'x'))
 ORDER BY ic.relname
"""

_COMMENTS_SQL = """
SELECT CASE WHEN d.objsubid = 0
            THEN format('COMMENT ON TABLE %%I IS %%L', c.relname, d.description)
            ELSE format('COMMENT ON COLUMN %%I.%%I IS %%L', c.relname, a.attname, d.description)
       END
  FROM pg_description d
  JOIN pg_class c ON c.oid = d.objoid AND d.classoid = 'pg_class'::regclass
  LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid
 WHERE c.relnamespace = %(ns)s AND c.relkind = 'r'
 ORDER BY c.relname, d.objsubid
"""


class UnsupportedTemplateObject(RuntimeError):
    """The template schema holds an object kind the blueprint cannot reproduce."""


@dataclass(frozen=True)
class Blueprint:
    template: str
    fingerprint: str
    # Statements run with search_path set to the new schema (names unqualified).
    structure: tuple[str, ...]
    # Statements that copy the template's rows; they name the template schema.
    data: tuple[str, ...]
    # Statements that need the rows in place (constraints, indexes, sequence values).
    finish: tuple[str, ...]

    def script(self, schema: str) -> str:
        quoted = quote_ident(schema)
        return ";\n".join(
            (
                f"CREATE SCHEMA {quoted}",
                f"SELECT set_config('search_path', {quote_literal(quoted)}, true)",
                *self.structure,
                *self.data,
                *self.finish,
            )
        )


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


_cache: dict[tuple[str, str], Blueprint] = {}
_lock = threading.Lock()


def fingerprint(template: str) -> str:
    """Changes whenever the template schema is migrated."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*), coalesce(max(id), 0), coalesce(max(applied)::text, '') "  # noqa: S608
            f"FROM {quote_ident(template)}.django_migrations"
        )
        count, max_id, applied = cursor.fetchone()
    return f"{count}:{max_id}:{applied}"


def blueprint_for(template: str) -> Blueprint:
    key = (template, fingerprint(template))
    with _lock:
        if key not in _cache:
            _cache.clear()
            _cache[key] = capture(template, fingerprint=key[1])
        return _cache[key]


def clone_schema(template: str, schema: str) -> None:
    """Create `schema` as an exact copy of `template`, in the caller's transaction."""
    script = blueprint_for(template).script(schema)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('search_path')")
        (previous,) = cursor.fetchone()
        # No parameters: the script runs as one simple-protocol round trip, and any "%"
        # in a column default is left alone.
        cursor.execute(
            f"{script};\nSELECT set_config('search_path', {quote_literal(previous)}, true)"
        )


def capture(template: str, *, fingerprint: str = "") -> Blueprint:
    """Read the template schema from the catalogue into a replayable blueprint."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT oid FROM pg_namespace WHERE nspname = %s", [template])
        row = cursor.fetchone()
        if row is None:
            raise LookupError(f"template schema {template!r} does not exist")
        params = {"ns": row[0], "schema": template}

        cursor.execute(_UNSUPPORTED_SQL, params)
        unsupported = [r[0] for r in cursor.fetchall()]
        if unsupported:
            raise UnsupportedTemplateObject(
                f"schema {template!r} holds objects the blueprint cannot clone: "
                + ", ".join(unsupported)
            )

        # Render expressions and definitions unqualified for the template's own objects
        # (objects elsewhere, e.g. public.accounts_user, stay qualified).
        cursor.execute("SELECT current_setting('search_path')")
        (previous,) = cursor.fetchone()
        cursor.execute("SELECT set_config('search_path', %s, false)", [quote_ident(template)])
        try:
            cursor.execute(_TABLES_SQL, params)
            tables = cursor.fetchall()
            cursor.execute(_COLUMNS_SQL, params)
            columns = cursor.fetchall()
            cursor.execute(_SEQUENCES_SQL, params)
            sequences = cursor.fetchall()
            cursor.execute(_CONSTRAINTS_SQL, params)
            constraints = cursor.fetchall()
            cursor.execute(_INDEXES_SQL, params)
            indexes = [r[0] for r in cursor.fetchall()]
            cursor.execute(_COMMENTS_SQL, params)
            comments = [r[0] for r in cursor.fetchall()]
            nonempty = _nonempty_tables(cursor, template, [t[1] for t in tables])
        finally:
            cursor.execute("SELECT set_config('search_path', %s, false)", [previous])

    return _build(template, fingerprint, tables, columns, sequences, constraints, indexes,
                  comments, nonempty)  # fmt: skip


def _nonempty_tables(cursor, template: str, tables: list[str]) -> set[str]:
    if not tables:
        return set()
    probes = " UNION ALL ".join(
        f"SELECT {quote_literal(t)} WHERE EXISTS (SELECT 1 FROM {quote_ident(template)}.{t})"  # noqa: S608
        for t in tables
    )
    cursor.execute(probes)
    return {r[0] for r in cursor.fetchall()}


def _strip(sql: str, template: str) -> str:
    for prefix in (f"{quote_ident(template)}.", f"{template}."):
        sql = sql.replace(prefix, "")
    return sql


def _sequence_options(row) -> str:
    _, _, start, increment, minv, maxv, cache, cycle = row[:8]
    return (
        f"START WITH {start} INCREMENT BY {increment} MINVALUE {minv} MAXVALUE {maxv} "
        f"CACHE {cache} {'CYCLE' if cycle else 'NO CYCLE'}"
    )


def _build(template, fingerprint, tables, columns, sequences, constraints, indexes, comments,
           nonempty) -> Blueprint:  # fmt: skip
    structure: list[str] = []
    data: list[str] = []
    finish: list[str] = []

    identity: dict[tuple[int, str], tuple] = {}
    for seq in sequences:
        name, seqtype, *_rest = seq
        deptype, table_oid, column = seq[8], seq[9], seq[10]
        if deptype == "i":
            identity[(table_oid, column)] = seq
        else:
            structure.append(f"CREATE SEQUENCE {name} AS {seqtype} {_sequence_options(seq)}")

    by_table: dict[int, list[tuple]] = {}
    for col in columns:
        by_table.setdefault(col[0], []).append(col)

    for oid, table, persistence, reloptions in tables:
        parts = []
        for _, name, coltype, notnull, ident, generated, default, collation in by_table[oid]:
            spec = f"{name} {coltype}"
            if collation:
                spec += f" COLLATE {collation}"
            if generated == "s":
                spec += f" GENERATED ALWAYS AS ({_strip(default, template)}) STORED"
            elif ident:
                seq = identity[(oid, name)]
                kind = "ALWAYS" if ident == "a" else "BY DEFAULT"
                spec += f" GENERATED {kind} AS IDENTITY (SEQUENCE NAME {seq[0]} "
                spec += f"{_sequence_options(seq)})"
            elif default is not None:
                spec += f" DEFAULT {_strip(default, template)}"
            if notnull:
                spec += " NOT NULL"
            parts.append(spec)
        unlogged = "UNLOGGED " if persistence == "u" else ""
        with_options = f" WITH ({', '.join(reloptions)})" if reloptions else ""
        structure.append(f"CREATE {unlogged}TABLE {table} ({', '.join(parts)}){with_options}")

        if table in nonempty:
            insertable = [c[1] for c in by_table[oid] if c[5] != "s"]
            cols = ", ".join(insertable)
            data.append(
                f"INSERT INTO {table} ({cols}) OVERRIDING SYSTEM VALUE "  # noqa: S608
                f"SELECT {cols} FROM {quote_ident(template)}.{table}"
            )

    for seq in sequences:
        name, deptype, column, table, last_value = seq[0], seq[8], seq[10], seq[11], seq[12]
        if deptype == "a":
            finish.append(f"ALTER SEQUENCE {name} OWNED BY {table}.{column}")
        if last_value is not None:
            finish.append(f"SELECT setval({quote_literal(name)}, {last_value}, true)")

    foreign: list[str] = []
    for table, name, contype, definition in constraints:
        statement = f"ALTER TABLE {table} ADD CONSTRAINT {name} {_strip(definition, template)}"
        (foreign if contype == "f" else finish).append(statement)
    finish.extend(_strip(index, template) for index in indexes)
    finish.extend(foreign)
    finish.extend(comments)
    return Blueprint(template, fingerprint, tuple(structure), tuple(data), tuple(finish))
