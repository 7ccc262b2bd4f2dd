import asyncio

import pytest

from shop.core import loops
from shop.core.errors import UnavailableError
from shop.core.loops import run_until_stopped


async def test_a_loop_rides_out_an_unavailable_database_and_stops_when_told(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(loops, "MAX_PAUSE_SECONDS", 0.01)
    stop = asyncio.Event()
    calls: list[str] = []

    async def step() -> int:
        calls.append("step")
        if len(calls) <= 3:
            raise UnavailableError("database restarting")
        if len(calls) == 6:
            stop.set()
        return 1

    await asyncio.wait_for(run_until_stopped("test", step, 0.01, stop), timeout=5)

    assert len(calls) == 6  # three failures, then work until the stop
