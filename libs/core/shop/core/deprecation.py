"""How an operation is retired without surprising its clients.

A deprecated operation keeps working until its sunset, at least `MIN_NOTICE` after it was
deprecated. Meanwhile its document entry says so (`deprecated: true`, with the dates as
`x-deprecated-since` and `x-sunset`), and every response to it carries `Deprecation` (RFC 9745)
and `Sunset` (RFC 8594), so a client learns it from its own traffic, not only from reading the
changelog. After the sunset it may be removed, in a new major version (the contract gate holds
both ends of this: see build-support/checks/contract_gate.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from email.utils import format_datetime
from typing import Any

MIN_NOTICE = timedelta(days=180)
SINCE = "x-deprecated-since"
SUNSET = "x-sunset"


@dataclass(frozen=True)
class Deprecation:
    since: date
    sunset: date
    instead: str = ""  # the operationId that replaces it, when one does

    def __post_init__(self) -> None:
        if self.sunset - self.since < MIN_NOTICE:
            raise ValueError(
                f"a deprecated operation lives at least {MIN_NOTICE.days} days: "
                f"{self.since} to {self.sunset} is shorter"
            )

    def headers(self) -> list[tuple[bytes, bytes]]:
        since = int(_midnight(self.since).timestamp())
        sunset = format_datetime(_midnight(self.sunset), usegmt=True)
        return [(b"deprecation", f"@{since}".encode()), (b"sunset", sunset.encode())]

    def note(self) -> str:
        instead = f" Use `{self.instead}` instead." if self.instead else ""
        return (
            f"**Deprecated** since {self.since}; it may be removed after {self.sunset}. "
            f"Its responses carry `Deprecation` and `Sunset` headers.{instead}"
        )

    def mark(self, operation: dict[str, Any]) -> None:
        """State the deprecation in the operation's OpenAPI entry."""
        operation["deprecated"] = True
        operation[SINCE], operation[SUNSET] = self.since.isoformat(), self.sunset.isoformat()
        description = operation.get("description", "")
        operation["description"] = f"{self.note()}\n\n{description}".strip()
        for status, response in operation.get("responses", {}).items():
            if status.startswith("2"):
                response.setdefault("headers", {}).update(_HEADERS)

    @classmethod
    def of(cls, operation: Mapping[str, Any]) -> Deprecation | None:
        """The deprecation an OpenAPI operation states, if it is deprecated."""
        if not operation.get("deprecated") or SUNSET not in operation:
            return None
        since, sunset = date.fromisoformat(operation[SINCE]), date.fromisoformat(operation[SUNSET])
        return cls(since, sunset)


_HEADERS = {
    "Deprecation": {
        "description": "When the operation was deprecated (RFC 9745), e.g. `@1796083200`",
        "schema": {"type": "string"},
    },
    "Sunset": {
        "description": "After when the operation may be gone (RFC 8594), an HTTP date",
        "schema": {"type": "string"},
    },
}


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)
