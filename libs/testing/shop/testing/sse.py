"""A Server-Sent Events client as a browser's EventSource behaves: it follows a stream, and when
the connection drops it reconnects after the server's `retry` with `Last-Event-ID`."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

import httpx

DEFAULT_RETRY_SECONDS = 1.0


@dataclass(frozen=True)
class ServerEvent:
    id: str | None
    event: str
    data: Any


@dataclass
class Followed:
    events: list[ServerEvent] = field(default_factory=list)
    reconnections: int = 0
    ended: bool = False  # the server closed the stream after what it had to say

    def data_values(self, key: str) -> list[Any]:
        return [event.data[key] for event in self.events]


async def follow(
    client: httpx.AsyncClient, url: str, headers: dict[str, str], result: Followed
) -> Followed:
    """Follow the stream until the server ends it normally (a 2xx stream that closes) or
    refuses it (a 4xx); reconnect on errors, dropped connections and 5xx."""
    last_id: str | None = None
    retry = DEFAULT_RETRY_SECONDS
    while True:
        resume = {"Last-Event-ID": last_id} if last_id else {}
        try:
            async with client.stream("GET", url, headers=headers | resume) as response:
                if 400 <= response.status_code < 500:  # noqa: PLR2004
                    return result
                if response.status_code == 200:  # noqa: PLR2004
                    async for event, event_retry in _events(response):
                        retry = event_retry or retry
                        if event is not None:
                            result.events.append(event)
                            last_id = event.id or last_id
                    result.ended = True
                    return result
        except httpx.TransportError:
            pass
        result.reconnections += 1
        await asyncio.sleep(retry)


async def _events(response: httpx.Response) -> Any:
    """(event or None, retry seconds or None) per blank-line-terminated block."""
    fields: dict[str, str] = {}
    async for line in response.aiter_lines():
        if line == "":
            retry = float(fields["retry"]) / 1000 if fields.get("retry", "").isdigit() else None
            event = None
            if "data" in fields:
                event = ServerEvent(
                    fields.get("id"), fields.get("event", "message"), json.loads(fields["data"])
                )
            yield event, retry
            fields = {}
        elif not line.startswith(":"):
            name, _, value = line.partition(":")
            fields[name] = value.removeprefix(" ")
