"""Running a background app's use cases over and over until it is told to stop.

While there is work a loop goes on at once; when there was none it waits `idle_seconds`; when
what it needs is unavailable (the database, a broker, a mail server) it waits longer each time
(up to half a minute) and tries again: a restart of a dependency is ridden out, not a crash loop.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

from shop.core.errors import UnavailableError
from shop.core.logging import get_logger

_log = get_logger(__name__)
MAX_PAUSE_SECONDS = 30.0


async def pause(stop: asyncio.Event, seconds: float) -> None:
    """Sleep, but wake at once when the app is stopping."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


async def run_until_stopped(
    name: str, step: Callable[[], Awaitable[int | float]], idle_seconds: float, stop: asyncio.Event
) -> None:
    """`step` returns how much it did; 0 means idle. It is never cut off in the middle: a
    stop request is seen between steps, so what a step claimed it also finishes."""
    failures = 0
    while not stop.is_set():
        try:
            done = await step()
        except (UnavailableError, OSError) as error:
            failures += 1
            wait = min(MAX_PAUSE_SECONDS, 0.5 * 2**failures)
            _log.warning("dependency unavailable", loop=name, error=str(error), retry_in=wait)
            await pause(stop, wait)
            continue
        except Exception:  # noqa: BLE001 - logged; the loop must outlive one bad step
            failures += 1
            _log.exception("loop step failed", loop=name)
            await pause(stop, min(MAX_PAUSE_SECONDS, 0.5 * 2**failures))
            continue
        failures = 0
        if not done:
            await pause(stop, idle_seconds)
