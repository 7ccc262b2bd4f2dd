"""The OpenAPI document says what the API really sends: errors as application/problem+json."""

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from shop.core.errors import PROBLEM_CONTENT_TYPE

ERROR_STATUS_PREFIXES = ("4", "5")


def with_problem_media_types(app: FastAPI) -> Callable[[], dict[str, Any]]:
    """An `app.openapi` that documents every error response as problem details."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = generate()
        problem_ref = {"$ref": "#/components/schemas/Problem"}
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                for status, response in operation.get("responses", {}).items():
                    if status.startswith(ERROR_STATUS_PREFIXES):
                        response["content"] = {PROBLEM_CONTENT_TYPE: {"schema": problem_ref}}
        app.openapi_schema = schema
        return schema

    return openapi
