"""`pants lint` reports layer-rule violations.

Pants 2.17 enforces `__dependencies_rules__` only when it resolves dependencies, which
`lint` itself does not do. This linter resolves the dependencies of every Python file and
reports each denied one, so a forbidden import fails the lint step like any other finding.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pants.backend.python.target_types import PythonSourceField
from pants.core.goals.lint import LintResult, LintTargetsRequest
from pants.core.util_rules.partitions import PartitionerType
from pants.engine.addresses import Addresses
from pants.engine.rules import Get, collect_rules, rule
from pants.engine.target import Dependencies, DependenciesRequest, FieldSet
from pants.option.option_types import SkipOption
from pants.option.subsystem import Subsystem
from pants.util.logging import LogLevel


class LayerRules(Subsystem):
    options_scope = "layer-rules"
    name = "layer rules"
    help = "Report dependencies that the BUILD files' __dependencies_rules__ deny."

    skip = SkipOption("lint")


@dataclass(frozen=True)
class LayerRulesFieldSet(FieldSet):
    required_fields = (PythonSourceField, Dependencies)

    source: PythonSourceField
    dependencies: Dependencies


class LayerRulesRequest(LintTargetsRequest):
    field_set_type = LayerRulesFieldSet
    tool_subsystem = LayerRules
    partitioner_type = PartitionerType.DEFAULT_SINGLE_PARTITION


@rule(desc="Check layer rules", level=LogLevel.DEBUG)
async def check_layer_rules(request: LayerRulesRequest.Batch) -> LintResult:
    violations = []
    for field_set in request.elements:
        try:
            await Get(Addresses, DependenciesRequest(field_set.dependencies))
        except Exception as error:  # the engine re-raises the rule's error in a wrapper
            if "DependencyRuleActionDeniedError" not in f"{type(error).__name__}{error}":
                raise
            violations.append(str(error).strip())
    return LintResult(
        exit_code=1 if violations else 0,
        stdout="\n\n".join(violations),
        stderr="",
        linter_name=request.tool_name,
    )


def rules() -> Iterable[Any]:
    return (*collect_rules(), *LayerRulesRequest.rules())
