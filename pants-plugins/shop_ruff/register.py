"""Modern ruff (>= 0.5) for Pants 2.17.

Pants 2.17's ruff backend calls `ruff [--fix] <files>`, which ruff 0.5 and later reject. This
backend reuses the built-in `[ruff]` subsystem (version, lockfile, config, skip field) and runs
the current command line: `ruff check` for lint, `ruff check --fix` for fix and `ruff format`
for fmt. A ruff crash (exit code 2) fails loudly instead of passing as "no changes".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pants.backend.python.lint.ruff import skip_field
from pants.backend.python.lint.ruff import subsystem as ruff_subsystem
from pants.backend.python.lint.ruff.subsystem import Ruff, RuffFieldSet
from pants.backend.python.util_rules import pex
from pants.backend.python.util_rules.pex import PexRequest, VenvPex, VenvPexProcess
from pants.core.goals.fix import FixResult, FixTargetsRequest
from pants.core.goals.fmt import FmtResult, FmtTargetsRequest
from pants.core.goals.lint import LintResult, LintTargetsRequest
from pants.core.util_rules.config_files import ConfigFiles, ConfigFilesRequest
from pants.core.util_rules.partitions import PartitionerType
from pants.core.util_rules.source_files import SourceFiles, SourceFilesRequest
from pants.engine.fs import Digest, MergeDigests
from pants.engine.internals.native_engine import Snapshot
from pants.engine.process import FallibleProcessResult
from pants.engine.rules import Get, MultiGet, collect_rules, rule
from pants.util.logging import LogLevel
from pants.util.meta import classproperty
from pants.util.strutil import pluralize

RUFF_ERROR_EXIT_CODE = 2


class RuffCheckFixRequest(FixTargetsRequest):
    field_set_type = RuffFieldSet
    tool_subsystem = Ruff
    partitioner_type = PartitionerType.DEFAULT_SINGLE_PARTITION

    @classproperty
    def tool_name(cls) -> str:  # noqa: N805 - a class property
        return "ruff check --fix"


class RuffFormatRequest(FmtTargetsRequest):
    field_set_type = RuffFieldSet
    tool_subsystem = Ruff
    partitioner_type = PartitionerType.DEFAULT_SINGLE_PARTITION

    @classproperty
    def tool_name(cls) -> str:  # noqa: N805 - a class property
        return "ruff format"


class RuffCheckRequest(LintTargetsRequest):
    field_set_type = RuffFieldSet
    tool_subsystem = Ruff
    partitioner_type = PartitionerType.DEFAULT_SINGLE_PARTITION

    @classproperty
    def tool_name(cls) -> str:  # noqa: N805 - a class property
        return "ruff check"


@dataclass(frozen=True)
class RuffInvocation:
    snapshot: Snapshot
    subcommand: tuple[str, ...]


class RuffCrashedError(Exception):
    pass


@rule(level=LogLevel.DEBUG)
async def run_ruff(request: RuffInvocation, ruff: Ruff) -> FallibleProcessResult:
    ruff_pex, config_files = await MultiGet(
        Get(VenvPex, PexRequest, ruff.to_pex_request()),
        Get(ConfigFiles, ConfigFilesRequest, ruff.config_request(request.snapshot.dirs)),
    )
    input_digest = await Get(
        Digest, MergeDigests((request.snapshot.digest, config_files.snapshot.digest))
    )
    config_args = (f"--config={ruff.config}",) if ruff.config else ()
    files = request.snapshot.files
    command = " ".join(request.subcommand)
    result = await Get(
        FallibleProcessResult,
        VenvPexProcess(
            ruff_pex,
            argv=(*request.subcommand, *config_args, *ruff.args, *files),
            input_digest=input_digest,
            output_files=files,
            description=f"Run ruff {command} on {pluralize(len(files), 'file')}",
            level=LogLevel.DEBUG,
        ),
    )
    if result.exit_code == RUFF_ERROR_EXIT_CODE:
        raise RuffCrashedError(
            f"ruff {' '.join(request.subcommand)} failed (exit 2):\n"
            f"{result.stdout.decode()}{result.stderr.decode()}"
        )
    return result


@rule(desc="Fix with ruff check --fix", level=LogLevel.DEBUG)
async def ruff_check_fix(request: RuffCheckFixRequest.Batch) -> FixResult:
    result = await Get(FallibleProcessResult, RuffInvocation(request.snapshot, ("check", "--fix")))
    return await FixResult.create(request, result, strip_chroot_path=True)


@rule(desc="Format with ruff format", level=LogLevel.DEBUG)
async def ruff_format(request: RuffFormatRequest.Batch) -> FmtResult:
    result = await Get(FallibleProcessResult, RuffInvocation(request.snapshot, ("format",)))
    return await FmtResult.create(request, result, strip_chroot_path=True)


@rule(desc="Lint with ruff check", level=LogLevel.DEBUG)
async def ruff_check(request: RuffCheckRequest.Batch[RuffFieldSet, Any]) -> LintResult:
    sources = await Get(
        SourceFiles, SourceFilesRequest(field_set.source for field_set in request.elements)
    )
    result = await Get(FallibleProcessResult, RuffInvocation(sources.snapshot, ("check",)))
    return LintResult.create(request, result, strip_chroot_path=True)


def rules() -> Iterable[Any]:
    return (
        *collect_rules(),
        *RuffCheckFixRequest.rules(),
        *RuffFormatRequest.rules(),
        *RuffCheckRequest.rules(),
        *pex.rules(),
        *skip_field.rules(),
        *ruff_subsystem.rules(),
    )
