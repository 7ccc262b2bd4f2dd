import json
import logging

import pytest
import structlog

from shop.core.logging import (
    REDACTED,
    LogSettings,
    bound_log_context,
    configure_logging,
    get_logger,
    redact_secrets,
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


def test_log_lines_are_json_with_the_request_context(capfd: pytest.CaptureFixture[str]) -> None:
    configure_logging(LogSettings(level="INFO", json_output=True))
    try:
        with bound_log_context(request_id="r-42"):
            get_logger("shop.test").info("request", headers={"Authorization": "Bearer x"})
        logging.getLogger("uvicorn.error").warning("from the standard library")
        lines = [json.loads(line) for line in capfd.readouterr().out.splitlines()]
    finally:
        structlog.reset_defaults()
        logging.getLogger().handlers.clear()

    ours, theirs = lines
    assert ours["request_id"] == "r-42"
    assert ours["logger_name"] == "shop.test"
    assert ours["headers"]["Authorization"] == REDACTED
    assert (theirs["logger_name"], theirs["level"]) == ("uvicorn.error", "warning")
