"""The extractor against the real public responses in ../shared/corpus/real (issue 9's bar).

The texts are third-party documents: read from ../shared, never copied here; the test skips
when they are absent. The bar: force ≥ 0.97, role ≥ 0.92, author ≥ 0.90, date ≥ 0.90, report
title ≥ 0.80, stance ≥ 0.80, commitments recall ≥ 0.85, at most one wrong value (a wrong value
or a value where the label is null) per field, and every span exact. The dev set keeps its own
bar (test_devset.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from answerable.evaluate import evaluate
from answerable.evaluate_real import FIELDS, RealEvalReport

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "real" / "labels.json"
BAR = {"force": 0.97, "role": 0.92, "author": 0.90, "date": 0.90, "report_title": 0.80, "stance": 0.80,
       "commitments": 0.85, "span_exactness": 1.0}


@pytest.fixture(scope="module")
def report() -> RealEvalReport:
    if not REAL.is_file():
        pytest.skip("the real corpus is not in ../shared/corpus/real")
    result = evaluate(REAL)
    assert isinstance(result, RealEvalReport)
    return result


@pytest.mark.parametrize("field", sorted(BAR))
def test_each_field_clears_the_bar_on_real_responses(report, field):
    assert report.accuracy(field) >= BAR[field], report.table()


@pytest.mark.parametrize("field", FIELDS)
def test_at_most_one_wrong_value_per_field(report, field):
    assert report.wrong(field) <= 1, report.table()


def test_every_real_text_is_read(report):
    assert report.errors == []
    assert report.files == 39
