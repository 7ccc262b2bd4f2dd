"""Who is on the other end of a request, for budgets counted per client."""

from __future__ import annotations

from collections.abc import Mapping


def client_address(scope: Mapping[str, object]) -> str:
    """The client's IP address: the peer's, or the one a trusted proxy forwarded (the server
    rewrites the scope for proxies listed in `forwarded_allow_ips`)."""
    client = scope.get("client")
    return str(client[0]) if isinstance(client, tuple | list) and client else "unknown"
