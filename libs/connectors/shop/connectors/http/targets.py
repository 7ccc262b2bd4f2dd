"""Where webhooks may be sent: public internet addresses only, unless told otherwise.

A webhook URL is chosen by a staff user, and the worker POSTs to it from inside our network: a
URL naming loopback, a private range, link-local (cloud metadata at 169.254.169.254) or a
multicast address would turn the worker into a way in (server-side request forgery). Such
targets are refused when a subscription is registered (every address the host resolves to must
be public) and again when a delivery connects (the worker's resolver drops the non-public
addresses), so a name that later resolves elsewhere (DNS rebinding) still goes nowhere.

`WEBHOOK_ALLOW_PRIVATE_TARGETS=true` lifts this for development and tests, whose receivers run
on loopback.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver
from pydantic_settings import SettingsConfigDict

from shop.core.errors import ValidationFailedError
from shop.core.settings import SettingsFragment

DEFAULT_PORTS = {"http": 80, "https": 443}


class WebhookTargetSettings(SettingsFragment):
    model_config = SettingsConfigDict(env_prefix="WEBHOOK_")

    allow_private_targets: bool = False
    """Let webhooks go to private and loopback addresses (tests, a receiver on your own
    network). Off, a URL that resolves to one is refused: no requests into your network."""


class TargetRefusedError(OSError):
    """A delivery's host has no public address (an OSError, as a failed connection is)."""


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return ip.is_global and not ip.is_multicast


def _ip_literal(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return None


class WebhookTargets:
    def __init__(self, settings: WebhookTargetSettings) -> None:
        self.allow_private = settings.allow_private_targets

    async def check(self, url: str) -> None:
        """Refuse (422) a URL whose host is, or resolves to, any address that is not public."""
        if self.allow_private:
            return
        parts = urlsplit(url)
        host = parts.hostname or ""
        literal = _ip_literal(host)
        if literal is not None:
            addresses = [literal]
        else:
            try:
                port = parts.port or DEFAULT_PORTS.get(parts.scheme, 443)
                found = await asyncio.get_running_loop().getaddrinfo(
                    host, port, type=socket.SOCK_STREAM
                )
            except (OSError, ValueError):
                raise ValidationFailedError(f"The host {host!r} does not resolve.") from None
            addresses = [str(info[4][0]) for info in found]
        private = sorted({a for a in addresses if not is_public(a)})
        if private or not addresses:
            raise ValidationFailedError(
                f"The host {host!r} is not a public internet address ({', '.join(private)}): "
                "webhooks may only go to public addresses."
            )

    def refuses(self, url: str) -> bool:
        """Whether a URL names a non-public IP address outright (no lookup needed)."""
        literal = _ip_literal(urlsplit(url).hostname or "")
        return not self.allow_private and literal is not None and not is_public(literal)

    def resolver(self) -> AbstractResolver:
        """A resolver for the webhook client: only public addresses come out of it."""
        return _PublicOnlyResolver(DefaultResolver(), self.allow_private)


class _PublicOnlyResolver(AbstractResolver):
    def __init__(self, resolver: AbstractResolver, allow_private: bool) -> None:  # noqa: FBT001
        self._resolver = resolver
        self._allow_private = allow_private

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        found = await self._resolver.resolve(host, port, family)
        if self._allow_private:
            return found
        public = [result for result in found if is_public(result["host"])]
        if not public:
            raise TargetRefusedError(f"{host} resolves to no public address")
        return public

    async def close(self) -> None:
        await self._resolver.close()
