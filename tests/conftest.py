"""Shared test fixtures: where the seed letters and fictional fixtures are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
# The real seed letters are third-party texts: read from ../shared, never bundled.
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"

CHESHIRE = SEEDS / "000_d63f68efa6706c4b.txt"
DORSET = SEEDS / "004_df1bf6ab2fdeee1f.txt"


def _seed(path: Path) -> Path:
    if not path.is_file():
        pytest.skip(f"the seed letter {path.name} is not in ../shared/corpus/seeds")
    return path


@pytest.fixture(scope="session")
def cheshire_path() -> Path:
    return _seed(CHESHIRE)


@pytest.fixture(scope="session")
def dorset_path() -> Path:
    return _seed(DORSET)


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def postgres_url() -> str:
    url = os.environ.get("ANSWERABLE_TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("ANSWERABLE_TEST_POSTGRES_URL is not set: run the suite with scripts/test")
        pytest.skip("no PostgreSQL server: set ANSWERABLE_TEST_POSTGRES_URL (scripts/test does)")
    return url


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("ANSWERABLE_CHROMIUM", "/usr/bin/chromium")
    if not Path(path).exists():
        if os.environ.get("CI"):
            pytest.fail(f"no chromium at {path}: scripts/test installs it")
        pytest.skip(f"no chromium at {path}")
    return path
