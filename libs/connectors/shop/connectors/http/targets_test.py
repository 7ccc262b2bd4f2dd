import socket

import pytest
from aiohttp.abc import AbstractResolver, ResolveResult

from shop.connectors.http.targets import (
    TargetRefusedError,
    WebhookTargets,
    WebhookTargetSettings,
    _PublicOnlyResolver,
    is_public,
)
from shop.core.errors import ValidationFailedError

STRICT = WebhookTargets(WebhookTargetSettings())
RELAXED = WebhookTargets(WebhookTargetSettings(allow_private_targets=True))

NOT_PUBLIC = [
    "127.0.0.1",
    "::1",
    "10.1.2.3",
    "172.16.0.1",
    "192.168.1.1",
    "169.254.169.254",  # cloud metadata
    "fe80::1",
    "100.64.0.1",  # carrier-grade NAT
    "0.0.0.0",  # noqa: S104 - an address under test, not one we bind
    "224.0.0.1",  # multicast
    "ff02::1",
    "::ffff:127.0.0.1",  # IPv4-mapped loopback
]


@pytest.mark.parametrize("address", NOT_PUBLIC)
def test_loopback_private_link_local_and_multicast_are_not_public(address: str) -> None:
    assert not is_public(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"])
def test_internet_addresses_are_public(address: str) -> None:
    assert is_public(address)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8080/x", "https://[::1]/x", "http://169.254.169.254/latest"]
)
async def test_a_private_address_is_refused_unless_allowed(url: str) -> None:
    with pytest.raises(ValidationFailedError, match="public"):
        await STRICT.check(url)
    assert STRICT.refuses(url)

    await RELAXED.check(url)
    assert not RELAXED.refuses(url)


async def test_a_name_that_resolves_to_loopback_is_refused() -> None:
    with pytest.raises(ValidationFailedError, match=r"127\.0\.0\.1"):
        await STRICT.check("http://localhost:9/hooks")


class FixedResolver(AbstractResolver):
    def __init__(self, *addresses: str) -> None:
        self.addresses = addresses

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        return [
            ResolveResult(hostname=host, host=a, port=port, family=family, proto=0, flags=0)
            for a in self.addresses
        ]

    async def close(self) -> None:
        pass


async def test_the_delivery_resolver_drops_private_addresses() -> None:
    # DNS rebinding: a name that resolves elsewhere at delivery time than at registration.
    mixed = _PublicOnlyResolver(FixedResolver("10.0.0.5", "93.184.215.14"), allow_private=False)
    only_private = _PublicOnlyResolver(FixedResolver("127.0.0.1"), allow_private=False)

    assert [r["host"] for r in await mixed.resolve("hooks.example.com", 443)] == ["93.184.215.14"]
    with pytest.raises(TargetRefusedError):
        await only_private.resolve("hooks.example.com", 443)
