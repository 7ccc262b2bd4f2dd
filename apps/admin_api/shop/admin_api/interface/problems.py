"""Every error leaves the admin API as RFC 9457 problem details, never as a framework default."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.openapi.datastructures import ResponseSpec
from litestar.types import ExceptionHandlersMap

from shop.admin_api.interface.schemas import Problem
from shop.core.errors import (
    PROBLEM_CONTENT_TYPE,
    FieldError,
    ProblemDetails,
    ShopError,
    ValidationFailedError,
    http_status_problem,
    problem_details,
    unexpected_error_problem,
)
from shop.core.logging import get_logger

_log = get_logger(__name__)


def problem_response(
    problem: ProblemDetails, headers: dict[str, str] | None = None
) -> Response[dict[str, Any]]:
    return Response(
        problem.to_dict(),
        status_code=problem.status,
        media_type=PROBLEM_CONTENT_TYPE,
        headers=headers,
    )


def _shop_error(request: Request[Any, Any, Any], error: Exception) -> Response[dict[str, Any]]:
    assert isinstance(error, ShopError)  # noqa: S101 - registered for ShopError only
    located = {"query": request.query_params.keys(), "path": request.path_params.keys()}
    return problem_response(
        problem_details(error, request.url.path, **located), dict(error.headers)
    )


def _validation_error(
    request: Request[Any, Any, Any], error: Exception
) -> Response[dict[str, Any]]:
    assert isinstance(error, ValidationException)  # noqa: S101
    details = error.extra if isinstance(error.extra, list) else []
    fields = [
        FieldError(_location(item), str(item.get("message", "")))
        for item in details
        if isinstance(item, dict)
    ]
    failure = ValidationFailedError("The request is not valid.", errors=fields)
    return problem_response(problem_details(failure, request.url.path))


def _location(item: dict[str, Any]) -> str:
    # `body.price_minor`, `query.limit`: where the public API's problems point too.
    source, key = item.get("source"), item.get("key")
    source = getattr(source, "value", source)  # Litestar's ParamType enum, or a plain string
    return ".".join(str(part) for part in (source, key) if part) or "body"


def _http_error(request: Request[Any, Any, Any], error: Exception) -> Response[dict[str, Any]]:
    assert isinstance(error, HTTPException)  # noqa: S101
    problem = http_status_problem(error.status_code, error.detail, request.url.path)
    return problem_response(problem, headers=dict(error.headers or {}))


def _unexpected_error(
    request: Request[Any, Any, Any], _error: Exception
) -> Response[dict[str, Any]]:
    _log.exception("unhandled error", path=request.url.path)
    return problem_response(unexpected_error_problem(request.url.path))


async def html_errors_as_problems(response: Response[Any]) -> Response[Any]:
    """Litestar answers an unknown page under /schema with an HTML 404 of its own making (not
    an exception the handlers above see); it leaves as a problem like every other error."""
    status = response.status_code or 200
    media_type = getattr(response.media_type, "value", response.media_type)  # an enum, or text
    if status >= 400 and str(media_type).startswith("text/html"):  # noqa: PLR2004
        return problem_response(http_status_problem(status))
    return response


PROBLEM_HANDLERS: ExceptionHandlersMap = {
    ShopError: _shop_error,
    ValidationException: _validation_error,
    HTTPException: _http_error,
    Exception: _unexpected_error,
}


_DESCRIPTIONS = {
    400: "The request is malformed",
    401: "No valid staff token",
    403: "The caller's role does not allow this",
    404: "No such resource",
    409: "Conflicts with the current state",
    412: "If-Match does not match the current version",
    422: "The request is not valid",
    428: "If-Match is required",
    429: "Too many attempts: wait for Retry-After seconds",
    503: "Busy or unavailable for a moment: try again",
}


def problem_responses(*statuses: int) -> dict[int, ResponseSpec]:
    """The problem responses a route documents; 400 (a malformed body) always."""
    return {
        status: ResponseSpec(
            data_container=Problem,
            media_type=PROBLEM_CONTENT_TYPE,
            description=_DESCRIPTIONS[status],
            generate_examples=False,
        )
        for status in sorted({400, *statuses})
    }
