"""An HTML page or a sitemap as `collect` sees it: its text decoded whatever the charset, its
links (absolute, without fragments) with their text, and whether it reads as a response itself."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional
from urllib.parse import urldefrag, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from answerable.collect.rules import Rules

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)""", re.I)
_LOC = re.compile(rb"<loc>\s*([^<\s]+)\s*</loc>", re.I)
_WORD = re.compile(r"\w+")


@dataclass
class Link:
    url: str
    text: str


@dataclass
class Page:
    url: str
    title: str = ""
    text: str = ""
    links: list[Link] = field(default_factory=list)
    link_words: int = 0

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))


def charset_of(content_type: Optional[str]) -> Optional[str]:
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def decode(body: bytes, content_type: Optional[str] = None) -> str:
    """The page's text: the charset the server or a ``<meta>`` names, else UTF-8, else
    Windows-1252 (what "ISO-8859-1" pages really are); never fails."""
    candidates = [charset_of(content_type)]
    found = _META_CHARSET.search(body[:4096])
    if found:
        candidates.append(found.group(1).decode("ascii", "ignore"))
    candidates += ["utf-8", "cp1252"]
    for name in candidates:
        if not name:
            continue
        if name.lower() in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
            name = "cp1252"
        try:
            return body.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("cp1252", "replace")


def _absolute(base: str, href: str) -> Optional[str]:
    href = href.strip()
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None
    url = urldefrag(urljoin(base, href)).url
    return url if urlsplit(url).scheme in ("http", "https") else None


def parse_html(body: bytes, url: str, content_type: Optional[str] = None) -> Page:
    """Links and visible text of an HTML page (malformed markup is parsed as browsers do)."""
    tree = HTMLParser(decode(body, content_type))
    tree.strip_tags(["script", "style", "noscript", "template"])
    base = url
    base_tag = tree.css_first("base[href]")
    if base_tag is not None:
        base = urljoin(url, base_tag.attributes.get("href") or "")
    links: list[Link] = []
    for node in tree.css("a[href]"):
        target = _absolute(base, node.attributes.get("href") or "")
        if target is None:
            continue
        text = " ".join(node.text(separator=" ").split())
        title = node.attributes.get("title") or node.attributes.get("aria-label") or ""
        links.append(Link(target, " ".join(f"{text} {title}".split())))
    title_node = tree.css_first("title")
    root = _content(tree)
    text = root.text(separator=" ") if root is not None else ""
    link_words = sum(len(_WORD.findall(a.text(separator=" "))) for a in root.css("a[href]")) if root is not None else 0
    return Page(url=url, title=" ".join(title_node.text().split()) if title_node else "",
                text=" ".join(text.split()), links=links, link_words=link_words)


_CONTENT = ("main", "article", "[role=main]", "#content", "#main-content", ".content")


def _content(tree):
    """The page's main content when it marks it (so that menus and footers do not count as the
    page's words), else its body."""
    for selector in _CONTENT:
        node = tree.css_first(selector)
        if node is not None and len(_WORD.findall(node.text(separator=" "))) >= 20:
            return node
    return tree.body or tree.root


def parse_sitemap(body: bytes, url: str) -> Page:
    """A sitemap (or sitemap index): every ``<loc>`` as a link with no text."""
    links = [Link(u, "") for u in (_absolute(url, m.group(1).decode("utf-8", "replace"))
                                   for m in _LOC.finditer(body)) if u]
    return Page(url=url, links=links)


def is_sitemap(body: bytes) -> bool:
    head = body[:2048].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<urlset" in body[:4096].lower() or b"<sitemapindex" in body[:4096].lower())


def looks_like_response(page: Page, rules: Rules) -> bool:
    """Whether an HTML page is a response itself (a letter published as a web page): enough
    words, mostly not link text, naming the inspectorate, reading as a response and a letter."""
    words = page.words
    if words < rules.min_words or page.link_words > rules.max_link_share * words:
        return False
    text = f"{page.title} {page.text}"
    return bool(rules.inspectorate.search(text) and rules.response.search(text) and rules.letter.search(text))
