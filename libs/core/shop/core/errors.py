"""The error vocabulary shared by every app.

Domain code raises these; each app's interface turns them into RFC 9457 problem details with
`problem_details()`, so a client sees the same error shape from every API. The `type` URIs are
stable identifiers: clients may branch on them, so they never change once published.
"""

from __future__ import annotations

from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, ClassVar

PROBLEM_TYPE_BASE = "https://problems.shop.example/"
PROBLEM_CONTENT_TYPE = "application/problem+json"
# RFC 9457's own members: an extension by one of these names would overwrite it (an order's
# "status": "cancelled" once replaced the problem's 409).
STANDARD_MEMBERS = frozenset({"type", "title", "status", "detail", "instance"})


@dataclass(frozen=True)
class FieldError:
    """One failing input field: where it is (`body.lines.0.quantity`) and what is wrong.

    Below the interface an error names the field alone (`limit`, `lines`): only the interface
    knows where a request carried it, and `problem_details` says so (`query.limit`).
    """

    location: str
    message: str


class ShopError(Exception):
    """Base of every error a client may see. Subclasses fix the kind; instances the detail."""

    kind: ClassVar[str] = "internal"
    title: ClassVar[str] = "Internal server error"
    status: ClassVar[int] = 500
    # HTTP headers that belong with this kind of error (e.g. how to authenticate).
    kind_headers: ClassVar[Mapping[str, str]] = {}

    def __init__(self, detail: str, **extensions: Any) -> None:
        clashing = STANDARD_MEMBERS & extensions.keys()
        if clashing:
            raise TypeError(f"problem extensions may not be named {sorted(clashing)}")
        super().__init__(detail)
        self.detail = detail
        self.extensions: Mapping[str, Any] = extensions
        # The kind's headers, and any this error adds (when to retry, say).
        self.headers: dict[str, str] = dict(self.kind_headers)

    @classmethod
    def type_uri(cls) -> str:
        return PROBLEM_TYPE_BASE + cls.kind


class MalformedRequestError(ShopError):
    """The request cannot be read at all (a body that is not JSON, say): 400, not 422."""

    kind, title, status = "malformed-request", "Malformed request", 400


class NotFoundError(ShopError):
    kind, title, status = "not-found", "Resource not found", 404


class ConflictError(ShopError):
    kind, title, status = "conflict", "Conflict with the current state", 409


class PreconditionFailedError(ShopError):
    kind, title, status = "precondition-failed", "Precondition failed", 412


class PreconditionRequiredError(ShopError):
    kind, title, status = "precondition-required", "Precondition required", 428


class ForbiddenError(ShopError):
    kind, title, status = "forbidden", "Forbidden", 403


class UnauthenticatedError(ShopError):
    kind, title, status = "unauthenticated", "Authentication required", 401
    kind_headers: ClassVar[Mapping[str, str]] = {"WWW-Authenticate": "Bearer"}


class ValidationFailedError(ShopError):
    kind, title, status = "validation-failed", "Validation failed", 422

    def __init__(self, detail: str, errors: Sequence[FieldError] = (), **extensions: Any) -> None:
        super().__init__(detail, **extensions)
        self.errors = tuple(errors)


class _RetryLaterError(ShopError):
    """An error that passes: `retry_after` seconds go out as `Retry-After` and as a member."""

    def __init__(self, detail: str, retry_after: int | None = None, **extensions: Any) -> None:
        if retry_after is not None:
            extensions["retry_after"] = retry_after
        super().__init__(detail, **extensions)
        if retry_after is not None:
            self.headers["Retry-After"] = str(retry_after)


class RateLimitedError(_RetryLaterError):
    kind, title, status = "rate-limited", "Too many requests", 429


class UnavailableError(_RetryLaterError):
    kind, title, status = "unavailable", "Service unavailable", 503


@dataclass(frozen=True)
class ProblemDetails:
    """An RFC 9457 problem, independent of any web framework."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    extensions: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": self.type,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if self.instance is not None:
            body["instance"] = self.instance
        body.update(self.extensions)
        return body


def problem_details(
    error: ShopError,
    instance: str | None = None,
    *,
    query: Container[str] = (),
    path: Container[str] = (),
) -> ProblemDetails:
    """`query` and `path`: the request's parameter names, where a field named alone came from
    (neither: the body)."""
    extensions = dict(error.extensions)
    if isinstance(error, ValidationFailedError) and error.errors:
        extensions["errors"] = [
            {"location": _located(item.location, query, path), "message": item.message}
            for item in error.errors
        ]
    return ProblemDetails(
        type=error.type_uri(),
        title=error.title,
        status=error.status,
        detail=error.detail,
        instance=instance,
        extensions=extensions,
    )


def http_status_problem(
    status: int, detail: str | None = None, instance: str | None = None
) -> ProblemDetails:
    """A problem that is only its HTTP status (RFC 9457 `about:blank`), e.g. 405 from routing."""
    phrase = HTTPStatus(status).phrase
    return ProblemDetails(
        type="about:blank", title=phrase, status=status, detail=detail or phrase, instance=instance
    )


def refusal_problem(status: int, detail: str, instance: str | None = None) -> ProblemDetails:
    """What the edge or the HTTP server refuses before any app sees the request: a 400 is the
    same malformed-request problem the apps send; other statuses are their own (413, 431)."""
    if status == MalformedRequestError.status:
        return problem_details(MalformedRequestError(detail), instance)
    return http_status_problem(status, detail, instance)


def unexpected_error_problem(instance: str | None = None) -> ProblemDetails:
    """What a client sees for a bug: no stack trace, no internals; the log has the rest."""
    return problem_details(ShopError("An unexpected error occurred."), instance)


def _located(location: str, query: Container[str], path: Container[str]) -> str:
    if "." in location:
        return location  # located already, by the framework's own validation
    where = "query" if location in query else "path" if location in path else "body"
    return f"{where}.{location}"
