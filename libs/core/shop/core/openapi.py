"""What every app's OpenAPI document says beyond what its framework writes: the contract.

Each app describes itself (`ApiContract`: title, version, description, tags, examples) and
`refine()` makes the framework's document say what the app really does, the same way for every
app: every error as `application/problem+json` with an example, the errors any request can meet
(400 unreadable, 431 head too large, 500, 503, and 413/415 where there is a body), the problem
members we send, examples on the schemas, stable tags with descriptions. The result is what is
served, committed beside the app (`make openapi`) and compared against the base branch for
breaking changes.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from shop.core.deprecation import Deprecation
from shop.core.errors import (
    PROBLEM_CONTENT_TYPE,
    ConflictError,
    FieldError,
    ForbiddenError,
    MalformedRequestError,
    NotFoundError,
    PreconditionFailedError,
    PreconditionRequiredError,
    RateLimitedError,
    ShopError,
    UnauthenticatedError,
    UnavailableError,
    ValidationFailedError,
    http_status_problem,
    problem_details,
)
from shop.core.operations import HTTP_METHODS

PROBLEM_REF = "#/components/schemas/Problem"
CONTACT = {"name": "Shop platform team", "email": "platform@shop.example"}
LICENSE = {"name": "Apache 2.0", "identifier": "Apache-2.0"}
PAGINATION = (
    "Lists are paginated by cursor: a page has `items` and `next_cursor`. To read the next page, "
    "pass `next_cursor` back as the `cursor` query parameter; `next_cursor` is `null` on the last "
    "page. Cursors are opaque: do not build or edit them (a forged cursor is 422), and do not "
    "keep them for long (they point after a row, so a page never repeats or skips a row that "
    "was there, whatever is inserted meanwhile)."
)
ERRORS = (
    "Every error is an RFC 9457 problem (`application/problem+json`): `type` is a stable URI a "
    "client may branch on, `title` names it, `status` repeats the HTTP status, `detail` says "
    "what happened to this request. Validation problems list each failing field in `errors` "
    "with its `location` (`body.lines.0.quantity`, `query.limit`, `path.order_id`, "
    "`header.If-Match`). A 429 or a 503 says when to come back in `Retry-After` and "
    "`retry_after`."
)
_PROBLEM_EXTENSIONS: dict[str, Any] = {
    "errors": {
        "type": "array",
        "description": "Validation problems: each failing field, where it is and what is wrong",
        "items": {
            "type": "object",
            "required": ["location", "message"],
            "properties": {
                "location": {"type": "string", "examples": ["body.lines.0.quantity"]},
                "message": {"type": "string"},
            },
        },
    },
    "retry_after": {"type": "integer", "description": "Seconds to wait (429, 503)"},
    "current_version": {"type": "integer", "description": "The version If-Match missed (412)"},
    "idempotency_key": {"type": "string", "description": "The key used for another request"},
    "required_role": {"type": "string", "description": "The role the operation needs (403)"},
    "product_id": {"type": "string", "format": "uuid"},
    "order_id": {"type": "string", "format": "uuid"},
    "order_status": {"type": "string", "description": "The order's status when it conflicted"},
    "stock": {"type": "integer", "description": "Stock on hand when a change was refused"},
    "available": {"type": "integer", "description": "Units left when an order asked for more"},
    "requested": {"type": "integer", "description": "Units an order asked for"},
    "unknown": {"type": "array", "items": {"type": "string"}, "description": "Unknown values"},
}
# Errors any request can meet, whatever the operation: the edge and the server refuse them.
_EVERYWHERE = {
    "400": ("MalformedRequest", "The request cannot be read"),
    "431": ("HeadersTooLarge", "The request line and headers are too large"),
    "500": ("InternalError", "An unexpected error; the log has the request ID"),
    "503": ("Unavailable", "The database is not available for a moment; retry"),
}
_WITH_A_BODY = {
    "413": ("BodyTooLarge", "The request body is over the size limit"),
    "415": ("UnsupportedMediaType", "The body is not of a media type the operation takes"),
}
# An operation that reads a path, query or header parameter, or a body, refuses a value it
# cannot accept (an id that is not a UUID, say) with 422, whether or not it declares so itself.
_WITH_INPUT = {"422": ("ValidationFailed", "The request is not valid: `errors` says where")}
# The kind of error each status is, so an example is made by the code that makes the real
# problem (a status none of them has is a plain `about:blank` problem, as the edge sends).
_ERRORS: dict[int, type[ShopError]] = {
    error.status: error
    for error in (
        MalformedRequestError, UnauthenticatedError, ForbiddenError, NotFoundError,
        ConflictError, PreconditionFailedError, ValidationFailedError,
        PreconditionRequiredError, RateLimitedError, ShopError, UnavailableError,
    )
}  # fmt: skip
_EXAMPLE_MEMBERS: dict[int, dict[str, Any]] = {
    422: {"errors": [FieldError("body.name", "String should not be empty")]},
    429: {"retry_after": 1},
    503: {"retry_after": 1},
}


# Every API serves its own document and the same probes.
THIS_SERVER = {"url": "/", "description": "The server this document is served from"}
HEALTH_TAG = {"health": "Probes for the platform: the process is up, the database answers"}


@dataclass(frozen=True)
class ApiContract:
    title: str
    version: str  # the API's version: its major part moves with every breaking change
    description: str
    tags: Mapping[str, str]  # name -> what its operations are about
    # Component schema name -> an example of it: every request and response body has one.
    examples: Mapping[str, Any] = field(default_factory=dict)
    servers: tuple[Mapping[str, str], ...] = (THIS_SERVER,)
    # OpenAPI 3.1 webhooks (what the API sends to its subscribers) and the schemas they use.
    webhooks: Mapping[str, Any] = field(default_factory=dict)
    webhook_schemas: Mapping[str, Any] = field(default_factory=dict)
    # operationId -> when it was deprecated and when it may go (see shop.core.deprecation).
    deprecations: Mapping[str, Deprecation] = field(default_factory=dict)


def refine(document: Mapping[str, Any], contract: ApiContract) -> dict[str, Any]:
    """A copy of the framework's document that states the contract."""
    refined = copy.deepcopy(dict(document))
    refined["info"] = {
        "title": contract.title,
        "version": contract.version,
        "description": f"{contract.description}\n\n{PAGINATION}\n\n{ERRORS}",
        "contact": CONTACT,
        "license": LICENSE,
    }
    if contract.servers:
        refined["servers"] = [dict(server) for server in contract.servers]
    refined["tags"] = [{"name": n, "description": d} for n, d in contract.tags.items()]
    components = refined.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas["Problem"] = _problem_schema()
    components["responses"] = {
        name: {"description": description, "content": _problem_content(status, description)}
        for status, (name, description) in {
            **_EVERYWHERE,
            **_WITH_A_BODY,
            **_WITH_INPUT,
        }.items()
    }
    for name, example in contract.examples.items():
        if name in schemas:
            schemas[name]["examples"] = [example]
    if contract.webhooks:
        refined["webhooks"] = copy.deepcopy(dict(contract.webhooks))
        schemas.update(copy.deepcopy(dict(contract.webhook_schemas)))
    operations = {
        operation.get("operationId", f"{method} {path}"): operation
        for path, item in refined.get("paths", {}).items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    }
    for operation in operations.values():
        _refine_operation(operation)
    for operation_id, deprecation in contract.deprecations.items():
        if operation_id not in operations:
            raise ValueError(f"{operation_id} is deprecated but the API has no such operation")
        deprecation.mark(operations[operation_id])
    return refined


def _refine_operation(operation: dict[str, Any]) -> None:
    responses = operation.setdefault("responses", {})
    for status, response in responses.items():
        if status.startswith(("4", "5")) and "$ref" not in response:
            response["content"] = _problem_content(status, response.get("description", ""))
    generic = {
        **_EVERYWHERE,
        **(_WITH_A_BODY if "requestBody" in operation else {}),
        **(_WITH_INPUT if "requestBody" in operation or operation.get("parameters") else {}),
    }
    for status, (name, _) in generic.items():
        if status not in responses:
            responses[status] = {"$ref": f"#/components/responses/{name}"}
    operation["responses"] = dict(sorted(responses.items()))


def _problem_schema() -> dict[str, Any]:
    return {
        "title": "Problem",
        "description": "RFC 9457 problem details, as every error of this API is returned.",
        "type": "object",
        "required": ["type", "title", "status", "detail"],
        "properties": {
            "type": {"type": "string", "description": "A stable URI naming the kind of problem"},
            "title": {"type": "string"},
            "status": {"type": "integer", "description": "The HTTP status, repeated"},
            "detail": {"type": "string", "description": "What happened to this request"},
            "instance": {"type": "string", "description": "The path of the request"},
            **_PROBLEM_EXTENSIONS,
        },
        "additionalProperties": True,
    }


def _problem_content(status: str, detail: str) -> dict[str, Any]:
    example = _problem_example(int(status), detail)
    return {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": PROBLEM_REF}, "example": example}}


def _problem_example(status: int, detail: str) -> dict[str, Any]:
    """The problem the API sends for `status`, made as the API makes it."""
    error = _ERRORS.get(status)
    if error is None:
        return http_status_problem(status, detail or None).to_dict()
    members = _EXAMPLE_MEMBERS.get(status, {})
    return problem_details(error(detail or error.title, **members)).to_dict()
