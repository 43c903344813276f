"""Property-based requests generated from the OpenAPI document find no server errors (5xx),
and every answer matches the schema the document gives for its status.

Bounded: a few examples per operation, in-process over ASGI, against the real app and store."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

MAX_EXAMPLES = 10


def _operations(app):
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


def test_every_operation_is_exercised_without_a_server_error(app, served):
    operations = _operations(app)
    assert len(operations) == 10
    seen = {}
    for operation in operations:
        statuses = seen.setdefault(f"{operation.method.upper()} {operation.path}", set())

        @given(case=operation.as_strategy())
        @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            if case.method.upper() in ("PATCH", "POST"):
                case.headers = {**(case.headers or {}), "Authorization": f"Bearer {served['token']}"}
            response = case.call()
            statuses.add(response.status_code)
            assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text}"
            case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])

        run()
    assert all(statuses for statuses in seen.values()), seen
