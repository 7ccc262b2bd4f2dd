import asyncio

import pytest

from shop.core.errors import UnavailableError
from shop.core.health import CheckReadiness


class FakeProbe:
    def __init__(self, name: str, *, fails: bool = False, hangs: bool = False) -> None:
        self.name = name
        self._fails = fails
        self._hangs = hangs

    async def check(self) -> None:
        if self._hangs:
            await asyncio.sleep(10)
        if self._fails:
            raise ConnectionError(self.name)


async def test_ready_when_every_probe_answers() -> None:
    await CheckReadiness([FakeProbe("database"), FakeProbe("cache")]).execute()


async def test_not_ready_names_the_probes_that_failed() -> None:
    readiness = CheckReadiness([FakeProbe("database", fails=True), FakeProbe("cache")])

    with pytest.raises(UnavailableError, match="database") as raised:
        await readiness.execute()

    assert "cache" not in raised.value.detail


async def test_a_probe_that_hangs_counts_as_failed_after_the_timeout() -> None:
    readiness = CheckReadiness([FakeProbe("database", hangs=True)], timeout_seconds=0.05)

    with pytest.raises(UnavailableError, match="database"):
        await readiness.execute()
