"""The catalogue of inspection reports: YAML files a user can read and extend.

The bundled files in ``answerable/data/reports/`` are read first, then the user catalogue
folder (``settings.catalogue_dir``, else ``<user data dir>/reports``), then ``extra_dir``;
a later file with the same ``id`` replaces an earlier one. The file format is documented in
``answerable/data/reports/README.md``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import yaml
from pydantic import ValidationError
from rapidfuzz import fuzz, process

from answerable.errors import CatalogueError, UnknownReportError
from answerable.models import Recommendation, Report
from answerable.settings import Settings, default_data_dir, get_settings

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when PyYAML has it


def load_yaml(text: str):
    """Parse YAML safely (same results as ``yaml.safe_load``, faster with libyaml)."""
    return yaml.load(text, Loader=_LOADER)


_SUFFIXES = (".yaml", ".yml", ".json")  # JSON is read by the YAML parser too
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ID_PREFIX = {"recommendation": "R", "area_for_improvement": "AFI", "cause_of_concern": "CoC"}


def bundled_dir() -> Path:
    """The folder of report YAML files shipped inside the package."""
    return Path(str(resources.files("answerable") / "data" / "reports"))


def user_catalogue_dir(settings: Settings | None = None) -> Path:
    """Where `answerable reports add` writes: ``catalogue_dir`` or ``<user data dir>/reports``."""
    settings = settings or get_settings()
    return Path(settings.catalogue_dir) if settings.catalogue_dir else default_data_dir() / "reports"


@lru_cache(maxsize=1)
def force_names() -> dict[str, str]:
    """Every way of writing a force (lower-case) -> its canonical name, from ``data/forces.yaml``.

    Empty when that file is absent, in which case force names are not checked."""
    path = resources.files("answerable") / "data" / "forces.yaml"
    if not path.is_file():
        return {}
    names: dict[str, str] = {}
    for force in (load_yaml(path.read_text(encoding="utf-8")) or {}).get("forces", []):
        for spelling in [force["name"], *force.get("variants", []), *force.get("places", [])]:
            names.setdefault(spelling.lower(), force["name"])
    return names


def canonical_force(name: str) -> str | None:
    """The canonical force ``name`` means ("Dorset Police" -> "Dorset"), or None."""
    return force_names().get(" ".join(name.split()).lower())


def recommendation_id(kind: str, number: str | None, position: int) -> str:
    """The default id of a recommendation: ``R3``, ``AFI2``, ``CoC1`` (position when unnumbered)."""
    return f"{_ID_PREFIX.get(kind, 'R')}{number or position}"


@dataclass
class Catalogue:
    """Reports by id, with the file each came from."""

    _reports: dict[str, Report] = field(default_factory=dict)
    sources: dict[str, Path | None] = field(default_factory=dict)

    def add(self, report: Report, source: Path | None = None) -> None:
        """Add or replace a report."""
        self._reports[report.id] = report
        self.sources[report.id] = source

    def get(self, report_id: str) -> Report:
        """The report with this id; :class:`UnknownReportError` listing near matches otherwise."""
        try:
            return self._reports[report_id]
        except KeyError:
            raise UnknownReportError(report_id, self.suggest(report_id)) from None

    def suggest(self, text: str, limit: int = 3) -> list[str]:
        """Ids whose id, title or short names resemble ``text``, best first."""
        choices: dict[str, str] = {}
        for report in self._reports.values():
            for name in [report.id, report.title, *report.short_names]:
                choices[f"{report.id}\x00{name}"] = name.lower()
        found = process.extract(text.lower(), choices, scorer=fuzz.WRatio, limit=limit * 4)
        ids: list[str] = []
        for _name, score, key in found:
            rid = key.split("\x00")[0]
            if score >= 60 and rid not in ids:
                ids.append(rid)
        return ids[:limit]

    def reports(self) -> list[Report]:
        """Every report, newest publication first (undated last), then by id."""
        return sorted(self._reports.values(),
                      key=lambda r: (-(r.published or dt.date.min).toordinal(), r.id))

    def __contains__(self, report_id: object) -> bool:
        return report_id in self._reports

    def __len__(self) -> int:
        return len(self._reports)


def load_catalogue(extra_dir: Path | str | None = None, *, settings: Settings | None = None,
                   include_user: bool = True) -> Catalogue:
    """Read the bundled catalogue, the user catalogue folder and ``extra_dir``, in that order."""
    catalogue = Catalogue()
    folders: list[Path] = [bundled_dir()]
    if include_user:
        folders.append(user_catalogue_dir(settings))
    if extra_dir is not None:
        extra = Path(extra_dir)
        if not extra.exists():
            raise CatalogueError(f"the catalogue folder {extra} does not exist: give a folder of "
                                 "report YAML files (see data/reports/README.md)", path=str(extra))
        folders.append(extra)
    for path in _yaml_files(folders):
        catalogue.add(load_report_file(path), path)
    return catalogue


def _yaml_files(folders: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for folder in folders:
        if folder.is_file() and folder.suffix in _SUFFIXES:
            files.append(folder)
        elif folder.is_dir():
            files.extend(sorted(p for p in folder.iterdir()
                                if p.suffix in _SUFFIXES and not p.name.startswith("_")))
    return files


def load_report_file(path: Path | str) -> Report:
    """Parse one report YAML file; :class:`CatalogueError` names the file and the bad field."""
    path = Path(path)
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"cannot read the report file: {exc}", path=str(path)) from None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" at line {where.line + 1}" if where is not None else ""
        raise CatalogueError(f"not valid YAML{line}: fix the syntax (see data/reports/README.md)",
                             path=str(path)) from None
    return report_from_dict(data, source=str(path))


def report_from_dict(data: Any, *, source: str | None = None) -> Report:
    """Validate a mapping in the catalogue format into a :class:`Report`."""
    if not isinstance(data, dict):
        raise CatalogueError("a report file must be a YAML mapping with at least `id` and `title`",
                             path=source)
    data = dict(data)
    recs = data.get("recommendations") or []
    if not isinstance(recs, list):
        raise CatalogueError("field `recommendations` must be a list of {text, number, ...} items",
                             path=source)
    data["recommendations"] = [_recommendation_dict(item, i, source) for i, item in enumerate(recs, 1)]
    if data.get("published") is not None and not isinstance(data["published"], dt.date):
        data["published"] = _iso_date(data["published"], "published", source)
    try:
        report = Report.model_validate(data)
    except ValidationError as exc:
        raise CatalogueError(_describe(exc), path=source) from None
    _check_report(report, source)
    return report


def _recommendation_dict(item: Any, position: int, source: str | None) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise CatalogueError(f"field `recommendations.{position - 1}` must be a mapping with `text`",
                             path=source)
    item = dict(item)
    if item.get("number") is not None:
        item["number"] = str(item["number"])
    if item.get("due") is not None and not isinstance(item["due"], dt.date):
        item["due"] = _iso_date(item["due"], f"recommendations.{position - 1}.due", source)
    item.setdefault("id", recommendation_id(item.get("kind", "recommendation"), item.get("number"), position))
    return item


def _iso_date(value: Any, field_name: str, source: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise CatalogueError(f"field `{field_name}`: {value!r} is not a date; write it as YYYY-MM-DD",
                             path=source) from None


def _describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        loc = ".".join(str(p) for p in err["loc"]) or "(top level)"
        msg = "unknown field; remove it or check the spelling" if err["type"] == "extra_forbidden" \
            else err["msg"]
        parts.append(f"field `{loc}`: {msg}")
    return "; ".join(parts) + " (the format is in data/reports/README.md)"


def _check_report(report: Report, source: str | None) -> None:
    if not SLUG.match(report.id):
        raise CatalogueError(f"field `id`: {report.id!r} is not a slug; use lower-case letters, "
                             "digits and hyphens, e.g. `both-sides-of-the-coin`", path=source)
    names = force_names()
    canonical = set(names.values())
    for name in report.forces:
        if names and name not in canonical:
            meant = canonical_force(name)
            hint = f"write {meant!r}" if meant else \
                "use a canonical name from data/forces.yaml, e.g. 'Devon and Cornwall'"
            raise CatalogueError(f"field `forces`: {name!r} is not a canonical force name; {hint}",
                                 path=source)
    seen: set[str] = set()
    for rec in report.recommendations:
        if rec.id in seen:
            raise CatalogueError(f"field `recommendations`: the id {rec.id!r} is used twice; give "
                                 "each recommendation its own `id` or `number`", path=source)
        seen.add(rec.id)
        if not rec.text.strip():
            raise CatalogueError(f"field `recommendations` ({rec.id}): `text` is empty; copy the "
                                 "report's own words", path=source)


def report_to_dict(report: Report) -> dict[str, Any]:
    """The catalogue-format mapping of a report (dates as ISO strings, empty fields left out)."""
    data = report.model_dump(mode="json", exclude_none=True)
    for rec in data.get("recommendations", []):
        rec.pop("span", None)
        if not rec.get("addressees"):
            rec.pop("addressees", None)
    return {k: v for k, v in data.items() if v not in ([], None) or k == "recommendations"}


def report_to_yaml(report: Report) -> str:
    """YAML text in the catalogue format."""
    return yaml.safe_dump(report_to_dict(report), sort_keys=False, allow_unicode=True, width=100)


def write_report(report: Report, folder: Path | str | None = None) -> Path:
    """Write ``<folder>/<id>.yaml`` (default: the user catalogue folder) and return its path."""
    folder = Path(folder) if folder is not None else user_catalogue_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{report.id}.yaml"
        path.write_text(report_to_yaml(report), encoding="utf-8")
    except OSError as exc:
        raise CatalogueError(f"cannot write to the catalogue folder: {exc.strerror}; set "
                             "ANSWERABLE_CATALOGUE_DIR to a folder you can write", path=str(folder)) from None
    return path


def local_recommendations(report: Report, local_addressees: Iterable[str]) -> list[Recommendation]:
    """Recommendations the force or its local policing body must answer (s.55(5B)).

    A recommendation with no addressees counts; otherwise one of its addressees must contain
    one of ``local_addressees`` (case-insensitive), e.g. "chief constables".
    """
    keys = [a.lower() for a in local_addressees]
    return [rec for rec in report.recommendations
            if not rec.addressees or any(k in a.lower() for a in rec.addressees for k in keys)]
