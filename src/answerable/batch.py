"""One path expansion for every batch command (``extract``, ``audit``, ``ingest``).

>>> for entry in expand(["letters/", "extra/*.pdf", "-"]):
...     entry.path, entry.problem      # a Path (None for "-"), or why this entry cannot be read

A folder gives its letter files (:data:`LETTER_EXTENSIONS`, recursively, sorted, hidden files
and folders left out, and the documentation files named in ``data/folder_rules.yaml`` skipped
with a note); a pattern with ``*``, ``?`` or ``[`` is a glob (``**`` recursive); ``-`` is
standard input. A name that cannot be used (missing, a symlink loop, not valid UTF-8, a
pattern that matches nothing) is one :class:`Entry` with a ``problem``: the batch goes on.
Paths stay :class:`~pathlib.Path` objects from here to the reader, so a file name is never
taken for a letter's text. :func:`shown` prints any name on one line.
"""

from __future__ import annotations

import fnmatch
import glob
import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

#: The extensions of letter files, the one list every command uses for folders and globs:
#: every extension a reader handles (a test keeps it equal to ``answerable.read``'s list).
LETTER_EXTENSIONS: tuple[str, ...] = (".txt", ".text", ".md", ".markdown", ".pdf", ".docx", ".html",
                                      ".htm", ".xhtml")
#: Formats people have that answerable refuses with a conversion hint (named, so a missing
#: ``letter.doc`` is reported missing rather than read as a one-line letter).
CONVERTIBLE_EXTENSIONS: tuple[str, ...] = (".doc", ".rtf", ".odt")
STDIN = "-"
STDIN_NAME = "<stdin>"
FOLDER_RULES = "folder_rules.yaml"

Note = Callable[[str], None]  # told each file skipped in a folder, and why


@dataclass(frozen=True)
class Entry:
    """One input of a batch: a file, standard input (``path`` None), or a ``problem``."""

    arg: str  # what was given (the folder or pattern a file came from, or the file itself)
    path: Optional[Path]
    problem: Optional[str] = None
    code: str = "bad_path"

    @property
    def is_stdin(self) -> bool:
        return self.path is None and self.problem is None

    @property
    def name(self) -> str:
        """The entry's name for messages, on one line."""
        if self.path is None:
            return STDIN_NAME if self.arg == STDIN else shown(self.arg)
        return shown(self.path)


def shown(path: str | os.PathLike | bytes) -> str:
    """``path`` printable on one line: bytes that are not UTF-8 as ``\\xNN``, line breaks and
    other control characters as ``\\n``-style escapes."""
    raw = os.fsencode(path) if not isinstance(path, bytes) else path
    text = raw.decode("utf-8", errors="backslashreplace")
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def storable(path: str | os.PathLike) -> str:
    """``path`` as text a database or terminal can take: itself when it is valid UTF-8, else
    :func:`shown`."""
    text = os.fspath(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return shown(text)
    return text


def name_problem(path: Path) -> Optional[str]:
    """Why ``path`` cannot be used as a letter's file, or None."""
    try:
        os.fspath(path).encode("utf-8")
    except UnicodeEncodeError:
        return ("the file name is not valid UTF-8 (shown with \\x escapes): rename the file "
                "with UTF-8 characters and run again")
    try:
        path.resolve(strict=False)
    except RuntimeError:  # Python 3.11: "Symlink loop from ..."
        return "is a symlink loop (a link that leads back to itself): remove or fix the link"
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            return "is a symlink loop (a link that leads back to itself): remove or fix the link"
        return f"cannot be looked at ({exc.strerror}): check the path"
    return None


def expand(args: Iterable[str | os.PathLike], extensions: tuple[str, ...] = LETTER_EXTENSIONS, *,
           note: Optional[Note] = None) -> Iterator[Entry]:
    """Every input named by ``args``, in order (see the module docstring). ``note`` is told of
    each file a folder holds that is skipped by ``data/folder_rules.yaml``."""
    for arg in args:
        yield from _expand_one(arg, extensions, note)


def _expand_one(arg: str | os.PathLike, extensions: tuple[str, ...], note: Optional[Note]) -> Iterator[Entry]:
    text = os.fspath(arg)
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    if text == STDIN:
        yield Entry(text, None)
        return
    path = Path(text).expanduser()
    if os.path.isdir(path):
        found = list(_walk(path, extensions, note))
        if not found:
            yield Entry(text, None, f"no letters in this folder (looked for {', '.join(extensions)} "
                                    "files); check the folder", "file_not_found")
        yield from (_entry(text, p) for p in found)
    elif os.path.lexists(path):
        yield _entry(text, path)
    elif glob.has_magic(text):
        matches = sorted(glob.glob(os.path.expanduser(text), recursive=True))
        if not matches:
            yield Entry(text, None, "no file matches this pattern; check the pattern and the folder",
                        "file_not_found")
        found: list[Entry] = []
        for match in matches:
            if os.path.isdir(match):
                found.extend(_entry(text, p) for p in _walk(Path(match), extensions, note))
            elif Path(match).suffix.lower() in extensions:
                found.append(_entry(text, Path(match)))
        if matches and not found:
            yield Entry(text, None, f"the pattern matches no letter files (looked for "
                                    f"{', '.join(extensions)}); name a file to read it whatever its "
                                    "extension", "file_not_found")
        yield from found
    else:
        yield Entry(text, None, "no such file or folder; check the path", "file_not_found")


def _entry(arg: str, path: Path) -> Entry:
    problem = name_problem(path)
    return Entry(arg, path, problem) if problem else Entry(arg, path)


def _walk(folder: Path, extensions: tuple[str, ...], note: Optional[Note]) -> list[Path]:
    """The letter files under ``folder``, sorted; symlinked folders are not followed (no loops)."""
    rules = folder_rules()
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or os.path.splitext(name)[1].lower() not in extensions:
                continue
            path = Path(root) / name
            reason = rules.skip_reason(name)
            if reason:
                if note:
                    note(f"{shown(path)}: skipped: {reason}")
                continue
            found.append(path)
    return sorted(found)


@dataclass(frozen=True)
class FolderRules:
    """Which files in a folder are not letters (``data/folder_rules.yaml``)."""

    stems: frozenset[str]
    patterns: tuple[str, ...]

    def skip_reason(self, name: str) -> Optional[str]:
        stem = name.split(".", 1)[0].upper()
        if stem in self.stems:
            return f"a {stem} file is documentation, not a letter (data/folder_rules.yaml skip_stems)"
        for pattern in self.patterns:
            if fnmatch.fnmatch(name, pattern):
                return f"matches {pattern!r} (data/folder_rules.yaml skip_patterns)"
        return None


@lru_cache(maxsize=1)
def folder_rules() -> FolderRules:
    """The bundled rules plus any in ``<data dir>/folder_rules.yaml``."""
    from answerable.settings import default_data_dir

    extra = default_data_dir() / FOLDER_RULES
    return load_folder_rules(extra if extra.is_file() else None)


def load_folder_rules(extra: Optional[Path] = None) -> FolderRules:
    """The bundled ``folder_rules.yaml``, each list extended by the same list in ``extra``."""
    import yaml

    from answerable.errors import ConfigError

    texts = [(resources.files("answerable.data").joinpath(FOLDER_RULES).read_text(encoding="utf-8"), FOLDER_RULES)]
    if extra is not None:
        try:
            texts.append((extra.read_text(encoding="utf-8"), str(extra)))
        except OSError as exc:
            raise ConfigError(f"cannot read the folder rules ({exc.strerror}).", path=str(extra)) from None
    stems: set[str] = set()
    patterns: list[str] = []
    for text, where in texts:
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            raise ConfigError(f"is not valid YAML ({exc}).", path=where) from None
        if not isinstance(data, dict) or set(data) - {"skip_stems", "skip_patterns"}:
            raise ConfigError("must hold the lists skip_stems and skip_patterns (of strings).", path=where)
        stems.update(str(s).upper() for s in data.get("skip_stems") or [])
        patterns.extend(str(p) for p in data.get("skip_patterns") or [])
    return FolderRules(frozenset(stems), tuple(patterns))
