"""News items date themselves by "today": the response's date and the report's, settled together.

A press statement rarely has a date line. It says "the report, released today, 3 November 2016"
or "published today (27th November 2014)": the item was written that day, so that date is the
response's own. When it says only "the report published today" and the report's publication
date is stated elsewhere in full ("On Tuesday 6th March 2018 HMICFRS published ..."), that is
the response's date too; when the response's date is known and the report was "published today
(21 October)", the report's date is the response's. A page's own "Posted on Thursday 3rd
November" takes its year from a full date with the same day and month elsewhere in the text.
The phrases are data (``dates`` in cues.yaml).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from answerable.extract.context import Context
from answerable.extract.dates import MONTH, WEEKDAY, find_dates, _month
from answerable.extract.lexicon import cues
from answerable.models import DateRef, ReportRef

_DAY_MONTH = re.compile(r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?P<m>" + MONTH + r")(?!,?\s+(?:19|20)\d\d)(?![\w])", re.I)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    d = cues()["dates"]
    return (re.compile(d["today_before"], re.I), re.compile(d["published_today"], re.I),
            re.compile(r"(?m)(?:^|\n)[ \t]*" + d["posted_no_year"] + r"(?:" + WEEKDAY + r")?", re.I))


def settle(ctx: Context, date: DateRef, report: ReportRef) -> tuple[DateRef, ReportRef]:
    """The response's date and the report's publication, completed from what "today" says."""
    today_rx, published_today, posted = _patterns()
    text = ctx.text
    if date.value is None:
        for hit in find_dates(text):  # "released today, 3 November 2016"
            if today_rx.search(text[max(0, hit.span[0] - 40):hit.span[0]]):
                date = DateRef(value=hit.value, span=hit.span)
                break
    if date.value is None and report.published is not None and report.published_span is not None \
            and published_today.search(text):
        date = DateRef(value=report.published, span=report.published_span)
    if date.value is None:
        date = _posted_without_year(text, posted) or date
    if date.value is not None and report.published is None:
        m = published_today.search(text)
        if m:
            report = _published_the_same_day(text, m, date, report)
    if date.value is not None and date.span is not None:
        ctx.warnings[:] = [w for w in ctx.warnings if not w.startswith("no response date found")]
    if report.published is not None:
        ctx.warnings[:] = [w for w in ctx.warnings if not w.startswith("no report publication date found")]
    return date, report


def _published_the_same_day(text: str, m: re.Match[str], date: DateRef, report: ReportRef) -> ReportRef:
    """"The findings were published today (21 October)": the report's date is the response's
    when a day and month written beside "today" agree with it (or none is written)."""
    near = _DAY_MONTH.search(text, m.end(), min(len(text), m.end() + 30))
    assert date.value is not None
    if near is not None:
        if (int(near["d"]), _month(near["m"])) != (date.value.day, date.value.month):
            return report
        span = near.span()
    else:
        span = m.span()
    return report.model_copy(update={"published": date.value, "published_span": span})


def _posted_without_year(text: str, posted: re.Pattern[str]) -> DateRef | None:
    for m in posted.finditer(text):
        dm = _DAY_MONTH.match(text, m.end())
        if dm is None:
            continue
        day, month = int(dm["d"]), _month(dm["m"])
        years = {h.value.year for h in find_dates(text) if (h.value.day, h.value.month) == (day, month)}
        if len(years) == 1:
            try:
                return DateRef(value=dt.date(years.pop(), month, day), span=dm.span())
            except ValueError:
                return None
    return None
