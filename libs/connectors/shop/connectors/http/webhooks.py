"""POSTing webhook deliveries: one pooled HTTP client (aiohttp), a timeout per request, every
failure turned into an outcome (never an exception), so one bad receiver cannot stop a batch.

aiohttp rather than httpx here: httpx's pool spends time proportional to its size on every
request, which with 50 deliveries in flight was the worker's bottleneck (measured).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

import aiohttp

from shop.connectors.http.targets import WebhookTargets

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider

MAX_ERROR_BODY = 500


@dataclass(frozen=True)
class SendOutcome:
    """What a receiver did with one delivery: its status (None: no answer), how long it took."""

    status_code: int | None
    latency: timedelta
    error: str | None

    @property
    def accepted(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300  # noqa: PLR2004


class WebhookClient:
    """Sends only to the targets `targets` allows (public addresses, unless configured).

    With a `tracer_provider`, each POST is a client span (aiohttp's official instrumentation)
    and carries it to the receiver in a `traceparent` header."""

    def __init__(
        self,
        targets: WebhookTargets,
        timeout_seconds: float,
        max_connections: int = 100,
        tracer_provider: TracerProvider | None = None,
    ) -> None:
        self._targets = targets
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._max_connections = max_connections
        self._session: aiohttp.ClientSession | None = None
        self._trace_configs: list[aiohttp.TraceConfig] = []
        if tracer_provider is not None:
            from opentelemetry.instrumentation.aiohttp_client import (  # noqa: PLC0415
                create_trace_config,
            )

            self._trace_configs.append(create_trace_config(tracer_provider=tracer_provider))

    async def post(self, url: str, body: bytes, headers: dict[str, str]) -> SendOutcome:
        if self._targets.refuses(url):  # an IP literal: no lookup to filter
            return SendOutcome(None, timedelta(0), "refused: not a public address")
        session = self._open()
        started = time.perf_counter()
        try:
            # No redirects: a receiver that moved must be re-registered, not guessed.
            async with session.post(
                url, data=body, headers=headers, allow_redirects=False
            ) as response:
                status = response.status
                refusal = None
                if not 200 <= status < 300:  # noqa: PLR2004
                    text = await response.content.read(MAX_ERROR_BODY)
                    refusal = text.decode(errors="replace") or None
        except (aiohttp.ClientError, TimeoutError) as error:
            elapsed = timedelta(seconds=time.perf_counter() - started)
            return SendOutcome(None, elapsed, f"{type(error).__name__}: {error}"[:MAX_ERROR_BODY])
        return SendOutcome(status, timedelta(seconds=time.perf_counter() - started), refusal)

    def _open(self) -> aiohttp.ClientSession:
        # Made on first use, inside the running event loop (aiohttp binds to it).
        if self._session is None:
            self._session = aiohttp.ClientSession(
                timeout=self._timeout,
                connector=aiohttp.TCPConnector(
                    limit=self._max_connections, resolver=self._targets.resolver()
                ),
                headers={"User-Agent": "shop-webhooks/1"},
                trace_configs=self._trace_configs,
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
