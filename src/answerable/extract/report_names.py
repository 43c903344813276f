"""How real texts name the report they answer, and whether a candidate title can be one.

Press statements and web pages rarely quote a report's full title. They write "the latest HMIC
efficiency report", "HMICFRS's report into vetting, misconduct and misogyny", "the PEEL
assessment of Cleveland Police", "the crime data integrity inspection for 2017", "the latest
HMICFRS report, Police performance: Getting a grip, which ...". :func:`mentions` finds such
names round a report noun (report, inspection, assessment, review), as the text writes them:
capitalised words, kind and pillar words and "(PEEL)" before the noun, and what the report is
on ("into ...", "of ...") and its year after it.

:func:`why_not` says why a candidate title is not a report's name, or None: page furniture
(captions, widgets, navigation), a date line, contact details, a name made only of generic words
("the report"), a news headline about the force. The vocabulary is data:
``data/report_names.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from answerable.extract.context import Context
from answerable.extract.lexicon import forces, load_yaml
from answerable.kinds import classify
from answerable.models import Span


@dataclass(frozen=True)
class Mention:
    span: Span
    kind: str | None
    in_heading: bool


@dataclass(frozen=True)
class _Vocab:
    noun: re.Pattern[str]
    token_before: re.Pattern[str]
    part_of: re.Pattern[str]
    topic_after: re.Pattern[str]
    year_after: re.Pattern[str]
    topic_stop: re.Pattern[str]
    modifier_at: re.Pattern[str]
    appositive: re.Pattern[str]
    paren_after: re.Pattern[str]
    generic: frozenset[str]
    furniture: re.Pattern[str]
    headline: re.Pattern[str]
    title_form: re.Pattern[str]
    not_a_name: re.Pattern[str]
    listing_at_least: int


_STOP_BEFORE = frozenset("""the this that these those its their our my your a an in on at to for from by with
following after today yesterday responding commenting reacting welcomes welcomed responds comments latest
recent new recently""".split())
_INSPECTORATE = re.compile(r"\b(?:HMICFRS|HMIC|HMI|HM\s+Inspectorate|Inspectorate|[Ii]nspectors?|Majesty['’]s\s+Inspector)", re.I)
_WORD = re.compile(r"[a-z0-9]+")
_SENTENCES = re.compile(r"[a-z)][.!?]\s+[A-Z]")


@lru_cache(maxsize=1)
def vocabulary() -> _Vocab:
    d = load_yaml("report_names")
    modifiers = "".join(str(d["modifiers"]).split())
    token = (r"(?:(?<![\w’'-])(?P<w>[A-Z][\w’'&.-]*|(?i:" + modifiers + r")|\([^()\n]{1,80}\)|‘[^’\n]{1,30}’|'[^'\n]{1,30}'|"
             r"(?:19|20)\d\d(?:\s*[/–-]\s*(?:19|20)?\d\d)?)|(?<![\w’'-])(?P<j>and|&|of)|(?P<c>,))[ \t]*\Z")
    return _Vocab(
        noun=re.compile(r"(?<![\w-])(?:" + d["nouns"] + r")(?![\w-])", re.I),
        token_before=re.compile(token),
        part_of=re.compile(r"(?:" + d["part_of"] + r")\Z", re.I),
        topic_after=re.compile(d["topic_after"], re.I),
        year_after=re.compile(d["year_after"], re.I),
        topic_stop=re.compile(d["topic_stop"]),
        modifier_at=re.compile(r"(?i:" + modifiers + r")\b"),
        appositive=re.compile(d["appositive"]),
        paren_after=re.compile(r"[ \t]*\((?![^()\n]*\b(?:published|publication|released|\d{1,2}\s+\w+\s+(?:19|20)\d\d)\b)[^()\n]{2,80}\)"),
        generic=frozenset(str(d["generic_words"]).lower().split()),
        furniture=re.compile(d["furniture"], re.I),
        headline=re.compile(d["headline_verbs"], re.I),
        title_form=re.compile(d["title_form"], re.I),
        not_a_name=re.compile(d["not_a_name"], re.I),
        listing_at_least=int(d.get("listing_at_least", 3)),
    )


@lru_cache(maxsize=1)
def _force_words() -> frozenset[str]:
    return frozenset(w for name in forces().names for w in _WORD.findall(name.lower()) if w not in ("and", "of", "the"))


def content_words(title: str) -> frozenset[str]:
    """The words of a name that say which report it is: not generic words, not force names, not
    a bare year."""
    v = vocabulary()
    words = _WORD.findall(title.lower().replace("’", "'").replace("'s", ""))
    return frozenset(w for w in words if w not in v.generic and w not in _force_words()
                     and not w.isdigit())


def why_not(title: str, *, whole_line: bool = False) -> str | None:
    """Why ``title`` is not a report's name, or None when it can be one. ``whole_line``: the
    candidate is a whole heading or quote (so a news headline's verb counts against it)."""
    v = vocabulary()
    if v.furniture.search(title):
        return "page furniture (a caption, widget or navigation)"
    if v.not_a_name.search(title):
        return "a date line, dateline or contact details"
    if len(title.split()) > 30:
        return "too long for a report's name"
    if whole_line and v.headline.search(title) and not _INSPECTORATE.match(title) and not v.title_form.search(title):
        return "a news headline, not a report's name"
    if _SENTENCES.search(title):
        return "more than one sentence: speech, not a report's name"
    if not content_words(title):
        return "it names no particular report (only words such as 'the HMICFRS report')"
    return None


def _extend_left(text: str, s: int, line_start: int) -> int:
    """Start of the name that ends with the noun at ``s``: back over capitalised words, kind
    words, "(PEEL)", years and the joiners between them."""
    v = vocabulary()
    pos, kept = s, s
    while pos > line_start:
        m = v.token_before.search(text, max(line_start, pos - 90), pos)
        if m is None:
            break
        word = m.group("w")
        if word is not None:
            low = word.lower().strip("’'")
            if low in _STOP_BEFORE:
                break
            if low in ("her", "his") and not re.match(r"\s*Majesty", text[m.end("w"):m.end("w") + 12]):
                break
            kept = m.start()
        pos = m.start()
    if "peel" in text[kept:s + 12].lower():  # "the third and final element of the PEEL assessment"
        part = v.part_of.search(text[max(line_start, kept - 60):kept])
        if part:
            return max(line_start, kept - 60) + part.start()
    return kept


def _extend_right(text: str, e: int, limit: int) -> int:
    """End of the name whose noun ends at ``e``: "(PEEL)", a year, "into <topic>" (never past
    ``limit``, the end of its paragraph or heading; a line wrapped inside it is no end)."""
    v = vocabulary()
    m = v.paren_after.match(text, e, limit)
    if m:
        e = m.end()
    m = v.year_after.match(text, e, limit)
    if m:
        return m.end()
    m = v.topic_after.match(text, e, limit)
    if m:
        window = min(limit, m.end() + 160)
        stop = _topic_stop(text, m.end(), window)
        end = stop.start() if stop else window
        if stop is None and end < limit:  # cut by the window, not by the text: end at a word
            end = text.rfind(" ", m.end(), end + 1)
        if end - m.end() >= 3:
            e = end
            y = v.year_after.match(text, e, limit) or v.paren_after.match(text, e, limit)  # "... Legitimacy (PEEL)"
            if y:
                e = y.end()
    return e


def _topic_stop(text: str, start: int, end: int) -> re.Match[str] | None:
    """Where a topic ends; a comma before a capitalised word ends it unless the word goes on a
    list of kinds ("Police Efficiency, Effectiveness and Legitimacy")."""
    v = vocabulary()
    pos = start
    while True:
        stop = v.topic_stop.search(text, pos, end)
        if stop is None or not stop.group(0).startswith(",") or not v.modifier_at.match(text, stop.end()):
            return stop
        pos = stop.end()


def _trim(text: str, s: int, e: int) -> Span:
    while s < e and (text[s].isspace() or text[s] in ",;:–-"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:–-.’'"):
        if text[e - 1] in "’'" and text[s:e].count(text[e - 1]) % 2 == 0:
            break
        e -= 1
    return s, e


def mentions(ctx: Context) -> list[Mention]:
    """Every plausible name of an inspection report in the text's headings and paragraphs, in
    text order (found once per text)."""
    cached = ctx.memo.get("report_mentions")
    if cached is None:
        cached = ctx.memo["report_mentions"] = _mentions(ctx)
    return cached


def _mentions(ctx: Context) -> list[Mention]:
    v = vocabulary()
    text = ctx.text
    out: list[Mention] = []
    for m in v.noun.finditer(text):
        kind_at = ctx.kind_at(m.start())
        if kind_at not in ("heading", "subject", "paragraph", "list_item", "letterhead"):
            continue
        line_start = max(text.rfind("\n", 0, m.start()) + 1, m.start() - 300)
        left = _extend_left(text, m.start(), line_start)
        app = v.appositive.match(text, m.end())
        if app:  # "the latest HMICFRS report, Police performance: Getting a grip, which ..."
            s, e = _trim(text, *app.span("title"))
        else:
            seg = ctx.segment_at(m.start())
            s, e = _trim(text, left, _extend_right(text, m.end(), seg.span[1] if seg else len(text)))
        name = text[s:e]
        if why_not(name) is not None:
            continue
        guess = classify(name)
        if guess.kind is None and not _INSPECTORATE.search(text, left, e):
            continue  # "the Baroness Casey Review", "a fair review of where ...": no inspectorate's report
        out.append(Mention((s, e), guess.kind, kind_at in ("heading", "subject")))
    return _distinct(out)


def _near_inspectorate(ctx: Context, offset: int) -> bool:
    sent = ctx.sentence_at(offset)
    if sent is None:
        line_start = ctx.text.rfind("\n", 0, offset) + 1
        line_end = ctx.text.find("\n", offset)
        sent = (line_start, len(ctx.text) if line_end < 0 else line_end)
    return bool(_INSPECTORATE.search(ctx.text, *sent))


def _distinct(found: list[Mention]) -> list[Mention]:
    """Drop a mention lying inside an earlier one's span."""
    out: list[Mention] = []
    for mention in found:
        if out and out[-1].span[0] <= mention.span[0] and mention.span[1] <= out[-1].span[1]:
            continue
        out.append(mention)
    return out


def best_mention(ctx: Context) -> Mention | None:
    """The mention that most likely names the report answered: the first in the body (a
    headline shortens the name the lead paragraph gives), else the first in a heading."""
    found = mentions(ctx)
    body = [m for m in found if not m.in_heading]
    return (body or found or [None])[0]


def listing(ctx: Context) -> int:
    """How many different reports the text's headings name when that is so many that the text
    is a list of reports (an OPCC's "HMICFRS reports" page answers none in particular), else 0."""
    listed = {content_words(ctx.text[m.span[0]:m.span[1]]) for m in mentions(ctx) if m.in_heading}
    count = len(_unrelated(listed))
    return count if count >= vocabulary().listing_at_least else 0


def _unrelated(sets: set[frozenset[str]]) -> list[frozenset[str]]:
    """The word sets that are not inside another (the same report named twice counts once)."""
    return [a for a in sets if not any(a < b for b in sets)]
