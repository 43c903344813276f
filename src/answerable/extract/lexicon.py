"""The domain vocabulary, loaded once from the YAML files in ``answerable/data/``.

``forces.yaml`` (the 43 forces and how people write them), ``roles.yaml`` (canonical role
titles) and ``cues.yaml`` (cue phrases). Each is read and compiled into regular expressions the
first time it is needed and kept for the life of the process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

import yaml

from answerable.errors import ConfigError

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


@dataclass(frozen=True)
class ForceLexicon:
    """Compiled force vocabulary: ``finditer`` gives (canonical name, span, strong) mentions."""

    variant_rx: re.Pattern[str]
    acronym_rx: re.Pattern[str]
    canonical: dict[str, tuple[str, bool]]  # lowercased variant -> (force, strong?)
    acronyms: dict[str, str]
    not_after_rx: re.Pattern[str]
    names: tuple[str, ...]

    def finditer(self, text: str, start: int = 0, end: int | None = None):
        """Yield ``(force, (s, e), strong)`` for each mention in ``text[start:end]``."""
        end = len(text) if end is None else end
        hits: list[tuple[int, int, str, bool]] = []
        for m in self.variant_rx.finditer(text, start, end):
            force, strong = self.canonical[_norm(m.group(0))]
            hits.append((m.start(), m.end(), force, strong))
        for m in self.acronym_rx.finditer(text, start, end):
            hits.append((m.start(), m.end(), self.acronyms[m.group(0)], True))
        hits.sort()
        for s, e, force, strong in hits:
            if self.not_after_rx.match(text, e):
                continue
            yield force, (s, e), strong

    def lookup(self, phrase: str) -> str | None:
        """Canonical force for a phrase that is exactly one variant, else None."""
        hit = self.canonical.get(_norm(phrase))
        if hit:
            return hit[0]
        return self.acronyms.get(phrase.strip())


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.strip().lower()).replace("’", "'")


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
    variants = sorted(canonical, key=len, reverse=True)
    vrx = re.compile(
        _WORD_LEFT + "(?:" + "|".join(re.escape(v).replace(r"\ ", r"\s+").replace("'", "['’]") for v in variants) + ")" + _WORD_RIGHT,
        re.I,
    )
    arx = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(a) for a in sorted(acronyms, key=len, reverse=True)) + r")(?![\w-])")
    not_after = data.get("not_the_force_after") or ["Regional"]
    nrx = re.compile(r"\s+" + alternation(re.escape(w) for w in not_after) + r"\b", re.I)
    return ForceLexicon(vrx, arx, canonical, acronyms, nrx, tuple(names))


@dataclass(frozen=True)
class RoleLexicon:
    rx: re.Pattern[str]  # one named group per role: r0, r1, ...
    names: tuple[str, ...]
    ranks: tuple[int, ...]
    plain: str  # the same alternation without groups, for embedding in other patterns

    def finditer(self, text: str, start: int = 0, end: int | None = None):
        """Yield ``(canonical role, (s, e))`` for each role title written in the range."""
        end = len(text) if end is None else end
        for m in self.rx.finditer(text, start, end):
            idx = int(m.lastgroup[1:])  # type: ignore[index]
            yield self.names[idx], m.span()

    def first(self, text: str, start: int = 0, end: int | None = None):
        return next(self.finditer(text, start, end), None)

    def rank(self, role: str) -> int:
        return self.ranks[self.names.index(role)] if role in self.names else 9


@lru_cache(maxsize=1)
def roles() -> RoleLexicon:
    data = load_yaml("roles")
    parts, plain, names, ranks = [], [], [], []
    for i, entry in enumerate(data.get("roles", [])):
        names.append(entry["name"])
        ranks.append(int(entry.get("rank", 5)))
        parts.append(f"(?P<r{i}>{alternation(entry['variants'])})")
        plain.append(alternation(entry["variants"]))
    try:
        rx = re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", re.I)
    except re.error as exc:
        raise ConfigError(f"a role variant in roles.yaml does not compile: {exc}") from exc
    plain_rx = r"(?<![\w-])" + alternation(plain) + r"(?![\w-])"
    return RoleLexicon(rx, tuple(names), tuple(ranks), plain_rx)
