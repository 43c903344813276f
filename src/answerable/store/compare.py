"""Compare the responses to one report across forces, and find template wording.

Shared wording: every response's sentences of eight words or more are cut into word 3-gram
shingles; two sentences from different responses whose shingle sets have a Jaccard similarity
of at least ``SHARED_THRESHOLD`` are reported. Sentences that mostly repeat the report's title
or one of its recommendations are left out (quoting the report is not a template).
"""

from __future__ import annotations

import datetime as dt
import re
import math
from collections import Counter, defaultdict
from functools import lru_cache
from importlib import resources

import yaml

from sqlalchemy import select
from sqlalchemy.engine import Engine

from answerable.models import Report
from answerable.store import schema
from answerable.store.types import Comparison, ComparisonRow, SharedWording, TemplatePair

SHARED_THRESHOLD = 0.8
MIN_WORDS = 8
MAX_SHARED = 200
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"\w+")

@lru_cache(maxsize=1)
def _bodies() -> dict:
    text = (resources.files("answerable") / "data" / "local_policing_bodies.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def local_policing_body(force: str | None, role: str | None) -> str | None:
    """The body that answers for ``force`` (``data/local_policing_bodies.yaml``): by force, else
    from the signer's role; None rather than a guess."""
    if not force:
        return None
    data = _bodies()
    if force in data.get("by_force", {}):
        return data["by_force"][force]
    template = data.get("by_role", {}).get(role or "")
    return template.format(force=force) if template else None


def shingles(sentence: str, size: int = 3) -> frozenset[str]:
    words = _WORD.findall(sentence.lower())
    return frozenset(" ".join(words[i:i + size]) for i in range(max(1, len(words) - size + 1)))


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if len(_WORD.findall(s)) >= MIN_WORDS]


def _quoting(sh: frozenset[str], quoted: list[frozenset[str]]) -> bool:
    return any(len(sh & q) / len(sh) > 0.5 for q in quoted)


def shared_wording(texts: dict[int, str], forces: dict[int, str | None], report: Report | None,
                   threshold: float = SHARED_THRESHOLD) -> list[SharedWording]:
    """Sentence pairs from different responses at or above ``threshold`` Jaccard similarity.

    All-pairs similarity join with prefix filtering: shingles are ordered rarest first, and two
    sets can only reach ``threshold`` if they share one of their first ``|s| - ceil(t|s|) + 1``
    shingles, so only those are indexed; candidates are then checked exactly.
    """
    quoted = [shingles(report.title)] if report else []
    if report:
        quoted += [shingles(r.text) for r in report.recommendations]
    entries: list[tuple[int, str, frozenset[str]]] = []
    for response_id, text in texts.items():
        for sentence in _sentences(text):
            sh = shingles(sentence)
            if not _quoting(sh, quoted):
                entries.append((response_id, sentence, sh))
    frequency: Counter[str] = Counter(g for _, _, sh in entries for g in sh)
    index: dict[str, list[int]] = defaultdict(list)
    found: list[SharedWording] = []
    for i in sorted(range(len(entries)), key=lambda k: len(entries[k][2])):
        response_i, sentence_i, set_i = entries[i]
        ordered = sorted(set_i, key=lambda g: (frequency[g], g))
        prefix = ordered[:len(ordered) - math.ceil(threshold * len(ordered)) + 1]
        candidates = {j for g in prefix for j in index[g] if entries[j][0] != response_i}
        for j in sorted(candidates):
            set_j = entries[j][2]
            similarity = len(set_i & set_j) / len(set_i | set_j)
            if similarity >= threshold:
                a, b = sorted((i, j), key=lambda k: (entries[k][0], k))
                found.append(SharedWording(
                    response_a=entries[a][0], force_a=forces.get(entries[a][0]), response_b=entries[b][0],
                    force_b=forces.get(entries[b][0]), text_a=entries[a][1], text_b=entries[b][1],
                    similarity=round(similarity, 3)))
        for g in prefix:
            index[g].append(i)
    found.sort(key=lambda x: (-x.similarity, x.response_a, x.response_b, x.text_a))
    return found[:MAX_SHARED]


def template_pairs(shared: list[SharedWording], texts: dict[int, str]) -> list[TemplatePair]:
    """Shared sentences summed per pair of responses, most shared first."""
    counts: dict[tuple[int, int], set[str]] = defaultdict(set)
    forces: dict[int, str | None] = {}
    for item in shared:
        counts[(item.response_a, item.response_b)].add(item.text_a)
        forces[item.response_a], forces[item.response_b] = item.force_a, item.force_b
    sizes = {rid: max(1, len(_sentences(text))) for rid, text in texts.items()}
    pairs = [TemplatePair(response_a=a, force_a=forces[a], response_b=b, force_b=forces[b],
                          shared_sentences=len(sentences),
                          share=round(min(1.0, len(sentences) / min(sizes[a], sizes[b])), 3))
             for (a, b), sentences in counts.items()]
    return sorted(pairs, key=lambda p: (-p.share, -p.shared_sentences, p.response_a, p.response_b))


def _row(r) -> ComparisonRow:
    on_time = {"on_time": True, "late": False}.get(r.deadline_status)
    return ComparisonRow(response_id=r.id, force=r.force,
                         local_policing_body=local_policing_body(r.force, r.author_role),
                         author=r.author_name, response_date=r.letter_date, day=r.day, on_time=on_time,
                         stance=r.stance, recs_answered=r.recs_answered, recs_total=r.recs_total,
                         commitments=r.n_commitments, path=r.path)


def _due(report: Report) -> dt.date | None:
    if report.published is None:
        return None
    from answerable.audit import due_date, load_rules

    return due_date(report.published, load_rules().period)


def compare(engine: Engine, report: Report, all_forces: list[str]) -> Comparison:
    """One row per response to ``report``, the forces in scope without one, and shared wording."""
    resp, docs = schema.responses, schema.documents
    query = (select(resp.c.id, resp.c.force, resp.c.author_name, resp.c.author_role, resp.c.letter_date,
                    resp.c.day, resp.c.deadline_status, resp.c.stance, resp.c.recs_answered,
                    resp.c.recs_total, resp.c.n_commitments, resp.c.path, docs.c.text)
             .join(docs, docs.c.id == resp.c.document_id)
             .where(resp.c.report_id == report.id)
             .order_by(resp.c.force, resp.c.letter_date, resp.c.id))
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    answered = {r.force for r in rows if r.force}
    scope = report.forces or (all_forces if report.scope == "national" else [])
    due = _due(report)
    texts = {r.id: r.text for r in rows}
    shared = shared_wording(texts, {r.id: r.force for r in rows}, report)
    return Comparison(
        report_id=report.id, title=report.title, published=report.published, due=due,
        rows=[_row(r) for r in rows],
        not_answered=[f for f in scope if f not in answered],
        shared_wording=shared,
        template_pairs=template_pairs(shared, texts),
    )
