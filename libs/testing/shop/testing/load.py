"""Concurrent HTTP load for the reliability tests: many requests at once, every answer counted.

A request that gets no answer at all (refused, reset, timed out) counts as status 0: a storm
must not hide a server that fell over behind a client error.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

import httpx

Request = Callable[[httpx.AsyncClient], Awaitable[httpx.Response]]
NO_ANSWER = 0


@dataclass
class LoadResult:
    name: str
    responses: list[httpx.Response | None] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def statuses(self) -> Counter[int]:
        return Counter(r.status_code if r is not None else NO_ANSWER for r in self.responses)

    def with_status(self, status: int) -> list[httpx.Response]:
        return [r for r in self.responses if r is not None and r.status_code == status]

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500 or status == 0)  # noqa: PLR2004

    def percentile(self, share: float) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    def summary(self) -> str:
        count = len(self.responses)
        rate = count / self.seconds if self.seconds else 0.0
        median = statistics.median(self.latencies_ms) if self.latencies_ms else 0.0
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(self.statuses.items()))
        return (
            f"{self.name}: {count} requests in {self.seconds:.2f} s ({rate:.0f}/s), "
            f"p50 {median:.1f} ms, p99 {self.percentile(0.99):.1f} ms, statuses {{{statuses}}}"
        )


async def storm(
    name: str,
    base_url: str,
    requests: Sequence[Request],
    concurrency: int,
    request_timeout: float = 30.0,
) -> LoadResult:
    """Send `requests`, at most `concurrency` at a time, over one pooled client; print and
    return the figures."""
    result = LoadResult(name)
    gate = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async with httpx.AsyncClient(
        base_url=base_url, timeout=request_timeout, limits=limits
    ) as client:

        async def one(request: Request) -> None:
            async with gate:
                started = time.perf_counter()
                try:
                    response: httpx.Response | None = await request(client)
                except httpx.TransportError:
                    response = None
                result.latencies_ms.append((time.perf_counter() - started) * 1000)
                result.responses.append(response)

        started = time.perf_counter()
        await asyncio.gather(*(one(request) for request in requests))
        result.seconds = time.perf_counter() - started
    print(result.summary())  # noqa: T201 - the figures belong in the test output
    return result
