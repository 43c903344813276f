"""The top-level Python API: answerable.extract / read / audit / open."""

from __future__ import annotations

import subprocess
import sys


def test_the_top_level_functions_work_even_after_their_submodules_are_imported(dorset_path):
    import answerable
    import answerable.audit  # noqa: F401  (sets the submodule on the package)
    import answerable.extract  # noqa: F401
    import answerable.read  # noqa: F401

    doc = answerable.read(dorset_path)
    record = answerable.extract(dorset_path)
    audit = answerable.audit(record)
    assert doc.text == record.text
    assert (record.force.name, record.author.name, str(record.date.value)) == ("Dorset", "Martyn Underhill", "2020-02-06")
    assert (audit.report.id, audit.deadline.day, audit.deadline.status) == ("both-sides-of-the-coin", 28, "on_time")


def test_open_returns_a_store_with_dataframes(tmp_path, cheshire_path):
    import answerable

    store = answerable.open(f"sqlite:///{tmp_path / 'a.db'}")
    store.ingest([cheshire_path])
    frame = store.responses()
    assert list(frame["force"]) == ["Cheshire"]


def test_importing_answerable_loads_no_pipeline_module():
    code = "import sys, answerable; print(sorted(m for m in sys.modules if m.startswith('answerable.')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- the built wheel ------------------------------------------------------------------------
import json  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import sysconfig  # noqa: E402
import zipfile  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT / "tests" / "fixtures" / "devset"
LETTER_SUFFIXES = {".txt", ".md", ".pdf", ".docx", ".html", ".htm"}


def _devset_letters() -> set[str]:
    return {p.name for p in DEVSET.rglob("*") if p.is_file() and p.suffix.lower() in LETTER_SUFFIXES
            and not p.name.startswith("README")}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel built from a copy of the checkout, offline (no build isolation, no index)."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    source.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copytree(DEVSET, source / "tests" / "fixtures" / "devset")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                    "-q", "-w", str(tmp / "dist"), str(source)], check=True, capture_output=True)
    [built] = (tmp / "dist").glob("answerable-*.whl")
    return built


@pytest.mark.slow
def test_the_wheel_carries_the_dev_set_and_no_third_party_letter(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    bundled = {Path(n).name for n in names if n.startswith("answerable/data/corpus/devset/")
               and Path(n).suffix.lower() in LETTER_SUFFIXES and not Path(n).name.startswith("README")}
    assert bundled == _devset_letters()
    assert "answerable/data/corpus/devset/labels.json" in names
    assert not [n for n in names if "/seeds/" in n or n.endswith(".py") and "/devset/" in n]
    assert {"answerable/__main__.py", "answerable/py.typed", "answerable/serve/templates/base.html"} <= set(names)


@pytest.mark.slow
def test_an_installed_wheel_extracts_and_builds_the_same_demo_as_a_checkout(wheel, tmp_path):
    """A fresh venv with only the wheel installed (its dependencies seen through a .pth to this
    venv's site-packages: nothing is downloaded) runs `extract` and `demo --no-serve`."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                    "-q", str(wheel)], check=True, capture_output=True)
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "zz_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    env = {**os.environ, "HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(tmp_path / "data")}
    env.pop("ANSWERABLE_DATABASE_URL", None)
    where = subprocess.run([str(python), "-c", "import answerable; print(answerable.__file__)"], cwd=tmp_path,
                           env=env, capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(site)), where  # the installed copy, not this checkout

    letter = DEVSET / "11_lancashire_critical.txt"
    extracted = subprocess.run([str(venv / "bin" / "answerable"), "extract", str(letter), "--format", "json"],
                               cwd=tmp_path, env=env, capture_output=True, text=True)
    assert extracted.returncode == 0, extracted.stderr
    assert json.loads(extracted.stdout)["force"]["name"] == "Lancashire"

    url = f"sqlite:///{tmp_path / 'demo.db'}"
    demo = subprocess.run([str(venv / "bin" / "answerable"), "demo", "--no-serve", "--db", url, "--workers", "1"],
                          cwd=tmp_path, env=env, capture_output=True, text=True)
    assert demo.returncode == 0, demo.stderr
    letters = len(_devset_letters())
    assert f"demo: {letters} files: " in demo.stderr and " 0 failed" in demo.stderr
