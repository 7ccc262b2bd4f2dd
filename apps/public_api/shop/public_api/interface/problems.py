"""Every error leaves the public API as RFC 9457 problem details, never as a framework default."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from shop.core.errors import (
    PROBLEM_CONTENT_TYPE,
    FieldError,
    MalformedRequestError,
    ProblemDetails,
    ShopError,
    ValidationFailedError,
    http_status_problem,
    problem_details,
)

BAD_REQUEST, METHOD_NOT_ALLOWED = 400, 405


def problem_response(
    problem: ProblemDetails, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        problem.to_dict(),
        status_code=problem.status,
        media_type=PROBLEM_CONTENT_TYPE,
        headers=headers,
    )


async def _shop_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ShopError)  # noqa: S101 - registered for ShopError only
    located = {"query": request.query_params.keys(), "path": request.path_params.keys()}
    return problem_response(
        problem_details(error, request.url.path, **located), dict(error.headers)
    )


async def _validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)  # noqa: S101
    unreadable = [item for item in error.errors() if item.get("type") == "json_invalid"]
    if unreadable:  # not JSON at all: the request cannot be read, 400 (as in the admin API)
        reason = unreadable[0].get("ctx", {}).get("error", "not valid JSON")
        malformed = MalformedRequestError(f"The body is not valid JSON: {reason}.")
        return problem_response(problem_details(malformed, request.url.path))
    fields = [
        FieldError(".".join(str(part) for part in item["loc"]), item["msg"])
        for item in error.errors()
    ]
    failure = ValidationFailedError("The request is not valid.", errors=fields)
    return problem_response(problem_details(failure, request.url.path))


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)  # noqa: S101
    headers = dict(error.headers or {})
    if error.status_code == BAD_REQUEST:  # FastAPI could not read the body (not UTF-8, say)
        malformed = MalformedRequestError(f"The body cannot be read: {error.detail}.")
        return problem_response(problem_details(malformed, request.url.path), headers)
    if error.status_code == METHOD_NOT_ALLOWED:
        allowed = request.app.state.operations().methods(request.url.path)
        if allowed:  # else Starlette's own (a path outside the document: /metrics, /docs)
            headers["Allow"] = ", ".join(allowed)
    problem = http_status_problem(error.status_code, str(error.detail), request.url.path)
    return problem_response(problem, headers=headers)


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ShopError, _shop_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    # Anything else is the edge's (shop.core.asgi.edge): it logs it once, with the request ID.
