"""Measure extraction quality against hand labels (``answerable eval``).

>>> from answerable.evaluate import evaluate
>>> report = evaluate("tests/fixtures/devset/labels.json")
>>> report.accuracy("force"), report.accuracy("date")
>>> print(report.table())

The labels format is documented in ``tests/fixtures/devset/README.md``. Each labelled field is
scored right or wrong per file; a file the extractor cannot read scores every labelled field
wrong (it is not left out, which would flatter the figures). ``span exactness`` is the share of
spans in the records whose text really is the evidence they claim: ``text[start:end]`` equals a
statement's text, contains the author's name or the report title, and lies inside the text.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import time
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Optional, Sequence

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError
from rapidfuzz import fuzz

from answerable.errors import AnswerableError, LabelsError
from answerable.models import Record, RoleTitle, StanceValue, StatementKind

if TYPE_CHECKING:
    from answerable.evaluate_real import RealEvalReport

#: Fields scored, in table order (``span exactness`` is added after them).
FIELDS = ("force", "author", "role", "date", "addressees", "report_title", "report_published",
          "stance", "statements")
SPAN_FIELD = "span_exactness"
TITLE_THRESHOLD = 90.0

Extractor = Callable[[Path], Record]


class Label(BaseModel):
    """The hand label of one file (see ``tests/fixtures/devset/README.md``)."""

    model_config = ConfigDict(extra="forbid")

    file: str
    force: Optional[str] = None
    author: Optional[str] = None
    role: Optional[RoleTitle] = None
    date: Optional[dt.date] = None
    addressees: Optional[list[str]] = None
    report_title: Optional[str] = None
    report_published: Optional[dt.date] = None
    stance: Optional[StanceValue] = None
    statements: Optional[dict[StatementKind, int]] = None
    _path: Optional[Path] = PrivateAttr(default=None)  # resolved by load_labels

    @property
    def path(self) -> Optional[Path]:
        """The labelled file, resolved to an existing path by :func:`load_labels`."""
        return self._path

    def scored(self) -> list[str]:
        """The fields this label gives (explicit ``null`` counts as given)."""
        return [f for f in FIELDS if f in self.model_fields_set]


class Miss(BaseModel):
    file: str
    field: str
    expected: Any = None
    got: Any = None


class FieldScore(BaseModel):
    field: str
    correct: int = 0
    total: int = 0

    @property
    def accuracy(self) -> Optional[float]:
        return self.correct / self.total if self.total else None


class FileError(BaseModel):
    file: str
    message: str


class EvalReport(BaseModel):
    """Per-field accuracy over the labelled files, every miss, and files that failed."""

    labels: str
    files: int
    scores: list[FieldScore]
    misses: list[Miss] = Field(default_factory=list)
    errors: list[FileError] = Field(default_factory=list)
    seconds: float = 0.0  # time spent extracting

    def accuracy(self, field: str) -> Optional[float]:
        """Accuracy of ``field`` (0..1), or None when no label scores it."""
        for score in self.scores:
            if score.field == field:
                return score.accuracy
        raise KeyError(f"unknown field {field!r}; fields are {', '.join(FIELDS + (SPAN_FIELD,))}")

    def table(self) -> str:
        """A plain-text accuracy table followed by the list of misses."""
        lines = [f"{'field':<18} {'correct':>7} {'total':>6} {'accuracy':>9}"]
        for s in self.scores:
            acc = percent(s.accuracy)
            lines.append(f"{s.field:<18} {s.correct:>7} {s.total:>6} {acc:>9}")
        lines.append(f"{self.files} files in {self.seconds:.2f}s, {len(self.errors)} could not "
                     f"be read, {len(self.misses)} misses")
        for err in self.errors:
            lines.append(f"error  {err.file}: {err.message}")
        for m in self.misses:
            lines.append(f"miss   {m.file}  {m.field}: expected {_show(m.expected)}, got {_show(m.got)}")
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dict with accuracy figures included."""
        data = self.model_dump(mode="json")
        for entry, score in zip(data["scores"], self.scores):
            entry["accuracy"] = score.accuracy
        return data


# --- labels ----------------------------------------------------------------------------------
def load_labels(labels_path: str | Path) -> list[Label]:
    """Read and validate a labels file (a JSON list, or JSON Lines if named ``*.jsonl``),
    resolving every ``file`` to an existing path. Keys starting with ``_`` are ignored.

    A folder means every ``labels.json`` under it (sorted), e.g. the dev set and its holdouts.
    """
    path = Path(labels_path)
    if path.is_dir():
        files = sorted(path.rglob("labels.json"))
        if not files:
            raise LabelsError("no labels.json in this folder or below; give a labels file or a "
                              "folder that holds one", path=str(path))
        return [label for f in files for label in load_labels(f)]
    try:
        content = path.read_text(encoding="utf-8")
        if path.suffix == ".jsonl":  # JSON Lines: one label per line
            raw = [json.loads(line) for line in content.splitlines() if line.strip()]
        else:
            raw = json.loads(content)
    except FileNotFoundError:
        raise LabelsError("no such labels file; give the path of a labels.json "
                          "(see tests/fixtures/devset/README.md)", path=str(path)) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LabelsError(f"not valid UTF-8 JSON ({exc}); fix the file so it parses",
                          path=str(path)) from None
    if not isinstance(raw, list):
        raise LabelsError("expected a JSON list of label objects, one per file", path=str(path))
    labels = []
    for i, item in enumerate(raw):
        if isinstance(item, dict):  # keys starting with "_" are notes, not labels
            item = {k: v for k, v in item.items() if not k.startswith("_")}
        try:
            label = Label.model_validate(item)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "entry"
            raise LabelsError(f"entry {i}: {where}: {first['msg']}; see tests/fixtures/devset/"
                              "README.md for the label format", path=str(path)) from None
        label._path = resolve_label_file(label.file, path.parent)
        if label.path is None:
            raise LabelsError(f"entry {i}: labelled file {label.file!r} not found next to the "
                              "labels file or in any parent folder; fix the path",
                              path=str(path))
        labels.append(label)
    return labels


def resolve_label_file(name: str, base: Path) -> Optional[Path]:
    """Find a labelled file: next to the labels or in a parent folder (the real seed letters are
    not bundled: they are read from ``../shared/corpus/seeds``)."""
    candidate = Path(name)
    if candidate.is_absolute():
        return candidate if candidate.is_file() else None
    for folder in [base.resolve(), *base.resolve().parents]:
        if (folder / candidate).is_file():
            return (folder / candidate).resolve()
    return None


def select_labels(labels: Sequence[Label], files: Iterable[str | Path]) -> list[Label]:
    """The labels for ``files`` (matched by path, then by unique file name), in that order."""
    by_path = {label.path: label for label in labels if label.path}
    chosen = []
    for f in files:
        p = Path(f).resolve()
        label = by_path.get(p)
        if label is None:
            named = [lb for lb in labels if lb.path and lb.path.name == p.name]
            label = named[0] if len(named) == 1 else None
        if label is None:
            raise LabelsError("has no label in the labels file; add an entry for it or leave "
                              "it out of the command", path=str(f))
        chosen.append(label)
    return chosen


# --- scoring ---------------------------------------------------------------------------------
def percent(rate: Optional[float]) -> str:
    """``"99.9%"`` rounded down, so that 1,999 right of 2,000 never shows as 100 %."""
    return "-" if rate is None else f"{math.floor(rate * 1000 + 1e-9) / 10:.1f}%"


def _show(value: Any) -> str:
    return "null" if value is None else json.dumps(value, ensure_ascii=False, default=str)


def norm(text: Optional[str]) -> str:
    """Case-, accent-, punctuation- and spacing-insensitive form used to compare names."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.replace("&", " and ").casefold()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def titles_match(expected: Optional[str], got: Optional[str]) -> bool:
    """Report titles match when both are absent, or one contains the other, or rapidfuzz
    ``token_set_ratio`` ≥ 90. A fragment of fewer than three words or 12 characters (“the
    report”) matches only if equal, since any subset of words scores 100."""
    if not expected or not got:
        return not expected and not got
    a, b = norm(expected), norm(got)
    if a == b:
        return True
    shorter = min(a, b, key=len)
    if len(shorter) < 12 or len(shorter.split()) < 3:
        return False
    return a in b or b in a or fuzz.token_set_ratio(a, b) >= TITLE_THRESHOLD


def _iso(value: Optional[dt.date]) -> Optional[str]:
    return value.isoformat() if value else None


def got_values(record: Record) -> dict[str, Any]:
    """The values of a record in the shape the labels use."""
    counts: dict[str, int] = {}
    for st in record.statements:
        counts[st.kind] = counts.get(st.kind, 0) + 1
    return {
        "force": record.force.name,
        "author": record.author.name,
        "role": record.author.role,
        "date": _iso(record.date.value),
        "addressees": sorted({a.name for a in record.addressees}),
        "report_title": record.report.title,
        "report_published": _iso(record.report.published),
        "stance": record.stance.value,
        "statements": counts,
    }


def compare(field: str, expected: Any, got: Any) -> bool:
    """Whether the value ``got`` for ``field`` counts as right against the label."""
    if field in ("force", "author"):
        return norm(expected) == norm(got)
    if field == "addressees":
        return {norm(a) for a in expected or []} == {norm(a) for a in got or []}
    if field == "report_title":
        return titles_match(expected, got)
    return expected == got


def score_label(label: Label, record: Optional[Record], error: Optional[str],
                scores: dict[str, FieldScore], misses: list[Miss]) -> None:
    """Add one file's results to ``scores`` and ``misses``."""
    values = got_values(record) if record is not None else {}
    for field in label.scored():
        expected = getattr(label, field)
        if field == "statements":
            for kind, count in (expected or {}).items():
                got = values.get("statements", {}).get(kind, 0) if record else f"error: {error}"
                _tally(scores, misses, label, "statements", count == got,
                       f"{kind}: {count}", f"{kind}: {got}")
            continue
        expected = _iso(expected) if isinstance(expected, dt.date) else expected
        if field == "addressees" and expected is not None:
            expected = sorted(expected)
        got = values.get(field) if record is not None else f"error: {error}"
        ok = record is not None and compare(field, expected, got)
        _tally(scores, misses, label, field, ok, expected, got)


def _tally(scores: dict[str, FieldScore], misses: list[Miss], label: Label, field: str,
           ok: bool, expected: Any, got: Any) -> None:
    score = scores[field]
    score.total += 1
    if ok:
        score.correct += 1
    else:
        misses.append(Miss(file=label.file, field=field, expected=expected, got=got))


def record_spans(record: Record) -> list[tuple[str, tuple[int, int], Optional[str]]]:
    """Every span in a record: (what, span, text the span must hold or None)."""
    out: list[tuple[str, tuple[int, int], Optional[str]]] = []
    a = record.author
    if a.span:
        out.append(("author", a.span, a.name))
    if a.role_span:
        out.append(("author.role", a.role_span, None))
    if record.force.span:
        out.append(("force", record.force.span, None))
    if record.date.span:
        out.append(("date", record.date.span, None))
    out.extend(("addressee", ad.span, None) for ad in record.addressees)
    if record.report.span:
        out.append(("report", record.report.span, record.report.title))
    if record.report.published_span:
        out.append(("report.published", record.report.published_span, None))
    out.extend(("stance.evidence", tuple(sp), None) for sp in record.stance.evidence)
    out.extend((f"statement.{st.kind}", st.span, st.text) for st in record.statements)
    return out


def span_is_exact(text: str, span: tuple[int, int], must_hold: Optional[str], exact_text: bool) -> bool:
    """A span is exact when it is a non-empty slice of ``text`` holding the value it evidences."""
    start, end = span
    if not (0 <= start < end <= len(text)):
        return False
    if must_hold is None:
        return True
    piece = text[start:end]
    if exact_text:
        return piece == must_hold
    return norm(must_hold) in norm(piece)


def score_spans(label: Label, record: Record, score: FieldScore, misses: list[Miss]) -> None:
    """Check every span of one record (statements must match their text exactly)."""
    for what, span, must_hold in record_spans(record):
        exact_text = what.startswith("statement.")
        ok = span_is_exact(record.text, span, must_hold, exact_text)
        score.total += 1
        if ok:
            score.correct += 1
        else:
            got = record.text[span[0]:span[1]] if 0 <= span[0] <= span[1] <= len(record.text) \
                else f"span {list(span)} outside text of {len(record.text)} characters"
            misses.append(Miss(file=label.file, field=f"{SPAN_FIELD} ({what})",
                               expected=must_hold if must_hold is not None else list(span), got=got))


def _default_extractor() -> Extractor:
    from answerable.extract import extract

    return extract


def _real_labels(labels_path: str | Path) -> Optional[tuple[Path, list[Any]]]:
    """(path, parsed entries) when the labels file (or a folder's one labels.json) is in the
    real corpus's shape (``author_name``, ``response_date``, ...), else None."""
    from answerable.evaluate_real import is_real_labels

    path = Path(labels_path)
    if path.is_dir():
        path = path / "labels.json"
    if path.suffix != ".json" or not path.is_file():
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None  # load_labels says what is wrong
    return (path, raw) if is_real_labels(raw) else None


def evaluate(labels_path: str | Path, files: Optional[Iterable[str | Path]] = None, *,
             extractor: Optional[Extractor] = None) -> "EvalReport | RealEvalReport":
    """Extract every labelled file (or just ``files``) and score each field against the labels.

    ``extractor`` maps a path to a :class:`Record` (default :func:`answerable.extract.extract`).
    Raises :class:`LabelsError` for a bad labels file or a file without a label.
    """
    real = _real_labels(labels_path)
    if real is not None:
        from answerable.evaluate_real import evaluate_real

        return evaluate_real(real[0], real[1], [Path(f) for f in files or []], extractor=extractor)
    labels = load_labels(labels_path)
    files = list(files or [])
    if files:
        labels = select_labels(labels, files)
    run = extractor or _default_extractor()
    scores = {f: FieldScore(field=f) for f in FIELDS}
    span_score = FieldScore(field=SPAN_FIELD)
    misses: list[Miss] = []
    errors: list[FileError] = []
    seconds = 0.0
    for label in labels:
        record: Optional[Record] = None
        error: Optional[str] = None
        start = time.perf_counter()
        try:
            record = run(label.path)
        except AnswerableError as exc:
            error = exc.message
            errors.append(FileError(file=label.file, message=error))
        seconds += time.perf_counter() - start
        score_label(label, record, error, scores, misses)
        if record is not None:
            score_spans(label, record, span_score, misses)
    return EvalReport(labels=str(labels_path), files=len(labels),
                      scores=[*scores.values(), span_score], misses=misses, errors=errors,
                      seconds=round(seconds, 3))
