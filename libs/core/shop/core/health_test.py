import asyncio

import pytest

from shop.core.errors import UnavailableError
from shop.core.health import CheckReadiness, NotReadyError


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


class UnmigratedProbe:
    name = "schema"

    async def check(self) -> None:
        raise NotReadyError("the database was never migrated")


async def test_a_probe_says_why_only_when_it_knows_and_addresses_never_leak() -> None:
    readiness = CheckReadiness([UnmigratedProbe(), FakeProbe("10.0.0.7:5432", fails=True)])

    with pytest.raises(UnavailableError) as raised:
        await readiness.execute()

    assert "schema: the database was never migrated" in raised.value.detail
    # The refused connection's own message (the address) is not repeated.
    assert raised.value.detail.count("10.0.0.7") == 1  # the probe's name only
