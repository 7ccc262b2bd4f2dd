"""HAProxy in front of replicas of an app, from the local `haproxy` binary (Debian:
`apt-get install haproxy`), for tests of the apps scaled out behind a load balancer.

The rules are those of the compose profile's `deploy/haproxy/haproxy.cfg`: round robin, health
checks on /readyz, and retries that never repeat a request a server may have acted on unless
repeating it is safe (GET, HEAD, or a POST carrying an Idempotency-Key).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from shop.testing.processes import free_port
from shop.testing.servers import server_process

INSTALL_HINT = "haproxy was not found: install it (Debian/Ubuntu: `apt-get install haproxy`)"


class HaproxyUnavailableError(RuntimeError):
    """The harness cannot start HAProxy; the message says what to install."""


def haproxy_config(port: int, servers: Sequence[tuple[str, str]]) -> str:
    """A listener on `port` balancing over `servers` ((name, host:port), ...)."""
    lines = "\n".join(
        f"    server {name} {address} check inter 300ms fall 1 rise 2" for name, address in servers
    )
    return f"""global
    maxconn 4096

defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    # A request whose server failed is tried again on another (redispatch), up to 3 times...
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response response-timeout

frontend api
    bind 127.0.0.1:{port}
    default_backend replicas

backend replicas
    balance roundrobin
    option httpchk GET /readyz
    http-check expect status 200
    # ...but once a server may have acted on it, only when acting twice is harmless: GET and
    # HEAD, and a POST with an Idempotency-Key (the API answers its retry with the first reply).
    # A connection that failed before the request was sent is always tried again.
    acl safe_to_repeat req.hdr(idempotency-key) -m found
    http-request disable-l7-retry unless METH_GET or METH_HEAD or safe_to_repeat
{lines}
"""


@contextmanager
def running_haproxy(backends: Sequence[str]) -> Iterator[str]:
    """The balancer's base URL in front of `backends` (base URLs), until the block ends."""
    binary = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(binary).exists():
        raise HaproxyUnavailableError(INSTALL_HINT)
    port = free_port()
    servers = [(f"r{n}", url.split("://", 1)[1]) for n, url in enumerate(backends, start=1)]
    with tempfile.TemporaryDirectory(prefix="shop-haproxy-") as folder:
        config = Path(folder) / "haproxy.cfg"
        config.write_text(haproxy_config(port, servers))
        command = [binary, "-db", "-f", str(config)]
        with server_process(command, port, failure=HaproxyUnavailableError):
            time.sleep(1)  # the first health checks mark the replicas up
            yield f"http://127.0.0.1:{port}"
