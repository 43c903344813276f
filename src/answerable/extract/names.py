"""People's names as written in signatures, headings and press quotes.

:func:`name_pattern` is a case-sensitive pattern for an optional honorific, two to four capitalised
words (initials and particles allowed) and optional post-nominals; the ``core`` group is the
name itself. :func:`clean_name` rejects strings that are really role titles, places or
addresses and title-cases names written in capitals ("DAVID KEANE" -> "David Keane").
Honorifics, post-nominals and words that are never a name live in cues.yaml (``names``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from answerable.extract.lexicon import alternation, cues
from answerable.models import Span


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[str, str, str, frozenset[str]]:
    """(honorifics, post-nominals, particles, words that are never part of a name) from the
    ``names`` section of cues.yaml."""
    data = cues().get("names") or {}
    honorifics = alternation(data.get("honorifics") or ["Dr\\.?"])
    postnominals = alternation(data.get("postnominals") or ["MP"])
    particles = alternation(data.get("particles") or ["de"])
    not_words = frozenset(w.lower() for w in data.get("not_name_words") or [])
    return honorifics, postnominals, particles, not_words


_UPPER = "[A-ZÀ-ÖØ-Þ]"
_LETTER = "[a-zA-ZÀ-ÖØ-öø-ÿĀ-ſ'’]"


@lru_cache(maxsize=1)
def name_pattern() -> str:
    """The case-sensitive NAME pattern (see the module docstring); ``core`` is the name."""
    honorific, postnominal, particle, _ = _vocabulary()
    # capitals and letters include accented ones ("Siân", "Llŷr"); initials may run together ("P.J.")
    token = (r"(?!" + postnominal + r"\b)(?:" + _UPPER + _LETTER + r"*(?:-" + _UPPER + _LETTER + r"*)*|"
             + _UPPER + r"\.(?:" + _UPPER + r"\.)*)")
    # a peer is known by title and one name ("Lord Bach"): the title is then part of the name
    peer = r"(?:Lord|LORD|Baroness|BARONESS|Baron|BARON|Viscount|VISCOUNT)[ \t]+" + token + r"(?![ \t]+" + _UPPER + r")"
    return (r"(?:(?i:" + honorific + r")\s+)*(?P<core>" + peer + "|" + token + r"(?:[ \t]+(?:" + particle + r"[ \t]+)?"
            + token + r"){1,3})(?:,?[ \t]+" + postnominal + r"\b)*")


def clean_name(raw: str, forces_lookup=None) -> str | None:
    """The display form of a candidate name, or None when it is not a person's name."""
    tokens = raw.split()
    if len(tokens) < 2 or len(tokens) > 5:
        return None
    for tok in tokens:
        low = tok.lower().strip(".,'’")
        if low in _vocabulary()[3]:
            return None
    if forces_lookup is not None and forces_lookup(raw):
        return None
    while forces_lookup is not None and len(tokens) > 2 and forces_lookup(tokens[-1]):
        tokens = tokens[:-1]  # "Jane Doe Staffordshire" (a merged "Staffordshire Commissioner" line)
    if all(len(t.rstrip(".")) == 1 for t in tokens):
        return None
    if raw.isupper() or sum(t.isupper() and len(t) > 1 for t in tokens) == len(tokens):
        return " ".join(_title(t) for t in tokens)
    return " ".join(tokens)


def _title(token: str) -> str:
    parts = re.split(r"([-'’])", token.lower())
    out = "".join(p.capitalize() if p not in "-'’" else p for p in parts)
    if out.startswith("Mc") and len(out) > 2:
        out = "Mc" + out[2].upper() + out[3:]
    return out


def core_span(m: re.Match[str], base: int = 0) -> Span:
    """Span of the ``core`` group of a match made with :func:`name_pattern`."""
    return m.start("core") + base, m.end("core") + base


def signature_trailer() -> str:
    """What may follow a name on a signature line before its role: pronouns and bracketed
    qualifications with more post-nominals ("(she/her)", "BA (Hons) MA")."""
    postnominal = _vocabulary()[1]
    return r"(?:[ \t]*\([^()\n]{1,20}\)(?:,?[ \t]+" + postnominal + r"\b)*)*"

