"""The domain vocabulary, loaded once from the YAML files in ``answerable/data/``.

``forces.yaml`` (the 43 forces and how people write them), ``roles.yaml`` (canonical role
titles) and ``cues.yaml`` (cue phrases). Each is read and compiled into regular expressions the
first time it is needed and kept for the life of the process.
"""

from __future__ import annotations

import re
import re._constants as _C  # the regex parser, to find the literal start of each cue
import re._parser as _P
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

import yaml

from answerable.errors import ConfigError
from answerable.models import Span

_WORD_LEFT = r"(?<![\w-])"
_WORD_RIGHT = r"(?![\w-])"


@lru_cache(maxsize=None)
def load_yaml(name: str) -> dict[str, Any]:
    """Read ``answerable/data/<name>.yaml`` once; a broken file is a :class:`ConfigError`."""
    try:
        text = resources.files("answerable").joinpath("data", f"{name}.yaml").read_text("utf-8")
        data = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(
            f"cannot read the data file {name}.yaml ({exc}); reinstall answerable or fix the YAML",
            path=f"answerable/data/{name}.yaml",
        ) from exc
    if not isinstance(data, dict):
        raise ConfigError(f"data file {name}.yaml must hold a mapping", path=f"answerable/data/{name}.yaml")
    return data


def alternation(patterns: Iterable[str]) -> str:
    """One non-capturing group trying each pattern in turn."""
    return "(?:" + "|".join(f"(?:{p})" for p in patterns) + ")"


def lower_pattern(pattern: str) -> str:
    """The pattern for matching lowercased text: letters lowercased except escapes (``\\S``)."""
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if pattern.startswith("(?P", i):  # named groups keep their syntax
            out.append("(?P")
            i += 3
            continue
        if ch == "\\" and i + 1 < len(pattern):
            out.append(pattern[i:i + 2])
            i += 2
            continue
        out.append(ch.lower())
        i += 1
    return "".join(out)


def lowered(text: str) -> str | None:
    """``text.lower()`` when it keeps every offset (it nearly always does), else None."""
    low = text.lower()
    return low if len(low) == len(text) else None


def _literal_prefixes(ops, limit: int = 64) -> set[str] | None:
    """The literal strings every match of the parsed pattern ``ops`` must start with, up to
    the first non-literal or space (``"i"``, ``"we"`` for ``(?:i|we) will``), or None when a
    match can start with anything (a leading optional group, a character class...)."""
    out = {""}
    for op, av in ops:
        if op is _C.AT:
            continue
        if op is _C.LITERAL:
            ch = chr(av)
            if ch.isspace():
                break
            out = {p + ch for p in out}
            continue
        if op is _C.SUBPATTERN:
            inner = _literal_prefixes(av[-1], limit)
        elif op is _C.BRANCH:
            inner = set()
            for alt in av[1]:
                sub = _literal_prefixes(alt, limit)
                if sub is None:
                    return None
                inner |= sub
        else:
            break
        if inner is None:
            return None
        out = {p + q for p in out for q in inner}
        if len(out) > limit:
            return None
        break  # after a group the literal run may continue in several ways: stop here
    return out


def _prefixes_of(alternatives: list[str]) -> frozenset[str] | None:
    """The literal strings any match of the alternatives starts with, or None when unknown."""
    found: set[str] = set()
    for alt in alternatives:
        try:
            prefixes = _literal_prefixes(_P.parse(alt))
        except re.error:
            return None
        if not prefixes or any(not p for p in prefixes):  # could start anywhere
            return None
        found |= prefixes
    return frozenset(found)


def _prefix_rx(found: frozenset[str] | None) -> re.Pattern[str] | None:
    """A fast literal scan for where any alternative can start, or None when one cannot say."""
    if not found:
        return None
    body = "|".join(re.escape(p) for p in sorted(found, key=len, reverse=True))
    if min(len(p) for p in found) <= 3:
        # short prefixes ("i", "we") would hit inside most words: scan for word starts only
        return re.compile(r"\b(?:" + body + ")")
    return re.compile(body)  # long prefixes: a plain literal scan is fastest; word start checked after


class CuePattern:
    """A cue list compiled twice: case-sensitively for lowercased text (fast) and with
    ``re.IGNORECASE`` for the rare text whose lowercase form changes length.

    A leading ``\\b`` stops Python's regex engine from skipping ahead to the possible first
    characters, so it is taken off the fast pattern and checked on each match instead (the
    same matches, several times faster)."""

    __slots__ = ("low", "anycase", "starts", "prefixes", "index")

    def __init__(self, patterns: Iterable[str], *, scanned: bool = True):
        """``scanned``: found in the one word scan of each letter (``Context.cue_hits``); a
        pattern only tried on short snippets (the words before a date) is not."""
        patterns = list(patterns)
        stripped = [lower_pattern(p[2:] if p.startswith("\\b") else p) for p in patterns]
        try:
            self.low = re.compile(alternation(stripped))
            self.anycase = re.compile(alternation(patterns), re.I)
        except re.error as exc:
            raise ConfigError(f"a cue pattern does not compile: {exc}; fix it in cues.yaml") from exc
        # where a match can start: the literal first letters of each alternative, found by a
        # plain literal scan (many times faster than trying the whole pattern everywhere)
        self.prefixes = _prefixes_of(stripped)
        self.starts = _prefix_rx(self.prefixes)
        self.index = len(_REGISTRY) if scanned else -1
        if scanned:
            _REGISTRY.append(self)

    def finditer(self, text: str, low: str | None, start: int = 0, end: int | None = None):
        end = len(text) if end is None else end
        if low is None:
            yield from self.anycase.finditer(text, start, end)
            return
        if self.starts is not None:
            yield from self._finditer_from_starts(low, start, end)
            return
        search, pos = self.low.search, start
        while True:
            m = search(low, pos, end)
            if m is None:
                return
            s = m.start()
            if s > 0 and (low[s - 1].isalnum() or low[s - 1] == "_") and low[s:s + 1].isalnum():
                pos = s + 1  # not at a word start: look again just after it
                continue
            yield m
            pos = m.end() if m.end() > s else s + 1

    def _finditer_from_starts(self, low: str, start: int, end: int):
        match, pos = self.low.match, start
        for hit in self.starts.finditer(low, start, end):  # type: ignore[union-attr]
            s = hit.start()
            if s < pos or (s > 0 and (low[s - 1].isalnum() or low[s - 1] == "_")):
                continue
            m = match(low, s, end)
            if m is not None:
                yield m
                pos = m.end() if m.end() > s else s + 1

    def search(self, text: str, low: str | None, start: int = 0, end: int | None = None):
        return next(self.finditer(text, low, start, end), None)


_REGISTRY: list[CuePattern] = []  # every cue list compiled, for the one-pass word scan
_WORD_LOW = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=4)
def _word_index(count: int) -> dict[str, tuple[tuple[int, str], ...]]:
    """First three letters of a word (or a whole short word) -> (cue index, prefix) pairs."""
    index: dict[str, list[tuple[int, str]]] = {}
    for cue in _REGISTRY[:count]:
        for prefix in cue.prefixes or ():
            key = prefix[:3] if len(prefix) >= 3 else prefix
            index.setdefault(key, []).append((cue.index, prefix))
    return {k: tuple(v) for k, v in index.items()}


def cue_count() -> int:
    """How many cue lists have been compiled so far."""
    return len(_REGISTRY)


def scan_cues(low: str) -> dict[int, list[Span]]:
    """Matches of every registered cue list (those whose first letters are known) in one pass
    over the words of ``low``: a word's first letters say which few cues can start there."""
    index = _word_index(len(_REGISTRY))
    hits: dict[int, list[Span]] = {}
    seen: set[tuple[int, int]] = set()
    for w in _WORD_LOW.finditer(low):
        word, pos = w.group(0), w.start()
        candidates = index.get(word[:3]) if len(word) >= 3 else index.get(word)
        if not candidates:
            continue
        for ci, prefix in candidates:
            if (ci, pos) in seen or not low.startswith(prefix, pos):
                continue
            m = _REGISTRY[ci].low.match(low, pos)
            if m is not None and m.end() > pos:
                seen.add((ci, pos))
                hits.setdefault(ci, []).append(m.span())
    return hits


def compile_list(patterns: Iterable[str], flags: int = re.I, *, whole: bool = False) -> re.Pattern[str]:
    """Compile a list of cue patterns into one regex (``whole``: must match a whole string)."""
    body = alternation(patterns)
    if whole:
        body = body + r"\Z"
    try:
        return re.compile(body, flags)
    except re.error as exc:
        raise ConfigError(f"a cue pattern does not compile: {exc}; fix it in cues.yaml") from exc


def cues() -> dict[str, Any]:
    return load_yaml("cues")


_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")


@dataclass(frozen=True)
class ForceLexicon:
    """Compiled force vocabulary: ``finditer`` gives (canonical name, span, strong) mentions.

    Variants are indexed by their first word, so a text is scanned word by word and only the
    few variants starting with that word are tried there (fast for 200+ variants)."""

    by_first_word: dict[str, re.Pattern[str]]  # lowercased first word -> its variants, longest first
    first_word_rx: re.Pattern[str]  # any first word (lowercase) or acronym: a literal alternation, fast
    canonical: dict[str, tuple[str, bool]]  # lowercased variant -> (force, strong?)
    acronyms: dict[str, str]
    not_after_rx: re.Pattern[str]
    names: tuple[str, ...]

    def finditer(self, text: str, start: int = 0, end: int | None = None):
        """Yield ``(force, (s, e), strong)`` for each mention in ``text[start:end]``."""
        end = len(text) if end is None else end
        pos = start
        index, acronyms = self.by_first_word, self.acronyms
        low = lowered(text)
        scan = low if low is not None else text
        flags_rx = self.first_word_rx if low is not None else re.compile(self.first_word_rx.pattern, re.I)
        for w in flags_rx.finditer(scan, start, end):
            ws = w.start()
            if ws < pos or (ws > 0 and (text[ws - 1].isalnum() or text[ws - 1] in "-_")):
                continue
            w = _WORD.match(text, ws, end)
            if w is None:
                continue
            word = w.group(0)
            rx = index.get(word.lower())
            if rx is None and word[-2:] in ("'s", "’s"):  # "Kent's Police and Crime Commissioner"
                word = word[:-2]
                rx = index.get(word.lower())
            if rx is None and word not in acronyms:
                continue
            hit = None
            if rx is not None:
                m = rx.match(text, ws, end)
                if m:
                    force, strong = self.canonical[_norm(m.group(0))]
                    hit = (force, m.span(), strong)
            if hit is None and word in acronyms and _boundary(text, ws + len(word)):
                hit = (acronyms[word], (ws, ws + len(word)), True)
            if hit is not None:
                pos = hit[1][1]
                if not self.not_after_rx.match(text, pos):
                    yield hit

    def lookup(self, phrase: str) -> str | None:
        """Canonical force for a phrase that is exactly one variant, else None."""
        hit = self.canonical.get(_norm(phrase))
        if hit:
            return hit[0]
        return self.acronyms.get(phrase.strip())


def _boundary(text: str, i: int) -> bool:
    return i >= len(text) or not (text[i].isalnum() or text[i] in "-_")


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.strip().lower()).replace("’", "'").replace(" & ", " and ")


def _variant_rx(variant: str) -> str:
    rx = re.escape(variant).replace(r"\ ", r"\s+").replace("'", "['’]")
    return rx.replace(r"\s+and\s+", r"\s+(?:and|&)\s+").replace(r"\s+\&\s+", r"\s+(?:and|&)\s+")


@lru_cache(maxsize=1)
def forces() -> ForceLexicon:
    data = load_yaml("forces")
    canonical: dict[str, tuple[str, bool]] = {}
    acronyms: dict[str, str] = {}
    names = []
    for entry in data.get("forces", []):
        name = entry["name"]
        names.append(name)
        canonical.setdefault(_norm(name), (name, False))
        for v in entry.get("variants") or []:
            canonical[_norm(v)] = (name, True)
        for v in entry.get("places") or []:
            canonical.setdefault(_norm(v), (name, False))
        for a in entry.get("acronyms") or []:
            acronyms[a] = name
    groups: dict[str, list[str]] = {}
    for v in canonical:
        first = _WORD.match(v)
        if first is None:
            raise ConfigError(f"force variant {v!r} in forces.yaml must start with a letter")
        groups.setdefault(first.group(0), []).append(v)
    by_first = {
        w: re.compile("(?:" + "|".join(_variant_rx(v) for v in sorted(vs, key=len, reverse=True)) + r")(?![\w-])", re.I)
        for w, vs in groups.items()
    }
    not_after = data.get("not_the_force_after") or ["Regional"]
    nrx = re.compile(r"\s+" + alternation(re.escape(w) for w in not_after) + r"\b", re.I)
    words = sorted(set(by_first) | {a.lower() for a in acronyms}, key=len, reverse=True)
    first_rx = re.compile("|".join(re.escape(w) for w in words))  # no assertion: keeps sre's fast prefix scan
    return ForceLexicon(by_first, first_rx, canonical, acronyms, nrx, tuple(names))


@dataclass(frozen=True)
class RoleLexicon:
    rx: re.Pattern[str]  # one named group per role: r0, r1, ...
    low_rx: re.Pattern[str]  # the same for lowercased text
    names: tuple[str, ...]
    ranks: tuple[int, ...]
    plain: str  # the same alternation without groups, for embedding in other patterns
    starts: re.Pattern[str] | None = None  # the words a title can start with (roles.yaml first_words)

    def finditer(self, text: str, start: int = 0, end: int | None = None):
        """Yield ``(canonical role, (s, e))`` for each role title written in the range."""
        end = len(text) if end is None else end
        low = lowered(text[start:end])  # only the range: callers often look at one line
        if low is None:
            for m in self.rx.finditer(text, start, end):
                yield self.names[int(m.lastgroup[1:])], m.span()  # type: ignore[index]
            return
        if self.starts is None or end - start < 2000:
            for m in self.low_rx.finditer(low):
                yield self.names[int(m.lastgroup[1:])], (m.start() + start, m.end() + start)  # type: ignore[index]
            return
        pos = 0  # a long text: try the title only where one of its first words is (a literal scan)
        for w in self.starts.finditer(low):
            if w.start() < pos:
                continue
            m = self.low_rx.match(low, w.start())
            if m is not None:
                pos = m.end()
                yield self.names[int(m.lastgroup[1:])], (m.start() + start, m.end() + start)  # type: ignore[index]

    def first(self, text: str, start: int = 0, end: int | None = None):
        return next(self.finditer(text, start, end), None)

    def rank(self, role: str) -> int:
        return self.ranks[self.names.index(role)] if role in self.names else 9


_LOOKBEHIND = re.compile(r"\(\?<[!=][^)]*\)")


def _flexible_spaces(pattern: str) -> str:
    """Each literal space as ``\\s+``, except inside look-behinds (which must be fixed-width)."""
    out, pos = [], 0
    for m in _LOOKBEHIND.finditer(pattern):
        out.append(pattern[pos:m.start()].replace(" ", r"\s+"))
        out.append(m.group(0))
        pos = m.end()
    out.append(pattern[pos:].replace(" ", r"\s+"))
    return "".join(out)


@lru_cache(maxsize=1)
def roles() -> RoleLexicon:
    data = load_yaml("roles")
    parts, plain, names, ranks = [], [], [], []
    for i, entry in enumerate(data.get("roles", [])):
        names.append(entry["name"])
        ranks.append(int(entry.get("rank", 5)))
        # a title may break across lines ("Police and Crime\nCommissioner"): a space is any whitespace
        variants = [_flexible_spaces(v) for v in entry["variants"]]
        parts.append(f"(?P<r{i}>{alternation(variants)})")
        plain.append(alternation(variants))
    try:
        body = r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])"
        rx = re.compile(body, re.I)
        low_rx = re.compile(lower_pattern(body))
    except re.error as exc:
        raise ConfigError(f"a role variant in roles.yaml does not compile: {exc}") from exc
    plain_rx = r"(?<![\w-])" + alternation(plain) + r"(?![\w-])"
    first = sorted({str(w).lower() for w in data.get("first_words") or []}, key=len, reverse=True)
    starts = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in first) + r")") if first else None
    return RoleLexicon(rx, low_rx, tuple(names), tuple(ranks), plain_rx, starts)
