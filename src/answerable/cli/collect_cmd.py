"""``answerable collect``, ``answerable sources list`` and ``answerable reports update``: thin
wrappers over :func:`answerable.collect.collect`, :func:`answerable.collect.list_sources` and
:func:`answerable.collect.update_reports`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import click

from answerable.cli import output
from answerable.cli.progress import ProgressBar
from answerable.cli.store_cmd import _dump, _open, _table, db_option, format_option


class _Bar(ProgressBar):
    """Collect's progress bar: how many URLs are done, and the last one."""

    def __init__(self, enabled: bool):
        super().__init__(enabled)
        self.done = 0

    def columns(self) -> list:
        from rich.progress import BarColumn, TextColumn, TimeElapsedColumn

        # markup off: a URL is shown as it is ("[" would be read as markup)
        return [TextColumn("collect"), BarColumn(), TextColumn("{task.completed} done"), TimeElapsedColumn(),
                TextColumn("{task.description}", markup=False)]

    def __call__(self, url: str, outcome: str, message: Optional[str]) -> None:
        self.done += 1
        self.update(completed=self.done, description=f"{outcome}: {url[-60:]}")


@click.command()
@click.argument("urls", nargs=-1, metavar="[URL]...")
@click.option("--body", metavar="ID", help="Only this policing body (an id or force from `answerable sources list`).")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Ingest worker processes (default: the workers setting).")
@click.option("--reingest", is_flag=True,
              help="Fetch nothing: put every collected document through ingest again from its kept bytes.")
@format_option("text", "json")
@db_option
def collect(urls: tuple[str, ...], body: Optional[str], workers: Optional[int], reingest: bool, fmt: str,
            db: Optional[str]) -> None:
    """Fetch new or changed responses from the policing bodies' websites (or the pages or
    sitemaps given by URL), keep them with their provenance and ingest them.

    Polite: robots.txt, a delay between requests to one host (collect_delay), conditional
    requests so that unchanged pages cost a 304. Each failure is one line naming the URL and
    the cause; the run goes on. Exit status 1 when any download failed."""
    from answerable.collect import collect as run
    from answerable.settings import get_settings

    settings = get_settings()
    if reingest:
        _reingest(db, workers or settings.workers, fmt)
        return
    store = _open(db)
    with store, _Bar(sys.stderr.isatty() and fmt == "text") as bar:
        summary = run(store, list(urls), body=body, settings=settings,
                      workers=workers or settings.workers, event=bar)
    if fmt == "json":
        click.echo(_dump(summary))
    else:
        for failure in summary.failed:
            click.echo(f"failed: {failure.url}: {failure.reason}", err=True)
        for skipped in summary.skipped:
            click.echo(f"skipped: {skipped.url}: {skipped.reason}", err=True)
        click.echo(summary.line())
    if summary.failed:
        sys.exit(1)


def _reingest(db: Optional[str], workers: int, fmt: str) -> None:
    from answerable.collect import reingest

    with _open(db) as store, _Bar(sys.stderr.isatty() and fmt == "text") as bar:
        stored, failed = reingest(store, workers=workers, event=bar)
    if fmt == "json":
        click.echo(_dump({"stored": stored, "failed": [{"url": u, "reason": r} for u, r in failed]}))
    else:
        for url, reason in failed:
            click.echo(f"failed: {url}: {reason}", err=True)
        click.echo(f"collect --reingest: {stored} document(s) through ingest from their kept bytes, "
                   f"{len(failed)} failed")
    if failed:
        sys.exit(1)


@click.group()
def sources() -> None:
    """The websites `collect` reads: each force area's local policing body (data/sources.yaml)."""


@sources.command("list")
@output.format_option
@db_option
def list_(fmt: str, db: Optional[str]) -> None:
    """Every known source: its website and response pages, when it was last collected, what
    was found."""
    from answerable.collect import list_sources

    with _open(db) as store:
        items = list_sources(store)
    output.emit(fmt, {"items": items, "total": len(items)}, items=items, text=lambda: _sources_text(items))


def _sources_text(items) -> str:
    rows = [[s.id, s.force or "", (s.response_pages[0] if s.response_pages else s.website) or "no website known",
             s.last_collect.strftime("%Y-%m-%d %H:%M") if s.last_collect else "never",
             s.status or "", s.documents] for s in items]
    return _table(rows, ["id", "force", "start page", "last collect", "status", "documents"])


@click.command()
@click.argument("url", required=False)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the new catalogue entries (default: the user catalogue folder).")
@format_option("text", "json")
def update(url: Optional[str], out_dir: Optional[Path], fmt: str) -> None:
    """Add the reports the inspectorate's publication listing shows and the catalogue lacks
    (title, publication date and the page they were seen at; no recommendations)."""
    from answerable.collect import update_reports
    from answerable.settings import get_settings

    result = update_reports(url, out_dir=out_dir, settings=get_settings())
    if fmt == "json":
        click.echo(_dump(result))
        return
    for entry in result.added:
        click.echo(f"added {entry.id}  {entry.published or 'undated'}  {entry.title}")
    click.echo(f"reports update: {len(result.added)} new, {result.known} already catalogued, "
               f"{len(result.skipped)} left alone, from {result.url}")


def _attach_to_reports() -> None:
    """`answerable reports update` lives here, in the `reports` group of reports_cmd."""
    from answerable.cli.reports_cmd import reports

    reports.add_command(update)


_attach_to_reports()
