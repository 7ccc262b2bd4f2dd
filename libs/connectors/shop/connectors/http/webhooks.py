"""POSTing webhook deliveries: one pooled HTTP client, a timeout per request, every failure
turned into an outcome (never an exception), so one bad receiver cannot stop a batch."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta

import httpx

MAX_ERROR_BODY = 500


@dataclass(frozen=True)
class SendOutcome:
    """What a receiver did with one delivery: its status (None: no answer), how long it took."""

    status_code: int | None
    latency: timedelta
    error: str | None

    @property
    def accepted(self) -> bool:
        return self.status_code is not None and httpx.codes.is_success(self.status_code)


class WebhookClient:
    def __init__(self, timeout_seconds: float, max_connections: int = 100) -> None:
        self._client = httpx.AsyncClient(
            timeout=timeout_seconds,
            limits=httpx.Limits(max_connections=max_connections),
            follow_redirects=False,  # a receiver that moved must be re-registered, not guessed
            headers={"User-Agent": "shop-webhooks/1"},
        )

    async def post(self, url: str, body: bytes, headers: dict[str, str]) -> SendOutcome:
        started = time.perf_counter()
        try:
            response = await self._client.post(url, content=body, headers=headers)
        except httpx.HTTPError as error:
            elapsed = timedelta(seconds=time.perf_counter() - started)
            return SendOutcome(None, elapsed, f"{type(error).__name__}: {error}"[:MAX_ERROR_BODY])
        elapsed = timedelta(seconds=time.perf_counter() - started)
        refusal = None if response.is_success else response.text[:MAX_ERROR_BODY] or None
        return SendOutcome(response.status_code, elapsed, refusal)

    async def close(self) -> None:
        await self._client.aclose()
