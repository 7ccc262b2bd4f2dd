"""Structured JSON logs (structlog) with a per-request context and redaction of secrets."""

from __future__ import annotations

import asyncio
import functools
import logging
import sys
import time
from collections.abc import MutableMapping
from typing import Any, BinaryIO, Literal

import orjson
import structlog
from pydantic_settings import SettingsConfigDict

from shop.core.build import BuildInfo
from shop.core.settings import SettingsFragment
from shop.core.tracing import current_trace_ids

REDACTED = "[redacted]"
_SENSITIVE_KEYS = frozenset(
    {"authorization", "password", "secret", "token", "access_token", "api_key", "cookie"}
)


class LogSettings(SettingsFragment):
    model_config = SettingsConfigDict(env_prefix="LOG_")

    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    """The lowest level written: DEBUG, INFO, WARNING or ERROR."""
    json_output: bool = True
    """One JSON object per line (for a log pipeline); false: coloured lines for a terminal."""


@functools.lru_cache(maxsize=1024)
def _is_sensitive(key: str) -> bool:
    lowered = key.lower()
    return lowered in _SENSITIVE_KEYS or lowered.endswith(("_password", "_secret", "_token"))


def _redact(value: Any) -> Any:
    if isinstance(value, MutableMapping):
        return {k: REDACTED if _is_sensitive(str(k)) else _redact(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_redact(item) for item in value]
    return value


# Values that cannot hold a secret under a nested key; checked by exact type, which is cheaper
# than isinstance against the MutableMapping ABC (this runs for every log line).
_FLAT_TYPES = frozenset({str, int, float, bool, type(None)})


def _needs_redaction(event_dict: MutableMapping[str, Any]) -> bool:
    return any(
        _is_sensitive(str(key)) or type(value) not in _FLAT_TYPES
        for key, value in event_dict.items()
    )


def redact_secrets(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """Structlog processor: secrets never reach a log line, however deeply they are nested.

    A flat event with no sensitive key (an access line, most lines) passes through untouched."""
    if not _needs_redaction(event_dict):
        return event_dict
    redacted: MutableMapping[str, Any] = _redact(event_dict)
    return redacted


def _stdlib_logger_name(
    logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """Name standard-library log lines' logger the way ours are (`logger_name`)."""
    record = event_dict.get("_record")
    event_dict["logger_name"] = getattr(record, "name", None) or getattr(logger, "name", None)
    return event_dict


def _with_fields(fields: dict[str, str]) -> structlog.typing.Processor:
    """A processor that adds the same fields (service, version) to every line."""

    def add(
        _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
    ) -> MutableMapping[str, Any]:
        event_dict.update(fields)
        return event_dict

    return add


def _with_trace_ids(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """The trace and span a line was written in (only installed when tracing is on)."""
    ids = current_trace_ids()
    if ids is not None:
        event_dict["trace_id"], event_dict["span_id"] = ids
    return event_dict


def configure_logging(
    settings: LogSettings, build: BuildInfo | None = None, *, traced: bool = False
) -> None:
    """Our own logs go straight from structlog to stdout (orjson, no stdlib handler on the hot
    path: a request's access line costs microseconds); the standard library's loggers (uvicorn,
    SQLAlchemy) are routed through the same processors and renderer.

    `build`: its service and version go on every line. `traced`: lines written inside a span
    carry its trace and span IDs (off, nothing is looked up)."""
    level = logging.getLevelName(settings.level)
    fields = {"service": build.service, "version": build.version} if build else {}
    shared: list[structlog.typing.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        *([_with_fields(fields)] if fields else []),
        *([_with_trace_ids] if traced else []),
        redact_secrets,
        structlog.processors.format_exc_info,
    ]
    if settings.json_output:
        renderer: structlog.typing.Processor = structlog.processors.JSONRenderer(orjson.dumps)
        factory: Any = structlog.BytesLoggerFactory(sys.stdout.buffer)
    else:
        renderer = structlog.dev.ConsoleRenderer()
        factory = structlog.PrintLoggerFactory(sys.stdout)
    structlog.configure(
        processors=[*shared, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=factory,
        cache_logger_on_first_use=True,
    )
    global _access_lines  # noqa: PLW0603 - the process's one log configuration
    json_access = settings.json_output and level <= logging.INFO
    _access_lines = AccessLines(sys.stdout.buffer, fields, traced=traced) if json_access else None
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=[_stdlib_logger_name, *shared],
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.JSONRenderer()
                if settings.json_output
                else structlog.dev.ConsoleRenderer(),
            ],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.level)
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    # The edge middleware writes one structured line per request, with its request ID.
    logging.getLogger("uvicorn.access").disabled = True


def reset_logging() -> None:
    """Back to structlog's defaults and no handlers (tests that configured logging)."""
    global _access_lines  # noqa: PLW0603 - the process's one log configuration
    _access_lines = None
    structlog.reset_defaults()
    logging.getLogger().handlers.clear()


class bound_log_context:  # noqa: N801 - used like the function it was
    """Bind values (a request ID, say) to every log line written inside the block.

    A class rather than a @contextmanager generator: the edge enters one per request."""

    __slots__ = ("_tokens", "_values")

    def __init__(self, **values: Any) -> None:
        self._values = values

    def __enter__(self) -> None:
        self._tokens = structlog.contextvars.bind_contextvars(**self._values)

    def __exit__(self, *_: object) -> None:
        structlog.contextvars.reset_contextvars(**self._tokens)


def get_logger(name: str) -> structlog.typing.FilteringBoundLogger:
    # `logger_name`, not `logger`: get_logger()'s own first parameter is called `logger`.
    logger: structlog.typing.FilteringBoundLogger = structlog.get_logger(logger_name=name)
    return logger


ACCESS_LOGGER = "shop.access"


class AccessLines:
    """The access line, the one line every request writes, without structlog's processor chain
    (several times cheaper). Same JSON shape as structlog's lines; its fields are fixed and flat,
    so there is nothing to redact. Under load a flush per line (a system call) cost more than
    the line itself, so lines are flushed at most `FLUSH_INTERVAL_SECONDS` after they were
    written (or sooner, when the buffer fills; at exit Python flushes the rest, a process killed
    outright loses at most that interval). They share the stream's buffer with structlog's
    lines, which flush it as they go, so lines stay in order."""

    FLUSH_INTERVAL_SECONDS = 0.05

    def __init__(
        self, stream: BinaryIO, fields: dict[str, str] | None = None, *, traced: bool = False
    ) -> None:
        self._stream = stream
        self._fields = fields or {}
        self._traced = traced
        self._flush_pending = False
        self._second = 0
        self._second_text = ""

    def write(self, line: dict[str, Any]) -> None:
        line["level"] = "info"
        line["logger_name"] = ACCESS_LOGGER
        line["timestamp"] = self._timestamp()
        line.update(self._fields)
        if self._traced and (ids := current_trace_ids()) is not None:
            line["trace_id"], line["span_id"] = ids
        self._stream.write(orjson.dumps(line) + b"\n")
        if self._flush_pending:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not in an event loop: nothing to batch with
            self._stream.flush()
            return
        self._flush_pending = True
        loop.call_later(self.FLUSH_INTERVAL_SECONDS, self._flush)

    def _flush(self) -> None:
        self._flush_pending = False
        self._stream.flush()

    def _timestamp(self) -> str:
        """structlog's ISO format (UTC, microseconds, `Z`); the date and time up to the second
        are formatted once per second."""
        now = time.time()
        second = int(now)
        if second != self._second:
            self._second = second
            self._second_text = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))
        return f"{self._second_text}.{int((now - second) * 1_000_000):06d}Z"


_access_lines: AccessLines | None = None


def log_request(request_id: str, method: str, path: str, status: int, seconds: float) -> None:
    """Write the access line of one request (at INFO, logger `shop.access`)."""
    line: dict[str, Any] = {
        "request_id": request_id,
        "method": method,
        "path": path,
        "status": status,
        "duration_ms": round(seconds * 1000, 2),
    }
    if _access_lines is not None:
        _access_lines.write({"event": "request", **line})
    else:  # console output in development, or a level above INFO: structlog decides
        get_logger(ACCESS_LOGGER).info("request", **line)
