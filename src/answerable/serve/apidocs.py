"""A readable, script-free API reference built from the app's OpenAPI document."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Param:
    name: str
    where: str
    required: bool
    type: str
    description: str = ""


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    params: list[Param] = field(default_factory=list)
    body: list[str] = field(default_factory=list)  # request content types
    statuses: list[str] = field(default_factory=list)


def _type(schema: dict[str, Any]) -> str:
    if "enum" in schema:
        return " | ".join(map(str, schema["enum"]))
    if "anyOf" in schema:
        return " or ".join(_type(s) for s in schema["anyOf"] if s.get("type") != "null") or "any"
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    return str(schema.get("type", "any"))


def operations(spec: dict[str, Any]) -> list[Operation]:
    """Every operation in ``spec`` in path order."""
    ops = []
    for path, item in sorted(spec.get("paths", {}).items()):
        for method, op in item.items():
            params = [Param(p["name"], p["in"], bool(p.get("required")), _type(p.get("schema", {})),
                            p.get("description") or p.get("schema", {}).get("description", ""))
                      for p in op.get("parameters", [])]
            ops.append(Operation(method.upper(), path, op.get("summary", ""), params,
                                 sorted(op.get("requestBody", {}).get("content", {})),
                                 sorted(op.get("responses", {}))))
    return ops
