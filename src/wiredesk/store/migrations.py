"""Bring a database made by an earlier wiredesk up to the current schema.

Version 1 (no ``schema_version`` table) lacked columns that later versions added to existing
tables.  Every such column is declared with a server default, so the upgrade is the same on
SQLite and PostgreSQL: add each declared column a table lacks, in one transaction with the
new version number, so that a failed upgrade leaves the old schema whole.  Version 3 added
``documents.story_profile`` (what incremental stories compare new articles with); its
default, {}, makes the first run on an upgraded database group its stories in batch once,
which writes the profiles.  New tables need no step here: ``create_all`` makes them.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, MetaData, Table, delete, insert, inspect, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.schema import CreateColumn


class SchemaTooNew(RuntimeError):
    """The database was made by a newer wiredesk than this one."""


def upgrade_schema(engine: Engine, metadata: MetaData, version_table: Table, current: int) -> None:
    """Add what ``metadata`` declares and the database lacks, and record ``current``."""
    found = _stored_version(engine, version_table)
    if found == current:
        return
    if found is not None and found > current:
        raise SchemaTooNew(
            f"the database has schema version {found}; this wiredesk knows up to {current}"
        )
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # A second process connecting meanwhile waits here, then finds the work done.
                conn.exec_driver_sql(
                    f"LOCK TABLE {_quoted(conn, version_table)} IN SHARE ROW EXCLUSIVE MODE"
                )
                if conn.execute(select(version_table.c.version)).scalar() == current:
                    return
            for table in metadata.sorted_tables:
                _add_missing_columns(conn, table)
            conn.execute(delete(version_table))
            conn.execute(insert(version_table), {"version": current})
    except DBAPIError:
        # SQLite lets two first connections race; the loser finds the winner's work done.
        if _stored_version(engine, version_table) != current:
            raise


def _stored_version(engine: Engine, version_table: Table) -> int | None:
    with engine.connect() as conn:
        return conn.execute(select(version_table.c.version)).scalar()


def _add_missing_columns(conn: Connection, table: Table) -> None:
    present = {column["name"] for column in inspect(conn).get_columns(table.name)}
    for column in table.columns:
        if column.name in present:
            continue
        if not column.nullable and column.server_default is None:
            raise RuntimeError(
                f"{table.name}.{column.name} needs a server default to be added to stored rows"
            )
        definition = CreateColumn(column).compile(dialect=conn.dialect)
        conn.exec_driver_sql(f"ALTER TABLE {_quoted(conn, table)} ADD COLUMN {definition}")


def _quoted(conn: Connection, table: Table) -> str:
    return conn.dialect.identifier_preparer.format_table(table)
