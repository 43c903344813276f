"""Write docs/cli.md from the commands' own help, so the reference cannot go stale.

    .venv/bin/python scripts/gen_cli_docs.py          # rewrite docs/cli.md
    .venv/bin/python scripts/gen_cli_docs.py --check  # exit 1 if docs/cli.md is out of date

tests/cli/test_help.py runs the check.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from click.testing import CliRunner

from answerable.cli import cli

DOCS = Path(__file__).resolve().parents[1] / "docs" / "cli.md"

INTRO = """# Command-line reference

Every command is a thin wrapper over one library function (see
[ARCHITECTURE.md](ARCHITECTURE.md)). Errors are one line on standard error,
`answerable: error: <file>: <cause and fix>`; exit status 1 means some input or operation
failed (in a batch, the other files were still processed), 3 means `audit --strict` found a
failing requirement. `--db URL` (or `ANSWERABLE_DATABASE_URL`) chooses the store: a SQLite
file in your data directory by default, `postgresql://user:password@host/db` for a server.

This page is generated from the commands' own help by `scripts/gen_cli_docs.py`; a test
fails when it is out of date.
"""


def _walk(group: click.Group, path: list[str]):
    for name in sorted(group.commands):
        cmd = group.commands[name]
        yield path + [name], cmd
        if isinstance(cmd, click.Group):
            yield from _walk(cmd, path + [name])


def render() -> str:
    runner = CliRunner()
    parts = [INTRO]
    for path, _cmd in _walk(cli, []):
        result = runner.invoke(cli, path + ["--help"], prog_name="answerable", terminal_width=100)
        heading = "#" * min(len(path) + 1, 4)
        parts.append(f"{heading} `answerable {' '.join(path)}`\n\n```\n{result.output.rstrip()}\n```\n")
    return "\n".join(parts)


def main() -> int:
    text = render()
    if "--check" in sys.argv:
        if not DOCS.exists() or DOCS.read_text(encoding="utf-8") != text:
            print("docs/cli.md is out of date: run .venv/bin/python scripts/gen_cli_docs.py", file=sys.stderr)
            return 1
        return 0
    DOCS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
