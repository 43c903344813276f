"""answerable: grounded records and section 55 audits of responses to HMICFRS reports.

>>> import answerable
>>> record = answerable.extract("letter.pdf")      # or a str of text
>>> record.force.name, record.date.value
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["extract", "read", "audit", "open", "__version__"]


_LAZY = {  # name -> (module, function); imported on first use so `import answerable` is fast
    "extract": ("answerable.extract", "extract"),
    "read": ("answerable.read", "read"),
    "audit": ("answerable.audit", "audit"),
    "open": ("answerable.store", "open_store"),
}


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module 'answerable' has no attribute {name!r}")
    import importlib

    module_name, function_name = _LAZY[name]
    function = getattr(importlib.import_module(module_name), function_name)
    globals()[name] = function  # replaces the submodule the import just set on the package
    return function
