"""Every command has help text with a documented example."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from wiredesk.cli import app

COMMANDS = ["extract", "claims", "dedup", "cluster", "run", "stories", "show", "export", "serve"]


@pytest.mark.parametrize("command", COMMANDS)
def test_command_has_help_and_example(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example: wiredesk " + command in " ".join(result.output.split())


def test_every_registered_command_is_checked() -> None:
    registered = {c.name or c.callback.__name__ for c in app.registered_commands}
    assert registered == set(COMMANDS)


def test_bad_date_is_a_clear_error() -> None:
    result = CliRunner().invoke(app, ["extract", "--date", "Feb 11", "x.txt"])
    assert result.exit_code != 0
    assert "not a YYYY-MM-DD date" in result.output
