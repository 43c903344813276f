"""The ``answerable`` command. Each command is a thin wrapper over one library function; every
:class:`~answerable.errors.AnswerableError` becomes a one-line message on standard error and an
exit status (1 for bad input or a failed operation, 3 for a failed ``--strict`` audit)."""

from __future__ import annotations

import importlib
import logging
import os
import sys

import click

from answerable import __version__
from answerable.errors import AnswerableError

# module -> names of the click commands/groups it defines; each module owns its commands
_COMMAND_MODULES = {
    "answerable.cli.extract_cmd": ["extract", "eval_"],
    "answerable.cli.reports_cmd": ["reports", "audit", "draft"],
    "answerable.cli.store_cmd": ["ingest", "search", "compare", "commitments", "export", "responses"],
    "answerable.cli.serve_cmd": ["serve", "users", "demo"],
    "answerable.cli.misc_cmd": ["settings"],
    "answerable.cli.collect_cmd": ["collect", "sources"],
}


def fail(message: str, code: int = 1) -> None:
    click.echo(f"answerable: error: {message}", err=True)
    sys.exit(code)


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except AnswerableError as exc:
            fail(str(exc), exc.exit_code)
        except BrokenPipeError:  # `answerable ... | head`
            sys.stderr.close()
            sys.exit(0)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="answerable")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Read, audit, compare and follow up responses to HMICFRS inspection reports.

    Set NO_COLOR to turn off colour and bold. Shell completion (bash, zsh, fish):
    eval "$(_ANSWERABLE_COMPLETE=bash_source answerable)"; see docs/completion.md.
    """
    if os.environ.get("NO_COLOR"):  # https://no-color.org: any non-empty value
        ctx.color = False


for _module, _names in _COMMAND_MODULES.items():
    try:
        _mod = importlib.import_module(_module)
    except ModuleNotFoundError as _exc:  # a command module not written yet
        if _exc.name != _module:
            raise
        continue
    for _name in _names:
        _cmd = getattr(_mod, _name, None)
        if _cmd is not None:
            cli.add_command(_cmd)


def main() -> None:
    # The database driver warns on standard error as a lost connection unwinds ("error ignored
    # terminating <Pipeline>"): our one-line error already says it. Its records still reach any
    # handler a server configures; only Python's last-resort printing is stopped.
    logging.getLogger("psycopg").addHandler(logging.NullHandler())
    cli(prog_name="answerable")
