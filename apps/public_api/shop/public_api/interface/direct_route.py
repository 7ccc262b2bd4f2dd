"""Routes whose endpoint takes the `Request` and returns a `Response`, called directly.

FastAPI's per-request handler solves dependencies, runs the endpoint and serialises its
result; for the catalogue's endpoints, which parse their own parameters (`Parameters`) and
render their own JSON (`JSONBytes`), all of that has nothing to do, yet costs a few per cent
of a product read. A `DirectRoute` keeps everything else of an `APIRoute`: matching, the
exception handlers, and the OpenAPI document built from its declaration.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

Endpoint = Callable[[Request], Coroutine[Any, Any, Response]]


class DirectRoute(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        parameters = list(inspect.signature(endpoint).parameters.values())
        if [parameter.annotation for parameter in parameters] != [Request]:
            raise TypeError(f"{endpoint.__name__}: a direct route's endpoint takes the Request")
        if kwargs.get("dependencies"):
            raise TypeError(f"{endpoint.__name__}: a direct route would not run dependencies")
        super().__init__(path, endpoint, **kwargs)

    def get_route_handler(self) -> Endpoint:
        endpoint: Endpoint = self.endpoint
        return endpoint
