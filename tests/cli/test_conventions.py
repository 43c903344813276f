"""Habits users expect of a command-line tool: `python -m answerable`, NO_COLOR, settings with
secrets masked, shell completion."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import click
from click.testing import CliRunner

from answerable.cli import cli


def test_python_dash_m_answerable_runs_the_cli():
    out = subprocess.run([sys.executable, "-m", "answerable", "--version"], capture_output=True, text=True,
                         check=True)
    assert out.stdout.startswith("answerable, version ")


def test_no_color_turns_off_styles_even_on_a_colour_terminal(monkeypatch):
    @cli.command("_styled_for_test", hidden=True)
    def styled() -> None:
        click.echo(click.style("bold", bold=True))

    try:
        monkeypatch.delenv("NO_COLOR", raising=False)
        assert "\x1b[1m" in CliRunner().invoke(cli, ["_styled_for_test"], color=True).output
        monkeypatch.setenv("NO_COLOR", "1")
        assert CliRunner().invoke(cli, ["_styled_for_test"], color=True).output == "bold\n"
    finally:
        cli.commands.pop("_styled_for_test")


def _settings(*args: str, **env: str):
    full = {k: v for k, v in os.environ.items() if not k.startswith("ANSWERABLE_") and k != "DATABASE_URL"}
    full.update(env)
    return subprocess.run([sys.executable, "-m", "answerable", "settings", *args], capture_output=True,
                          text=True, env=full, check=True).stdout


def test_settings_masks_the_secret_key_and_database_passwords():
    env = {"ANSWERABLE_SECRET_KEY": "s3cret-signing-key",
           "ANSWERABLE_DATABASE_URL": "postgresql://answerable:hunter2pass@db.example:5432/cases"}
    text = _settings(**env)
    assert "s3cret-signing-key" not in text and "hunter2pass" not in text
    assert "ANSWERABLE_SECRET_KEY = ********" in text
    assert "ANSWERABLE_DATABASE_URL = postgresql://answerable:********@db.example:5432/cases" in text
    items = {row["name"]: row for row in json.loads(_settings("--format", "json", **env))["items"]}
    assert items["secret_key"]["value"] == "********"
    assert items["database_url"]["value"] == "postgresql://answerable:********@db.example:5432/cases"
    assert items["workers"] == {"name": "workers", "env": "ANSWERABLE_WORKERS", "value": 2,
                                "description": items["workers"]["description"]}


def test_settings_shows_an_unset_secret_key_as_empty_not_masked():
    items = {row["name"]: row for row in json.loads(_settings("--format", "json"))["items"]}
    assert items["secret_key"]["value"] is None


def test_bash_completion_script_is_generated_by_click():
    env = {**os.environ, "_ANSWERABLE_COMPLETE": "bash_source"}
    out = subprocess.run([sys.executable, "-c", "from answerable.cli import main; main()"], capture_output=True,
                         text=True, env=env)
    assert "_answerable_completion" in out.stdout and "complete -o nosort -F" in out.stdout
