"""Build hook: the wheel carries the labelled fictional dev set (``tests/fixtures/devset``) as
``answerable/data/corpus/devset``, so ``answerable demo`` from an installed wheel serves the
same corpus as a checkout. Everything else about the package is in pyproject.toml.

(The dev set stays under tests/ in the repository, where the tests and `answerable eval` read
it; only the letters, their labels and the README are copied, never scripts.)
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DEVSET = Path(__file__).resolve().parent / "tests" / "fixtures" / "devset"
SHIPPED = {".txt", ".md", ".pdf", ".docx", ".html", ".htm", ".json"}


class BuildWithDevset(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False) or not DEVSET.is_dir():
            return  # an editable install reads tests/fixtures/devset in place
        target = Path(self.build_lib) / "answerable" / "data" / "corpus" / "devset"
        for path in sorted(DEVSET.rglob("*")):
            if path.is_file() and path.suffix.lower() in SHIPPED:
                out = target / path.relative_to(DEVSET)
                out.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, out)


setup(cmdclass={"build_py": BuildWithDevset})
