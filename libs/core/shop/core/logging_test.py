import asyncio
import io
import json
import logging
import re
import sys
from collections.abc import Callable

import pytest

from shop.core.build import BuildInfo
from shop.core.logging import (
    ACCESS_LOGGER,
    REDACTED,
    AccessLines,
    LogSettings,
    bound_log_context,
    configure_logging,
    get_logger,
    log_request,
    redact_secrets,
    reset_logging,
)


def test_secrets_are_redacted_however_deep() -> None:
    event = {
        "event": "request",
        "headers": {"Authorization": "Bearer abc", "accept": "application/json"},
        "password": "hunter2",
        "attempts": [{"db_password": "x", "user": "ann"}],
    }

    redacted = redact_secrets(None, "info", event)

    assert redacted["headers"] == {"Authorization": REDACTED, "accept": "application/json"}
    assert redacted["password"] == REDACTED
    assert redacted["attempts"] == [{"db_password": REDACTED, "user": "ann"}]
    assert redacted["event"] == "request"


def test_log_lines_are_json_with_the_request_context(
    capfd: pytest.CaptureFixture[str], json_logs: Callable[[], None]
) -> None:
    json_logs()
    with bound_log_context(request_id="r-42"):
        get_logger("shop.test").info("request", headers={"Authorization": "Bearer x"})
    logging.getLogger("uvicorn.error").warning("from the standard library")
    lines = [json.loads(line) for line in capfd.readouterr().out.splitlines()]

    ours, theirs = lines
    assert ours["request_id"] == "r-42"
    assert ours["logger_name"] == "shop.test"
    assert ours["headers"]["Authorization"] == REDACTED
    assert (theirs["logger_name"], theirs["level"]) == ("uvicorn.error", "warning")


async def test_access_lines_have_the_shape_of_the_others_and_keep_their_order(
    capfd: pytest.CaptureFixture[str], json_logs: Callable[[], None]
) -> None:
    json_logs()
    log_request("r-1", "GET", "/a", 200, 0.0012)
    log_request("r-2", "GET", "/b", 404, 0.0034)
    with bound_log_context(request_id="r-3"):
        get_logger(ACCESS_LOGGER).info("request", method="GET", path="/c", status=200)
    lines = [json.loads(line) for line in capfd.readouterr().out.splitlines()]

    assert [line["request_id"] for line in lines] == ["r-1", "r-2", "r-3"]
    fast, _, structlogs = lines
    assert fast.keys() - {"duration_ms"} == structlogs.keys()
    assert (fast["level"], fast["logger_name"], fast["duration_ms"]) == ("info", "shop.access", 1.2)
    iso_utc = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")
    assert iso_utc.match(fast["timestamp"]), fast["timestamp"]
    assert iso_utc.match(structlogs["timestamp"])
    assert fast["timestamp"][:16] == structlogs["timestamp"][:16]


def test_every_line_names_the_build_it_came_from(capfd: pytest.CaptureFixture[str]) -> None:
    configure_logging(LogSettings(json_output=True), BuildInfo("shop-x", "1.2.3", "abc"))
    get_logger("shop.test").info("ours")
    logging.getLogger("uvicorn.error").warning("theirs")
    log_request("r-1", "GET", "/a", 200, 0.001)
    sys.stdout.flush()
    lines = [json.loads(line) for line in capfd.readouterr().out.splitlines()]
    reset_logging()

    assert [(line["service"], line["version"]) for line in lines] == [("shop-x", "1.2.3")] * 3
    assert "trace_id" not in lines[2]  # tracing off: nothing looked up


class CountingStream(io.BytesIO):
    flushes = 0

    def flush(self) -> None:
        self.flushes += 1


async def test_access_lines_are_flushed_together_shortly_after() -> None:
    stream = CountingStream()
    lines = AccessLines(stream)

    for n in range(3):
        lines.write({"event": "request", "n": n})
        await asyncio.sleep(0)
    flushed_at_once = stream.flushes
    await asyncio.sleep(AccessLines.FLUSH_INTERVAL_SECONDS * 2)

    assert (flushed_at_once, stream.flushes) == (0, 1)
    assert len(stream.getvalue().splitlines()) == 3


def test_access_lines_outside_an_event_loop_are_written_at_once(
    capfd: pytest.CaptureFixture[str], json_logs: Callable[[], None]
) -> None:
    json_logs()
    log_request("r-1", "GET", "/a", 200, 0.001)

    assert json.loads(capfd.readouterr().out)["path"] == "/a"


def test_access_lines_in_development_go_through_structlog(
    capfd: pytest.CaptureFixture[str],
) -> None:
    configure_logging(LogSettings(level="INFO", json_output=False))
    try:
        log_request("r-1", "GET", "/dev", 200, 0.001)
    finally:
        reset_logging()

    out = capfd.readouterr().out
    assert "/dev" in out
    assert not out.startswith("{")
