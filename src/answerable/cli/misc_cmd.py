"""`answerable settings`: the typed settings with their values and help text."""

from __future__ import annotations

import click


@click.command()
def settings() -> None:
    """Show every setting, its current value and what it does.

    Each is set by an environment variable ANSWERABLE_<NAME> (DATABASE_URL works too).
    """
    from answerable.settings import Settings, get_settings

    current = get_settings()
    for name, field in Settings.model_fields.items():
        click.echo(f"ANSWERABLE_{name.upper()} = {getattr(current, name)!s}")
        click.echo(f"    {field.description}")
