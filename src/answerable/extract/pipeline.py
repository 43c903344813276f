"""Run the segmenter and every field extractor over one Document."""

from __future__ import annotations

from answerable.extract.addressees import extract_addressees
from answerable.extract.author import extract_author
from answerable.extract.context import Context
from answerable.extract.dates import extract_date
from answerable.extract.force import extract_force
from answerable.extract.report import extract_report
from answerable.extract.stance import extract_stance
from answerable.extract.today import settle
from answerable.extract.statements import extract_statements
from answerable.models import Document, Record
from answerable.segment import segment


def run(doc: Document, version: str) -> Record:
    ctx = Context(doc.text, segment(doc.text), warnings=list(doc.warnings))
    author = extract_author(ctx)
    date = extract_date(ctx, author.span[0] if author.span else None)
    report = extract_report(ctx, date.span)
    date, report = settle(ctx, date, report)
    force = extract_force(ctx, author, report.span)
    addressees = extract_addressees(ctx)
    if not addressees:
        ctx.warnings.append("no addressees found: the text is not addressed or copied to the Home Secretary or HMICFRS")
    stance = extract_stance(ctx)
    statements = extract_statements(ctx)
    if not statements:
        ctx.warnings.append("no statements found: the body has no sentence that acknowledges, agrees, commits or reports action")
    return Record(
        source=doc.source, text=doc.text, author=author, force=force, date=date,
        addressees=addressees, report=report, stance=stance, statements=statements,
        segments=ctx.segments, warnings=ctx.warnings, page_starts=list(doc.page_starts),
        extractor_version=version,
    )
