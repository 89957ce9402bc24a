from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from uuid import uuid4

import pytest
from sqlalchemy import create_engine, make_url, text

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the repository: the seeds and the gold data live there."""
    if not (SHARED / "seeds").is_dir():
        pytest.fail(f"../shared is missing: expected the seeds at {SHARED / 'seeds'}")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    return shared_dir / "seeds"


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return REPO / "examples"


# The store and end-to-end tests run on SQLite, and on PostgreSQL too where this names a server
# (a URL such as postgresql://postgres@127.0.0.1:5432/wiredesk_test; .ci/postgres.sh starts one).
POSTGRES_ENV = "WIREDESK_TEST_POSTGRES"
DB_BACKENDS = ["sqlite", "postgresql"] if os.environ.get(POSTGRES_ENV) else ["sqlite"]


@pytest.fixture(scope="module", params=DB_BACKENDS)
def new_db_url(request, tmp_path_factory) -> Iterator[Callable[[], str]]:
    """Makes URLs of empty databases on one backend: a fresh SQLite file, or a fresh schema of
    the PostgreSQL database (dropped when the module is done)."""
    if request.param == "sqlite":
        yield lambda: f"sqlite:///{tmp_path_factory.mktemp('db') / 'wiredesk.db'}"
        return
    server = make_url(os.environ[POSTGRES_ENV]).set(drivername="postgresql+psycopg")
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    schemas: list[str] = []

    def fresh_schema_url() -> str:
        schema = f"wiredesk_test_{uuid4().hex[:12]}"
        with admin.connect() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        schemas.append(schema)
        in_schema = server.update_query_dict({"options": f"-csearch_path={schema}"})
        return in_schema.render_as_string(hide_password=False)

    yield fresh_schema_url
    with admin.connect() as conn:
        for schema in schemas:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture
def db_url(new_db_url: Callable[[], str]) -> str:
    """An empty database of each backend under test, one per test."""
    return new_db_url()
