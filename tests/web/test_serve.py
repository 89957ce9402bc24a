"""`wiredesk serve` serves the given database on loopback unless told otherwise."""

from __future__ import annotations

import uvicorn
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from wiredesk.cli import app


def test_serve_binds_loopback_by_default_and_reads_the_given_db(desk_db: str, monkeypatch) -> None:
    served = {}

    def fake_run(asgi_app, host: str, port: int) -> None:
        served.update(app=asgi_app, host=host, port=port)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    result = CliRunner().invoke(app, ["serve", "--db", desk_db, "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert (served["host"], served["port"]) == ("127.0.0.1", 8123)
    stories = TestClient(served["app"]).get("/api/stories").json()
    assert {s["id"] for s in stories} == {"s-strike", "s-dam"}
