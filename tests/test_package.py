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
