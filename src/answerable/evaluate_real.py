"""Score the extractor against labels of real public responses (``answerable eval``).

The labels are those of ``../shared/corpus/real/labels.json``, read as they are: one object per
text with ``file, author_name, author_role, force, response_date, addressee, report_title,
report_published, stance, commitments, actions_taken, mentions_publication`` (extra keys such
as ``genre`` and ``notes`` are ignored). :func:`answerable.evaluate.evaluate` hands a labels file
in this shape here.

Each field is scored one of four ways: **right**; **missed** (null where the label has a value);
**wrong** (a value, not the labelled one); **given where null** (a value where the label is
null). A right null counts as right. Precision first: a wrong value is worse than a miss.

* names are compared without honorifics ("Sir Graham Bright" = "Graham Bright");
* a role is compared as the canonical title ``roles.yaml`` gives the label's words
  ("Police & Crime Commissioner" = "Police and Crime Commissioner");
* a report title is right when it names the same report: the same content words, or the
  content words of one inside the other (see :func:`same_report`);
* stance is not scored where the label is null (the excerpt does not show the body's view);
* commitments and actions taken are recall: the share of labelled phrases that an extracted
  statement of that kind covers (they overlap by at least half of the shorter of the two).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Optional

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from answerable.errors import AnswerableError, LabelsError
from answerable.models import Record

#: The scored fields, in table order.
FIELDS = ("force", "author", "role", "date", "addressees", "report_title", "report_published",
          "stance", "mentions_publication")
RECALLS = ("commitments", "actions_taken")
SPAN_FIELD = "span_exactness"
#: Keys that mark a labels file in this shape.
MARKER_KEYS = frozenset({"author_name", "response_date"})

Extractor = Callable[[Path], Record]


class RealLabel(BaseModel):
    """The label of one real text (see ``../shared/corpus/real/README.md``)."""

    model_config = ConfigDict(extra="ignore")

    file: str
    author_name: Optional[str] = None
    author_role: Optional[str] = None
    force: Optional[str] = None
    response_date: Optional[dt.date] = None
    addressee: Optional[str] = None
    report_title: Optional[str] = None
    report_published: Optional[dt.date] = None
    stance: Optional[str] = None
    commitments: list[str] = Field(default_factory=list)
    actions_taken: list[str] = Field(default_factory=list)
    mentions_publication: Optional[bool] = None
    _path: Optional[Path] = PrivateAttr(default=None)

    @property
    def path(self) -> Optional[Path]:
        return self._path


class Outcome(BaseModel):
    file: str
    field: str
    outcome: str  # right | missed | wrong | given_where_null
    expected: Any = None
    got: Any = None


class FieldTally(BaseModel):
    field: str
    right: int = 0
    missed: int = 0
    wrong: int = 0
    given_where_null: int = 0

    @property
    def total(self) -> int:
        return self.right + self.missed + self.wrong + self.given_where_null

    @property
    def accuracy(self) -> Optional[float]:
        return self.right / self.total if self.total else None


class Recall(BaseModel):
    field: str
    found: int = 0
    total: int = 0

    @property
    def accuracy(self) -> Optional[float]:
        return self.found / self.total if self.total else None


class RealEvalReport(BaseModel):
    """Per-field right / missed / wrong / given-where-null, recalls, spans, and every outcome
    that was not right."""

    labels: str
    files: int
    fields: list[FieldTally]
    recalls: list[Recall]
    spans: Recall
    outcomes: list[Outcome] = Field(default_factory=list)
    errors: list[dict[str, str]] = Field(default_factory=list)
    seconds: float = 0.0

    def accuracy(self, field: str) -> Optional[float]:
        for tally in self.fields:
            if tally.field == field:
                return tally.accuracy
        for rec in self.recalls:
            if rec.field == field:
                return rec.accuracy
        if field == SPAN_FIELD:
            return self.spans.accuracy
        raise KeyError(f"unknown field {field!r}; fields are {', '.join(FIELDS + RECALLS + (SPAN_FIELD,))}")

    def wrong(self, field: str) -> int:
        """Wrong values plus values given where the label is null."""
        tally = next(t for t in self.fields if t.field == field)
        return tally.wrong + tally.given_where_null

    def table(self) -> str:
        from answerable.evaluate import percent

        lines = [f"{'field':<21} {'right':>5} {'missed':>6} {'wrong':>5} {'given-null':>10} "
                 f"{'total':>5} {'accuracy':>8}"]
        for t in self.fields:
            lines.append(f"{t.field:<21} {t.right:>5} {t.missed:>6} {t.wrong:>5} "
                         f"{t.given_where_null:>10} {t.total:>5} {percent(t.accuracy):>8}")
        for r in (*self.recalls, self.spans):
            label = f"{r.field} recall" if r.field in RECALLS else r.field
            lines.append(f"{label:<21} {r.found:>5} {'':>6} {'':>5} {'':>10} {r.total:>5} "
                         f"{percent(r.accuracy):>8}")
        lines.append(f"{self.files} files in {self.seconds:.2f}s, {len(self.errors)} could not be read")
        for err in self.errors:
            lines.append(f"error  {err['file']}: {err['message']}")
        for o in self.outcomes:
            if o.outcome != "right":
                lines.append(f"{o.outcome:<16} {o.file}  {o.field}: expected {_show(o.expected)}, "
                             f"got {_show(o.got)}")
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        data = self.model_dump(mode="json")
        for entry, tally in zip(data["fields"], self.fields):
            entry["total"], entry["accuracy"] = tally.total, tally.accuracy
        for entry, rec in zip(data["recalls"], self.recalls):
            entry["accuracy"] = rec.accuracy
        data["spans"]["accuracy"] = self.spans.accuracy
        return data


def _show(value: Any) -> str:
    return "null" if value is None else json.dumps(value, ensure_ascii=False, default=str)


def is_real_labels(raw: Any) -> bool:
    """True when a parsed labels file is in the real corpus's shape."""
    return isinstance(raw, list) and bool(raw) and isinstance(raw[0], dict) and bool(MARKER_KEYS & raw[0].keys())


def load_real_labels(path: Path, raw: list[Any]) -> list[RealLabel]:
    from answerable.evaluate import resolve_label_file

    labels = []
    for i, item in enumerate(raw):
        try:
            label = RealLabel.model_validate(item)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "entry"
            raise LabelsError(f"entry {i}: {where}: {first['msg']}; see the corpus README for the "
                              "label format", path=str(path)) from None
        label._path = resolve_label_file(label.file, path.parent)
        if label.path is None:
            raise LabelsError(f"entry {i}: labelled file {label.file!r} not found next to the labels "
                              "file or in any parent folder; fix the path", path=str(path))
        labels.append(label)
    return labels


# --- comparing values ---------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _honorifics() -> re.Pattern[str]:
    from answerable.extract.lexicon import alternation, cues

    names = cues().get("names") or {}
    return re.compile(r"^(?:" + alternation(names.get("honorifics") or []) + r"\s+)+", re.I)


def same_person(expected: Optional[str], got: Optional[str]) -> bool:
    from answerable.evaluate import norm

    def bare(name: Optional[str]) -> str:
        return norm(_honorifics().sub("", (name or "").strip()))

    return bare(expected) == bare(got)


def canonical_role(words: Optional[str]) -> Optional[str]:
    """The canonical role ``roles.yaml`` gives a label's role words, or the words themselves
    when none does (so an unknown title can only be missed, never matched)."""
    if not words:
        return None
    from answerable.extract.lexicon import roles

    for role, (s, e) in roles().finditer(words):
        if s == 0 and e >= len(words.rstrip()) - 1:
            return role
    hit = roles().first(words)
    return hit[0] if hit and hit[1][0] == 0 else words


# words that say "a report" without saying which
_GENERIC = frozenset("""
a an the of on in into for to and by from its their this that these with at as s
latest new recent recently published publication today released issued annual
report reports inspection inspections assessment assessments review reviews inspected
hmic hmicfrs hmi hm her his majesty majestys majesty's inspectorate inspectorates inspector inspectors
constabulary police force forces fire rescue services service
""".split())
_PEEL_WORDS = frozenset({"effectiveness", "efficiency", "legitimacy"})


@lru_cache(maxsize=1)
def _force_words() -> frozenset[str]:
    from answerable.evaluate import norm
    from answerable.extract.lexicon import forces

    return frozenset(w for name in forces().names for w in norm(name).split() if w not in {"and", "of", "the"})


def content_words(title: Optional[str]) -> frozenset[str]:
    """The words of a title that say which report it is (not "the", "HMICFRS", "report", the
    force's name, nor PEEL's spelled-out pillars next to "PEEL")."""
    from answerable.evaluate import norm

    words = set()
    for w in norm(title).split():
        if w in _GENERIC or w in _force_words():
            continue
        words.add(w[:-1] if len(w) > 4 and w.endswith("s") and not w.endswith("ss") else w)
    if "peel" in words and _PEEL_WORDS <= words:
        words -= _PEEL_WORDS
    return frozenset(words)


def same_report(expected: Optional[str], got: Optional[str]) -> bool:
    """Whether two titles name the same report: both absent; the same content words; or the
    content words of one inside the other's, with few extras (at most three, or at most as
    many as are shared). Falls back to :func:`answerable.evaluate.titles_match`."""
    from answerable.evaluate import titles_match

    if not expected or not got:
        return not expected and not got
    a, b = content_words(expected), content_words(got)
    if a == b:
        return True
    small, big = sorted((a, b), key=len)
    if small and small <= big and (len(big) - len(small) <= 3 or len(small) * 2 >= len(big)):
        return True
    return titles_match(expected, got)


def _covered(text: str, phrase: str, spans: list[tuple[int, int]]) -> bool:
    """True when an extracted statement and the labelled phrase overlap by at least half of the
    shorter of the two (a clause inside the phrase, or a sentence holding it)."""
    from answerable.extract.grounding import locate

    where, _ = locate(text, phrase)
    if where is None:
        return False
    s, e = where
    for a, b in spans:
        if min(e, b) - max(s, a) >= min(e - s, b - a) / 2:
            return True
    return False


def _got(record: Record) -> dict[str, Any]:
    return {
        "force": record.force.name,
        "author": record.author.name,
        "role": record.author.role,
        "date": record.date.value.isoformat() if record.date.value else None,
        "addressees": sorted({a.name for a in record.addressees}) or None,
        "report_title": record.report.title,
        "report_published": record.report.published.isoformat() if record.report.published else None,
        "stance": record.stance.value,
        "mentions_publication": any(st.kind == "will_publish" for st in record.statements),
    }


def _expected(label: RealLabel) -> dict[str, Any]:
    return {
        "force": label.force,
        "author": label.author_name,
        "role": canonical_role(label.author_role),
        "date": label.response_date.isoformat() if label.response_date else None,
        "addressees": [label.addressee] if label.addressee else None,
        "report_title": label.report_title,
        "report_published": label.report_published.isoformat() if label.report_published else None,
        "stance": label.stance,
        "mentions_publication": label.mentions_publication,
    }


def _right(field: str, expected: Any, got: Any) -> bool:
    from answerable.evaluate import norm

    if field == "force":
        return norm(expected) == norm(got)
    if field == "author":
        return same_person(expected, got)
    if field == "report_title":
        return same_report(expected, got)
    if field == "addressees":
        return {norm(a) for a in expected or []} == {norm(a) for a in got or []}
    return expected == got


def outcome(field: str, expected: Any, got: Any) -> str:
    """right, missed, wrong or given_where_null."""
    if _right(field, expected, got):
        return "right"
    if field == "mentions_publication":  # a yes/no: saying yes wrongly is a value given
        return "missed" if expected else "given_where_null"
    if got is None:
        return "missed"
    return "given_where_null" if expected is None else "wrong"


def score(label: RealLabel, record: Optional[Record], error: Optional[str],
          tallies: dict[str, FieldTally], recalls: dict[str, Recall], spans: Recall,
          outcomes: list[Outcome]) -> None:
    """Add one text's results."""
    from answerable.evaluate import record_spans, span_is_exact

    expected = _expected(label)
    got = _got(record) if record is not None else {}
    for field in FIELDS:
        if field == "stance" and label.stance is None:
            continue  # the excerpt does not show the body's own view
        exp = expected[field]
        value = got.get(field) if record is not None else None
        result = outcome(field, exp, value) if record is not None else ("missed" if exp is not None else "right")
        setattr(tallies[field], result, getattr(tallies[field], result) + 1)
        outcomes.append(Outcome(file=label.file, field=field, outcome=result, expected=exp,
                                got=value if record is not None else f"error: {error}"))
    for field, kind in (("commitments", "commitment"), ("actions_taken", "action_taken")):
        phrases = getattr(label, field)
        stmt_spans = [st.span for st in record.statements if st.kind == kind] if record else []
        for phrase in phrases:
            ok = record is not None and _covered(record.text, phrase, stmt_spans)
            recalls[field].total += 1
            recalls[field].found += ok
            if not ok:
                outcomes.append(Outcome(file=label.file, field=f"{field} recall", outcome="missed",
                                        expected=phrase, got=None))
    if record is not None:
        for what, span, must_hold in record_spans(record):
            ok = span_is_exact(record.text, span, must_hold, what.startswith("statement."))
            spans.total += 1
            spans.found += ok
            if not ok:
                outcomes.append(Outcome(file=label.file, field=f"span ({what})", outcome="wrong",
                                        expected=must_hold, got=record.text[span[0]:span[1]]))


def evaluate_real(labels_path: Path, raw: list[Any], files: Optional[list[Path]] = None, *,
                  extractor: Optional[Extractor] = None) -> RealEvalReport:
    """Extract every labelled real text (or just ``files``) and score it."""
    labels = load_real_labels(labels_path, raw)
    if files:
        wanted = {Path(f).resolve() for f in files}
        names = {Path(f).name for f in files}
        labels = [lb for lb in labels if lb.path in wanted or (lb.path and lb.path.name in names)]
        if not labels:
            raise LabelsError("none of the given files has a label in this labels file; give "
                              "labelled files or none", path=str(labels_path))
    if extractor is None:
        from answerable.extract import extract as extractor  # type: ignore[no-redef]
    tallies = {f: FieldTally(field=f) for f in FIELDS}
    recalls = {f: Recall(field=f) for f in RECALLS}
    spans = Recall(field=SPAN_FIELD)
    outcomes: list[Outcome] = []
    errors: list[dict[str, str]] = []
    seconds = 0.0
    for label in labels:
        record, error = None, None
        start = time.perf_counter()
        try:
            record = extractor(label.path)  # type: ignore[misc]
        except AnswerableError as exc:
            error = exc.message
            errors.append({"file": label.file, "message": error})
        seconds += time.perf_counter() - start
        score(label, record, error, tallies, recalls, spans, outcomes)
    return RealEvalReport(labels=str(labels_path), files=len(labels), fields=list(tallies.values()),
                          recalls=list(recalls.values()), spans=spans, outcomes=outcomes,
                          errors=errors, seconds=round(seconds, 3))
