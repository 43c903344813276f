"""`answerable settings`: the typed settings with their values (secrets masked) and help text."""

from __future__ import annotations

import json

import click


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people; json: {\"items\": [{name, env, value, description}]}.")
def settings(fmt: str) -> None:
    """Show every setting, its current value and what it does.

    Each is set by an environment variable ANSWERABLE_<NAME> (DATABASE_URL works too). The
    secret key and passwords in database URLs are shown as ********.
    """
    from answerable.settings import get_settings, shown_settings

    rows = shown_settings(get_settings())
    if fmt == "json":
        click.echo(json.dumps({"items": rows}, indent=2))
        return
    for row in rows:
        click.echo(f"{row['env']} = {'' if row['value'] is None else row['value']}")
        click.echo(f"    {row['description']}")
