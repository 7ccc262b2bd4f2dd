"""What every benchmark shares: wrk runs, the bare reference process, the printed table."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from shop.testing.processes import ServedApp, running_app

ROOT = Path(__file__).resolve().parents[1]
DURATION = os.environ.get("BENCH_SECONDS", "10")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "32")
SECRET = "bench-secret-" + "x" * 32


@dataclass(frozen=True)
class Result:
    name: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    non_2xx: int


def packaged(app: str) -> Path:
    return ROOT / "dist" / f"apps.{app}" / "bin.pex"


def app_env(database_url: str) -> dict[str, str]:
    """Production settings: JSON logs, no development defaults."""
    return {
        "DB_URL": database_url,
        "AUTH_SECRET_KEY": SECRET,
        "APP_ENV": "production",
        "DB_POOL_SIZE": "10",
    }


def wrk(
    name: str,
    url: str,
    script: Path | None = None,
    env: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> Result:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency", url]
    for header, value in (headers or {}).items():
        command[1:1] = ["-H", f"{header}: {value}"]
    if script:
        command[1:1] = ["-s", str(script)]
    output = subprocess.run(  # noqa: S603 - our own command line
        command, capture_output=True, text=True, check=True, env={**os.environ, **(env or {})}
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    non_2xx_match = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return Result(
        name,
        rps,
        _percentile(output, "50"),
        _percentile(output, "99"),
        int(non_2xx_match.group(1)) if non_2xx_match else 0,
    )


def _percentile(output: str, which: str) -> float:
    value, unit = re.search(rf"{which}%\s+([\d.]+)(us|ms|s)", output).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


@contextmanager
def bare_reference(dsn: str, ready_path: str) -> Iterator[ServedApp]:
    """bench/bare_app.py under uvicorn (uvloop, httptools), one process."""
    command = [
        sys.executable,
        *("-m", "uvicorn", "bench.bare_app:app", "--log-level", "warning"),
        *("--loop", "uvloop", "--http", "httptools"),
    ]
    env = {"BENCH_DSN": dsn, "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path])}
    with running_app(command, "UVICORN_PORT", env, ready_path=ready_path) as bare:
        yield bare


def print_table(results: list[Result], baselines: dict[str, Result]) -> None:
    """Each result next to its baseline (by name; the first result when none is given)."""
    print(f"\nwrk -t2 -c{CONNECTIONS} -d{DURATION}s over loopback, one server process each\n")
    header = ("endpoint", "req/s", "% of bare", "p50 ms", "p99 ms", "p99/bare", "non-2xx")
    print("{:36} {:>9} {:>10} {:>8} {:>8} {:>9} {:>8}".format(*header))
    for result in results:
        bare = baselines.get(result.name, results[0])
        share = result.requests_per_second / bare.requests_per_second * 100
        print(
            f"{result.name:36} {result.requests_per_second:9.0f} {share:9.0f}% "
            f"{result.p50_ms:8.2f} {result.p99_ms:8.2f} {result.p99_ms / bare.p99_ms:8.1f}x "
            f"{result.non_2xx:8d}"
        )
