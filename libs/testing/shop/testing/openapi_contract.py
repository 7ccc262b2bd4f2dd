"""Property-based checks of a served app against its own OpenAPI document (schemathesis).

Every operation gets generated requests, with the caller's headers: none may be answered with
a server error, and every response must match what the document promises (status code,
content type, body schema). Each app's external test calls `check_documented_promises`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES_PER_OPERATION = 25
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@dataclass
class ContractReport:
    calls: dict[str, int] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        lines = [
            f"schemathesis: {len(self.calls)} operations, "
            f"{sum(self.calls.values())} generated requests, {len(self.failures)} failed"
        ]
        for label, count in sorted(self.calls.items()):
            lines.append(
                f"  {label}: {count} requests{' FAILED' if label in self.failures else ''}"
            )
        lines.extend(f"\n--- {label}\n{report}" for label, report in self.failures.items())
        return "\n".join(lines)


def _exercise(operation: Any, headers: dict[str, str], report: ContractReport, label: str) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck)
    )
    def run(case: schemathesis.Case[Any]) -> None:
        report.calls[label] += 1
        case.call_and_validate(headers=headers, checks=CHECKS, timeout=10)

    run()


def check_documented_promises(
    schema_url: str, headers: dict[str, str], exclude_path_regex: str | None = None
) -> ContractReport:
    document = schemathesis.openapi.from_url(schema_url)
    schema = document.exclude(path_regex=exclude_path_regex) if exclude_path_regex else document
    report = ContractReport()
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), f"the document is not valid OpenAPI: {result}"  # noqa: S101
        operation = result.ok()
        label = f"{operation.method.upper()} {operation.path}"
        report.calls[label] = 0
        try:
            _exercise(operation, headers, report, label)
        except (Exception, BaseExceptionGroup) as failure:  # noqa: BLE001 - reported
            report.failures[label] = str(failure)[:2000]
    print("\n" + report.summary())  # noqa: T201 - the figures belong in the test output
    return report
