"""Request parameters validated as one pydantic model, in one call, for the hottest routes.

FastAPI looks at every parameter's annotation again on every request, a large share of a
catalogue listing's cost (a parsing dependency would still pay for dependency solving).
Pydantic validates the same model in one call, fastest from a plain dict: Starlette's
`QueryParams` is slower to build than `parse_qsl` and slower to validate from, for the same
values (the last of a repeated name wins). `make bench` prints what a request costs.

A handler takes the `Request` and calls `parse()`; `openapi()` documents the parameters as
FastAPI would have; a bad value is the same 422 problem, located at `query.<name>` or
`path.<name>`.
"""

from typing import Any, Generic, Literal, TypeVar
from urllib.parse import parse_qsl

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

Model = TypeVar("Model", bound=BaseModel)


class Parameters(Generic[Model]):
    def __init__(self, model: type[Model], location: Literal["query", "path"]) -> None:
        self._model = model
        self._location = location

    def parse(self, request: Request) -> Model:
        if self._location == "query":
            query_string = request.scope["query_string"].decode("latin-1")
            values = dict(parse_qsl(query_string, keep_blank_values=True))
        else:
            values = request.path_params
        try:
            return self._model.model_validate(values)
        except ValidationError as error:
            raise RequestValidationError(
                [{**item, "loc": (self._location, *item["loc"])} for item in error.errors()]
            ) from error

    def openapi(self) -> dict[str, Any]:
        """`openapi_extra` for the route: the model's fields as its parameters."""
        schema = self._model.model_json_schema()
        if "$defs" in schema:  # a parameter's schema could not point into the model's own
            raise TypeError(f"{self._model.__name__}: parameters must be plain values")
        required = set(schema.get("required", ()))
        parameters = []
        for name, field_schema in schema["properties"].items():
            parameter: dict[str, Any] = {
                "name": name,
                "in": self._location,
                "required": name in required,
                "schema": field_schema,
            }
            if "description" in field_schema:
                parameter["description"] = field_schema["description"]
            parameters.append(parameter)
        return {"parameters": parameters}
