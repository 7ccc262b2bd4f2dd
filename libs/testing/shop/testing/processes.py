"""Apps as real server processes on free ports, for external tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx

STARTUP_TIMEOUT_SECONDS = 30.0
SHUTDOWN_TIMEOUT_SECONDS = 10.0
# What every app started by a test runs with unless the test says otherwise: the test webhook
# receivers listen on loopback, and tests sign up and in far more often than a person would
# (the tests of those limits turn them back on).
TEST_DEFAULTS = {"WEBHOOK_ALLOW_PRIVATE_TARGETS": "true", "RATE_LIMIT_ENABLED": "false"}


class AppDidNotStartError(RuntimeError):
    pass


@dataclass
class ServedApp:
    base_url: str
    pid: int
    # Where an API serves /metrics (its own port); the worker serves them at base_url.
    metrics_url: str = ""
    # Set once the app was stopped (SIGTERM, then SIGKILL after the timeout): 0 is a clean stop.
    exit_code: int | None = None
    output: IO[bytes] | None = None
    final_log: str | None = None  # all it wrote, kept once it has stopped

    def log(self) -> str:
        """Everything the app wrote to stdout and stderr so far (all of it once stopped)."""
        if self.final_log is not None or self.output is None:
            return self.final_log or ""
        self.output.flush()
        with Path(self.output.name).open("rb") as log:
            return log.read().decode(errors="replace")

    def error_lines(self) -> list[str]:
        return [line for line in self.log().splitlines() if '"level": "error"' in line
                or '"level":"error"' in line]  # fmt: skip

    def peak_memory_bytes(self) -> int:
        """The process's peak resident set so far (VmHWM, Linux)."""
        status = Path(f"/proc/{self.pid}/status").read_text()
        kilobytes = next(
            line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")
        )
        return int(kilobytes) * 1024


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def python_command(module: str) -> list[str]:
    """`python -m module` with this interpreter; its imports come from PYTHONPATH below."""
    return [sys.executable, "-m", module]


def packaged_command(pex: str, module: str) -> list[str]:
    """The app's packaged PEX when the test has it (Pants builds it into the sandbox for
    targets with `runtime_package_dependencies`), else `python -m` on the sources."""
    if Path(pex).exists():
        return [sys.executable, pex]
    return python_command(module)


@contextmanager
def running_app(
    command: list[str],
    port_variable: str,
    env: Mapping[str, str],
    ready_path: str = "/livez",
) -> Iterator[ServedApp]:
    """Start the app, wait until `ready_path` answers 200, yield where it runs, then stop it.
    An API's metrics port (`<PREFIX>_METRICS_PORT`, from `port_variable`) is a free one too.

    The child gets this process's import path, so `python -m` finds the same code as the test,
    and coverage (configured to follow subprocesses) measures what runs inside it.
    """
    port, metrics_port = free_port(), free_port()
    metrics_variable = port_variable.removesuffix("PORT") + "METRICS_PORT"
    child_env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
        "APP_ENV": "test",
        **TEST_DEFAULTS,
        port_variable: str(port),
        metrics_variable: str(metrics_port),
        **env,
    }
    base_url = f"http://127.0.0.1:{port}"
    metrics_url = f"http://127.0.0.1:{child_env[metrics_variable]}/metrics"
    with tempfile.NamedTemporaryFile() as output:
        process = subprocess.Popen(  # noqa: S603 - the test's own command
            command, env=child_env, stdout=output, stderr=subprocess.STDOUT
        )
        served = ServedApp(base_url, process.pid, metrics_url, output=output)
        try:
            _wait_until_ready(process, base_url + ready_path, output)
            yield served
        finally:
            served.exit_code = _stop(process)
            served.final_log = served.log()


def _wait_until_ready(process: subprocess.Popen[bytes], url: str, output: IO[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AppDidNotStartError(
                f"app exited with {process.returncode} before answering:\n{_read(output)}"
            )
        try:
            if httpx.get(url, timeout=1.0).status_code == httpx.codes.OK:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    _stop(process)
    raise AppDidNotStartError(f"app did not answer {url} in time:\n{_read(output)}")


def _read(output: IO[bytes]) -> str:
    output.seek(0)
    return output.read().decode(errors="replace")[-4000:]


def _stop(process: subprocess.Popen[bytes]) -> int:
    if process.poll() is not None:
        return process.returncode
    process.send_signal(signal.SIGTERM)  # graceful: drains requests, flushes coverage data
    try:
        return process.wait(timeout=SHUTDOWN_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()
