from collections.abc import Callable, Iterator

import pytest

from shop.core.logging import LogSettings, configure_logging, reset_logging


@pytest.fixture
def json_logs() -> Iterator[Callable[[], None]]:
    """Production logging (JSON lines on stdout), switched on by calling it inside the test,
    once output capturing has begun; the defaults come back after the test."""
    yield lambda: configure_logging(LogSettings(level="INFO", json_output=True))
    reset_logging()
