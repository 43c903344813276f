"""Who wrote the response: name and canonical role, each with its span.

Sources, best first: the signature block (the name line after the sign-off, the role line
near it); a heading that says whose response it is ("RESPONSE OF DAVID KEANE, POLICE & CRIME
COMMISSIONER FOR CHESHIRE"); the writer naming themself ("I, Jane Doe, Police and Crime
Commissioner for ..."); a press quote ("Police and Crime Commissioner Jeff Cuthbert said:",
"..., Jeff Cuthbert, said:"); a letterhead line naming the office holder ("Jane Doe" over
"Police and Crime Commissioner for Kent", "From the Office of Jane Doe"); "The Commissioner, Jane Doe, has
considered ..." (an appositive in the body); "Jane Doe is the Police
and Crime Commissioner for ..." (notes to editors); a form field ("PCC name: Jane Doe"); a byline ("By Jane Doe, PCC"). With several
signatures or headings (a chief constable's comments beside the commissioner's response), the
policing body's office holder wins. A person merely named in a heading or the body is never
taken. When no source names a role, a first-person "as Police and Crime Commissioner" or the
letterhead's office title gives it; a letter signed by a chief executive (also "Chief Executive, on
behalf of the Police and Crime Commissioner") has that person as its author and no role at all,
with a warning: their title is not one of the roles, and the commissioner did not sign.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from answerable.extract.context import Context
from answerable.extract.lexicon import alternation, cues, forces, lower_pattern, roles
from answerable.extract.names import clean_name, name_pattern, signature_trailer
from answerable.models import Author, Span


def _speech_verbs() -> str:
    """"said", "commented", "has published"...: the verbs that introduce a quoted speaker."""
    verbs = alternation(cues()["author"]["speech_verbs"])
    return r"(?:(?:has|have|had)\s+)?(?:(?:today|also|now|recently|publicly)\s+)?" + verbs


_ABBR = r"(?:\s*\([A-Za-z&]{2,8}\))?"  # "Police and Crime Commissioner (PCC)"
_NOT_PLACE = r"(?!(?:Police|Crime|Commissioner|Fire|Deputy|Chief|Constable|Mayor|PCC|PFCC|Acting|Interim)\b)"
_PLACE = (r"(?:" + _NOT_PLACE + r"[A-Z][\w&’'-]*(?:\s+(?:and\s+|&\s+|of\s+(?:the\s+)?)?" + _NOT_PLACE
          + r"[A-Z][\w&’'-]*){0,4})")


@dataclass(frozen=True)
class _Patterns:
    heading: re.Pattern[str]
    heading_role_first: re.Pattern[str]
    self_id: re.Pattern[str]
    holder: re.Pattern[str]
    quotes_before: tuple[re.Pattern[str], ...]
    quotes_after: tuple[re.Pattern[str], ...]
    byline: re.Pattern[str]
    sig_line: re.Pattern[str]
    office_of: re.Pattern[str]
    as_role: re.Pattern[str]
    appositive: re.Pattern[str]
    field: re.Pattern[str]
    mention: re.Pattern[str]
    untitled: re.Pattern[str]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    role = "(?i:" + roles().plain + ")"
    said = _speech_verbs()
    role_for = role + r"(?:\s+(?:for|of)\s+(?:the\s+)?" + _PLACE + r")?"
    place_pre = r"(?:(?:the\s+)?" + _PLACE + r"(?:'s|’s)?\s+)?"
    name = name_pattern()
    return _Patterns(
        heading=re.compile(r"(?i:(?:response|statement|comments?|letter|reply|foreword)s?\s+(?:of|from|by)\s+(?:the\s+)?)"
                           + name + r"\s*[,–—-]\s*(?:the\s+)?" + place_pre + r"(?P<role>" + role + ")"),
        heading_role_first=re.compile(r"(?i:(?:response|statement|comments?|letter|reply)s?\s+(?:of|from|by)\s+(?:the\s+)?)"
                                      + place_pre + r"(?P<role>" + role_for + r")\s*[,–—-]?\s*" + name),
        self_id=re.compile(r"\bI,\s+" + name + r",\s+(?:the\s+)?" + place_pre + r"(?P<role>" + role + ")"),
        # "Ellen Fenwick-Dale is the Police and Crime Commissioner for Northumbria" (notes to editors)
        # matched so that it ends where a role title starts
        holder=re.compile(name + r"\s+(?:is|was|has\s+been)\s+(?:the\s+)?(?:(?:elected|newly\s+elected|current)\s+)?"
                          + place_pre + r"\Z"),
        # speaker before the verb ("<role> <name> said"), matched so that it ends at the verb
        quotes_before=(
            re.compile(r"(?<![\w])" + place_pre + r"(?P<role>" + role_for + r")" + _ABBR + r",?\s+" + name + r",?\s+(?i:" + said + r")\Z"),
            re.compile(name + r"(?:,\s+|[ \t]+)(?:the\s+)?" + place_pre + r"(?P<role>" + role + r")(?:\s+(?:for|of)\s+(?:the\s+)?" + _PLACE + r")?" + _ABBR + r",?\s+(?i:" + said + r")\Z"),
            # "Jane Doe (PCC) said"
            re.compile(name + r"\s*\((?P<role>" + role + r")\),?\s+(?i:" + said + r")\Z"),
        ),
        # speaker after the verb ("said <name>, <role>"), matched from the verb
        quotes_after=(
            re.compile(r"(?i:" + said + r"),?\s+" + name + r",\s+(?:the\s+)?" + place_pre + r"(?P<role>" + role + ")"),
            re.compile(r"(?i:" + said + r"),?\s+(?:the\s+)?" + place_pre + r"(?P<role>" + role_for + r"),?\s+" + name),
        ),
        byline=re.compile(r"(?m)^(?:(?:Response|Written|Signed|Submitted|Approved|Prepared|Authored|Posted|Completed|Issued)\s+by|By|From|Author)\s*[:\s]\s*" + name + r"(?:\s*[,–—-]\s*(?:the\s+)?" + place_pre + r"(?P<role>" + role + r")(?:\s+(?:for|of)\s+(?:the\s+)?" + _PLACE + r")?)?[ \t]*$"),
        # "Jane Doe, Police and Crime Commissioner" or, lines merged, "Jane Doe Police and ..."
        sig_line=re.compile(name + signature_trailer() + r"(?:\s*[,–—|-]\s*(?P<rest>.+)|\s+(?=" + role + r")(?P<rest2>.+))?"),
        # "From the Office of Jane Doe" above a role line
        office_of=re.compile(r"(?i:(?:from\s+)?(?:the\s+)?(?:private\s+)?office\s+of\s+(?:the\s+)?)" + name
                             + r"(?P<rest>(?!))?(?P<rest2>(?!))?"),
        # after a role title: "[The Commissioner], Arfon Jones, has considered"
        appositive=re.compile(r"(?:\s+(?:for|of)\s+(?:the\s+)?" + _PLACE + r")?,\s+" + name + r",\s+(?!(?:and|or|the)\b)[a-z]"),
        # a response form's field: "PCC name: Jane Doe", "Name of PCC: Jane Doe", "PCC: Jane Doe"
        field=re.compile(r"(?m)^(?:(?P<role>" + role + r")(?:['’]s)?(?:\s+name)?|(?i:name\s+of\s+(?:the\s+)?)(?P<role2>" + role
                         + r"))[ \t]*[:|][ \t]*" + name + r"[ \t]*$"),
        # a news item's "PCC Clare Moody held ...", "Bedfordshire's Police and Crime Commissioner -
        # Kathryn Holloway has welcomed", "Police and Crime Commissioner for Staffordshire,
        # Matthew Ellis today received": a role title straight before a name, matched at the role
        mention=re.compile(r"(?P<role>" + role + r")(?:\s+(?:for|of)\s+(?:the\s+)?" + _PLACE + r")?" + _ABBR
                           + r"(?:[ \t]*[,–—-][ \t]*|[ \t]+)" + name + r"(?=[ \t]*(?:[,;:(\n]|$)|[ \t]+[a-z])"),
        # "Reacting to the report, David Lloyd said:" (no title beside the name)
        untitled=re.compile(r"(?:^|(?<=[.,;:]\s)|(?<=\n))" + name + r"[ \t]+(?:said|added|commented)[ \t]*:", re.M),
        as_role=re.compile(r"(?i:\b(?:my\b[^.\n]{0,60}?\bas|as\s+(?:your|the|an?)?)\s+(?:newly\s+elected\s+|elected\s+|acting\s+)?)" + place_pre + r"(?P<role>" + role + ")"),
    )


@dataclass
class _Found:
    name: str | None
    span: Span | None
    role: str | None
    role_span: Span | None
    other_title: bool = False  # signed with a title that is not a canonical role
    signed_off: bool = True  # a signature after a sign-off (not just the bottom of a page)
    quoted: bool = False  # from a quote or a "<role> <name>" mention


def _role_in(ctx: Context, s: int, e: int) -> tuple[str, Span] | None:
    hit = roles().first(ctx.text, s, e)
    return (hit[0], hit[1]) if hit else None


def _name_from(m: re.Match[str]) -> tuple[str, Span] | None:
    raw = m.group("core")
    if raw.endswith(("'s", "’s")):
        return None  # "Thames Valley's Police, Fire and Crime Commissioner": a place, not a speaker
    name = clean_name(raw, forces().lookup)
    if not name:
        return None
    s, e = m.span("core")
    tokens = list(re.finditer(r"\S+", raw))
    kept = len(name.split())
    if kept < len(tokens):  # trailing words dropped: the span ends with the name
        e = s + tokens[kept - 1].end()
    return name, (s, e)


def _rest(m: re.Match[str]) -> Span | None:
    """Span of what follows the name on a signature line (its role), if anything."""
    for group in ("rest", "rest2"):
        if m.group(group) is not None:
            return m.span(group)
    return None


def _signature_blocks(ctx: Context) -> list[tuple[list, bool]]:
    """Runs of signature lines (an image description or a date may sit among them), each with
    whether it follows a sign-off ("Yours sincerely") or a "Signed:" label. Without either, the
    lines are only what is left at the bottom of a page (related links, a truncated sentence,
    "Message Sent By"): a name there counts only next to a title."""
    blocks: list[tuple[list, bool]] = [([], False)]
    signed_off = False
    for seg in ctx.segments:
        if seg.kind == "sign_off":
            signed_off = True
        if seg.kind == "signature":
            if not blocks[-1][0]:
                labelled = bool(_SIGNED.match(ctx.text, *seg.span))
                blocks[-1] = ([], signed_off or labelled)
            blocks[-1][0].append(seg)
        elif seg.kind not in ("image_description", "date_line", "footer", "link_residue") and blocks[-1][0]:
            blocks.append(([], False))
            signed_off = seg.kind == "sign_off"
    return [b for b in blocks if b[0]]


def _from_signature(ctx: Context) -> _Found | None:
    """The signed name and role; with several signatures (a chief constable's letter and the
    commissioner's response), the policing body's holder first, then the first signed."""
    found = []
    for block, signed in _signature_blocks(ctx):
        f = _from_signature_block(ctx, block)
        if f is not None and f.name and not signed and f.role is None and not f.other_title:
            ctx.warnings.append(f"'{f.name}' at the bottom of the text is not taken as the author: no "
                                "sign-off before it and no role or title beside it")
            f = _Found(None, None, None, None)
        if f is not None and (f.name or f.role):
            f.signed_off = signed
            found.append(f)
    if not found:
        return None
    return min(enumerate(found), key=lambda kv: (roles().rank(kv[1].role) if kv[1].role else 5, kv[0]))[1]


def _from_signature_block(ctx: Context, sig: list) -> _Found | None:
    p = _patterns()
    name: tuple[str, Span] | None = None
    role: tuple[str, Span] | None = None
    for seg in sig:
        s, e = seg.span
        label = _SIGNED.match(ctx.text, s, e)  # "Signed: Jane Doe"
        if label:
            s = label.end()
        line_role = _role_in(ctx, s, e)
        m = p.sig_line.fullmatch(ctx.text, s, e)
        if name is None and m and (_rest(m) is None or line_role):
            name = _name_from(m)
            if name and line_role and line_role[1][0] >= m.end("core"):
                role = role or line_role
                continue
        if name is not None and role is None and (_other_titles().match(ctx.text, s, e) or _staff_titles().search(ctx.text, s, e)) \
                and (not line_role or line_role[1][0] > s + 3):
            # signed by someone with another title ("Chief Executive", "Chief Executive, on
            # behalf of the Police and Crime Commissioner"): the role is not one of ours, and
            # the commissioner's title is not theirs
            return _Found(name[0], name[1], None, None, other_title=True)
        if line_role and role is None:
            role = line_role
        if name and role:
            break
    if name is None and role is None:
        return None
    return _Found(name[0] if name else None, name[1] if name else None,
                  role[0] if role else None, role[1] if role else None)




# "Signed: Jane Doe", "Sgd Jane Doe", "pp Jane Doe" (signed for her: the letter is still hers)
_SIGNED = re.compile(r"(?:Signed|Sgd|Signature|Name)\s*[:.\-–]\s*|(?:Signed|Sgd)\s+(?=[A-Z])|p\.?\s?p\.?\s+(?=[A-Z])")
_HEADING_HINT = re.compile(r"\b(?:response|statement|comments?|letter|reply|foreword)s?\s+(?:of|from|by)\b")
_QUOTE_WINDOW = 200
_WORD_START = re.compile(r"(?<![\w’'-])(?:[A-ZÀ-Þ]|the\b|dr\b)")
_SPEAKER_BEFORE_ROLE = 90  # characters: a name and a place ("Gwent's") before a role title
_IS_THE = re.compile(r"\b(?:is|was|has\s+been)\s+(?:the\s+)?")


@lru_cache(maxsize=1)
def _speech_verb_rx() -> re.Pattern[str]:
    return re.compile(r"\b" + lower_pattern(alternation(cues()["author"]["speech_verbs"])) + r"\b")


@lru_cache(maxsize=1)
def _staff_titles() -> re.Pattern[str]:
    """Staff titles written anywhere on a line ("(OPCC, Campaigns and Communications Officer)")."""
    return re.compile(r"\b" + alternation(cues()["author"]["staff_titles"]) + r"\b", re.I)


@lru_cache(maxsize=1)
def _other_titles() -> re.Pattern[str]:
    """Titles of people who sign for a policing body but hold none of our roles."""
    return re.compile(alternation(cues()["author"]["other_titles"]) + r"\b", re.I)


def _quote_matches(ctx: Context):
    """Press-quote matches, tried only around each "said"/"commented"/... that has a role
    title within reach (the only places a quote can name its speaker)."""
    p = _patterns()
    text = ctx.text
    low = ctx.low if ctx.low is not None else text.lower()
    for verb in _speech_verb_rx().finditer(low):
        s, e = max(0, verb.start() - _QUOTE_WINDOW), min(len(text), verb.end() + _QUOTE_WINDOW)
        before = [span for _, span in ctx.roles_in(s, verb.start())]
        if before:  # "<role> <name> said", "<name>, <role>, said": start a little before the role
            start = max(s, before[-1][0] - _SPEAKER_BEFORE_ROLE)
            # a speaker's words start at a capital, "the" or a role title: try only there (the
            # same leftmost match as a search over the window, without trying every character)
            starts = sorted({m.start() for m in _WORD_START.finditer(text, start, verb.start())}
                            | {sp[0] for sp in before if sp[0] >= start})
            for rx in p.quotes_before:
                m = next((found for pos in starts if (found := rx.match(text, pos, verb.end()))), None)
                if m:
                    yield m
        if ctx.roles_in(verb.end(), e):
            for rx in p.quotes_after:
                m = rx.match(text, verb.start(), e)
                if m:
                    yield m


def _from_patterns(ctx: Context, *, signed: bool = False) -> _Found | None:
    """Every source but the signature, best first; ``signed``: a signature names the writer,
    so the weak appositive source is not tried."""
    p = _patterns()
    text = ctx.text
    low = ctx.low if ctx.low is not None else text.lower()
    headed: list[tuple[tuple[int, int], _Found]] = []  # "Comments of Chief Constable X" and "Response of PCC Y"
    for seg in ctx.of_kind("heading", "subject", "letterhead", "paragraph"):
        s, e = seg.span
        if not _HEADING_HINT.search(low, s, min(e, s + 120)):
            continue
        for rx in (p.heading, p.heading_role_first):
            m = rx.search(text, s, min(e, s + 400))
            got = _name_from(m) if m else None
            if m and got:
                role = roles().first(m.group("role"))[0]  # type: ignore[index]
                headed.append(((roles().rank(role), m.start()), _Found(got[0], got[1], role, m.span("role"))))
                break
    if headed:  # the policing body's own holder first, then the earliest
        return min(headed, key=lambda h: h[0])[1]
    m = p.self_id.search(text) if "I," in text else None
    if m and (got := _name_from(m)):
        return _Found(got[0], got[1], roles().first(m.group("role"))[0], m.span("role"))  # type: ignore[index]
    named = _from_name_and_role_line(ctx)
    if named:
        return named
    best: tuple[tuple[int, int, int], _Found] | None = None
    for m, source in _speakers(ctx):
        got = _name_from(m)
        if not got:
            continue
        role = roles().first(m.group("role"))[0]  # type: ignore[index]
        if role == "Chief Constable":
            continue  # the chief constable quoted in the body's press release is not its author
        key = (roles().rank(role), source, m.start())
        if best is None or key < best[0]:
            best = (key, _Found(*_possessive(ctx.text, *got), role, m.span("role"), quoted=True))
        if key[:2] == (0, 0):
            break  # the office holder quoted, earliest: nothing later can rank higher
    if best:
        return best[1]
    apposed = None if signed else _from_appositive(ctx)
    if apposed:
        return apposed
    low = ctx.low if ctx.low is not None else text.lower()
    for verb in _IS_THE.finditer(low):  # "<name> is the Police and Crime Commissioner for ..."
        hit = roles().first(text, verb.end(), min(len(text), verb.end() + 80))
        if hit is None or hit[1][0] - verb.end() > 40:
            continue
        m = p.holder.search(text, max(0, verb.start() - 80), hit[1][0])
        got = _name_from(m) if m else None
        if got:
            return _Found(got[0], got[1], hit[0], hit[1])
    fields = []  # the policing body's holder first: "Chief Constable: X" and "PCC: Y" on one form
    for m in (p.field.finditer(text) if ":" in text or "|" in text else ()):
        group = "role" if m.group("role") else "role2"
        role = roles().first(m.group(group))[0]  # type: ignore[index]
        if (got := _name_from(m)):
            fields.append(((roles().rank(role), m.start()), _Found(got[0], got[1], role, m.span(group))))
    if fields:
        return min(fields, key=lambda f: f[0])[1]
    m = p.byline.search(text)
    if m and (got := _name_from(m)):
        role = roles().first(m.group("role"))[0] if m.group("role") else None  # type: ignore[index]
        return _Found(got[0], got[1], role, m.span("role") if role else None)
    return None if signed else _untitled_speaker(ctx)


def _speakers(ctx: Context):
    """(match, source) for each named speaker with a role: press quotes (source 0) first, then
    "<role> <name>" mentions of the policing body's office holders (source 1)."""
    for m in _quote_matches(ctx):
        yield m, 0
    p = _patterns()
    for role, span in ctx.role_hits:
        if roles().rank(role) <= 2:
            m = p.mention.match(ctx.text, span[0])
            if m:
                yield m, 1


def _possessive(text: str, name: str, span: Span) -> tuple[str, Span]:
    """"Jane Doe's office": the name without the possessive."""
    if name.endswith(("'s", "’s")):
        return name[:-2], (span[0], span[1] - 2)
    return name, span


_OTHER_TITLE_BEFORE = re.compile(
    r"(?:Inspector|Constable|Superintendent|Sergeant|Officer|Chief|HMI|HMICFRS|Director|Executive|Minister|"
    r"Secretary|Chair(?:man|woman)?|Leader|Councillor|Cllr|MP)\W{0,3}(?:[A-Z][\w'’-]*\s+)?\Z")


def _untitled_speaker(ctx: Context) -> _Found | None:
    """"Reacting to the report, David Lloyd said:": a speaker named without a title, in a text
    that names the policing body's office holder (a role title) and gives that person no
    other title anywhere ("Chief Constable Sarah Crew", "HM Inspector Matt Parr")."""
    holder = next(((r, sp) for r, sp in ctx.role_hits if roles().rank(r) <= 2), None)
    if holder is None:
        return None
    for m in _patterns().untitled.finditer(ctx.text):
        got = _name_from(m)
        if got and not _titled_otherwise(ctx, got[0]):
            return _Found(got[0], got[1], holder[0], holder[1])
    return None


def _titled_otherwise(ctx: Context, name: str) -> bool:
    """True when the text writes the person's surname after another title or role."""
    surname = name.split()[-1]
    for m in re.finditer(r"\b" + re.escape(surname) + r"\b", ctx.text):
        before = ctx.text[max(0, m.start() - 60):m.start()]
        if _OTHER_TITLE_BEFORE.search(before):
            return True
        if any(roles().rank(r) >= 3 and 0 <= m.start() - sp[1] <= 30 for r, sp in ctx.roles_in(max(0, m.start() - 60), m.start())):
            return True
    return False


_THE_BEFORE_ROLE = re.compile(r"\b[Tt]he\s+(?:[A-Z][\w-]*(?:['’]s)?\s+){0,3}\Z")


def _from_appositive(ctx: Context) -> _Found | None:
    """"The Commissioner, Arfon Jones, has considered the report": a name set off by commas
    right after "the <role>" and followed by the sentence's verb (lowercase) names the author."""
    p = _patterns()
    text = ctx.text
    found = list(roles().finditer(text))
    body_named = any(roles().rank(role) < 3 for role, _ in found)
    for role, (s, e) in found:
        if not _THE_BEFORE_ROLE.search(text, max(0, s - 40), s) or ctx.kind_at(s) not in ("paragraph", "list_item"):
            continue
        if role == "Chief Constable" and body_named:
            continue  # "The Chief Constable, Jo Doe, has briefed me" in a commissioner's response
        m = p.appositive.match(text, e)
        got = _name_from(m) if m else None
        if got:
            return _Found(got[0], got[1], role, (s, e))
    return None


def _from_name_and_role_line(ctx: Context) -> _Found | None:
    """A letterhead or heading line that is just "Jane Doe, Police and Crime Commissioner for
    Kent": the office holder the letter comes from."""
    p = _patterns()
    top = [seg for seg in ctx.segments if seg.span[0] < ctx.body_span[0]]
    for i, (first, second) in enumerate(zip(top, top[1:])):  # "Jane Doe" then "Police and Crime Commissioner"
        # (a page may open with the name alone, a blank line above its title)
        if first.kind in ("letterhead", "heading") and second.kind in ("letterhead", "heading") \
                and (i == 0 or "\n\n" not in ctx.text[first.span[1]:second.span[0]]):
            m = p.sig_line.fullmatch(ctx.text, *first.span) or p.office_of.fullmatch(ctx.text, *first.span)
            hit = _role_in(ctx, *second.span)
            if m and _rest(m) is None and hit and _starts_with_role(ctx.text, second.span[0], hit[1][0]):
                got = _name_from(m)
                if got:
                    return _Found(got[0], got[1], hit[0], hit[1])
    for seg in ctx.of_kind("letterhead", "heading"):
        s, e = seg.span
        if e - s > 150:
            continue
        m = p.sig_line.fullmatch(ctx.text, s, e)
        rest = _rest(m) if m else None
        if m and rest:
            hit = _role_in(ctx, rest[0], e)
            got = _name_from(m)
            if hit and got and hit[1][0] - rest[0] <= 4:
                return _Found(got[0], got[1], hit[0], hit[1])
    return None


_PLACE_BEFORE_ROLE = re.compile(r"(?:the\s+)?" + _PLACE + r"(?:['’]s)?\s+\Z")


def _starts_with_role(text: str, line_start: int, role_start: int) -> bool:
    """The line starts with the role title, or with a place and then the role ("Staffordshire
    Police, Fire & Rescue and Crime Commissioner response to ...")."""
    if role_start == line_start:
        return True
    m = _PLACE_BEFORE_ROLE.match(text, line_start, role_start)
    return bool(m) and forces().lookup(text[line_start:role_start].strip().removesuffix("'s").removesuffix("’s")) is not None


def _role_fallback(ctx: Context) -> tuple[str, Span] | None:
    m = _patterns().as_role.search(ctx.text)
    if m:
        return roles().first(m.group("role"))[0], m.span("role")  # type: ignore[index]
    for seg in ctx.of_kind("letterhead", "heading"):
        hit = _role_in(ctx, *seg.span)
        if hit:
            return hit
    for role, (s, e) in ctx.role_hits:  # "The Police and Crime Commissioner (PCC) shares ..."
        if roles().rank(role) <= 2 and ctx.kind_at(s) in ("paragraph", "list_item") \
                and _THE_ROLE_SUBJECT.search(ctx.text[max(0, s - 8):s]) and _VERB_AFTER.match(ctx.text, e):
            return role, (s, e)
    return None


_THE_ROLE_SUBJECT = re.compile(r"(?:^|\n|[.:] )The\s+\Z")
_VERB_AFTER = re.compile(r"(?:\s*\([A-Za-z&]{2,8}\))?\s+(?:has|have|had|is|was|will|shares|welcomes|welcomed|"
                         r"responds|responded|notes|noted|accepts|accepted|says|said|remains|expects)\b")


_METROPOLITAN = re.compile(r"\b(?:Metropolitan|Metropolis|City of London)\b")


def _bare(text: str, span: Span) -> bool:
    return text[span[0]:span[1]].strip().lower() == "commissioner"


def _prefer_specific_commissioner(ctx: Context, found: _Found) -> None:
    """"Commissioner Jane Doe said": when the text also names a commissioner's office
    ("The Police and Crime Commissioner for Dyfed-Powys"), that is the precise role."""
    for role, span in roles().finditer(ctx.text):
        if role != "Commissioner" and "Commissioner" in role:
            found.role, found.role_span = role, span
            return


def extract_author(ctx: Context) -> Author:
    """The author's name and role; warnings say what is missing and why."""
    sig = _from_signature(ctx)
    complete = sig is not None and sig.name and sig.role and not sig.other_title
    # a signature with name and role decides: the other sources could only fill gaps
    other = None if complete else _from_patterns(ctx, signed=bool(sig is not None and sig.name))
    if sig is not None and sig.other_title and not sig.signed_off and other is not None and other.quoted:
        # "Message Sent By / Amy Pantall / (OPCC, Communications Officer)" under a statement
        # that quotes the commissioner: the sender is not the author
        sig = None
    found = _Found(None, None, None, None)
    for cand in (sig, other):
        if cand is None:
            continue
        if found.name is None and cand.name:
            found.name, found.span = cand.name, cand.span
            if cand.role:
                found.role, found.role_span = cand.role, cand.role_span
        if found.role is None and cand.role and not (sig is not None and sig.other_title and found.name == sig.name):
            found.role, found.role_span = cand.role, cand.role_span
    if found.role is None and not (sig is not None and sig.other_title and found.name == sig.name):
        fb = _role_fallback(ctx)
        if fb:
            found.role, found.role_span = fb
    if found.role == "Commissioner" and found.role_span and _bare(ctx.text, found.role_span) \
            and not _METROPOLITAN.search(ctx.text):
        _prefer_specific_commissioner(ctx, found)
    if found.name is None:
        ctx.warnings.append("no author name found: no signature, 'response of' heading, press quote or byline names the writer")
    if found.role is None and sig is not None and sig.other_title:
        ctx.warnings.append("no author role: the signatory's title is not one of the roles in roles.yaml "
                            "(e.g. a chief executive signing on behalf of the commissioner)")
    elif found.role is None:
        ctx.warnings.append("no author role found: the text names no role such as 'Police and Crime Commissioner' for the writer")
    return Author(name=found.name, role=found.role, span=found.span, role_span=found.role_span)
