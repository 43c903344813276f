"""People's names as written in signatures, headings and press quotes.

``NAME`` is a case-sensitive pattern for an optional honorific, two to four capitalised
words (initials and particles allowed) and optional post-nominals; the ``core`` group is the
name itself. :func:`clean_name` rejects strings that are really role titles, places or
addresses and title-cases names written in capitals ("DAVID KEANE" -> "David Keane").
"""

from __future__ import annotations

import re

from answerable.models import Span

HONORIFIC = (r"(?:(?:The\s+)?(?:Rt\.?\s+Hon\.?|Right\s+Hon(?:ourable|\.)?)|Dr\.?|Cllr\.?|Councillor|"
             r"Mr\.?|Mrs\.?|Ms\.?|Miss|Mx\.?|Sir|Dame|Lord|Lady|Baroness|Baron|Professor|Prof\.?|"
             r"Rev(?:erend|\.)?|Commander|Det\.?|Supt\.?)")
POSTNOMINAL = r"(?:MP|MS|AM|OBE|MBE|CBE|KBE|DBE|CB|QPM|KPM|DL|JP|QC|KC|BEM|MA|MSc|BA|BSc|LLB|PhD|FRSA|MBA|OStJ)"
_TOKEN = r"(?!" + POSTNOMINAL + r"\b)(?:[A-Z][a-zA-Z'’]*(?:-[A-Z][a-zA-Z'’]*)*|[A-Z]\.)"
_PARTICLE = r"(?:de|van|von|der|den|da|du|le|la|ap|bin|al|di|del)"
NAME = (r"(?:" + HONORIFIC + r"\s+)*(?P<core>" + _TOKEN + r"(?:[ \t]+(?:" + _PARTICLE + r"[ \t]+)?"
        + _TOKEN + r"){1,3})(?:,?[ \t]+" + POSTNOMINAL + r"\b)*")

_STOP = frozenset("""
police crime commissioner commissioners chief constable constabulary office mayor deputy home secretary
state dear yours sincerely faithfully regards response report inspection hmicfrs hmic the for of and
street road lane house avenue way square court close drive place building buildings headquarters
county council service services force fire rescue policing justice criminal national regional
inspectorate her his majesty majesty's majesty’s safer together working keeping page tel email
telephone www website january february march april may june july august september october november
december monday tuesday wednesday thursday friday saturday sunday pcc pfcc opcc opfcc mopac
published update updated news statement press release contact us menu cookie cookies skip main content
recommendations recommendation panel team unit group board partnership partners by from signed posted written
back top share print related content tags categories category twitter facebook linkedin instagram youtube
search login sign accessibility privacy policy terms sitemap feedback download read more next previous
annex appendix table contents introduction background summary conclusion conclusions recommendations
yours kind best warm many thanks
""".split())


def clean_name(raw: str, forces_lookup=None) -> str | None:
    """The display form of a candidate name, or None when it is not a person's name."""
    tokens = raw.split()
    if len(tokens) < 2 or len(tokens) > 5:
        return None
    for tok in tokens:
        low = tok.lower().strip(".,'’")
        if low in _STOP:
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
    """Span of the ``core`` group of a match made with :data:`NAME`."""
    return m.start("core") + base, m.end("core") + base
