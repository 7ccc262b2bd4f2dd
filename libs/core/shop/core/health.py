"""Readiness: an app is ready when every dependency it needs answers."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Protocol

from shop.core.errors import UnavailableError


class NotReadyError(Exception):
    """A probe's dependency answers but is not fit to serve; the message says what to do.

    Only these messages reach the readiness response: other failures (a refused connection,
    say) name no host or address to whoever asks."""


class Probe(Protocol):
    """Something an app depends on that can be asked whether it answers (a database, say)."""

    name: str

    async def check(self) -> None:
        """Return when the dependency answers; raise otherwise."""


class CheckReadiness:
    """Ask every probe at once; fail with the names of those that did not answer in time."""

    def __init__(self, probes: Sequence[Probe], timeout_seconds: float = 2.0) -> None:
        self._probes = tuple(probes)
        self._timeout = timeout_seconds

    async def execute(self) -> None:
        results = await asyncio.gather(
            *(self._check(probe) for probe in self._probes), return_exceptions=True
        )
        failed = [
            f"{probe.name}: {result}"
            if isinstance(result, NotReadyError)
            else f"{probe.name} did not answer"
            for probe, result in zip(self._probes, results, strict=True)
            if isinstance(result, BaseException)
        ]
        if failed:
            raise UnavailableError(f"Not ready: {'; '.join(failed)}.")

    async def _check(self, probe: Probe) -> None:
        async with asyncio.timeout(self._timeout):
            await probe.check()
