"""What every benchmark shares: wrk runs, the bare reference process, the printed table."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

from shop.testing.processes import ServedApp, running_app

ROOT = Path(__file__).resolve().parents[1]
DURATION = os.environ.get("BENCH_SECONDS", "6")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "32")
# Every load runs once per round, the rounds one after another: a machine whose speed drifts
# (a shared VM's does, by a third within minutes) then drifts under the app and its bare
# reference alike, and the median round says what a typical moment measured.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
SECRET = "bench-secret-" + "x" * 32


@dataclass(frozen=True)
class Load:
    name: str
    url: str
    baseline: str | None = None  # the load this one is compared with; None: with itself
    script: Path | None = None
    env: dict[str, str] | None = None
    headers: dict[str, str] | None = None


@dataclass(frozen=True)
class Result:
    name: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    # Answers by status, where the load's script counts them (`status <code> <count>` lines).
    statuses: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Row:
    """One load over all rounds: medians, and its baseline's figures from the same rounds."""

    name: str
    baseline: str
    requests_per_second: float
    share_of_baseline: float  # the median over rounds of req/s / the baseline's req/s
    p50_ms: float
    p99_ms: float
    p99_of_baseline: float  # likewise for p99
    non_2xx: int


def packaged(app: str) -> Path:
    return ROOT / "dist" / f"apps.{app}" / "bin.pex"


def app_env(database_url: str) -> dict[str, str]:
    """Production settings: JSON logs, no development defaults."""
    return {
        "DB_URL": database_url,
        "AUTH_SECRET_KEY": SECRET,
        "APP_ENV": "production",
        # As many connections as the bare endpoints' pools (asyncpg, at most 10): beyond its
        # size the app's pool would open overflow connections and close them again on
        # return, a reconnect churn that costs a sustained load more than it gives (measured).
        "DB_POOL_SIZE": "10",
        "DB_MAX_OVERFLOW": "0",
    }


def measure(loads: list[Load]) -> list[Row]:
    """Each load under wrk, `ROUNDS` times over, interleaved; one row per load."""
    rounds = [{load.name: wrk(load) for load in loads} for _ in range(ROUNDS)]
    return [_row(load, [results[load.name] for results in rounds], rounds) for load in loads]


def _row(load: Load, own: list[Result], rounds: list[dict[str, Result]]) -> Row:
    base = [results[load.baseline or load.name] for results in rounds]
    return Row(
        load.name,
        load.baseline or load.name,
        median(r.requests_per_second for r in own),
        median(
            r.requests_per_second / b.requests_per_second for r, b in zip(own, base, strict=True)
        ),
        median(r.p50_ms for r in own),
        median(r.p99_ms for r in own),
        median(r.p99_ms / b.p99_ms for r, b in zip(own, base, strict=True)),
        sum(r.non_2xx for r in own),
    )


def wrk(load: Load) -> Result:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency", load.url]
    for header, value in (load.headers or {}).items():
        command[1:1] = ["-H", f"{header}: {value}"]
    if load.script:
        command[1:1] = ["-s", str(load.script)]
    output = subprocess.run(  # noqa: S603 - our own command line
        command,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(load.env or {})},
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    non_2xx_match = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return Result(
        load.name,
        rps,
        _percentile(output, "50"),
        _percentile(output, "99"),
        int(non_2xx_match.group(1)) if non_2xx_match else 0,
        {
            int(code): int(count)
            for code, count in re.findall(r"^status (\d+) (\d+)$", output, re.M)
        },
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
    env = {
        "BENCH_DSN": dsn,
        "BENCH_SECRET": SECRET,
        "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path]),
    }
    with running_app(command, "UVICORN_PORT", env, ready_path=ready_path) as bare:
        yield bare


def print_table(rows: list[Row]) -> None:
    print(
        f"\nwrk -t2 -c{CONNECTIONS} -d{DURATION}s over loopback, one server process each; "
        f"medians of {ROUNDS} interleaved rounds\n"
    )
    header = ("endpoint", "req/s", "% of base", "p50 ms", "p99 ms", "p99/base", "non-2xx")
    print("{:36} {:>9} {:>10} {:>8} {:>8} {:>9} {:>8}".format(*header))
    for row in rows:
        print(
            f"{row.name:36} {row.requests_per_second:9.0f} {row.share_of_baseline * 100:9.0f}% "
            f"{row.p50_ms:8.2f} {row.p99_ms:8.2f} {row.p99_of_baseline:8.1f}x {row.non_2xx:8d}"
        )
    print("\n% of base and p99/base compare each row with its base, round by round:")
    for row in rows:
        if row.baseline != row.name:
            print(f"  {row.name:34} base: {row.baseline}")
