"""HTML (``.html``/``.htm``) via selectolax (lexbor): the main content of a web page as text.

The main content is the first match of ``content_selectors`` in ``data/html_boilerplate.yaml``
(``<main>``, ``[role=main]``, ``<article>``, ``#content``...); inside it, scripts, menus,
cookie banners, "Skip to main content", text-size widgets, "Quick exit" links and share bars
are removed (tags, attribute words and phrases all listed in that file). Block elements become
paragraphs separated by a blank line, ``<li>`` becomes ``"- item"`` (``"1. item"`` inside
``<ol>``), ``<br>`` a line break. Dates under the heading ("Published: 12 March 2021",
``<time>``) are ordinary text and kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Optional

import yaml
from selectolax.lexbor import LexborHTMLParser, LexborNode

from answerable import budget
from answerable.errors import ConfigError, CorruptFileError
from answerable.read.registry import Extracted, ReadContext, Reader, register

_BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset "
    "figcaption figure footer h1 h2 h3 h4 h5 h6 header hr html li main ol p pre section summary "
    "table tbody thead tfoot tr ul".split())
_CELL_TAGS = frozenset({"td", "th"})
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_EDGE_BARS = re.compile(r"^(?:\s*\|\s*)+|(?:\s*\|\s*)+$")
_SPACES = re.compile(r" {2,}")
_BARE_NUMBER = re.compile(r"\d+\.\s*")  # a list item's marker with no text after it
_LATIN1_LABELS = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii",
                            "windows-1252", "cp1252"})
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)


@dataclass(frozen=True)
class Boilerplate:
    """The lists from ``data/html_boilerplate.yaml``, compiled."""

    content_selectors: tuple[str, ...]
    drop_tags: frozenset[str]
    attribute_words: tuple[str, ...]
    link_list_words: tuple[str, ...]
    phrases: re.Pattern[str]  # any one widget phrase, matched at a position
    each_phrase: tuple[re.Pattern[str], ...]
    inline: re.Pattern[str]

    def is_widget_line(self, line: str) -> bool:
        """True when ``line`` consists of nothing but widget phrases ("Skip to main content
        Quick exit", "Home > News", "- Contact us", "Accept all cookies")."""
        line = " ".join(line.split()).removeprefix("- ")
        if not line or len(line) > 300 or self.phrases.match(line) is None:
            return False
        pos = 0
        while pos < len(line):  # the longest phrase at each position, until the line is used up
            end = max((m.end() for p in self.each_phrase if (m := p.match(line, pos))), default=pos)
            if end == pos:
                return False
            pos = end
        return True

    @cached_property
    def always_selector(self) -> str:
        """Elements removed wherever they are: the tags, hidden elements, site landmarks."""
        return ", ".join([*sorted(self.drop_tags), "[hidden]", "[aria-hidden=true]",
                          *(f"[role={r}]" for r in ("navigation", "banner", "contentinfo", "search")),
                          *(f"[style*='{s}' i]" for s in ("display:none", "display: none",
                                                          "visibility:hidden", "visibility: hidden"))])

    @cached_property
    def widget_selector(self) -> str:
        """Elements named as widgets by id/class/aria-label (removed unless they wrap the page)."""
        return _attribute_selector(self.attribute_words)

    @cached_property
    def link_list_selector(self) -> str:
        """Elements named as link lists (removed only when mostly links)."""
        return _attribute_selector(self.link_list_words)


def _attribute_selector(words: tuple[str, ...]) -> str:
    """A CSS selector matching elements whose id, class or aria-label contains a word."""
    return ", ".join(f"[{attr}*='{word}' i]" for word in words for attr in ("id", "class", "aria-label"))


USER_FILE = "html_boilerplate.yaml"  # in the user's data directory: extra entries for every list


@lru_cache(maxsize=1)
def boilerplate() -> Boilerplate:
    """The bundled boilerplate lists plus any in ``<data dir>/html_boilerplate.yaml`` (loaded once
    per process; the data directory is the one ``answerable settings`` shows for the database)."""
    from answerable.settings import default_data_dir

    extra = default_data_dir() / USER_FILE
    return load_boilerplate(extra if extra.is_file() else None)


def load_boilerplate(extra: Optional[Path] = None) -> Boilerplate:
    """The bundled lists, each extended by the same list in the YAML file ``extra``."""
    bundled = resources.files("answerable.data").joinpath(USER_FILE)
    data = _load_yaml(bundled.read_text(encoding="utf-8"), str(bundled))
    if extra is not None:
        try:
            more = _load_yaml(extra.read_text(encoding="utf-8"), str(extra))
        except OSError as exc:
            raise ConfigError(f"cannot read the extra boilerplate file ({exc.strerror}).", path=str(extra)) from None
        for key, values in more.items():
            if key not in data:
                raise ConfigError(f"unknown list {key!r}: use one of {', '.join(data)}.", path=str(extra))
            data[key] = [*values, *data[key]] if key == "content_selectors" else [*data[key], *values]
    try:
        return _compile(data)
    except (TypeError, AttributeError, re.error) as exc:
        raise ConfigError(f"a boilerplate list is malformed ({type(exc).__name__}: {exc}): each list "
                          "holds strings; phrases are regular expressions.", path=str(extra or bundled)) from None


def _load_yaml(text: str, where: str) -> dict[str, list[str]]:
    """A mapping of list name -> list of strings from boilerplate YAML, or a ConfigError."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"is not valid YAML ({exc}).", path=where) from None
    if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
        raise ConfigError("must map list names (drop_tags, drop_phrases, ...) to lists of strings.",
                          path=where)
    return data


def _compile(data: dict[str, list[str]]) -> Boilerplate:
    """The lists as a :class:`Boilerplate` with the phrase patterns compiled."""
    phrases = "|".join(f"(?:{p})" for p in data["drop_phrases"])
    return Boilerplate(
        content_selectors=tuple(data["content_selectors"]),
        drop_tags=frozenset(t.lower() for t in data["drop_tags"]),
        attribute_words=tuple(w.lower() for w in data["drop_attribute_words"]),
        link_list_words=tuple(w.lower() for w in data["drop_link_list_words"]),
        phrases=re.compile(rf"(?:{phrases})[.:]?(?:\s+|$)", re.I),
        each_phrase=tuple(re.compile(rf"(?:{p})[.:]?(?:\s+|$)", re.I) for p in data["drop_phrases"]),
        inline=re.compile("|".join(f"(?:{p})" for p in data["drop_inline_phrases"]), re.I),
    )


def sniff_html(data: bytes) -> bool:
    """True when the first bytes look like an HTML page (``<!doctype html``, ``<html``)."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html")) or (head.startswith(b"<") and b"<html" in head)


def decode_html(data: bytes) -> str:
    """The page's characters: BOM, then ``<meta charset>``, then UTF-8, Windows-1252, Latin-1."""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    declared = _META_CHARSET.search(data[:4096])
    candidates = [declared.group(1).decode("ascii", "ignore").lower()] if declared else []
    # as browsers do (WHATWG Encoding): Latin-1 and ASCII labels mean Windows-1252
    candidates = ["cp1252" if c in _LATIN1_LABELS else c for c in candidates]
    for encoding in [*candidates, "utf-8", "cp1252"]:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("latin-1")


# Elements whose end tag HTML requires: their nesting is the page's nesting, counted from the
# bytes before parsing (an element whose end tag may be left out, <li> or <p>, cannot nest in
# itself without one of these between). Deeper than MAX_NESTING is refused: the HTML parser's
# work grows with the square of the depth (360 KB of nested <ol><li> took 20 s) and no letter
# is nested more than a few dozen deep.
MAX_NESTING = 200
_NESTING_TAGS = re.compile(
    rb"<(/?)(?:ol|ul|div|dl|table|blockquote|section|article|aside|main|nav|header|footer|"
    rb"figure|details|fieldset|form|span|a|b|i|u|s|em|strong|font|small|big|sub|sup|code|pre|"
    rb"center|object|button|label|select|q|cite|abbr|mark|del|ins)(?=[\s/>])", re.I)
_UTF16 = (b"\xff\xfe", b"\xfe\xff")


def nesting_depth(data: bytes, limit: int = MAX_NESTING) -> int:
    """How deep the elements of ``data`` nest, counted from their tags (stops past ``limit``).
    UTF-16 pages are decoded first; other encodings keep ASCII tags as they are."""
    if data.startswith(_UTF16):
        data = decode_html(data).encode("utf-8", errors="replace")
    depth = deepest = 0
    for match in _NESTING_TAGS.finditer(data):
        if match.group(1):
            depth = max(0, depth - 1)
        elif not data.startswith(b"/>", match.end()) :
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
    return deepest


def read_html(data: bytes, ctx: ReadContext) -> Extracted:
    """The main content of a web page, as paragraphs."""
    if b"\x00" in data[:4096] and not data.startswith(_UTF16):
        raise CorruptFileError("is not an HTML page (it contains binary data): save the page "
                               "again from the browser as HTML, or give the right extension.", path=ctx.path)
    if nesting_depth(data) > MAX_NESTING:
        raise CorruptFileError(
            f"is an HTML page nested more than {MAX_NESTING} elements deep (the limit; a letter's "
            "page is a few dozen at most), which takes too long to read: save the page's main text "
            "as .txt instead.", path=ctx.path, detail={"limit": MAX_NESTING})
    tree = LexborHTMLParser(decode_html(data))
    budget.check()
    rules = boilerplate()
    root = _content_root(tree, rules)
    if root is None:
        return Extracted(pages=[""], title=_title(tree, None))
    heading = _heading_outside(tree, root)
    title = _title(tree, heading[0] if heading else root)
    site_chrome = root.css_first("nav, header, footer, [role=navigation]") is not None
    unmarked = root.tag in ("body", "html") and site_chrome  # menus exist but no main content
    _prune(root, rules)
    budget.check()
    blocks = _Blocks()
    try:
        for node in heading:
            _walk_node(node, blocks)
        _walk(root, blocks)
    except RecursionError:
        raise CorruptFileError("is an HTML page nested too deeply to read: save the page's main "
                               "text as .txt instead.", path=ctx.path) from None
    paragraphs = blocks.done(lambda block: _clean_block(block, rules))
    warnings = []
    if unmarked:
        warnings.append("the web page marks no main content (<main>, <article>, #content), so the "
                        "whole page body was read without its menus, header and footer: check no "
                        "site text was mistaken for the letter")
    return Extracted(pages=["\n\n".join(paragraphs)], title=title, warnings=warnings)


def _title(tree: LexborHTMLParser, root: Optional[LexborNode]) -> Optional[str]:
    """The page's own heading: ``root`` if it is an ``<h1>`` or the ``<h1>`` inside it, else the
    first ``<h1>``, else ``<title>``."""
    candidates = [root if root.tag == "h1" else root.css_first("h1")] if root is not None else []
    candidates += [tree.css_first("h1"), tree.css_first("title")]
    for node in candidates:
        if node is not None:
            text = " ".join(node.text(deep=True).split())
            if text:
                return text
    return None


def _heading_outside(tree: LexborHTMLParser, root: LexborNode) -> list[LexborNode]:
    """The page heading and the dated line under it when both sit just above the main content
    (``<h1>`` then "Published: 12 March 2021" in a page header before ``<main>``)."""
    if root.tag in ("body", "html") or root.css_first("h1") is not None:
        return []
    h1 = next((h for h in tree.css("h1") if not _inside(h, "header") and not _inside(h, "nav")
               and "logo" not in (h.attributes.get("class") or "").lower()), None)
    if h1 is None:
        return []
    nodes = [h1]
    sibling = h1.next
    for _ in range(6):
        if sibling is None:
            break
        if sibling.tag not in ("-text", "-comment"):
            text = sibling.text(deep=True) or ""
            if sibling.css_first("time") is not None or sibling.tag == "time" or _DATED.search(text):
                if len(text) < 120:
                    nodes.append(sibling)
                break
        sibling = sibling.next
    return nodes


# A line under a page heading that carries the page's date ("Published: 12 March 2021").
_DATED = re.compile(r"\b(?:published|posted|date)\b"
                    r"|\b\d{1,2}(?:st|nd|rd|th)? (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{4}\b",
                    re.I)


def _content_root(tree: LexborHTMLParser, rules: Boilerplate) -> Optional[LexborNode]:
    """The main-content element: the first ``content_selectors`` match that has text."""
    for selector in rules.content_selectors:
        node = tree.css_first(selector)
        if node is not None and node.text(deep=True).strip():
            return node
    return tree.body or tree.root


def _prune(root: LexborNode, rules: Boilerplate) -> None:
    """Remove boilerplate elements inside ``root`` (never ``root`` itself). Candidates are found
    by CSS selectors built from the YAML lists (matched in C, so large pages stay fast)."""
    total = len(root.text(deep=True))
    doomed: dict[int, LexborNode] = {}
    for node in root.css(rules.always_selector):
        doomed[node.mem_id] = node
    if root.tag in ("body", "html"):  # no main content found: drop the site header too
        for node in root.css("header"):
            if not _inside(node, "article"):
                doomed[node.mem_id] = node
    for node in root.css("footer"):  # an article's own footer may hold its date or signature
        if root.tag != "article" and not _inside(node, "article") or _mostly_links(node, node.text(deep=True)):
            doomed[node.mem_id] = node
    for node in root.css(rules.widget_selector):
        if len(node.text(deep=True)) < 0.5 * total:  # not a wrapper round most of the page
            doomed[node.mem_id] = node
    for node in root.css(rules.link_list_selector):
        text = node.text(deep=True)
        if len(text) < 0.5 * total and _mostly_links(node, text):
            doomed[node.mem_id] = node
    for node in root.css("a[href^='#']"):
        if "skip" in (node.text() or "").lower():
            doomed[node.mem_id] = node
    doomed.pop(root.mem_id, None)
    outermost = [n for n in doomed.values() if not _has_ancestor_in(n, doomed, root)]
    for node in outermost:  # none inside another, so each is still attached when removed
        node.decompose()


def _has_ancestor_in(node: LexborNode, ids: dict[int, LexborNode], root: LexborNode) -> bool:
    """True when an element between ``node`` and ``root`` is in ``ids``."""
    parent = node.parent
    while parent is not None and parent.mem_id != root.mem_id:
        if parent.mem_id in ids:
            return True
        parent = parent.parent
    return False


def _inside(node: LexborNode, tag: str) -> bool:
    """True when ``node`` has an ancestor element ``tag``."""
    parent = node.parent
    while parent is not None:
        if parent.tag == tag:
            return True
        parent = parent.parent
    return False


def _mostly_links(node: LexborNode, text: str) -> bool:
    """True when at least half of ``node``'s text is link text (a menu)."""
    linked = sum(len(a.text(deep=True)) for a in node.css("a"))
    return linked >= 0.5 * len(text.strip() or "x")


class _Blocks:
    """Collects text into blocks: inline text accumulates, block elements end a block."""

    def __init__(self) -> None:
        self._blocks: list[tuple[str, str]] = []  # (text, "bullet" / "number" list item or "")
        self._buffer: list[str] = []
        self._item = ""

    def text(self, value: str) -> None:
        self._buffer.append(value)

    def start_item(self, marker: str) -> None:
        self.end_block()
        self._buffer.append(marker)
        self._item = "bullet" if marker == "- " else "number"

    def end_block(self) -> None:
        text = "".join(self._buffer)
        stripped = text.strip()
        if stripped and stripped not in ("-", "|") and not _BARE_NUMBER.fullmatch(text):
            self._blocks.append((text, self._item))
        self._buffer = []
        self._item = ""

    def done(self, clean) -> list[str]:
        """The blocks, each passed through ``clean``; consecutive list items as lines of one
        block (joined once at the end: linear however long the list)."""
        self.end_block()
        out: list[list[str]] = []
        previous_item = ""
        for text, item in self._blocks:
            text = clean(text)
            if not text:
                continue
            if item and item == previous_item and out:
                out[-1].append(text)
            else:
                out.append([text])
            previous_item = item
        return ["\n".join(lines) for lines in out]


def _walk(node: LexborNode, out: _Blocks, in_pre: bool = False) -> None:
    """Append the text under ``node`` to ``out`` (iterative over siblings, recursive in depth;
    the depth is bounded by :data:`MAX_NESTING`, checked before parsing)."""
    budget.check()  # once per element: a huge page stops within its time budget
    number = _first_number(node) if node.tag == "ol" else None  # the next <li>'s number
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            value = child.text(deep=False) or ""
            out.text(value if in_pre else _HTML_SPACE.sub(" ", value))
        elif tag == "br":
            out.text("\n")
        elif tag in _CELL_TAGS:
            out.text(" | ")
            _walk(child, out, in_pre)
        elif tag == "li":
            if number is None:
                out.start_item("- ")
            else:
                out.start_item(f"{number}. ")
                number += 1
            _walk(child, out, in_pre)
            out.end_block()
        elif tag in _BLOCK_TAGS:
            out.end_block()
            _walk(child, out, in_pre or tag == "pre")
            out.end_block()
        elif tag == "img":
            continue
        elif tag == "time" and not (child.text(deep=True) or "").strip():
            out.text(child.attributes.get("datetime") or "")  # an icon-only date: keep its value
        elif not tag.startswith("-"):
            _walk(child, out, in_pre)


def _walk_node(node: LexborNode, out: _Blocks) -> None:
    """Append one element (not only its children) to ``out`` as a block of its own."""
    out.end_block()
    _walk(node, out)
    out.end_block()


def _first_number(ol: LexborNode) -> int:
    """The number of an ``<ol>``'s first item (its ``start``, else 1)."""
    try:
        return int(ol.attributes.get("start") or 1)
    except ValueError:
        return 1


def _clean_block(block: str, rules: Boilerplate) -> str:
    """A block with each line trimmed, table-cell separators tidied and boilerplate lines gone."""
    lines = []
    for line in block.split("\n"):
        line = rules.inline.sub("", line)
        if "|" in line:
            line = _EDGE_BARS.sub("", line)  # a table row's leading/trailing cell separators
        line = _SPACES.sub(" ", line).strip()
        if line and not rules.is_widget_line(line):
            lines.append(line)
    return "\n".join(lines)


register(Reader("html", (".html", ".htm", ".xhtml"), read_html, sniff=sniff_html,
                description="web page (main content)"))
