"""The inspection report the response answers, as the text names it, and its publication date.

Title sources, best first: a "Response to the HMICFRS report ..." subject or heading (the
quoted title in it, or what follows the report words); a quoted title next to report words
(“…”, "…", '…'); the first heading of the text when it reads as a title (not "Response of
...", not a headline that "welcomes"/"responds"); "PEEL assessment of Kent Police"; "the HMICFRS
report on <topic>"; "has responded to the joint inspection of <topic>" (news items). ``published`` is a date introduced by "published" near the report mention,
or a month ("(January 2020)") right after the title.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from answerable.extract.context import Context
from answerable.extract.dates import find_dates, is_publication_date, month_years
from answerable.extract.lexicon import cues, roles
from answerable.extract.report_names import best_mention, listing, why_not
from answerable.kinds import classify
from answerable.models import ReportRef, Span

# a title may wrap onto a second line, never across a blank line
_QUOTES = (
    re.compile(r"“(?P<t>(?:[^”\n]|\n(?!\n)){8,300})”"),
    re.compile(r"\"(?P<t>(?:[^\"\n]|\n(?!\n)){8,300})\""),
    re.compile(r"‘(?P<t>(?:[^’\n]|\n(?!\n)){8,250})’(?!\w)"),
    re.compile(r"(?<![\w])'(?P<t>[A-Z](?:[^'\n]|\n(?!\n)){7,250}?)'(?![\w])"),
)
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|we|We|my|our|Our|me)\b")
_TITLE_NEAR_BEFORE = re.compile(r"(?:report|inspection|review|assessment|thematic|entitled|titled|called|named|HMICFRS|HMIC)[^.\n\"“]{0,25}\Z", re.I)
_TITLE_NEAR_AFTER = re.compile(r"\s*(?:report|inspection|review|thematic|\(|,?\s+published)", re.I)
_SUBJECT_PREFIX = re.compile(r"(?:Re|RE|Subject|SUBJECT|Ref)\s*[:\-–]\s*")
# "Response to the HMICFRS report ...", not "Police response to violence against women ..."
_RESPONSE_TO = re.compile(
    r"\b(?:Response|Reply|Responding|Comments?|Statement)s?\b[^\n]{0,60}?\b(?:to|on)\s+"
    r"(?=(?:the\s+|its\s+|this\s+)?(?:HMICFRS|HMIC\b|HM\s+Inspectorate|(?:Her|His)\s+Majesty|Inspectorate|"
    r"report|inspection|review|PEEL|thematic|national|joint|[\"“‘']))", re.I)


@dataclass(frozen=True)
class _Patterns:
    keywords: re.Pattern[str]
    prefix: re.Pattern[str]
    labelled: re.Pattern[str]
    unquoted: re.Pattern[str]
    titled: re.Pattern[str]
    peel: re.Pattern[str]
    responded_to: re.Pattern[str]
    not_title: re.Pattern[str]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    r = cues()["report"]
    return _Patterns(
        keywords=re.compile(r"\b" + r["keywords"] + r"\b", re.I),
        prefix=re.compile(r["response_prefix"], re.I),
        labelled=re.compile(r["labelled"], re.I),
        unquoted=re.compile(r["unquoted"], re.I),
        titled=re.compile(r["titled"]),
        peel=re.compile(r["peel"]),
        responded_to=re.compile(r["responded_to"], re.I),
        not_title=re.compile(r["not_title"], re.I),
    )


def _quoted(text: str, s: int, e: int) -> list[Span]:
    """Spans of quoted strings in ``text[s:e]`` that look like titles (3+ words, not speech)."""
    out = []
    for rx in _QUOTES:
        for m in rx.finditer(text, s, e):
            t = m.group("t")
            if len(t.split()) >= 3 and not _FIRST_PERSON.search(t) and t[0].isupper():
                out.append(m.span("t"))
    out.sort()
    kept: list[Span] = []
    for span in out:  # drop quotes nested inside an earlier title
        if not any(k[0] <= span[0] and span[1] <= k[1] for k in kept):
            kept.append(span)
    return kept


_TRAILING_NOTE = re.compile(r"\s*\((?:[^()]*\b(?:published|publication)\b[^()]*|[^()]*\d{4}[^()]*)\)\Z", re.I)


def _trim(text: str, s: int, e: int) -> Span:
    """Without surrounding quotes and punctuation, nor a trailing "(published 10/01/2020)"."""
    while s < e and (text[s].isspace() or text[s] in "\"“'‘:–-"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in "\"”'’.,;:"):
        e -= 1
    note = _TRAILING_NOTE.search(text, s, e) if text[e - 1:e] == ")" else None
    if note and note.start() > s:
        return _trim(text, s, note.start())
    return s, e


def _widen_to_heading(ctx: Context, span: Span) -> Span:
    """A short quoted title ("Both sides of the coin") that a heading gives in full ("Both
    sides of the coin: The police and ...") is the heading's title."""
    short = " ".join(ctx.text[span[0]:span[1]].split())
    for seg in ctx.of_kind("heading", "subject"):
        t = " ".join(ctx.seg_text(seg).split())
        if len(t) > len(short) + 3 and t.startswith(short) and t[len(short)] in ":–-" and len(t) < 300:
            return _trim(ctx.text, *seg.span)
    return span


def _from_response_line(ctx: Context, *, loose: bool = False) -> Span | None:
    """"Response to the HMICFRS Report "<title>"" on a subject or heading line. With
    ``loose``, also the unquoted rest of such a line ("PCC response to HMICFRS stalking
    inspection" -> "stalking inspection"), which is weaker than a title quoted in the body."""
    p = _patterns()
    text = ctx.text
    for seg in ctx.of_kind("subject", "heading", "letterhead", "paragraph"):
        s, e = seg.span
        if seg.kind in ("letterhead", "paragraph"):  # only "Report title: ..." lines there
            lab = p.labelled.match(text[s:e]) if e - s < 300 else None
            if lab:
                span = _trim(text, s + lab.end(), e)
                if len(text[span[0]:span[1]].split()) >= 2:
                    return span
            continue
        lab = p.labelled.match(text[s:e])
        if lab:  # "HMICFRS report: <title>"
            q = _quoted(text, s + lab.end(), e)
            span = q[0] if q else _trim(text, s + lab.end(), e)
            if len(text[span[0]:span[1]].split()) >= 2:
                return span
        m = _RESPONSE_TO.search(text, s, e)
        if not m or not p.keywords.search(text, m.start(), e):
            sub = _SUBJECT_PREFIX.match(text, s, e) if seg.kind == "subject" else None
            if sub:  # "Re: <title>", "Re: HMICFRS report – <title>"
                q = _quoted(text, sub.end(), e)
                lab = p.labelled.match(text[sub.end():e])
                span = q[0] if q else _trim(text, sub.end() + (lab.end() if lab else 0), e)
                if len(text[span[0]:span[1]].split()) >= 3:
                    return span
            continue
        q = _quoted(text, m.end(), e)
        if q:
            return q[0]
        if not loose:
            continue
        rest = p.prefix.match(text[m.start():e])
        start = m.start() + (rest.end() if rest else 0)
        span = _trim(text, start, e)
        if len(text[span[0]:span[1]].split()) >= 2:
            return span
    return None


def _from_quotes(ctx: Context) -> Span | None:
    text = ctx.text
    for span in _quoted(text, 0, len(text)):
        kind = ctx.kind_at(span[0])
        before = text[max(0, span[0] - 60):span[0] - 1]
        if kind in ("subject", "heading") or _TITLE_NEAR_BEFORE.search(before) or _TITLE_NEAR_AFTER.match(text, span[1] + 1):
            return span
    return None


# a heading written as a URL slug ("Roads-policing-not-optional"): its words are hyphenated
_SLUG = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+){2,}")
_SLUG_SPLIT = re.compile(r"-")


def _from_first_heading(ctx: Context) -> Span | None:
    p = _patterns()
    body_start = ctx.body_span[0]
    for seg in ctx.segments:
        if seg.span[0] >= body_start and body_start:
            break
        if seg.kind != "heading":
            continue
        s, e = seg.span
        tail = _RESPONSE_TAIL.search(ctx.text, s, e)  # "<title> – PCC response"
        if tail and tail.start() > s:
            e = tail.start()
        t = ctx.text[s:e]
        if p.not_title.search(t) or roles().first(t) or len(_SLUG_SPLIT.split(t) if _SLUG.fullmatch(t) else t.split()) < 3:
            continue
        return _trim(ctx.text, s, e)
    return None


_RESPONSE_TAIL = re.compile(
    r"\s*[–—|:-]\s*(?:(?:the\s+)?(?:PCC|PFCC|OPCC|OPFCC|Commissioner|Mayor|MOPAC)(?:['’]s)?\s+)?"
    r"(?:formal\s+)?(?:response|statement|comments|reply)\s*\Z", re.I)


def _from_phrases(ctx: Context) -> Span | None:
    p = _patterns()
    text = ctx.text
    m = p.peel.search(text)
    if m:
        return _trim(text, m.start(), m.end())
    for rx in (p.titled, p.unquoted, p.responded_to):
        m = rx.search(text)
        if m:
            return _trim(text, *m.span("title"))
    return None


def _published(ctx: Context, near: Span | None, response_date: Span | None = None
               ) -> tuple[dt.date | None, Span | None, bool]:
    """(date, span, month_only) of the report's publication (never the response's own date)."""
    text = ctx.text
    dates = find_dates(text)

    def publication(h) -> bool:  # checked lazily: a long text may hold thousands of dates
        return h.span != response_date and is_publication_date(text, h.span)

    if near is not None:
        after = next((h for h in dates if near[0] - 300 <= h.span[0] <= near[1] + 400 and publication(h)), None)
        if after is not None:
            return after.value, after.span, False
        for mention in _mentions_of(text, near):
            hit = _published_title_on(text, mention)
            if hit is not None:
                return hit.value, hit.span, False
        for year, month, span in month_years(text, near[1], min(len(text), near[1] + 20)):
            return dt.date(year, month, 1), span, True
        for year, month, span in month_years(text, max(0, near[0] - 300), min(len(text), near[1] + 400)):
            if is_publication_date(text, span):  # "..., published in January 2020"
                return dt.date(year, month, 1), span, True
    first = next((h for h in dates if publication(h)), None)
    if first is not None:
        return first.value, first.span, False
    return None, None, False


_PUBLISHED_BEFORE_TITLE = re.compile(r"\bpublished\b[^.\n]{0,25}\Z", re.I)
_ON_AFTER_TITLE = re.compile(r"[\"”’']?,?\s+(?:on\s+)?\Z", re.I)


def _mentions_of(text: str, near: Span) -> list[Span]:
    """The title's span and every other place the same words appear (any case)."""
    words = text[near[0]:near[1]].split()
    if not words:
        return [near]
    rx = re.compile(r"\s+".join(re.escape(w) for w in words), re.I)
    return [near] + [m.span() for m in rx.finditer(text) if m.span() != near]


def _published_title_on(text: str, near: Span):
    """"HMICFRS published “<title>” on 25 November 2021": the date after the title."""
    if not _PUBLISHED_BEFORE_TITLE.search(text, max(0, near[0] - 40), near[0]):
        return None
    for h in find_dates(text, near[1], min(len(text), near[1] + 30)):
        if _ON_AFTER_TITLE.fullmatch(text, near[1], h.span[0]):
            return h
    return None


def _title_span(ctx: Context) -> Span | None:
    """The first candidate, best source first, that can be a report's name (see
    ``report_names.why_not``); each one dropped is said in a warning."""
    text = ctx.text
    sources = (
        (lambda: _from_response_line(ctx), False),
        (lambda: _widen_if(ctx, _from_quotes(ctx)), None),  # None: whole line when quoted in a heading
        (lambda: _listing(ctx), False),  # below a labelled or quoted title: a list of reports names none
        # a letter's own title line under "Dear ...", before the names its body gives
        (lambda: _from_first_heading(ctx) if _letter_like(ctx) else None, True),
        (lambda: _span_of(best_mention(ctx)), False),
        (lambda: _from_response_line(ctx, loose=True), False),
        (lambda: _from_first_heading(ctx), True),
        (lambda: _from_phrases(ctx), False),
    )
    for source, whole_line in sources:
        span = source()
        if span is _NONE:
            return None
        if span is None:
            continue
        span = _cut_at_next_field(text, span)
        if whole_line is None:  # a quote: a headline's quoted words ("“Improves its performance” says ...")
            whole_line = ctx.kind_at(span[0]) == "heading" and _quoted_at(text, span)
        reason = why_not(text[span[0]:span[1]], whole_line=whole_line)
        if reason is None:
            return span
        ctx.warnings.append(f"'{' '.join(text[span[0]:span[1]].split())[:80]}' is not taken as the report's "
                            f"title: {reason}")
    return None


_NONE = (-1, -1)  # a source's answer that the text names no single report


def _listing(ctx: Context) -> Span | None:
    listed = listing(ctx)
    if not listed:
        return None
    ctx.warnings.append(f"no report title: the text's headings name {listed} different reports (a list of "
                        "reports, not a response to one)")
    return _NONE


_AUTHOR_HEADING = re.compile(r"\b(?:response|statement|comments?|letter|reply|foreword)s?\s+(?:of|from|by)\b", re.I)


def _letter_like(ctx: Context) -> bool:
    """A letter or a formal response ("Dear ...", "Yours sincerely", "RESPONSE OF ..."): its
    first heading is the title it answers, not a news headline."""
    return bool(ctx.of_kind("salutation") or ctx.of_kind("sign_off")
                or any(_AUTHOR_HEADING.search(ctx.seg_text(seg)) for seg in ctx.of_kind("heading")))


def _quoted_at(text: str, span: Span) -> bool:
    return span[0] > 0 and text[span[0] - 1] in "\"“‘'"


def _widen_if(ctx: Context, quoted: Span | None) -> Span | None:
    return _widen_to_heading(ctx, quoted) if quoted else None


def _span_of(mention) -> Span | None:
    return mention.span if mention is not None else None


# the next field of a form laid out on one line: "PEEL Efficiency Report 2016 – Kent Police Date
# Inspection Published: 3 November 2016"
_NEXT_FIELD = re.compile(r"\s+(?=(?:Date|Deadline|Type|Due|Publication|Published|Status|Response|Author|Signed|"
                         r"Lead|Owner|Reference|Ref)\b[\w ()/]{0,40}:)")


def _cut_at_next_field(text: str, span: Span) -> Span:
    m = _NEXT_FIELD.search(text, span[0] + 1, span[1])
    return _trim(text, span[0], m.start()) if m else span


def _kind_of(text: str, span: Span | None) -> dict:
    """report.kind, pillar and period from the words of the name (kinds.classify)."""
    if span is None:
        return {}
    guess = classify(text[span[0]:span[1]])
    out = {"kind": guess.kind, "pillar": guess.pillar, "period": guess.period}
    if guess.period_span is not None:
        out["period_span"] = (span[0] + guess.period_span[0], span[0] + guess.period_span[1])
    return out


def extract_report(ctx: Context, response_date: Span | None = None) -> ReportRef:
    span = _title_span(ctx)
    title = " ".join(ctx.text[span[0]:span[1]].split()) if span else None
    published, pspan, month_only = _published(ctx, span, response_date)
    if title is None:
        ctx.warnings.append("no report title found: the text neither quotes nor names the inspection report")
    if published is None:
        ctx.warnings.append("no report publication date found: the text does not say when the report was published")
    elif month_only:
        ctx.warnings.append(f"report publication given as a month only ({ctx.text[pspan[0]:pspan[1]]}); published is set to its first day")  # type: ignore[index]
    return ReportRef(title=title, published=published, span=span, published_span=pspan, **_kind_of(ctx.text, span))
