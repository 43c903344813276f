"""Every command has help, and every command is documented in docs/cli.md."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from answerable.cli import cli

DOCS = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def _commands(group: click.Group, prefix: str = "answerable"):
    for name, cmd in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        yield path, cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, path)


ALL = list(_commands(cli))


def test_the_pipeline_commands_are_all_registered():
    names = set(cli.commands)
    assert {"extract", "eval", "reports", "audit", "draft", "ingest", "search", "compare",
            "commitments", "export", "serve", "users", "settings"} <= names


@pytest.mark.parametrize("path,cmd", ALL, ids=[p for p, _ in ALL])
def test_every_command_has_help(path, cmd):
    args = path.split()[1:] + ["--help"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    assert (cmd.help or "").strip(), f"{path} has no help text"


@pytest.mark.parametrize("path", [p for p, _ in ALL])
def test_every_command_is_documented(path):
    headings = set(re.findall(r"^#+ `([^`]+)`", DOCS.read_text(encoding="utf-8"), flags=re.M))
    assert path in headings, f"docs/cli.md has no heading `{path}`"


def test_the_cli_reference_matches_the_commands_help():
    import subprocess
    import sys

    script = Path(__file__).resolve().parents[2] / "scripts" / "gen_cli_docs.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
