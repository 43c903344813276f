"""Let a stage module be called like its main function.

``answerable.extract``, ``answerable.read`` and ``answerable.audit`` are both a submodule and
the library function of the same name. Once Python imports the submodule it sets it as an
attribute of the package, which would shadow the function; making the module callable keeps
``answerable.audit(record)`` working whichever of the two the attribute holds.
"""

from __future__ import annotations

import sys
import types


def callable_module(module_name: str, function_name: str) -> None:
    module = sys.modules[module_name]

    class _CallableModule(types.ModuleType):
        def __call__(self, *args, **kwargs):
            return getattr(self, function_name)(*args, **kwargs)

    module.__class__ = _CallableModule
