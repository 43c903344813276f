"""Import an inspection report from its own text (PDF, HTML, DOCX, TXT via ``answerable.read``).

Finds the title, the publication date and the numbered recommendations, areas for improvement
and causes of concern, each with its span in the report text and, where the report says
"By 31 March 2021, chief constables should ...", its due date and addressees.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from answerable.catalogue import SLUG, force_names, load_yaml, recommendation_id
from answerable.errors import ReportParseError
from answerable.models import Document, Recommendation, Report, Span

_MONTHS = ("january february march april may june july august september october november "
           "december").split()
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|" \
         r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
DATE = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s+\d{{4}}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
_TITLE_LINE = re.compile(r"^\s*title\s*:\s*(.+?)\s*$", re.I | re.M)
_ITEM = re.compile(r"^[ \t]*(?:(\d+[a-z]?)[.)]|[•▪●*\-–])[ \t]+", re.M)  # "3." "3)" or a bullet


def _alternation(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class ImportRules:
    """The patterns of ``data/reports/_import.yaml``, compiled."""

    kinds: dict[str, str]  # lower-case label or heading -> recommendation kind
    label: re.Pattern[str]
    section: re.Pattern[str]
    recommend: re.Pattern[str]
    by_date: re.Pattern[str]
    modal: re.Pattern[str]
    published: re.Pattern[str]
    addressees: dict[str, list[re.Pattern[str]]]


@lru_cache(maxsize=1)
def import_rules() -> ImportRules:
    """Read and compile ``data/reports/_import.yaml`` (once per process)."""
    data = load_yaml((resources.files("answerable") / "data" / "reports" / "_import.yaml").read_text(encoding="utf-8"))
    kinds = {w.lower(): kind for key in ("labels", "sections") for kind, words in data[key].items() for w in words}
    labels = _alternation(w for words in data["labels"].values() for w in words)
    sections = _alternation(w for words in data["sections"].values() for w in words)
    modal = _alternation(data["modal_verbs"])
    return ImportRules(
        kinds=kinds,
        label=re.compile(rf"^[ \t]*(?:#+[ \t]*)?({labels})(?:[ \t]+(\d+[a-z]?)\b[ \t]*[:.\-–—]?[ \t]*"
                         r"|[ \t]*:?[ \t]*$)", re.I | re.M),
        section=re.compile(rf"^[ \t]*(?:#+[ \t]*)?({sections})[ \t]*:?[ \t]*$", re.I | re.M),
        recommend=re.compile(rf"\b(?:{_alternation(data['recommend_sentences'])})\b", re.I),
        by_date=re.compile(rf"\bby\s+({DATE}),\s+(?:all\s+|the\s+)?[A-Za-z][^.]{{0,120}}?\b(?:{modal})\b", re.I),
        modal=re.compile(rf"\b(?:{modal})\b", re.I),
        published=re.compile(rf"\b(?:{_alternation(data['published_labels'])})\s*:?\s*({DATE})", re.I),
        addressees={name: [re.compile(p, re.I) for p in pats] for name, pats in data["addressees"].items()},
    )


PATTERNS_LOOKED_FOR = ("'Recommendation 1' (or 'Area for improvement 1', 'Cause of concern 1') labels; "
                       "numbered items '1.' under a 'Recommendations' heading; sentences starting "
                       "'We recommend that'; and 'By 31 March 2021, chief constables should ...'")


@dataclass
class _Found:
    kind: str
    number: Optional[str]
    span: Span


def parse_date(text: str) -> Optional[dt.date]:
    """A date written as '12 March 2021', '12th March 2021', 'March 12, 2021' or ISO."""
    text = text.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    words = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", text.replace(",", " ")).split()
    if len(words) != 3:
        return None
    day, month, year = (words[0], words[1], words[2]) if words[0].isdigit() else (words[1], words[0], words[2])
    names = [m for m in _MONTHS if m.startswith(month.lower()[:3])]
    try:
        return dt.date(int(year), _MONTHS.index(names[0]) + 1, int(day)) if names else None
    except ValueError:
        return None


def find_title(doc: Document) -> Optional[str]:
    """A 'Title:' line, the document's own title (HTML/PDF metadata), else its first heading."""
    found = _TITLE_LINE.search(doc.text[:3000])
    if found:
        return found.group(1)
    if doc.title and doc.title.strip():  # "Report title | HMICFRS" -> "Report title"
        return re.split(r"\s+\|\s+|\s+[-\u2013\u2014]\s+(?=HMICFRS$|GOV\.UK$|Justice Inspectorates$)",
                        doc.title.strip())[0]
    for line in doc.text.splitlines():
        words = line.strip().lstrip("#").strip()
        if len(words.split()) >= 2 and not import_rules().published.search(words) and not words.lower().startswith("date"):
            return words
    return None


def find_published(text: str) -> tuple[Optional[dt.date], Optional[Span]]:
    """The publication date the report states ('Published: 12 March 2021', 'Date of publication')."""
    found = import_rules().published.search(text)
    if not found:
        return None, None
    return parse_date(found.group(1)), found.span(1)


def _paragraph_end(text: str, start: int, stop: int) -> int:
    """End of the paragraph beginning at ``start`` (a blank line), no further than ``stop``."""
    blank = re.compile(r"\n[ \t]*\n").search(text, start, stop)
    return blank.start() if blank else stop


def _starts_block(text: str, pos: int) -> bool:
    """True when ``pos`` begins a paragraph, not a line wrapped in the middle of a sentence."""
    before = text[:pos].rstrip(" \t")
    if not before or before.endswith("\n\n") or text[pos:pos + 1] == "#":
        return True
    prev = before.rstrip()
    last_line = prev[prev.rfind("\n") + 1:]
    return not prev or prev[-1] in ".:;!?)]\"'’”" or len(last_line) < 60  # after a heading


def _labelled(text: str) -> Iterator[_Found]:
    """Items after 'Recommendation 3', 'Area for improvement 2', 'Cause of concern 1' labels."""
    rules = import_rules()
    labels = [m for m in rules.label.finditer(text) if _starts_block(text, m.start())]
    for i, m in enumerate(labels):
        stop = labels[i + 1].start() if i + 1 < len(labels) else len(text)
        start = m.end()
        while start < stop and text[start] in " \t\n":
            start += 1
        yield _Found(rules.kinds[m.group(1).lower()], m.group(2), (start, _with_list(text, start, _paragraph_end(text, start, stop), stop)))


def _with_list(text: str, start: int, end: int, stop: int) -> int:
    """``end`` moved past the list an item introduces ("should, within three months:" then
    bullets), no further than ``stop``."""
    while text[start:end].rstrip().endswith(":") or (end > start and _ITEM.match(text, _line_start(text, end))):
        nxt = _skip_blank(text, end)
        item = _ITEM.match(text, nxt) if nxt < stop else None
        if not item:
            break
        end = _paragraph_end(text, item.end(), stop)
        following = _ITEM.search(text, item.end(), end)
        while following:  # several items in one block
            end = _paragraph_end(text, following.end(), stop)
            following = _ITEM.search(text, following.end(), end)
    return end


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, max(0, pos - 1)) + 1


def _sections(text: str) -> Iterator[_Found]:
    """Numbered or bulleted items under 'Recommendations' / 'Areas for improvement' headings
    (after at most one introductory paragraph)."""
    rules = import_rules()
    for sec in rules.section.finditer(text):
        kind = rules.kinds[sec.group(1).lower()]
        pos = sec.end()
        if not _ITEM.match(text, _skip_blank(text, pos)):  # "We make five recommendations:"
            pos = _paragraph_end(text, _skip_blank(text, pos), len(text))
        while True:
            item = _ITEM.match(text, _skip_blank(text, pos))
            if not item:
                break
            end = _paragraph_end(text, item.end(), len(text))
            nxt = _ITEM.search(text, item.end(), end)
            end = nxt.start() if nxt else end
            yield _Found(kind, item.group(1), (item.end(), end))
            pos = end


def _skip_blank(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\n":
        pos += 1
    return pos


def _sentence_end(text: str, start: int) -> int:
    found = re.compile(r"\.(?=\s+[A-Z\"'‘“(]|\s*$)|\n[ \t]*\n").search(text, start)
    return found.start() + (1 if text[found.start()] == "." else 0) if found else len(text)


def _sentences(text: str, pattern: re.Pattern[str]) -> Iterator[_Found]:
    for m in pattern.finditer(text):
        yield _Found("recommendation", None, (m.start(), _sentence_end(text, m.start())))


def _addressees(text: str) -> list[str]:
    """Who the recommendation is addressed to, from its subject (words before 'should')."""
    rules = import_rules()
    body = re.sub(rf"^\s*by\s+{DATE},?\s*", "", text, flags=re.I)
    lead = rules.recommend.match(body.lstrip())
    body = body.lstrip()[lead.end():] if lead else body  # "We recommend that" is not the subject
    modal = rules.modal.search(body)
    subject = body[: modal.start()] if modal else body[:150]
    found: list[tuple[int, str]] = []
    for name, patterns in rules.addressees.items():
        for pattern in patterns:
            m = pattern.search(subject)
            if m:
                label = name.replace("{1}", m.group(1).strip()) if m.groups() else name
                found.append((m.start(), label))
                break
    return [label for _, label in sorted(found)]


def _due(text: str) -> Optional[dt.date]:
    m = re.match(rf"\s*by\s+({DATE})", text, re.I)
    return parse_date(m.group(1)) if m else None


def find_recommendations(text: str) -> list[Recommendation]:
    """Every recognisable recommendation, area for improvement and cause of concern, in order."""
    found: list[_Found] = []
    rules = import_rules()
    for item in [*_labelled(text), *_sections(text), *_sentences(text, rules.recommend),
                 *_sentences(text, rules.by_date)]:
        if not any(_overlaps(item.span, f.span) for f in found) and text[slice(*item.span)].strip():
            found.append(item)
    found.sort(key=lambda f: f.span[0])
    return _within_causes(text, _number(text, found))


def _within_causes(text: str, recs: list[Recommendation]) -> list[Recommendation]:
    """Each recommendation that follows a cause of concern (before the next section heading)
    records that cause of concern in ``within``."""
    headings = [m.start() for m in import_rules().section.finditer(text)]
    current: Optional[Recommendation] = None
    out: list[Recommendation] = []
    for rec in recs:
        start = rec.span[0] if rec.span else 0
        if current is not None and current.span and any(current.span[0] < h < start for h in headings):
            current = None
        if rec.kind == "cause_of_concern":
            current = rec
        elif rec.kind == "recommendation" and current is not None:
            rec = rec.model_copy(update={"within": current.id})
        out.append(rec)
    return out


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _number(text: str, found: list[_Found]) -> list[Recommendation]:
    """Recommendations with ids; unnumbered (or clashing) items take the next free number."""
    used: set[str] = set()
    numbered = {id(f): recommendation_id(f.kind, f.number, 0) for f in found if f.number is not None}
    reserved = set(numbered.values())
    counters: dict[str, int] = {}
    recs: list[Recommendation] = []
    for f in found:
        number, rid = f.number, numbered.get(id(f))
        if rid is None or rid in used:
            n = counters.get(f.kind, 0) + 1
            while recommendation_id(f.kind, str(n), 0) in reserved | used:
                n += 1
            counters[f.kind] = n
            rid, number = recommendation_id(f.kind, str(n), 0), number or str(n)
        used.add(rid)
        words = " ".join(text[f.span[0]:f.span[1]].split())
        recs.append(Recommendation(id=rid, number=number, kind=f.kind, text=words,
                                   addressees=_addressees(words), due=_due(words), span=f.span))
    return recs


def scope_from_title(title: str) -> tuple[str, list[str]]:
    """Scope and forces from a title: one force named -> ("force", [it]); else ("national", [])."""
    names = force_names()
    lowered = f" {' '.join(re.findall(r'[a-z0-9&-]+', title.lower()))} "
    found = {names[n] for n in sorted(names, key=len, reverse=True) if f" {n} " in lowered}
    if len(found) == 1:
        return "force", sorted(found)
    return "national", []


def slugify(title: str) -> str:
    """An id from a title: its main part (before a colon or dash), lower-case, hyphenated."""
    main = re.split(r"\s*[:\u2013\u2014]\s+|\s+-\s+", title, maxsplit=1)[0]
    words = re.findall(r"[a-z0-9]+", main.lower().replace("'", "").replace("’", ""))
    slug = "-".join(words)[:60].strip("-")
    return slug or "report"


def _document(source: Union[Document, Path, str]) -> Document:
    if isinstance(source, Document):
        return source
    from answerable.read import read, read_text

    if isinstance(source, Path) or (isinstance(source, str) and "\n" not in source and Path(source).exists()):
        return read(source)
    return read_text(source)


def import_report(source: Union[Document, Path, str], *, report_id: str | None = None) -> Report:
    """A catalogue :class:`Report` from a report's own text; :class:`ReportParseError` if it has
    no recognisable recommendations."""
    doc = _document(source)
    where = doc.source.path
    recs = find_recommendations(doc.text)
    if not recs:
        raise ReportParseError(f"no recognisable recommendations in the report. Looked for "
                               f"{PATTERNS_LOOKED_FOR}. If it has none, write its catalogue YAML by "
                               "hand (see data/reports/README.md).", path=where)
    title = find_title(doc) or (Path(where).stem if where else "Untitled report")
    published, _ = find_published(doc.text)
    rid = report_id or slugify(title)
    if not SLUG.match(rid):
        raise ReportParseError(f"--id {rid!r} is not a slug: use lower-case letters, digits and "
                               "hyphens, e.g. `safer-at-night`", path=where)
    title = " ".join(title.split())
    scope, forces = scope_from_title(title)
    return Report(id=rid, title=title, published=published, scope=scope, forces=forces,
                  link=None, recommendations=recs, recommendations_known=True,
                  notes=f"Imported from {Path(where).name if where else 'text'} by `answerable reports add`; "
                        "check forces in scope and kind.")


def merge_into(existing: Report, imported: Report) -> Report:
    """``existing`` catalogue metadata (title, short names, forces, kind, ...) with the imported
    recommendations; the imported publication date fills a missing one."""
    return existing.model_copy(update={
        "recommendations": imported.recommendations,
        "recommendations_known": True,
        "published": existing.published or imported.published,
        "notes": f"Recommendations imported by `answerable reports add`. {existing.notes or ''}".strip(),
    })
