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
from shop.core.errors import PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE

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
_HTTP_METHODS = ("get", "put", "post", "delete", "patch")
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
    "400": ("MalformedRequest", "The request cannot be read", "malformed-request"),
    "431": ("HeadersTooLarge", "The request line and headers are too large", None),
    "500": ("InternalError", "An unexpected error; the log has the request ID", "internal"),
    "503": ("Unavailable", "The database is not available for a moment; retry", "unavailable"),
}
_WITH_A_BODY = {
    "413": ("BodyTooLarge", "The request body is over the size limit", None),
    "415": ("UnsupportedMediaType", "The body is not of a media type the operation takes", None),
}
# An operation that reads a path, query or header parameter, or a body, refuses a value it
# cannot accept (an id that is not a UUID, say) with 422, whether or not it declares so itself.
_WITH_INPUT = {
    "422": (
        "ValidationFailed",
        "The request is not valid: `errors` says where",
        "validation-failed",
    ),
}
_TITLES = {
    "400": "Malformed request",
    "401": "Authentication required",
    "403": "Forbidden",
    "404": "Resource not found",
    "405": "Method Not Allowed",
    "409": "Conflict with the current state",
    "412": "Precondition failed",
    "413": "Content Too Large",
    "415": "Unsupported Media Type",
    "422": "Validation failed",
    "428": "Precondition required",
    "429": "Too many requests",
    "431": "Request Header Fields Too Large",
    "500": "Internal server error",
    "503": "Service unavailable",
}
_KINDS = {
    "400": "malformed-request",
    "401": "unauthenticated",
    "403": "forbidden",
    "404": "not-found",
    "409": "conflict",
    "412": "precondition-failed",
    "422": "validation-failed",
    "428": "precondition-required",
    "429": "rate-limited",
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
        name: _problem_response(status, description, kind)
        for status, (name, description, kind) in {
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
        if method in _HTTP_METHODS
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
            kind = _KINDS.get(status)
            example = _problem_example(status, kind, response.get("description", ""))
            response["content"] = {
                PROBLEM_CONTENT_TYPE: {"schema": {"$ref": PROBLEM_REF}, "example": example}
            }
    generic = {
        **_EVERYWHERE,
        **(_WITH_A_BODY if "requestBody" in operation else {}),
        **(_WITH_INPUT if "requestBody" in operation or operation.get("parameters") else {}),
    }
    for status, (name, _, _) in generic.items():
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


def _problem_response(status: str, description: str, kind: str | None) -> dict[str, Any]:
    example = _problem_example(status, kind, description)
    return {
        "description": description,
        "content": {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": PROBLEM_REF}, "example": example}},
    }


def _problem_example(status: str, kind: str | None, detail: str) -> dict[str, Any]:
    example: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + kind if kind else "about:blank",
        "title": _TITLES.get(status, "Error"),
        "status": int(status),
        "detail": detail or _TITLES.get(status, "Error"),
    }
    if status == "422":
        example["errors"] = [{"location": "body.name", "message": "String should not be empty"}]
    if status in {"429", "503"}:
        example["retry_after"] = 1
    return example
